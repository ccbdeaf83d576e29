"""The independent Pyomo formulation reaches the PyPSA optimum; uncovered features are refused."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pyomo.environ as pyo
import pytest

from energymodel import config, verify
from energymodel.cli import main
from energymodel.errors import InputError
from energymodel.model import constraints, inputs
from tests.networks import (
    REPO,
    set_costs,
    set_electrolysers,
    set_grid_prices,
    set_part_load,
    tiny_spec,
    write_network,
)


def _battery() -> dict:
    """Tiny network C of test_tiny: wind CF 1, 0; no grid, no hydrogen store, a battery."""
    spec = tiny_spec([1, 0], grid=False)
    spec["hubs"]["h"]["storage"] = []
    spec["hubs"]["h"]["battery"] = {"enabled": True}
    return spec


def _two_hubs() -> dict:
    """Tiny network A plus a second hub (as in tests/test_solve.py), both storage options."""
    spec = tiny_spec([1, 0, 1, 0])
    spec["hubs"]["g"] = {**spec["hubs"]["h"], "name": "Second hub", "storage": ["salt_cavern"]}
    spec["hubs"]["h"]["storage"] = ["salt_cavern", "tank"]
    spec["sites"]["b"] = {**spec["sites"]["a"], "name": "Site B", "hub": "g",
                          "profile": {"file": "cf.csv", "column": "b"}}
    spec["_cf"]["b"] = [0.5, 0.5, 0.5, 0.5]
    return spec


def _limits_and_pem() -> dict:
    """Both electrolysers with a cap on each, unlimited grid import, an hourly offtake."""
    spec = tiny_spec([1, 0.2, 0.9, 0.1, 0.6, 0.0])
    hub = spec["hubs"]["h"]
    hub["electrolysis"] = ["alkaline", "pem"]
    hub["electrolysis_max_mw"] = 80
    hub["storage_max_mwh"] = 40
    hub["grid"]["import_limit_mw"] = None
    hub["grid"]["co2_price_eur_per_t"] = 50
    hub["offtake"] = {"profile": {"file": "cf.csv", "column": "offtake"}}
    spec["_cf"]["offtake"] = [24, 12, 36, 24, 0, 48]
    return spec


@pytest.mark.parametrize(("spec", "objective"), [
    (tiny_spec([1, 0, 1, 0]), 17_654_982.0),
    (_battery(), None),
    (_two_hubs(), None),
    (_limits_and_pem(), None),
], ids=["wind-grid-tank", "battery", "two-hubs", "limits-pem-unlimited-grid"])
def test_tiny_networks_agree(tmp_path, spec, objective):
    """Objective and every capacity agree to 1e-6 (and with the hand optimum where known)."""
    cmp = verify.run(write_network(tmp_path, spec), workers=1)
    assert cmp.passed, verify.table(cmp)
    assert cmp.objective_rel_diff <= 1e-6
    if objective is not None:
        assert cmp.objective[1] == pytest.approx(objective, rel=1e-9)
    assert set(cmp.capacities.hub) == set(spec["hubs"])
    assert "PASS" in verify.table(cmp)


def test_battery_assets_compared(tmp_path):
    cmp = verify.run(write_network(tmp_path, _battery()), workers=1)
    assets = set(cmp.capacities.asset)
    assert {"h battery", "h battery charger", "h battery discharger"} <= assets


def test_resolution_aggregates_like_pypsa(tmp_path):
    """A 2-hour step on a 6-hour network: same weights and optimum as PyPSA's resample."""
    cmp = verify.run(write_network(tmp_path, _limits_and_pem()), resolution="2h", workers=1)
    assert cmp.snapshots == 3
    assert cmp.passed, verify.table(cmp)


#: A concave part-load curve (load, consumption relative to nominal): at half load 0.5 / 0.85 of
#: the nominal hydrogen, more per MWh than at full load.
CONCAVE = ((0.0, 0.8), (0.5, 0.85), (1.0, 1.0))


