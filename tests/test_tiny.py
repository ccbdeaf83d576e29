"""Tiny networks whose optimum is derived by hand (costs: see tests.networks.TINY_COSTS).

Common numbers: discount rate 0 and lifetime 1 year, so annualised capital cost = investment.
Wind 100 EUR/kW = 100,000 EUR/MW; export cable 10 EUR/MW/km x 10 km = 100 EUR/MW (station 0);
alkaline electrolysis 50,000 EUR/MW_e at efficiency 0.5 (2 MWh_el per MWh_H2); PEM 80,000
EUR/MW_e at the same efficiency; H2 tank 5,000 EUR/MWh; salt cavern 1,000 EUR/MWh; battery
1,000 EUR/MWh and inverter 1,000 EUR/MW at 0.9 each way. Offtake 24 t/day = 1 t/h = 33.33 MW
(LHV). Grid (when on): 100 EUR/MWh, 500 gCO2/kWh, at most 10 MW.
"""

from __future__ import annotations

import pytest

from energymodel import config, pipeline, results
from energymodel.model import inputs, network, solve
from tests.networks import tiny_spec, write_network

H2 = 33.33  # MW of hydrogen for 1 t/h


def _solve(path):
    nf = config.load(path)
    inp = inputs.load(nf)
    n = network.build(nf, inp)
    solve.optimize(n)
    return n, results.summarise(n, nf, inp)


def test_wind_grid_and_tank(tiny):
    """Network A: wind capacity factor 1, 0, 1, 0; grid on; tank storage.

    The grid (100 EUR/MWh) is cheaper than wind energy (100,100 EUR/MW over 2 windy hours
    = 50,050 EUR per MWh), so it runs at its 10 MW limit in all 4 hours: 40 MWh_el ->
    20 MWh_H2. Offtake 4 x 33.33 = 133.32 MWh_H2, so wind supplies (133.32 - 20) / 0.5 =
    226.64 MWh_el in 2 hours: P_wind = 113.32 MW, export link 113.32 MW. The electrolyser
    peaks at 113.32 + 10 = 123.32 MW_e and makes 61.66 MW_H2 in windy hours and 5 MW_H2 in
    calm hours, so the tank must bridge 33.33 - 5 = 28.33 MWh.
    Cost = 113.32 x 100,100 + 123.32 x 50,000 + 28.33 x 5,000 + 40 x 100 = 17,654,982 EUR.
    LCOH = 17,654,982 / 4,000 kg = 4,413.7455 EUR/kg. CO2 = 40 MWh x 0.5 t = 20 t -> 5 kg/kg.
    """
    n, res = _solve(tiny)
    assert n.generators.at["a wind", "p_nom_opt"] == pytest.approx(113.32, abs=1e-6)
    assert n.links.at["a export", "p_nom_opt"] == pytest.approx(113.32, abs=1e-6)
    assert n.links.at["h electrolysis alkaline", "p_nom_opt"] == pytest.approx(123.32, abs=1e-6)
    assert n.stores.at["h H2 tank", "e_nom_opt"] == pytest.approx(28.33, abs=1e-6)
    assert n.objective == pytest.approx(17_654_982.0, rel=1e-9)
    hub = res.hubs.set_index("hub").loc["h"]
    assert hub.lcoh_eur_per_kg == pytest.approx(4413.7455, rel=1e-9)
    assert hub.co2_t == pytest.approx(20.0, rel=1e-9)
    assert hub.co2_kg_per_kg_h2 == pytest.approx(5.0, rel=1e-9)
    assert hub.grid_import_mwh == pytest.approx(40.0, rel=1e-9)
    parts = res.lcoh_breakdown.set_index("component").lcoh_eur_per_kg
    assert parts["grid electricity"] == pytest.approx(4000 / 4000, rel=1e-9)
    assert parts["wind"] == pytest.approx(113.32 * 100_000 / 4000, rel=1e-9)
    assert parts["export connection"] == pytest.approx(113.32 * 100 / 4000, rel=1e-9)
    assert parts.sum() == pytest.approx(hub.lcoh_eur_per_kg, rel=1e-12)


