"""The independent Pyomo formulation reaches the PyPSA optimum; uncovered features are refused."""

from __future__ import annotations

import dataclasses

import pytest

from energymodel import config, verify
from energymodel.cli import main
from energymodel.errors import InputError
from energymodel.model import constraints
from tests.networks import REPO, tiny_spec, write_network


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


@pytest.mark.slow
def test_default_network_daily():
    """The default network at 24 h: objectives agree to 1e-6, and every capacity."""
    cmp = verify.run(REPO / "networks" / "uk_india.yaml", resolution="24h", workers=1)
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