def _developer(folder: Path, spec: dict, *, min_load: float = 0.0, curve=None,
               costs: dict | None = None, prices: list[float] | None = None) -> Path:
    """Write ``spec``, then give the tiny fixture a project developer's inputs: a minimum load
    (and a stack cost of 2 EUR/MWh) in electrolysers.csv, a part-load ``curve``,
    technology-data ``costs`` rows ``{(technology, parameter): (value, unit)}`` and an hourly
    grid price (carbon intensity 500 g/kWh as the fixture)."""
    path = write_network(folder, spec)
    set_electrolysers(folder, stack_cost_eur_per_mwh=2, min_load=min_load)
    if curve is not None:
        set_part_load(folder, curve)
    if costs:
        set_costs(folder, costs)
    if prices is not None:
        set_grid_prices(folder, prices)
    return path


#: Non-zero costs for the balance of plant the tiny fixture leaves free.
COMPRESSOR = {("hydrogen storage compressor", "investment"): (1, "EUR/kW_H2"),
              ("hydrogen storage compressor", "compression-electricity-input"):
                  (0.05, "MWh_el/MWh_H2")}
WATER = {("seawater desalination", "investment"): (1000, "EUR/(m^3-H2O/h)"),
         ("seawater desalination", "VOM"): (0.5, "EUR/m^3-H2O"),
         ("clean water tank storage", "investment"): (100, "EUR/m^3-H2O")}


def _pyomo(path: Path, resolution: str | None = None) -> pyo.ConcreteModel:
    """The Pyomo model of a network file, solved."""
    nf = config.load(path)
    inp = inputs.load(nf)
    m = verify.build_model(nf, inp, *verify.aggregate(inp, resolution))
    verify.solve_model(m)
    return m


def _values(m: pyo.ConcreteModel, name: str) -> list[float]:
    """The solved values of a Pyomo variable, by its verify name (``p h grid sale``)."""
    var = m.component(name.replace(" ", "_").replace("-", "_"))
    return [pyo.value(var[t]) for t in var] if var.is_indexed() else [pyo.value(var)]


def _part_load(folder: Path) -> tuple[Path, Callable]:
    """Part load without a minimum load: 10 MW of grid in the windless hours runs the
    electrolyser at part load, where the curve gives more hydrogen per MWh; at full load the
    part-load loss takes back the first slope's surplus."""
    path = _developer(folder, tiny_spec([1, 0, 1, 0]), curve=CONCAVE)
    return path, lambda m: max(_values(m, "p h electrolysis alkaline part-load loss")) > 1


def _min_load(folder: Path) -> tuple[Path, Callable]:
    """Minimum load 0.2 with a start-up cost: at 10 MW only 50 MW may stay online, so the
    capacity is started again every windy hour (and part load is of the online capacity)."""
    spec = tiny_spec([1, 0, 1, 0])
    spec["planning_assumptions"] = {"start_up_cost_eur_per_mw": {"alkaline": 1000}}
    path = _developer(folder, spec, min_load=0.2, curve=CONCAVE)

    def check(m: pyo.ConcreteModel) -> bool:
        online = _values(m, "online h electrolysis alkaline")
        return sum(_values(m, "started h electrolysis alkaline")) > 1 and min(online) <= 50 + 1e-6

    return path, check


def _compression(folder: Path) -> tuple[Path, Callable]:
    """A salt cavern charged through a priced compressor, and a tank; both take compression
    electricity."""
    spec = tiny_spec([1, 0, 1, 0])
    spec["hubs"]["h"]["storage"] = ["salt_cavern", "tank"]
    path = _developer(folder, spec, costs=COMPRESSOR)
    return path, lambda m: _values(m, "cap h H2 salt_cavern charging")[0] > 1


def _water(folder: Path) -> tuple[Path, Callable]:
    """Desalination and a clean water tank, both priced (10 kg of water per kg of H2)."""
    spec = tiny_spec([1, 0, 1, 0])
    spec["hubs"]["h"]["water"] = {"desalination": True, "tank": True}
    spec["planning_assumptions"] = {"water_kg_per_kg_h2": 10}
    path = _developer(folder, spec, costs=WATER)
    return path, lambda m: (_values(m, "cap h desalination")[0] > 0
                            and _values(m, "cap h water tank")[0] > 1)


def _grid_sale(folder: Path) -> tuple[Path, Callable]:
    """Cheap wind (1 EUR/kW) sold at 90 % of a 1000 EUR/MWh price up to 5 MW; imports pay
    7 EUR/MWh of charges."""
    spec = tiny_spec([1, 0, 1, 0])
    spec["hubs"]["h"]["grid"].update(charges_eur_per_mwh=7, sale={
        "enabled": True, "discount_pct": 10, "export_limit_mw": 5})
    path = _developer(folder, spec, costs={("offwind", "investment"): (1, "EUR/kW")},
                      prices=[1000, 100, 1000, 100])
    return path, lambda m: max(_values(m, "p h grid sale")) == pytest.approx(5)