def test_site_limit_and_technology_choice(tmp_path):
    """Network B: two sites at constant capacity factor 0.5, no grid, no storage needed.

    Site A is 10 km out (cable 100 EUR/MW) but limited to 50 MW; site B is 100 km out (cable
    1,000 EUR/MW). Alkaline (50,000 EUR/MW) beats PEM (80,000 EUR/MW) at equal efficiency.
    Offtake 33.33 MW_H2 needs 66.66 MW_e every hour -> 133.32 MW of wind at CF 0.5: site A at
    its 50 MW limit, site B 83.32 MW. Export links carry only what flows: 25 and 41.66 MW.
    Cost = 133.32 x 100,000 + 25 x 100 + 41.66 x 1,000 + 66.66 x 50,000 = 16,709,160 EUR over
    2 hours and 2 t of hydrogen: LCOH 8,354.58 EUR/kg.
    """
    spec = tiny_spec([0.5, 0.5], grid=False)
    spec["hubs"]["h"]["electrolysis"] = ["alkaline", "pem"]
    spec["sites"]["a"]["capacity_limit_mw"] = 50
    spec["sites"]["b"] = {**spec["sites"]["a"], "name": "Site B", "capacity_limit_mw": 1000,
                          "distance_to_shore_km": 100,
                          "profile": {"file": "cf.csv", "column": "b"}}
    spec["_cf"]["b"] = [0.5, 0.5]
    n, res = _solve(write_network(tmp_path, spec))
    assert n.generators.at["a wind", "p_nom_opt"] == pytest.approx(50, abs=1e-6)
    assert n.generators.at["b wind", "p_nom_opt"] == pytest.approx(83.32, abs=1e-6)
    assert n.links.at["a export", "p_nom_opt"] == pytest.approx(25, abs=1e-6)
    assert n.links.at["b export", "p_nom_opt"] == pytest.approx(41.66, abs=1e-6)
    assert n.links.at["h electrolysis alkaline", "p_nom_opt"] == pytest.approx(66.66, abs=1e-6)
    assert n.links.at["h electrolysis pem", "p_nom_opt"] == pytest.approx(0, abs=1e-6)
    assert n.objective == pytest.approx(16_709_160.0, rel=1e-9)
    hub = res.hubs.set_index("hub").loc["h"]
    assert hub.lcoh_eur_per_kg == pytest.approx(8354.58, rel=1e-9)
    assert hub.electrolyser_capacity_factor == pytest.approx(1.0, rel=1e-9)
    assert hub.co2_t == 0


def test_salt_cavern_beats_tank(tmp_path):
    """Network A without grid, with both salt cavern (1,000) and tank (5,000 EUR/MWh).

    Without grid the electrolyser runs only in windy hours: wind 133.32 / 0.5 / 2 = 133.32 MW,
    electrolyser 133.32 MW_e making 66.66 MW_H2, storing 33.33 MWh for each calm hour. The
    cheaper salt cavern takes it all: 33.33 MWh, tank 0.
    Cost = 133.32 x 100,100 + 133.32 x 50,000 + 33.33 x 1,000 = 20,044,662 EUR.
    """
    spec = tiny_spec([1, 0, 1, 0], grid=False)
    spec["hubs"]["h"]["storage"] = ["salt_cavern", "tank"]
    n, res = _solve(write_network(tmp_path, spec))
    assert n.stores.at["h H2 salt_cavern", "e_nom_opt"] == pytest.approx(33.33, abs=1e-6)
    assert n.stores.at["h H2 tank", "e_nom_opt"] == pytest.approx(0, abs=1e-6)
    assert n.objective == pytest.approx(20_044_662.0, rel=1e-9)
    assert res.hubs.set_index("hub").at["h", "wind_curtailment_pct"] == pytest.approx(0, abs=1e-9)


def test_battery_inverter_ties_charger_and_discharger(tmp_path):
    """Network C: wind CF 1, 0; no grid, no hydrogen storage, a battery.

    The inverter's round-trip efficiency 0.9 gives eta = sqrt(0.9) = 0.948683 each way.
    The electrolyser must run at 66.66 MW_e in both hours (constant offtake, no H2 store).
    Hour 1 is served by the battery: 66.66 MW on the AC side = 66.66 / eta MWh out of the
    store (70.2656), charged in hour 0 with 66.66 / eta^2 = 74.0667 MW from the AC bus.
    Wind = 66.66 + 74.0667 = 140.7267 MW. The inverter constraint sets the discharger's rating
    (store side) to 74.0667 / eta = 78.0729 MW so both AC-side ratings are equal.
    Cost = wind x 100,100 + 66.66 x 50,000 + store x 1,000 + charger x 1,000.
    """
    spec = tiny_spec([1, 0], grid=False)
    spec["hubs"]["h"]["storage"] = []
    spec["hubs"]["h"]["battery"] = {"enabled": True}
    n, _ = _solve(write_network(tmp_path, spec))
    eta = 0.9**0.5
    e_out = 66.66 / eta
    charge = e_out / eta
    wind = 66.66 + charge
    assert charge == pytest.approx(74.0667, abs=1e-4)
    assert n.stores.at["h battery", "e_nom_opt"] == pytest.approx(e_out, abs=1e-6)
    assert n.links.at["h battery charger", "p_nom_opt"] == pytest.approx(charge, abs=1e-6)
    assert n.links.at["h battery discharger", "p_nom_opt"] == pytest.approx(charge / eta,
                                                                             abs=1e-6)
    assert n.generators.at["a wind", "p_nom_opt"] == pytest.approx(wind, abs=1e-6)
    expected = wind * 100_100 + 66.66 * 50_000 + e_out * 1_000 + charge * 1_000
    assert n.objective == pytest.approx(expected, rel=1e-9)


