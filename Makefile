# energymodel make targets. `make help` lists them.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
EM     := $(VENV)/bin/energymodel
STAMP  := $(VENV)/.installed
NETWORK ?= networks/uk_india.yaml
NAME   ?= uk_india
SHARED ?= ../shared/data
ARGS   ?=
SCENARIOS ?= networks/scenarios/uk_india.yaml networks/scenarios/weather_years.yaml

.PHONY: help run test validate inputs profiles minerals report bench bench-sweep bench-operation scenarios \
	validation verify docs clean lint trade trade-scenarios bench-trade

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)  ## solve the default UK-India network (full year, hourly) into results/uk_india/
	$(EM) run $(NETWORK) $(ARGS)

validate: $(STAMP)  ## check the network file and its inputs without solving
	$(EM) validate $(NETWORK) $(ARGS)

test: $(STAMP)  ## run the test suite on every core (bare `pytest` runs it in one process)
	$(PY) -m pytest -n auto --dist loadfile $(ARGS)

inputs: $(STAMP)  ## re-copy raw files from $(SHARED) when present, re-derive UK wind (2019 and weather years 2010-2019) and grid inputs
	$(EM) prepare inputs $(if $(wildcard $(SHARED)),--shared $(SHARED))

profiles: $(STAMP)  ## re-derive the India offshore wind profiles from NASA POWER windows
	$(EM) prepare profiles

minerals: $(STAMP)  ## re-copy raw mineral files from $(SHARED) when present, re-derive the mineral tables
	$(EM) prepare minerals $(if $(wildcard $(SHARED)),--shared $(SHARED))

.PHONY: trade-data geo
DATA_STAMP := $(VENV)/.installed-data

$(DATA_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[data]'
	@touch $(DATA_STAMP)

trade-data: $(DATA_STAMP)  ## re-copy the compiled trade table from $(SHARED) when present, re-derive inputs/trade/ (sea distances, ammonia ships, searoute polylines)
	$(PY) -m energymodel.data.trade $(if $(wildcard $(SHARED)),--shared $(SHARED))

geo: $(STAMP)  ## re-derive energymodel/report/coastline.json (the offline map's land) from Natural Earth 1:50m (npm package world-atlas)
	@mkdir -p build/geo
	cd build/geo && npm pack --silent world-atlas@2.0.2
	$(PY) -m energymodel.data.geo build/geo/world-atlas-2.0.2.tgz energymodel/report/coastline.json

report: $(STAMP)  ## rebuild results/uk_india/report.html from the result tables
	$(EM) report results/$(NAME)

bench: $(STAMP)  ## full-year timing (~50 min): project vs raw HiGHS vs plain PyPSA vs Pyomo; scaling; segments; targets; then bench-trade
	$(PY) -m bench.solve $(NETWORK) $(ARGS)
	$(PY) -m bench.trade

bench-trade: $(STAMP)  ## the trade network's solve and paired runs beside the default network's, at 3 h, interleaved
	$(PY) -m bench.trade $(ARGS)

scenarios: $(STAMP)  ## run the example sweeps on Dask into results/<sweep>/ (+ compare.html)
	@rc=0; for f in $(SCENARIOS); do $(EM) sweep $$f $(ARGS) || rc=$$?; done; exit $$rc

validation: $(STAMP)  ## the LCOH moved step by step towards published prices' scope (docs/validation.md)
	$(EM) sweep networks/scenarios/validation.yaml $(ARGS)

trade: $(STAMP)  ## UK-India trade network at 3 h: placement offshore, delivered cost per route, paired runs (results/uk_india_trade/)
	$(EM) run networks/uk_india_trade.yaml --resolution 3h $(ARGS)

trade-scenarios: $(STAMP)  ## sensitivities of the trade network's planning assumptions on Dask (results/uk_india_trade_scenarios/)
	$(EM) sweep networks/scenarios/uk_india_trade.yaml $(ARGS)

bench-sweep: $(STAMP)  ## eight scenarios one after another, on a two-worker Dask sweep cold, and warm-started
	$(PY) -m bench.sweep $(ARGS)

bench-operation: $(STAMP)  ## solve time with electrolyser minimum load and part load on vs off (hourly; ARGS="--resolution 3h --repeats 3" for a quick look)
	$(PY) -m bench.operation $(NETWORK) $(ARGS)

verify: $(STAMP)  ## cross-check PyPSA against an independent Pyomo model (default --resolution 24h)
	$(EM) verify $(NETWORK) $(if $(filter --resolution%,$(ARGS)),,--resolution 24h) $(ARGS)

docs: $(STAMP)  ## regenerate docs/network-file.md from the schema
	$(PY) -m energymodel.config.schema_doc docs/network-file.md

lint: $(STAMP)  ## ruff
	$(VENV)/bin/ruff check energymodel bench tests

clean:  ## remove results (keeps results/README.md) and caches; the venv stays
	find results -mindepth 1 -maxdepth 1 ! -name README.md -exec rm -rf {} +
	rm -rf .pytest_cache build *.egg-info
	find . -name __pycache__ -not -path './$(VENV)/*' -exec rm -rf {} +