def _certified(folder: Path) -> tuple[Path, Callable]:
    """An hourly UK LCHS limit on hydrogen made net of the part-load loss, with minimum load
    and start-ups."""
    spec = tiny_spec([1, 0, 1, 0])
    spec["hubs"]["h"]["certification"] = {"standards": ["uk_lchs"], "lchs_period": "hourly"}
    spec["planning_assumptions"] = {"start_up_cost_eur_per_mw": {"alkaline": 1000}}
    path = _developer(folder, spec, min_load=0.2, curve=CONCAVE)
    return path, lambda m: max(_values(m, "p h electrolysis alkaline part-load loss")) > 1


def _everything(folder: Path) -> tuple[Path, Callable]:
    """Every new component at once on six varied hours (both electrolysers, both stores, water,
    grid sale and charges, monthly LCHS), the DEA cost basis."""
    spec = _limits_and_pem()
    hub = spec["hubs"]["h"]
    hub["storage"] = ["salt_cavern", "tank"]
    hub["water"] = {"desalination": True, "tank": True}
    hub["grid"].update(charges_eur_per_mwh=7, sale={"enabled": True, "discount_pct": 20})
    hub["certification"] = {"standards": ["uk_lchs"], "lchs_period": "monthly"}
    spec["costs"]["electrolysers"] = "dea"
    spec["planning_assumptions"] = {"start_up_cost_eur_per_mw": {"alkaline": 500, "pem": 200}}
    path = _developer(folder, spec, min_load=0.2, curve=CONCAVE, costs={**COMPRESSOR, **WATER},
                      prices=[100, 20, 300, 60, 150, 500])
    return path, lambda m: (max(_values(m, "p h electrolysis alkaline part-load loss")) > 0
                            and _values(m, "cap h H2 salt_cavern charging")[0] > 1
                            and _values(m, "cap h water tank")[0] > 1)


@pytest.mark.parametrize(("case", "resolution"), [
    (_part_load, None), (_min_load, None), (_compression, None), (_water, None),
    (_grid_sale, None), (_certified, None), (_everything, None), (_everything, "2h"),
], ids=["part-load", "min-load-start-up", "compression", "water", "grid-sale-charges",
        "certified-part-load", "everything", "everything-2h"])
def test_project_developer_components_agree(tmp_path, case, resolution):
    """Electrolysers, storage and grid costed as a project developer would: PyPSA and Pyomo
    agree, and each case's component is in use at the optimum (not a trivial zero)."""
    path, in_use = case(tmp_path)
    cmp = verify.run(path, resolution=resolution, workers=1)
    assert cmp.passed, verify.table(cmp)
    assert in_use(_pyomo(path, resolution))


def test_priced_balance_of_plant_is_compared(tmp_path):
    """Compressor, desalination and water tank capacities are compared when they cost
    something; free ones (a tank's charging, withdrawal, the part-load loss) are not."""
    path, _ = _everything(tmp_path)
    cmp = verify.run(path, workers=1)
    assets = dict(zip(cmp.capacities.asset, cmp.capacities.unit, strict=True))
    assert assets["h H2 salt_cavern charging"] == "MW"
    assert assets["h desalination"] == "MW"
    assert assets["h water tank"] == "m3"
    assert assets["h H2 tank"] == "MWh"
    assert not {"h H2 tank charging", "h H2 tank withdrawal",
                "h electrolysis alkaline part-load loss"} & set(assets)


def test_mineral_cap_is_refused_but_assumed_intensity_is_not(tmp_path, capsys):
    """A mineral cap is a constraint the Pyomo model lacks: exit 2 naming it. An assumed
    intensity only fills the accounting table, so it is covered."""
    spec = tiny_spec([1, 0, 1, 0])
    assumed = [{"technology": "wind", "variant": "gb_dfig", "mineral": "copper",
                "kg_per_unit": 1000}]
    spec["minerals"] = {"intensities": str(REPO / "inputs" / "minerals.csv"),
                        "assumed": assumed}
    assert verify.check_covered(config.load(write_network(tmp_path / "a", spec))) is None
    spec["minerals"]["caps"] = [{"mineral": "neodymium", "limit_t": 1}]
    path = write_network(tmp_path / "b", spec)
    assert main(["-q", "verify", str(path), "--workers", "1"]) == 2
    err = capsys.readouterr().err
    assert "minerals.caps" in err
    assert "not covered by the Pyomo cross-check" in err