def test_costs_add_up_to_objective(tiny, tmp_path):
    """Per-hub annual costs in the written summary add up to the solver's objective."""
    folder = pipeline.run(tiny, out=tmp_path / "out", write_report=False)
    import json

    doc = json.loads((folder / "summary.json").read_text())
    assert doc["costs_add_up"] is True
    total = sum(h["annual_cost_eur"] for h in doc["hubs"].values())
    assert total == pytest.approx(doc["objective_eur"], rel=1e-9)
    assert doc["objective_eur"] == pytest.approx(17_654_982.0, rel=1e-9)


def test_hourly_offtake_profile(tmp_path):
    """Network D: wind CF 1, 0, 1, 0; offtake profile 48, 0, 48, 0 t/day; no grid, no storage.

    Offtake 48 t/day = 2 t/h = 66.66 MW_H2 in hours 0 and 2 only, which the wind serves
    directly: electrolyser 133.32 MW_e, wind 133.32 MW, no store built.
    Cost = 133.32 x 100,100 + 133.32 x 50,000 = 20,011,332 EUR for 4 t: 5,002.833 EUR/kg.
    """
    spec = tiny_spec([1, 0, 1, 0], grid=False)
    spec["hubs"]["h"]["offtake"] = {"profile": {"file": "cf.csv", "column": "offtake"}}
    spec["_cf"]["offtake"] = [48, 0, 48, 0]
    n, res = _solve(write_network(tmp_path, spec))
    assert n.links.at["h electrolysis alkaline", "p_nom_opt"] == pytest.approx(133.32, abs=1e-6)
    assert n.stores.at["h H2 tank", "e_nom_opt"] == pytest.approx(0, abs=1e-6)
    assert n.objective == pytest.approx(20_011_332.0, rel=1e-9)
    hub = res.hubs.set_index("hub").loc["h"]
    assert hub.hydrogen_delivered_t_per_yr == pytest.approx(4.0, rel=1e-12)
    assert hub.lcoh_eur_per_kg == pytest.approx(5002.833, rel=1e-9)


def test_carbon_price_raises_grid_cost(tmp_path):
    """Network A with a carbon price of 200 EUR/t: grid 100 + 200 x 0.5 = 200 EUR/MWh.

    Still far cheaper than wind energy (50,050 EUR/MWh here), so the plan is unchanged and
    only the grid bill doubles: 17,654,982 + 40 MWh x 100 EUR/MWh = 17,658,982 EUR.
    """
    spec = tiny_spec([1, 0, 1, 0])
    spec["hubs"]["h"]["grid"]["co2_price_eur_per_t"] = 200
    n, res = _solve(write_network(tmp_path, spec))
    assert n.objective == pytest.approx(17_658_982.0, rel=1e-9)
    parts = res.lcoh_breakdown.set_index("component").annual_cost_eur
    assert parts["grid electricity"] == pytest.approx(8_000.0, rel=1e-9)
    assert res.hubs.set_index("hub").at["h", "co2_t"] == pytest.approx(20.0, rel=1e-9)


def test_price_multiplier_scales_the_series_not_the_carbon_price(tmp_path):
    """Network A with price_multiplier 3 and a carbon price of 200 EUR/t.

    Import price = 3 x 100 + 200 x 0.5 = 400 EUR/MWh, still far below wind energy, so the plan
    is unchanged: 17,654,982 - 40 x 100 + 40 x 400 = 17,666,982 EUR.
    """
    spec = tiny_spec([1, 0, 1, 0])
    spec["hubs"]["h"]["grid"].update(co2_price_eur_per_t=200, price_multiplier=3)
    n, res = _solve(write_network(tmp_path, spec))
    assert n.objective == pytest.approx(17_666_982.0, rel=1e-9)
    parts = res.lcoh_breakdown.set_index("component").annual_cost_eur
    assert parts["grid electricity"] == pytest.approx(16_000.0, rel=1e-9)
