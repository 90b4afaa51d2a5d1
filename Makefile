# Every command bootstraps .venv first, so on a fresh machine `make lab` and `make test` are
# all the set-up there is. The lock is constraints.txt (uv pins itself there too; `make lock`).
# Installs use uv, put into .venv from PyPI by the system's pip; pip itself only if uv fails.
# Students get the course's packages; test targets add the test toolchain on top.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
NB ?= notebooks/solutions/*.ipynb
# pytest-xdist workers: one more than the CPUs (3 on 2 cores: 150 s against 235 s with 2, as
# many tests wait on a kernel, a browser or a server; 4 was slower); JOBS=0 runs serially
JOBS ?= $(shell echo $$(( $$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN) + 1 )))
# configurable-http-proxy (npm) for the JupyterHub tests, installed into .venv/node
CHP_VERSION := 5.3.0

STAMP := $(VENV)/.course-installed
SITE_STAMP := $(VENV)/.site-installed
TEST_STAMP := $(VENV)/.test-installed
TEST_EXTRAS := .[test,class]
LAB_SETTINGS := share/jupyter/lab/settings/overrides.d/delta-to-backprop.json

# one BLAS/OpenMP thread unless the caller says otherwise: stored outputs must not depend on it
export OMP_NUM_THREADS ?= 1
export OPENBLAS_NUM_THREADS ?= $(OMP_NUM_THREADS)
export MKL_NUM_THREADS ?= $(OMP_NUM_THREADS)
# the venv's own kernel first; no platformdirs or frozen-module warnings in kernel stderr
export JUPYTER_PREFER_ENV_PATH := 1
export JUPYTER_PLATFORM_DIRS := 1
export PYDEVD_DISABLE_FILE_VALIDATION := 1
export PYTHONHASHSEED := 0
# Python caches compiled modules (.pyc) in .venv; without them every kernel, server and test
# process compiles numpy, pandas, matplotlib and jupyter anew (seconds each, every time)
unexport PYTHONDONTWRITEBYTECODE
# tests find the venv's programs first (jupyter, nbgrader, configurable-http-proxy)
WITH_VENV_PATH := PATH="$(CURDIR)/$(BIN):$$PATH"

PYTEST_NBVAL := --nbval --nbval-current-env --nbval-cell-timeout=300 \
	--nbval-sanitize-with tests/nbval_sanitize.cfg
# loadfile: every test file, so every notebook's nbval cells, stays in one worker and kernel;
# tests/conftest.py hands out the slowest files first
PYTEST_XDIST := $(if $(filter 0,$(JOBS)),,-n $(JOBS) --dist loadfile --no-loadscope-reorder)

.PHONY: help install install-test lab update test unit nbval portability lint execute student \
	html bench lock clean nbgrader-course class-tools grade report

help:
	@echo "make lab          open your notebooks (my-notebooks/) in JupyterLab (sets everything up)"
	@echo "make update       get the new course version; your work is never touched"
	@echo "make test         every test: ruff, student copies, unit tests, nbval, browser, CI files"
	@echo "make portability  nbval under an emulated CPU matrix (a few minutes; CI runs it)"
	@echo "make execute      re-run solution notebooks in place (NB=path for one), regenerate copies"
	@echo "make student      regenerate student notebooks; never overwrites your edits"
	@echo "make html         the course as a static site in site/"
	@echo "make bench        benchmarks: helpers vs PyTorch/scikit-learn, set-up cell, whole course"
	@echo "make nbgrader-course  an nbgrader course directory in grading/ (GRADING=dir elsewhere)"
	@echo "make grade CH=04  grade chapter 4 for the whole class on every core (resumable)"
	@echo "make report CH=04 the class report (HTML, CSV); without CH the whole course"

# $(call install,SPEC): uv if it is there (bootstrapped below), else pip
define install
	if [ -x $(BIN)/uv ]; then \
		$(BIN)/uv pip install --quiet --python $(BIN)/python -c constraints.txt $(1); \
	else \
		$(BIN)/python -m pip --version >/dev/null 2>&1 || $(BIN)/python -m ensurepip >/dev/null; \
		$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt $(1); \
	fi
endef

# $(call pytest,ARGS): exit code 5 (nothing collected) fails loudly, like any other failure
define pytest
	@echo "pytest $(strip $(1))"; rc=0; $(WITH_VENV_PATH) $(BIN)/pytest $(1) || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "error: pytest collected no tests ($(strip $(1)))" >&2; fi; \
	exit $$rc
endef

# the venv without pip (ensurepip costs seconds); uv goes in with the system's pip, else with
# the venv's own pip from ensurepip; if neither works, installs use pip
BOOTSTRAP_UV := install --quiet --disable-pip-version-check -c constraints.txt uv
$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "the course needs Python 3.11+"'
	$(PYTHON) -m venv --without-pip $(VENV)
	$(PYTHON) -m pip --python $(BIN)/python $(BOOTSTRAP_UV) 2>/dev/null \
		|| { $(BIN)/python -m ensurepip --default-pip >/dev/null \
			&& $(BIN)/python -m pip $(BOOTSTRAP_UV); } \
		|| echo "uv could not be installed: installing with pip (slower)"

install: $(STAMP)

# share/ holds the course's JupyterLab settings (no "Jupyter news?" pop-up); the venv's
# JupyterLab reads them from .venv/share/jupyter/lab/settings/overrides.d/
$(STAMP): pyproject.toml constraints.txt $(LAB_SETTINGS) | $(BIN)/python
	@$(call install,-e .)
	cp -R share/. $(VENV)/share/
	@touch $@

$(SITE_STAMP): $(STAMP)
	@$(call install,-e '.[site]')
	@touch $@

install-test: $(TEST_STAMP)

$(TEST_STAMP): $(STAMP)
	@$(call install,-e '$(TEST_EXTRAS)')
	@if command -v npm >/dev/null; then \
		npm install --silent --no-audit --no-fund --no-save --prefix $(VENV)/node \
			configurable-http-proxy@$(CHP_VERSION) && \
		ln -sf ../node/node_modules/.bin/configurable-http-proxy $(BIN)/configurable-http-proxy; \
	else \
		echo "warning: npm not found, so no configurable-http-proxy for the JupyterHub tests" >&2; \
	fi
	@touch $@

# jupyter refuses to run as root unless told; containers and CI machines often are root
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

# a student works in my-notebooks/ (git-ignored, seeded here): updates never conflict with it
lab: $(STAMP)
	$(BIN)/python -m course.tools.update --no-fetch
	$(BIN)/jupyter lab --notebook-dir=my-notebooks $(ALLOW_ROOT) $(LAB_ARGS)

update: $(STAMP)
	$(BIN)/python -m course.tools.update
	@$(MAKE) -s --no-print-directory install  # the update may have moved the lock

test: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m course.tools.student --check
	$(call pytest,notebooks/solutions tests $(PYTEST_NBVAL) $(PYTEST_XDIST) $(PYTEST_ARGS))

unit: $(TEST_STAMP)
	$(call pytest,tests -m "not slow and not browser and not class" $(PYTEST_ARGS))

nbval: $(TEST_STAMP)
	$(call pytest,$(NB) $(PYTEST_NBVAL) $(PYTEST_XDIST) $(PYTEST_ARGS))

portability: $(TEST_STAMP)
	$(WITH_VENV_PATH) $(BIN)/python -m course.tools.portability

lint: $(TEST_STAMP)
	$(BIN)/ruff check .

execute: $(STAMP)
	$(BIN)/python -m course.tools.execute $(NB)

student: $(STAMP)
	$(BIN)/python -m course.tools.student

html: $(SITE_STAMP)
	$(BIN)/python -m course.tools.site

# grading a class: nbgrader course directory from the solution notebooks (docs/grading.md)
GRADING ?= grading
CLASS_STAMP := $(VENV)/.class-installed
class-tools: $(CLASS_STAMP)
$(CLASS_STAMP): $(STAMP)
	@$(call install,-e '.[class,site]')
	@touch $@

nbgrader-course: $(CLASS_STAMP)
	$(BIN)/python -m course.tools.nbgrader course $(GRADING)

# make grade CH=04: the whole class on every core, resumable; make report [CH=04] [ANON=1]
grade: $(CLASS_STAMP)
	@test -n "$(CH)" || { echo "usage: make grade CH=04" >&2; exit 2; }
	$(WITH_VENV_PATH) $(BIN)/python -m course.tools.grading grade --chapter $(CH) --course $(GRADING)

report: $(CLASS_STAMP)
	$(WITH_VENV_PATH) $(BIN)/python -m course.tools.grading report --course $(GRADING) \
		$(if $(CH),--chapter $(CH)) $(if $(ANON),--anonymous)

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)
	$(BIN)/python benchmarks/course_timing.py $(COURSE_TIMING_ARGS)

# re-resolve the lock for every platform, keeping current pins; make lock UPGRADE=--upgrade
lock: | $(BIN)/python
	echo "uv==$$($(BIN)/uv --version | cut -d' ' -f2)" | $(BIN)/uv pip compile pyproject.toml - \
		--universal --python-version 3.11 --extra site --extra test --extra class \
		--custom-compile-command "make lock" --quiet -o constraints.txt $(UPGRADE)

clean:
	rm -rf $(VENV) site .pytest_cache .hypothesis build *.egg-info
