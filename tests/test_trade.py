"""Electrolysis placement and export chains on tiny networks, optima derived by hand.

Every tiny network here has wind at capacity factor 1 in its 4 hours, no grid, one site and
the fixture's costs (lifetime 1 year, discount rate 0: a capital cost is its investment per
MW and year). The hub must deliver 24 t/day = 33.333 MW of hydrogen; electrolysers convert at
0.5 (2 MWh of electricity per MWh of hydrogen): 66.667 MW of electricity, all wind. Per MW of
electricity:

- wind 100 EUR/kW = 100,000; export station 20 EUR/kW = 20,000 (set here; the fixture has 0);
- onshore: station 20,000 + cable 10 EUR/MW/km x distance + alkaline electrolyser 50,000;
- offshore: platform (ratio 1 x station) 20,000 + alkaline electrolyser x 1.33 = 66,500 +
  pipeline (per MW of hydrogen, 0.5 MW per MW of electricity) 0.5 x 1 EUR/MW/km x distance.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from energymodel import config
from energymodel.cli import main
from energymodel.errors import InputError
from energymodel.model import inputs
from energymodel.pipeline import run
from tests.networks import set_costs, tiny_spec, write_network

H2 = 33.33  # MW of hydrogen: 24 t/day at 33.33 MWh/t
MW_EL = 2 * H2  # MW of electricity
WIND = 100_000.0
STATION = 20_000.0
#: Rows the trade components need, on top of the fixture (lifetime 1, no FOM).
TRADE_ROWS = {
    ("offwind-ac-station", "investment"): (20, "EUR/kW"),
    ("H2 (g) submarine pipeline", "investment"): (1, "EUR/MW/km"),
    ("H2 (g) submarine pipeline", "electricity-input"): (0, "MW_e/1000km/MW_H2"),
    ("H2 (g) submarine pipeline", "lifetime"): (1, "years"),
    ("Haber-Bosch", "investment"): (100, "EUR/kW_NH3"),
    ("Haber-Bosch", "hydrogen-input"): (1.25, "MWh_H2/MWh_NH3"),
    ("Haber-Bosch", "electricity-input"): (0.1, "MWh_el/MWh_NH3"),
    ("Haber-Bosch", "nitrogen-input"): (0.1, "t_N2/MWh_NH3"),
    ("Haber-Bosch", "lifetime"): (1, "years"),
    ("air separation unit", "investment"): (200_000, "EUR/t_N2/h"),
    ("air separation unit", "electricity-input"): (0.5, "MWh_el/t_N2"),
    ("air separation unit", "lifetime"): (1, "years"),
    ("NH3 (l) storage tank incl. liquefaction", "investment"): (1, "EUR/MWh_NH3"),
    ("NH3 (l) storage tank incl. liquefaction", "lifetime"): (1, "years"),
    ("NH3 (l) transport ship", "investment"): (1_000_000, "EUR"),
    ("NH3 (l) transport ship", "capacity"): (1000, "t_NH3"),
    ("NH3 (l) transport ship", "lifetime"): (1, "years"),
    ("Ammonia cracker", "investment"): (100_000, "EUR/MW_H2"),
    ("Ammonia cracker", "ammonia-input"): (1.25, "MWh_NH3/MWh_H2"),
    ("Ammonia cracker", "lifetime"): (1, "years"),
}


def _spec(distance_km: float, cable: float = 10.0, placement=("onshore", "offshore")) -> dict:
    spec = tiny_spec([1, 1, 1, 1], grid=False)
    hub = spec["hubs"]["h"]
    hub["electrolysis_operation"] = {"min_load": False, "part_load": False}
    site = spec["sites"]["a"]
    site.update(distance_to_shore_km=distance_km, placement=list(placement))
    spec["offshore_electrolysis"] = {"technology": "alkaline", "capex_multiplier": 1.33}
    spec["_cable"] = cable
    return spec


def _write(tmp_path, spec: dict):
    spec = dict(spec)
    cable = spec.pop("_cable", 10.0)
    path = write_network(tmp_path / "net", spec)
    set_costs(path.parent, {**TRADE_ROWS,
                            ("offwind-ac-connection-submarine", "investment"):
                            (cable, "EUR/MW/km")})
    return path


def _solve(tmp_path, spec: dict, **kw):
    out = run(_write(tmp_path, spec), out=tmp_path / "out", write_report=False, workers=1, **kw)
    read = {name: pd.read_csv(out / f"{name}.csv") for name in ("hubs", "placement")}
    summary = pd.read_json(out / "summary.json", typ="series")
    return out, read, summary


def test_offshore_wins_far_from_shore(tmp_path):
    """1000 km, cable 30 EUR/MW/km: onshore costs 20,000 + 30,000 + 50,000 = 100,000 per MW of
    electricity, offshore 20,000 + 66,500 + 0.5 x 1000 = 87,000. The optimum builds every
    MW offshore: objective = 66.667 x (100,000 + 87,000) = 12,466,667 EUR. Forcing it onshore
    (placement_costs) costs 66.667 x 13,000 = 866,667 EUR more."""
    spec = _spec(1000, cable=30)
    spec["placement_costs"] = True
    _, t, summary = _solve(tmp_path, spec)
    row = t["placement"].iloc[0]
    assert row.chosen == "offshore"
    assert row.offshore_share_pct == pytest.approx(100)
    assert row.offshore_electrolysis_mw == pytest.approx(MW_EL, rel=1e-6)
    assert row.pipeline_mw == pytest.approx(MW_EL / 2, rel=1e-6)
    assert row.export_cable_mw == pytest.approx(0, abs=1e-6)
    assert summary.objective_eur == pytest.approx(MW_EL * (WIND + 87_000), rel=1e-6)
    assert row.forced_placement == "onshore"
    assert row.forced_extra_cost_eur == pytest.approx(MW_EL * 13_000, rel=1e-5)
    assert row.forced_hub_lcoh_eur_per_kg > row.hub_lcoh_eur_per_kg


def test_onshore_wins_near_shore(tmp_path):
    """10 km, cable 10 EUR/MW/km: onshore 20,000 + 100 + 50,000 = 70,100 per MW, offshore
    20,000 + 66,500 + 5 = 86,505: all onshore, objective 66.667 x 170,100 = 11,340,000."""
    _, t, summary = _solve(tmp_path, _spec(10))
    row = t["placement"].iloc[0]
    assert row.chosen == "onshore"
    assert row.offshore_share_pct == pytest.approx(0, abs=1e-6)
    assert row.export_cable_mw == pytest.approx(MW_EL, rel=1e-6)
    assert summary.objective_eur == pytest.approx(MW_EL * (WIND + 70_100), rel=1e-6)
    assert row.forced_placement != row.forced_placement  # NaN: no paired run asked for


def test_mix_when_the_hub_runs_out_of_room(tmp_path):
    """Onshore is cheaper (10 km, as above) but the hub may hold only 40 MW of electrolysers
    (electrolysis_max_mw): 40 MW onshore at 170,100 per MW with its wind, the other 26.667 MW
    offshore at 186,505: objective 6,804,000 + 4,973,467 = 11,777,467 EUR; 40 % of the wind's
    energy is made into hydrogen offshore."""
    spec = _spec(10)
    spec["hubs"]["h"]["electrolysis_max_mw"] = 40
    _, t, summary = _solve(tmp_path, spec)
    row = t["placement"].iloc[0]
    assert row.chosen == "mix"
    assert row.offshore_share_pct == pytest.approx(100 * (MW_EL - 40) / MW_EL, rel=1e-6)
    assert row.export_cable_mw == pytest.approx(40, rel=1e-6)
    expected = 40 * (WIND + 70_100) + (MW_EL - 40) * (WIND + 86_505)
    assert summary.objective_eur == pytest.approx(expected, rel=1e-6)
    assert summary.costs_add_up


def test_offshore_only_site_has_no_cable(tmp_path):
    """placement [offshore]: no export link is built at all, so the site's power cannot reach
    the hub's AC bus; the optimum is the offshore one whatever the distance (10 km: 86,505 per
    MW, objective 66.667 x 186,505)."""
    _, t, summary = _solve(tmp_path, _spec(10, placement=("offshore",)))
    assert t["placement"].iloc[0].chosen == "offshore"
    assert summary.objective_eur == pytest.approx(MW_EL * (WIND + 86_505), rel=1e-6)


def _two_hubs(spec: dict) -> dict:
    """A second hub ``d`` (the destination) with its own site, identical to ``h``."""
    spec["hubs"]["d"] = {**spec["hubs"]["h"], "name": "Destination"}
    spec["sites"]["b"] = {**spec["sites"]["a"], "name": "Site B", "hub": "d",
                          "placement": ["onshore"]}
    spec["sites"]["a"]["placement"] = ["onshore"]
    return spec


def _trade_tables(folder, km: float, fuel_per_km: float) -> None:
    (folder / "sea.csv").write_text(
        "origin_locode,origin_port,destination_locode,destination_port,via,nautical_miles,km,"
        f"source\nINAAA,A,GBBBB,B,suez,{km / 1.852:.6f},{km},test fixture\n")
    (folder / "ship.csv").write_text(
        "parameter,value,unit,source\n"
        f"nh3_fuel_per_km,{fuel_per_km},kWh NH3 per kWh NH3 per km,test fixture\n"
        "nh3_boil_off_per_km,0,fraction per km,test fixture\n")


def test_ammonia_chain_delivered_cost_by_hand(tmp_path):
    """Half of hub h's offtake (16.667 MW of hydrogen) is delivered at hub d as ammonia.

    Chain, per MWh of hydrogen delivered: the cracker takes 1.25 MWh of NH3 (20.833 MW);
    the ship loses 1852 km x 5e-6 = 0.926 % of its cargo, so it loads N = 20.833 / 0.99074 =
    21.028 MW; Haber-Bosch makes N from 1.25 N = 26.285 MW of hydrogen, with 0.1 MWh of
    electricity per MWh of NH3 plus the ASU's 0.1 t of nitrogen x 0.5 MWh/t = 0.15 N MW.

    Costs (EUR/yr; capital cost = investment):
    - conversion: N x (100,000 + 0.1 t/h x 200,000 ASU) = 120,000 N, plus the electricity
      0.15 N MW at the hub's marginal price: with wind at capacity factor 1 it sums over the 4
      hours to wind + station + cable per MW = 120,100: 0.15 N x 120,100;
    - storage: one cargo (1000 t x 5.1667 MWh/t) at each end, 1 EUR/MWh: 2 x 5,166.7;
    - shipping: a round trip is 2 x 1852 km / (1.852 x 10 knots) = 200 h, so a carrier
      (1,000,000 EUR) moves 5,166.7 MWh per 200 h: 1,000,000 x 200 / 5,166.7 = 38,710 per MW
      loaded: 38,710 N;
    - reconversion: 100,000 EUR per MW of hydrogen out: 16.667 x 100,000 = 1,666,667;
    - production: the hydrogen into the chain (26.285 MW) at the origin's LCOH, which is its
      costs net of the chain's electricity over all it makes: 2 x 170,100 per MW of hydrogen
      (wind, station, cable and electrolyser per MW of electricity, 2 per MW of hydrogen).
    Per kg delivered: each divided by 16.667 MW x 4 h / 33.33 MWh/t = 2,000 kg.
    """
    spec = _two_hubs(tiny_spec([1, 1, 1, 1], grid=False))
    for hub in spec["hubs"].values():
        hub["electrolysis_operation"] = {"min_load": False, "part_load": False}
    spec["planning_assumptions"] = {"ship_speed_knots": 10, "port_days_per_call": 0,
                                    "tank_min_cargoes": 1}
    spec["trade"] = {"sea_distances": "sea.csv", "shipping": "ship.csv", "sea_routes": None}
    spec["exports"] = {"r": {"name": "Route R", "origin": "h", "destination": "d",
                             "chain": "ammonia", "share": 0.5,
                             "route": {"from_port": "INAAA", "to_port": "GBBBB"}}}
    path = _write(tmp_path, spec)
    _trade_tables(path.parent, 1852, 5e-6)
    out = run(path, out=tmp_path / "out", write_report=False, workers=1)
    d = pd.read_csv(out / "delivered_cost.csv").set_index("stage")
    hubs = pd.read_csv(out / "hubs.csv").set_index("hub")

    loss = 1852 * 5e-6
    out_mw = H2 / 2
    nh3 = out_mw * 1.25 / (1 - loss)
    intake = 1.25 * nh3
    kg = out_mw * 4 / 33.33 * 1e3
    cargo = 1000 * 18.6 / 3.6
    lcoh_h = 2 * 170_100 / (4 / 33.33 * 1e3)  # per kg: 2 x 170,100 per MW of hydrogen
    expected = {
        "conversion": 120_000 * nh3 + 0.15 * nh3 * 120_100,
        "storage": 2 * cargo,
        "shipping": 1_000_000 * 200 / cargo * nh3,
        "reconversion": out_mw * 100_000,
        "production": lcoh_h * intake * 4 / 33.33 * 1e3,
    }
    for stage, cost in expected.items():
        assert d.at[stage, "annual_cost_eur"] == pytest.approx(cost, rel=1e-4), stage
        assert d.at[stage, "eur_per_kg"] == pytest.approx(cost / kg, rel=1e-4), stage
    assert hubs.at["h", "lcoh_eur_per_kg"] == pytest.approx(lcoh_h, rel=1e-5)
    assert d.delivered_t_per_yr.iloc[0] == pytest.approx(kg / 1e3, rel=1e-6)
    # the delivered cost sits beside making it at the destination: d's own LCOH, no exports
    assert d.destination_lcoh_eur_per_kg.iloc[0] == pytest.approx(
        2 * 170_100 / (4 / 33.33 * 1e3), rel=1e-5)
    # costs add up: the hubs' own deliveries at their LCOH plus every stage = the objective
    summary = pd.read_json(out / "summary.json", typ="series")
    local = hubs.drop("total").eval("lcoh_eur_per_kg * hydrogen_delivered_t_per_yr * 1e3").sum()
    assert local + d.annual_cost_eur.sum() == pytest.approx(summary.objective_eur, rel=1e-6)
    assert summary.costs_add_up


def test_pipeline_chain_and_amount(tmp_path):
    """A pipeline of 100 km (1 EUR/MW/km) carries an extra 12 t/day (16.667 MW) to hub d, on
    top of h's own offtake: shipping stage = 16.667 x 100 = 1,667 EUR; no conversion,
    storage or reconversion; production at h's LCOH (2 x 170,100 per MW of hydrogen), and h
    makes 1.5 times its offtake."""
    spec = _two_hubs(tiny_spec([1, 1, 1, 1], grid=False))
    for hub in spec["hubs"].values():
        hub["electrolysis_operation"] = {"min_load": False, "part_load": False}
    spec["exports"] = {"p": {"name": "Pipe", "origin": "h", "destination": "d",
                             "chain": "pipeline", "t_per_day": 12, "distance_km": 100}}
    out = run(_write(tmp_path, spec), out=tmp_path / "out", write_report=False, workers=1)
    d = pd.read_csv(out / "delivered_cost.csv").set_index("stage")
    hubs = pd.read_csv(out / "hubs.csv").set_index("hub")
    assert d.at["shipping", "annual_cost_eur"] == pytest.approx(12 / 24 * 33.33 * 100, rel=1e-6)
    for stage in ("conversion", "storage", "reconversion"):
        assert d.at[stage, "annual_cost_eur"] == pytest.approx(0, abs=1e-6)
    assert hubs.at["h", "hydrogen_exported_t_per_yr"] == pytest.approx(2.0, rel=1e-6)
    assert hubs.at["h", "hydrogen_delivered_t_per_yr"] == pytest.approx(4.0, rel=1e-6)
    assert d.at["production", "eur_per_kg"] == pytest.approx(
        hubs.at["h", "lcoh_eur_per_kg"], rel=1e-6)


def test_pyomo_cross_check_refuses_placement_and_exports(tmp_path, capsys):
    """verify covers neither: it refuses each by its field, exit 2."""
    path = _write(tmp_path, _spec(10))
    assert main(["-q", "verify", str(path)]) == 2
    assert "sites.a.placement" in capsys.readouterr().err


def test_unknown_port_pair_names_the_route(tmp_path):
    """A route whose ports are not in the distance table is refused before solving."""
    spec = _two_hubs(tiny_spec([1, 1, 1, 1], grid=False))
    spec["trade"] = {"sea_distances": "sea.csv", "shipping": "ship.csv", "sea_routes": None}
    spec["exports"] = {"r": {"name": "R", "origin": "h", "destination": "d", "chain": "ammonia",
                             "share": 0.5, "route": {"from_port": "INZZZ", "to_port": "GBBBB"}}}
    path = _write(tmp_path, spec)
    _trade_tables(path.parent, 1000, 0)
    with pytest.raises(InputError, match=r"exports\.r\.route.*INZZZ"):
        inputs.load(config.load(path))


def test_share_leaves_the_origin(tmp_path):
    """A share of 0.25 takes a quarter of the origin's offtake away from it (33.333 -> 25 MW)
    and delivers it as a constant 8.333 MW at the destination."""
    spec = _two_hubs(tiny_spec([1, 1, 1, 1], grid=False))
    spec["exports"] = {"p": {"name": "Pipe", "origin": "h", "destination": "d",
                             "chain": "pipeline", "share": 0.25, "distance_km": 10}}
    path = _write(tmp_path, spec)
    inp = inputs.load(config.load(path))
    assert inp.offtake_mw["h"].iloc[0] == pytest.approx(0.75 * H2, rel=1e-9)
    assert inp.routes["p"].delivered_mw == pytest.approx(0.25 * H2, rel=1e-9)
    assert math.isclose(inp.offtake_mw["d"].iloc[0], H2, rel_tol=1e-9)