@pytest.mark.slow
def test_default_network_coarse():
    """The default network at 72 h (122 snapshots): objectives agree to 1e-6, and every
    capacity (`energymodel verify` at 24 h is the same check, 3x the snapshots)."""
    cmp = verify.run(REPO / "networks" / "uk_india.yaml", resolution="72h", workers=1)
    assert cmp.objective_rel_diff <= 1e-6
    assert cmp.passed, verify.table(cmp)
    assert len(cmp.capacities) >= 30


def test_disagreement_is_exit_1(tiny, monkeypatch, capsys):
    """A Pyomo model that differs (a wrong wind cost) fails with exit code 1."""
    real = verify.build_model

    def wrong(nf, inp, weights, series):
        costs = inp.costs.copy()
        costs.loc["offwind fixed", "capital_cost"] *= 1.01
        return real(nf, dataclasses.replace(inp, costs=costs), weights, series)

    monkeypatch.setattr(verify, "build_model", wrong)
    assert main(["-q", "verify", str(tiny), "--workers", "1"]) == 1
    assert "FAIL" in capsys.readouterr().out


def test_uncovered_field_is_refused(tmp_path, monkeypatch, capsys):
    """A non-default field verify does not model: exit 2, one line naming the field."""
    path = write_network(tmp_path, _battery())
    monkeypatch.setitem(verify.COVERED, "Hub", verify.COVERED["Hub"] - {"battery"})
    assert main(["-q", "verify", str(path), "--workers", "1"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "hubs.h.battery" in err[0]
    assert "not covered by the Pyomo cross-check" in err[0]
    assert verify.check_covered(config.load(write_network(tmp_path / "b", tiny_spec([1, 0]))))\
        is None  # a default battery section is not a use of the battery


def test_uncovered_constraint_is_refused(tiny, monkeypatch):
    """A custom constraint verify does not mirror is refused by name."""
    def extra(n, *args):
        p_nom = n.model["Generator-p_nom"]
        n.model.add_constraints(p_nom >= 0, name="Generator-stub")

    monkeypatch.setattr(constraints, "CONSTRAINTS", (*constraints.CONSTRAINTS, extra))
    with pytest.raises(InputError, match="Generator-stub"):
        verify.check_covered(config.load(tiny))


def test_uncovered_carrier_is_refused(tiny, monkeypatch):
    monkeypatch.setattr(verify, "CARRIERS", verify.CARRIERS - {"H2 tank"})
    with pytest.raises(InputError, match="H2 tank"):
        verify.check_covered(config.load(tiny))


@pytest.mark.skipif("certification" not in config.Hub.model_fields,
                    reason="certification rules not in this version of the schema")
@pytest.mark.parametrize("cert", [{"standards": ["uk_lchs"], "lchs_period": "hourly"},
                                  {"standards": ["uk_lchs"], "lchs_period": "monthly"},
                                  {"standards": ["india_ghs", "eu_rfnbo"]}])
def test_certification_limits_agree(tmp_path, cert):
    """Emission limits per period: a binding limit (0.5 kg/kg grid vs 2.4 kg/kg rule)."""
    spec = tiny_spec([1, 0, 1, 0])
    spec["hubs"]["h"]["certification"] = cert
    cmp = verify.run(write_network(tmp_path, spec), workers=1)
    assert cmp.passed, verify.table(cmp)
    assert cmp.objective[0] > 17_654_982.0  # network A's grid use breaks every limit


@pytest.mark.skipif("banking" not in config.Hub.model_fields,
                    reason="grid banking not in this version of the schema")
def test_banking_is_refused(tmp_path, capsys):
    spec = tiny_spec([1, 0, 1, 0])
    spec["hubs"]["h"]["banking"] = {"enabled": True}
    path = write_network(tmp_path, spec)
    assert main(["-q", "verify", str(path), "--workers", "1"]) == 2
    assert "hubs.h.banking" in capsys.readouterr().err
