# Every command bootstraps .venv first, so on a fresh machine `make lab` and `make test` are
# all the set-up there is. The lock is constraints.txt (uv pins itself there too; `make lock`).
# Installs use uv, put into .venv from PyPI by the system's pip; pip itself only if uv fails.
# Students get the course's packages; test targets add the test toolchain on top.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
NB ?= notebooks/solutions/*.ipynb
# pytest-xdist workers: one more than the CPUs (on 2 cores, 2026-12-07: 3 workers 204-235 s,
# 2 workers 257 s, 4 workers 226 s; some tests wait on a kernel, a browser or a server);
# JOBS=0 runs serially
JOBS ?= $(shell echo $$(( $$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN) + 1 )))
# configurable-http-proxy (npm) for the JupyterHub tests, installed into .venv/node
CHP_VERSION := 5.3.0
# axe-core (npm) for the browser tests' accessibility checks (WCAG 2.1 A and AA), also in .venv/node
AXE_VERSION := 4.14.1
# MathJax 3 (npm) for the static site, with its accessibility extensions (speech, explorer); also
# in .venv/node, copied into site/ by make html
MATHJAX_VERSION := 3.2.2
# one list for every npm install into .venv/node: npm removes the packages an install leaves out
NPM_INSTALL := npm install --silent --no-audit --no-fund --no-save --prefix $(VENV)/node \
	configurable-http-proxy@$(CHP_VERSION) axe-core@$(AXE_VERSION) mathjax@$(MATHJAX_VERSION)

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

# every target, one line each (tests/test_lab.py checks that none is missing)
help:
	@echo "Students:"
	@echo "  make lab          open your notebooks (my-notebooks/) in JupyterLab; sets everything up"
	@echo "  make update       get the new course version; your work is never touched"
	@echo "  make install      only set up .venv with the course's packages (make lab does it too)"
	@echo "  make clean        remove .venv and the built site; the next make lab reinstalls"
	@echo "Working on the course:"
	@echo "  make test         every test: ruff, student copies, unit tests, nbval, browser, CI files"
	@echo "  make unit         the unit tests only: no notebook run, browser or class server (~1 min)"
	@echo "  make nbval        solution notebooks against their stored outputs (NB=path for one)"
	@echo "  make lint         ruff over the code and the notebooks"
	@echo "  make portability  nbval under an emulated CPU matrix (a few minutes; CI runs it)"
	@echo "  make execute      re-run solution notebooks in place (NB=path for one), regenerate copies"
	@echo "  make student      regenerate student notebooks; never overwrites your edits"
	@echo "  make install-test set up .venv with the test tools as well (make test does it too)"
	@echo "  make lock         re-resolve constraints.txt after a change to pyproject.toml"
	@echo "  make bench        benchmarks: helpers vs PyTorch/scikit-learn, set-up cell, whole course"
	@echo "Teaching:"
	@echo "  make html         the course as a static site in site/"
	@echo "  make nbgrader-course  an nbgrader course directory in grading/ (GRADING=dir elsewhere)"
	@echo "  make class-tools  install the class tools (nbgrader, JupyterHub) into .venv"
	@echo "  make grade CH=04  grade chapter 4 for the whole class on every core (resumable)"
	@echo "  make report CH=04 the class report (HTML, CSV); without CH the whole course"
	@echo "  make help         this list"

# $(call install,SPEC): uv if it is there (bootstrapped below), else pip
define install
	if [ -x $(BIN)/uv ]; then \
		$(BIN)/uv pip install --quiet --python $(BIN)/python -c constraints.txt \
			--override overrides.txt $(1); \
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
# each step of a first `make lab` says what it does, one line each, so a slow network does not
# look like a hang; a later run prints only the steps it runs (tests/test_lab.py)
$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "the course needs Python 3.11+"'
	@echo "creating the course's Python environment in $(VENV)/"
	@$(PYTHON) -m venv --without-pip $(VENV)
	@echo "installing uv, the package installer, into $(VENV)/ (from PyPI)"
	@$(PYTHON) -m pip --python $(BIN)/python $(BOOTSTRAP_UV) 2>/dev/null \
		|| { $(BIN)/python -m ensurepip --default-pip >/dev/null \
			&& $(BIN)/python -m pip $(BOOTSTRAP_UV); } \
		|| echo "uv could not be installed: installing with pip (slower)"

install: $(STAMP)

# share/ holds the course's JupyterLab settings (no "Jupyter news?" pop-up); the venv's
# JupyterLab reads them from .venv/share/jupyter/lab/settings/overrides.d/
$(STAMP): pyproject.toml constraints.txt overrides.txt $(LAB_SETTINGS) | $(BIN)/python
	@echo "installing the course's packages into $(VENV)/ (about a minute the first time)"
	@$(call install,-e .)
	@cp -R share/. $(VENV)/share/
	@touch $@

$(SITE_STAMP): $(STAMP)
	@$(call install,-e '.[site]')
	@command -v npm >/dev/null || { echo "error: make html needs npm for MathJax 3" >&2; exit 1; }
	@$(NPM_INSTALL)
	@touch $@

install-test: $(TEST_STAMP)

$(TEST_STAMP): $(STAMP)
	@echo "installing the test tools into $(VENV)/: pytest, nbval, Playwright, nbgrader, JupyterHub"
	@$(call install,-e '$(TEST_EXTRAS)')
	@if command -v npm >/dev/null; then \
		$(NPM_INSTALL) && \
		ln -sf ../node/node_modules/.bin/configurable-http-proxy $(BIN)/configurable-http-proxy; \
	else \
		echo "warning: npm not found, so no configurable-http-proxy for the JupyterHub tests" \
			"no axe-core for the accessibility tests and no MathJax for the site" >&2; \
	fi
	@touch $@

# jupyter refuses to run as root unless told; containers and CI machines often are root
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

# a student works in my-notebooks/ (git-ignored, seeded here): updates never conflict with it
lab: $(STAMP)
	@echo "copying your notebooks into my-notebooks/ (new chapters only; your work stays as it is)"
	@$(BIN)/python -m course.tools.update --no-fetch
	@echo "starting JupyterLab on my-notebooks/ (Ctrl-C here stops it)"
	@$(BIN)/jupyter lab --notebook-dir=my-notebooks $(ALLOW_ROOT) $(LAB_ARGS)

# two steps, the packages reinstalled between them (the new version may have moved the lock), so
# that my-notebooks/ is refreshed by the new version's own code: docs/updates.md
update: $(STAMP)
	$(BIN)/python -m course.tools.update --git-only
	@$(MAKE) -s --no-print-directory install
	$(BIN)/python -m course.tools.update --no-fetch

test: $(TEST_STAMP)
	$(BIN)/ruff check .
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
$(CLASS_STAMP): $(SITE_STAMP)
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
		--override overrides.txt --custom-compile-command "make lock" --quiet \
		-o constraints.txt $(UPGRADE)

clean:
	rm -rf $(VENV) site .pytest_cache .hypothesis build *.egg-info
