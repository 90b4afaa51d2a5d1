# Every command bootstraps .venv first, so on a fresh machine `make lab` and `make test`
# are all the set-up there is. Versions come from constraints.txt (see `make lock`).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.course-installed
NB ?= notebooks/solutions/*.ipynb

# one BLAS/OpenMP thread unless the caller says otherwise: stored outputs must not depend on it
export OMP_NUM_THREADS ?= 1
export OPENBLAS_NUM_THREADS ?= $(OMP_NUM_THREADS)
export MKL_NUM_THREADS ?= $(OMP_NUM_THREADS)
# the venv's own kernel first; no platformdirs or frozen-module warnings in kernel stderr
export JUPYTER_PREFER_ENV_PATH := 1
export JUPYTER_PLATFORM_DIRS := 1
export PYDEVD_DISABLE_FILE_VALIDATION := 1
export PYTHONHASHSEED := 0

PYTEST_NBVAL := --nbval --nbval-current-env --nbval-cell-timeout=300 \
	--nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: help install lab test unit nbval lint execute student html bench lock clean

help:
	@echo "make lab      open the course in JupyterLab (sets everything up the first time)"
	@echo "make test     every test: ruff, unit tests, student notebooks, nbval, browser"
	@echo "make execute  re-run solution notebooks in place (NB=path for one), then make student"
	@echo "make student  regenerate student notebooks; never overwrites your edits"
	@echo "make html     the course as a static site in site/"
	@echo "make bench    the performance benchmark (writes benchmarks/results.json)"

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		-c constraints.txt -e '.[test]'
	@touch $@

# jupyter refuses to run as root unless told; containers and CI machines often are root
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks $(ALLOW_ROOT) $(LAB_ARGS)

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m course.student --check
	$(BIN)/pytest tests notebooks/solutions $(PYTEST_NBVAL) $(PYTEST_ARGS)

unit: $(STAMP)
	$(BIN)/pytest tests -m "not slow and not browser" $(PYTEST_ARGS)

nbval: $(STAMP)
	$(BIN)/pytest $(NB) $(PYTEST_NBVAL) $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .

execute: $(STAMP)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.timeout=300 --ExecutePreprocessor.kernel_name=python3 $(NB)
	$(BIN)/python -m course.student

student: $(STAMP)
	$(BIN)/python -m course.student

lock:
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e ' > constraints.txt

clean:
	rm -rf $(VENV) site .pytest_cache .hypothesis build *.egg-info

html: $(STAMP)
	$(BIN)/python -m course.site

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py
