"""Certification rules as constraints, each on a tiny network solved by hand.

Shared numbers (see tests/test_tiny.py): wind 100,100 EUR/MW with its 10 km cable, alkaline
electrolysis 50,000 EUR/MW_e at efficiency 0.5, tank 5,000 EUR/MWh, offtake 33.33 MW_H2, grid
100 EUR/MWh at 0.5 tCO2/MWh, at most 10 MW. Grid-made hydrogen: 0.5 t / (0.5 x 1/33.33 t) =
33.33 kgCO2/kgH2, so a threshold theta allows grid energy up to theta / 33.33 of the
electricity used in the assessment period.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from energymodel import pipeline
from tests.networks import tiny_spec, write_network


def _run(tmp_path, spec):
    out = pipeline.run(write_network(tmp_path / "net", spec), out=tmp_path / "out",
                       write_report=False)
    doc = json.loads((out / "summary.json").read_text())
    cert = pd.read_csv(out / "certification.csv") if (out / "certification.csv").exists() \
        else None
    return doc, cert, pd.read_csv(out / "dispatch.csv")


def _lchs(period: str) -> dict:
    spec = tiny_spec([1, 0, 1, 0])
    spec["hubs"]["h"]["certification"] = {"standards": ["uk_lchs"], "lchs_period": period}
    return spec


def test_uk_lchs_hourly(tmp_path):
    """Network A under UK LCHS assessed each hour (2.4 kgCO2e/kgH2).

    Calm hours make hydrogen from the grid alone (33.33 kg/kg): grid must be 0 there. In windy
    hours grid <= 2.4/33.33 x (wind + grid). Electricity needed over the two windy hours is
    266.64 MWh, so wind + grid = 133.32 MW each windy hour and grid = 2.4/33.33 x 133.32 = 9.6
    MW (< 10). Wind 123.72 MW, electrolyser 133.32 MW, tank 33.33 MWh.
    Cost = 123.72 x 100,100 + 133.32 x 50,000 + 33.33 x 5,000 + 19.2 x 100 = 19,218,942 EUR.
    Without the rule: 17,654,982 (test_tiny): cost of compliance 1,563,960 / 4,000 kg.
    """
    doc, cert, d = _run(tmp_path, _lchs("hourly"))
    assert doc["objective_eur"] == pytest.approx(19_218_942, rel=1e-9)
    row = cert.iloc[0]
    assert row.standard == "uk_lchs"
    assert row.assessment == "hourly"
    assert row.achieved_kg_per_kg == pytest.approx(2.4, rel=1e-6)
    assert bool(row.compliant)
    assert bool(row.binding)
    assert row.cost_of_compliance_eur_per_kg == pytest.approx(1_563_960 / 4000, rel=1e-9)
    assert d.grid_import_mw.tolist() == pytest.approx([9.6, 0, 9.6, 0], abs=1e-6)


def test_uk_lchs_monthly(tmp_path):
    """Network A under UK LCHS assessed per calendar month (all 4 hours in January).

    Grid energy in the month <= 2.4/33.33 x 266.64 = 19.2 MWh. It is worth most in the calm
    hours (it shrinks the tank and adds nothing to the electrolyser): 9.6 MW in each. Wind
    (266.64 - 19.2) / 2 = 123.72 MW, electrolyser 123.72 MW, tank 33.33 - 4.8 = 28.53 MWh.
    Cost = 123.72 x 100,100 + 123.72 x 50,000 + 28.53 x 5,000 + 19.2 x 100 = 18,714,942 EUR,
    below the hourly rule's 19,218,942 and above no rule's 17,654,982.
    """
    doc, cert, d = _run(tmp_path, _lchs("monthly"))
    assert doc["objective_eur"] == pytest.approx(18_714_942, rel=1e-9)
    assert d.grid_import_mw.tolist() == pytest.approx([0, 9.6, 0, 9.6], abs=1e-6)
    assert cert.iloc[0].achieved_kg_per_kg == pytest.approx(2.4, rel=1e-6)


def test_india_ghs_with_banking(tmp_path):
    """Network A under India's GHS (2.0 kg/kg over the year) with grid banking at 10 %.

    Annual grid energy <= 2.0/33.33 x 266.64 = 16 MWh, best spent in calm hours: 8 MW each.
    Banking beats the tank: a MWh shifted through the bank costs 1/0.9 - 1 MWh of extra wind
    (about 5,560 EUR), through the tank 0.5 x 5,000 + 50,000 of extra electrolyser. So the
    electrolyser runs flat at 66.66 MW_e, calm hours draw 66.66 - 8 = 58.66 MW from the bank,
    deposited as 58.66 / 0.9 = 65.1778 MW in the windy hours: wind 66.66 + 65.1778 MW.
    Cost = 131.83778 x 100,100 + 66.66 x 50,000 + 16 x 100 = 16,531,561.8 EUR; no tank.
    Without the rule (bank kept): grid 10 MW in all hours, wind 66.66 + 56.66/0.9 - 10.
    """
    spec = tiny_spec([1, 0, 1, 0])
    spec["hubs"]["h"]["certification"] = {"standards": ["india_ghs"]}
    spec["hubs"]["h"]["banking"] = {"enabled": True, "charge_pct": 10}
    doc, cert, d = _run(tmp_path, spec)
    wind = 66.66 + (66.66 - 8) / 0.9
    assert doc["objective_eur"] == pytest.approx(wind * 100_100 + 66.66 * 50_000 + 1_600,
                                                 rel=1e-9)
    # any split of the 16 MWh of grid between the calm hours is optimal: check the totals
    assert d.bank_withdrawal_mw.sum() == pytest.approx(2 * 66.66 - 16, abs=1e-4)
    assert d.grid_import_mw.iloc[[0, 2]].tolist() == pytest.approx([0, 0], abs=1e-6)
    assert d.bank_level_mwh.iloc[-1] == pytest.approx(0, abs=1e-6)  # empty at month end
    assert (d.bank_deposit_mw <= d.wind_used_mw + 1e-6).all()
    assert cert.iloc[0].achieved_kg_per_kg == pytest.approx(2.0, rel=1e-6)
    free = 66.66 + 56.66 / 0.9 - 10
    assert cert.iloc[0].lcoh_without_rules_eur_per_kg == pytest.approx(
        (free * 100_100 + 66.66 * 50_000 + 4_000) / 4000, rel=1e-9)


def _rfnbo(matching: str | None) -> dict:
    """Two hours: contracted PPA blows in hour 0 (CF 1, 0), the own site in hour 1 (0, 1).

    No hydrogen storage, so the electrolyser runs 66.66 MW_e in both hours. PPA: 100,000
    EUR/MW (offwind, station 0 in the test cost table); own wind 100,100 with its cable.
    """
    spec = tiny_spec([0, 1], grid=True)
    hub = spec["hubs"]["h"]
    hub["storage"] = []
    hub["ppa"] = {"enabled": True, "profile": {"file": "cf.csv", "column": "ppa"}}
    spec["_cf"]["ppa"] = [1, 0]
    if matching:
        hub["certification"] = {"standards": ["eu_rfnbo"], "rfnbo_matching": matching}
    return spec


@pytest.mark.parametrize(("matching", "objective"), [
    # No rule: grid 10 MW in both hours; PPA 56.66 MW (hour 0), wind 56.66 MW (hour 1).
    (None, 56.66 * 100_100 + 56.66 * 100_000 + 66.66 * 50_000 + 20 * 100),
    # Hourly matching: grid <= 3.384/33.33 x 133.32 = 13.536 MWh in the year, spent where it
    # saves the dearer own wind (hour 1: 10 MW) and the rest in hour 0 (3.536 MW):
    # wind 56.66 MW, PPA 63.124 MW.
    ("hourly", 56.66 * 100_100 + 63.124 * 100_000 + 66.66 * 50_000 + 13.536 * 100),
    # Monthly matching: PPA surplus in hour 0 is deposited and drawn back in hour 1 as matched
    # renewable electricity, so the cheaper PPA serves both hours: 133.32 - 13.536 = 119.784
    # MW of PPA and no own wind.
    ("monthly", 119.784 * 100_000 + 66.66 * 50_000 + 13.536 * 100),
])
def test_eu_rfnbo_matching(matching, objective, tmp_path):
    """LCOH(hourly) >= LCOH(monthly) >= LCOH(no rule), each optimum derived above."""
    doc, cert, d = _run(tmp_path, _rfnbo(matching))
    assert doc["objective_eur"] == pytest.approx(objective, rel=1e-9)
    if matching:
        row = cert.iloc[0]
        assert row.achieved_kg_per_kg <= 3.384 * (1 + 1e-9)
        assert bool(row.compliant)
        assert row.matching == matching
    if matching == "monthly":
        assert (d.bank_deposit_mw <= d.ppa_mw + 1e-6).all()  # only PPA output is matched


def test_rfnbo_ordering():
    """The three optima above are ordered as the issue requires."""
    none = 56.66 * 100_100 + 56.66 * 100_000 + 66.66 * 50_000 + 20 * 100
    hourly = 56.66 * 100_100 + 63.124 * 100_000 + 66.66 * 50_000 + 13.536 * 100
    monthly = 119.784 * 100_000 + 66.66 * 50_000 + 13.536 * 100
    assert hourly >= monthly >= none


def test_non_binding_rule_needs_no_paired_run(tmp_path):
    """A rule that does not bind costs nothing: no paired run, cost of compliance 0.

    Network A without a grid emits nothing, so LCHS (2.4) holds with slack: the optimum is
    test_tiny's 20,044,662 - with a tank, not a cavern: 133.32 x 100,100 + 133.32 x 50,000
    + 33.33 x 5,000 = 20,177,982 EUR.
    """
    spec = tiny_spec([1, 0, 1, 0], grid=False)
    spec["hubs"]["h"]["certification"] = {"standards": ["uk_lchs"]}
    doc, cert, _ = _run(tmp_path, spec)
    assert doc["objective_eur"] == pytest.approx(20_177_982, rel=1e-9)
    row = cert.iloc[0]
    assert not bool(row.binding)
    assert row.cost_of_compliance_eur_per_kg == 0
    assert row.achieved_kg_per_kg == 0


def test_thresholds_come_from_the_sourced_table():
    """The thresholds the model uses are the kgCO2e/kgH2 rows of inputs/certification.csv:
    2.4 (UK LCHS: 20 g/MJ x 120 MJ/kg), 2.0 (India GHS) and 3.384 (EU RFNBO: 94 g/MJ x 0.3 x
    120 MJ/kg), on the LHV basis of 120 MJ/kg = 33.33 kWh/kg that the model uses."""
    from energymodel.model import inputs
    from tests.networks import REPO

    path = REPO / "inputs" / "certification.csv"
    assert inputs.read_thresholds(path) == {"uk_lchs": 2.4, "india_ghs": 2.0, "eu_rfnbo": 3.384}
    table = pd.read_csv(path)
    lhv = float(table[table.parameter == "hydrogen lower heating value"].value.iloc[0])
    assert lhv / 3.6 == pytest.approx(inputs.H2_LHV_MWH_PER_T, abs=0.01)


PPA = {
    "humber": {"file": "../inputs/wind/gb_offshore_fleet_cf_2019.csv",
               "column": "GB offshore fleet"},
    "gujarat": {"file": "../inputs/wind/india_offshore_wind_cf_2025.csv",
                "column": "Gulf of Mannar"},
}


def _default_case(tmp_path, standards: list[str], matching: str = "hourly",
                  banking: bool = False):
    """Humber and Gujarat from the default network, 200 MW of grid, a PPA, one rule set;
    ``banking``: the monthly grid account (at no charge) without a rule."""
    import yaml

    from energymodel import config
    from tests.networks import REPO

    path = REPO / "networks" / "uk_india.yaml"
    data = yaml.safe_load(path.read_text())
    data["hubs"] = {k: v for k, v in data["hubs"].items() if k in PPA}
    data["sites"] = {k: v for k, v in data["sites"].items() if v["hub"] in PPA}
    for key, hub in data["hubs"].items():
        hub["grid"]["import_limit_mw"] = 200
        hub["certification"] = {"standards": standards, "rfnbo_matching": matching}
        hub["ppa"] = {"enabled": True, "profile": PPA[key]}
        if banking:
            hub["banking"] = {"enabled": True, "charge_pct": 0}
    nf = config.parse(data, path)
    out = pipeline.run(nf, resolution="72h", workers=1,
                       out=tmp_path / f"{'-'.join(standards)}{matching}{banking}",
                       write_report=False)
    hubs = pd.read_csv(out / "hubs.csv").set_index("hub")
    cert = pd.read_csv(out / "certification.csv") if standards else None
    return hubs.lcoh_eur_per_kg, cert


def test_default_network_rfnbo_ordering(tmp_path):
    """Default-network hubs at 72 h resolution: every rule is met, and
    LCOH(hourly matching) >= LCOH(monthly matching) >= LCOH(no rule, same monthly account),
    hub by hub.

    Each is a relaxation of the one before: an hourly-matched dispatch is monthly-matched with
    the account unused, and monthly matching is the grid account (a virtual store emptied at
    every month end, :func:`energymodel.model.network.needs_grid_account`) plus the rule. The
    account alone can be worth more than the rule costs, so the last case keeps it (banking at
    no charge): without it the ordering is not a theorem (with this stop's UK wind, Humber's
    monthly LCOH fell below its rule-free, account-free one).
    """
    free, _ = _default_case(tmp_path, [], banking=True)
    monthly, cert_m = _default_case(tmp_path, ["eu_rfnbo"], "monthly")
    hourly, cert_h = _default_case(tmp_path, ["eu_rfnbo"], "hourly")
    for hub in PPA:
        assert hourly[hub] >= monthly[hub] * (1 - 1e-9)
        assert monthly[hub] >= free[hub] * (1 - 1e-9)
    for cert in (cert_m, cert_h):
        assert (cert.achieved_kg_per_kg <= cert.threshold_kg_per_kg * (1 + 1e-6)).all()
        assert cert.compliant.all()
    # with 200 MW of cheap grid the rule binds somewhere, so compliance has a price
    assert (cert_h.cost_of_compliance_eur_per_kg > 0).any()


def test_paired_run_with_hubs_coupled_by_a_mineral_cap(tmp_path):
    """A network-wide mineral cap couples hubs, so the paired run re-solves both of them.

    Hub h is test_uk_lchs_hourly's network (19,218,942 EUR with the rule, 17,654,982 without);
    hub g is test_solve's steady second hub (14,674,666 EUR). The cap (1,000 t of neodymium
    at 200 kg/MW) never binds, so only the rule's cost shows: (19,218,942 - 17,654,982) / 4,000
    kg = 390.99 EUR/kg at h.
    """
    from tests.test_minerals import FIXTURE

    spec = _lchs("hourly")
    spec["hubs"]["g"] = {**spec["hubs"]["h"], "name": "Second hub",
                         "certification": {"standards": []}}
    spec["sites"]["b"] = {**spec["sites"]["a"], "name": "Site B", "hub": "g",
                          "profile": {"file": "cf.csv", "column": "b"}}
    spec["_cf"]["b"] = [0.5, 0.5, 0.5, 0.5]
    spec["minerals"] = {"intensities": "minerals.csv",
                        "caps": [{"mineral": "neodymium", "limit_t": 1000}]}
    path = write_network(tmp_path / "net", spec)
    (path.parent / "minerals.csv").write_text(FIXTURE)
    out = pipeline.run(path, out=tmp_path / "out", write_report=False)
    doc = json.loads((out / "summary.json").read_text())
    assert doc["objective_eur"] == pytest.approx(19_218_942 + 14_674_666, rel=1e-9)
    row = pd.read_csv(out / "certification.csv").set_index("hub").loc["h"]
    assert row.cost_of_compliance_eur_per_kg == pytest.approx(1_563_960 / 4000, rel=1e-9)


@pytest.mark.parametrize(("cap", "objective", "grid_mwh"), [
    (2.4, 18_714_942, 19.2), (0.0, 20_177_982, 0.0)])
def test_emissions_cap(cap, objective, grid_mwh, tmp_path):
    """Network A with a planning cap on annual grid emissions (hubs.h.emissions_cap_kg_per_kg).

    Cap 2.4: the four hours are one year, so this is test_uk_lchs_monthly's problem (grid <=
    2.4/33.33 x 266.64 = 19.2 MWh over the year, spent in the calm hours): 18,714,942 EUR.
    Cap 0: no grid. The windy hours make all the hydrogen: wind = electrolyser = 133.32 MW,
    tank 33.33 MWh. Cost = 133.32 x 100,100 + 133.32 x 50,000 + 33.33 x 5,000 = 20,177,982 EUR.
    A cap is not a certification standard: no certification table is written.
    """
    spec = tiny_spec([1, 0, 1, 0])
    spec["hubs"]["h"]["emissions_cap_kg_per_kg"] = cap
    doc, cert, d = _run(tmp_path, spec)
    assert doc["objective_eur"] == pytest.approx(objective, rel=1e-9)
    assert d.grid_import_mw.sum() == pytest.approx(grid_mwh, abs=1e-6)
    assert doc["hubs"]["h"]["co2_kg_per_kg_h2"] == pytest.approx(min(cap, 2.4), abs=1e-6)
    assert cert is None
