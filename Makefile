# Two entry points for a newcomer: `make run` (the service) and `make test` (the suite).
# Both create .venv on first use; later runs reinstall only when pyproject.toml changed.
PYTHON ?= python3
TORCH_INDEX ?=
MODEL ?= opus-mt-zh-en
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench audit

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# CPU torch first: a bare torch requirement would otherwise pull a multi-GB CUDA build.
	# On this project's machines pip finds the 2.13.0+cpu wheel in its local wheel store; elsewhere
	# run with TORCH_INDEX=https://download.pytorch.org/whl/cpu to get the CPU build.
	$(BIN)/pip install --quiet torch==2.13.0 $(if $(TORCH_INDEX),--index-url $(TORCH_INDEX))
	$(BIN)/pip install --quiet -e '.[dev,ct2]'
	touch $(STAMP)

run: $(STAMP)
	# Fetch the default model once when the hub is reachable; without it the service still
	# starts: /v1/outline works and translation routes answer 503 naming the fix.
	test -d models/$(MODEL) || $(BIN)/policy-digest models download $(MODEL) \
		|| echo "model $(MODEL) not installed: serving without translation"
	PD_DEFAULT_MODEL=$(MODEL) $(BIN)/policy-digest serve

test: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/ruff check service tests scripts bench
	$(BIN)/mypy
	HF_HUB_OFFLINE=1 $(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check service tests scripts bench
	$(BIN)/ruff format --check service tests scripts bench

# Throughput of the translation systems side by side, then digest cost per character by size
# (see bench/*.py). BENCH_ARGS=--quick for a short run; the load test is `bench/load.py`.
BENCH_ARGS ?=
bench: $(STAMP)
	mkdir -p bench/results
	HF_HUB_OFFLINE=1 $(BIN)/python bench/translate_throughput.py $(BENCH_ARGS) \
		--json bench/results/translate_throughput.json
	HF_HUB_OFFLINE=1 $(BIN)/python bench/digest_scaling.py $(BENCH_ARGS) \
		--json bench/results/digest_scaling.json

# Known vulnerabilities in requirements.lock (refresh it with `scripts/audit.sh lock`); needs
# network access to PyPI's advisory API.
audit:
	scripts/audit.sh
