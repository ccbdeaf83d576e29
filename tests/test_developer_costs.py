"""A project developer's costs on tiny networks whose optimum is derived by hand.

Stack cost, minimum load with start-ups, part-load efficiency, compression, water, grid
charges and sales (issue 13). Each test runs the pipeline as ``energymodel run`` does and
checks the solved network and the tables of the results folder (hubs.csv, lcoh_breakdown.csv,
capacities.csv), so that a wrong objective and a wrong account are both caught.

Common numbers (tests.networks): discount rate 0, lifetime 1 year and FOM 0, so the annual
capital charge equals the investment: annuity(0, 1) + 0 = 1. Wind 100,000 EUR/MW plus export
connection 10 EUR/MW/km x 10 km = 100 EUR/MW: 100,100 EUR per MW of wind. Alkaline
electrolysis 50,000 EUR/MW_e at efficiency 0.5 (2 MWh_el per MWh_H2), no stack cost, no
minimum load, a flat part-load curve. Offtake 24 t/day = 1 t/h = 33.33 MW_H2 (LHV). Grid
(when on): 100 EUR/MWh, at most 10 MW, no charges.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from energymodel import pipeline
from energymodel.model import solve
from tests.networks import (
    set_costs,
    set_electrolysers,
    set_grid_prices,
    set_part_load,
    tiny_spec,
    write_network,
)

H2 = 33.33  # MW of hydrogen for 1 t/h
REL = 1e-6


def _run(folder: Path, spec: dict, **edits) -> tuple:
    """Write ``spec`` into ``folder`` and apply ``edits`` (``electrolysers``: {tech: {column:
    value}}, ``curve``, ``costs``, ``prices``, ``files``: {name: text}); run the pipeline
    without pages. Return the solved network (kept from :func:`solve.solve`, with its linopy
    model) and the results folder's hub row, LCOH components of hub ``h`` and capacities."""
    path = write_network(folder, spec)
    for tech, columns in edits.get("electrolysers", {}).items():
        set_electrolysers(folder, (tech,), **columns)
    if "curve" in edits:
        set_part_load(folder, edits["curve"])
    if "costs" in edits:
        set_costs(folder, edits["costs"])
    if "prices" in edits:
        set_grid_prices(folder, edits["prices"])
    for name, text in edits.get("files", {}).items():
        (folder / name).write_text(text)
    solved, real = [], solve.solve

    def keep(*args, **kwargs):
        solved.append(real(*args, **kwargs))
        return solved[-1]

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(solve, "solve", keep)
        out = pipeline.run(path, out=folder / "out", write_report=False, workers=1)
    hub = pd.read_csv(out / "hubs.csv").set_index("hub").loc["h"]
    lcoh = pd.read_csv(out / "lcoh_breakdown.csv").set_index(["hub", "component"]).loc["h"]
    caps = pd.read_csv(out / "capacities.csv").set_index("asset").capacity
    return solved[0], hub, lcoh, caps


def _solution(n, name: str) -> list[float]:
    """The solved values of a custom linopy variable (e.g. ``Link-online``) of hub h's
    alkaline electrolyser, per snapshot."""
    var = n.model.variables[name].solution
    return var.sel({var.dims[1]: "h electrolysis alkaline"}).values.tolist()


def _no_store(cf: list[float], *, grid: bool = False, offtake: list[float] | None = None
              ) -> dict:
    """The tiny spec without hydrogen storage, optionally with an hourly offtake (t/day)."""
    spec = tiny_spec(cf, grid=grid)
    spec["hubs"]["h"]["storage"] = []
    if offtake is not None:
        spec["hubs"]["h"]["offtake"] = {"profile": {"file": "cf.csv", "column": "offtake"}}
        spec["_cf"]["offtake"] = offtake
    return spec


def test_stack_cost_per_mwh_of_electricity_chooses_the_electrolyser(tmp_path):
    """Wind CF 1, 1; no grid, no store; alkaline 50 EUR/kW + stack 300 EUR/MWh_el, PEM
    50.3 EUR/kW + stack 100 EUR/MWh_el (both efficiency 0.5).

    Offtake 33.33 MW_H2 needs 66.66 MW_e in both hours: 2 MWh_el per MW over the year.
    Per MW: alkaline 50,000 + 2 x 300 = 50,600; PEM 50,300 + 2 x 100 = 50,500 EUR, so PEM
    (without the stack cost, or with it per MWh_H2 = 1 MWh per MW, alkaline would win).
    Wind 66.66 MW. Stack = 133.32 MWh_el x 100 = 13,332 EUR.
    Cost = 66.66 x 100,100 + 66.66 x 50,300 + 13,332 = 6,672,666 + 3,352,998 + 13,332
    = 10,038,996 EUR; 2 t: LCOH 5,019.498 EUR/kg; electrolysis (3,352,998 + 13,332) / 2,000
    = 1,683.165 EUR/kg.
    """
    spec = _no_store([1, 1])
    spec["hubs"]["h"]["electrolysis"] = ["alkaline", "pem"]
    n, hub, lcoh, caps = _run(tmp_path, spec, electrolysers={
        "alkaline": {"stack_cost_eur_per_mwh": 300},
        "pem": {"stack_cost_eur_per_mwh": 100, "investment_eur_per_kw": 50.3}})
    assert n.links.at["h electrolysis pem", "p_nom_opt"] == pytest.approx(66.66, rel=REL)
    assert n.links.at["h electrolysis alkaline", "p_nom_opt"] == pytest.approx(0, abs=1e-6)
    assert n.objective == pytest.approx(10_038_996, rel=REL)
    opex = n.statistics.opex(groupby="carrier", nice_names=False)
    assert opex.droplevel(0)["electrolysis pem"] == pytest.approx(13_332, rel=REL)
    assert caps["h electrolysis pem"] == pytest.approx(66.66, rel=REL)
    assert hub.lcoh_eur_per_kg == pytest.approx(5_019.498, rel=REL)
    assert lcoh.at["electrolysis", "annual_cost_eur"] == pytest.approx(3_366_330, rel=REL)
    assert lcoh.at["electrolysis", "lcoh_eur_per_kg"] == pytest.approx(1_683.165, rel=REL)
    assert lcoh.lcoh_eur_per_kg.sum() == pytest.approx(hub.lcoh_eur_per_kg, rel=1e-9)


@pytest.mark.parametrize(("start_up", "online", "started", "cost"), [
    (1000, [66.66] * 4, [0] * 4, 9_007_999.2),
    (5, [66.66, 0, 66.66, 0], [66.66, 0, 66.66, 0], 9_007_332.6),
], ids=["stay-online", "start-again"])
def test_minimum_load_stays_online_or_starts_again(tmp_path, start_up, online, started, cost):
    """Wind CF 1, 0, 1, 0; offtake 24, 0, 24, 0 t/day; no store; grid; min load 0.1.

    Windy hours: 33.33 MW_H2 = 66.66 MW_e; grid 10 MW (100 EUR/MWh, far below wind's
    100,100 / 2 = 50,050 EUR/MWh), wind 56.66 MW; electrolyser 66.66 MW.
    Base = 56.66 x 100,100 + 66.66 x 50,000 + 20 MWh x 100 = 9,006,666 EUR.
    Calm hours (no offtake): each MW kept online takes 0.1 MW from the grid (6.666 MW <= 10),
    its hydrogen vented by the part-load loss: 2 h x 0.1 x 100 = 20 EUR; shut down, it is
    started again twice: 2 x start-up cost.
    Start-up 1,000 EUR/MW: stay online (20 < 2,000), online 66.66 throughout, no start;
    cost 9,006,666 + 13.332 MWh x 100 = 9,007,999.2 EUR (grid 3,333.2 EUR).
    Start-up 5 EUR/MW: start again (10 < 20): online 66.66, 0, 66.66, 0, started 66.66 in
    hours 0 and 2; cost 9,006,666 + 2 x 66.66 x 5 = 9,007,332.6 EUR (electrolysis
    3,333,666.6 EUR, grid 2,000 EUR). LCOH = cost / 2,000 kg.
    """
    spec = _no_store([1, 0, 1, 0], grid=True, offtake=[24, 0, 24, 0])
    spec["planning_assumptions"] = {"start_up_cost_eur_per_mw": {"alkaline": start_up}}
    n, hub, lcoh, _ = _run(tmp_path, spec, electrolysers={"alkaline": {"min_load": 0.1}})
    assert n.objective == pytest.approx(cost, rel=REL)
    assert n.links.at["h electrolysis alkaline", "p_nom_opt"] == pytest.approx(66.66, rel=REL)
    assert _solution(n, "Link-online") == pytest.approx(online, abs=1e-6)
    assert _solution(n, "Link-started") == pytest.approx(started, abs=1e-6)
    starts = 5 * 2 * 66.66 if start_up == 5 else 0.0
    grid = 2000 + (0 if starts else 1333.2)
    assert hub.annual_cost_eur == pytest.approx(cost, rel=REL)
    assert hub.lcoh_eur_per_kg == pytest.approx(cost / 2000, rel=REL)
    assert lcoh.at["electrolysis", "annual_cost_eur"] == pytest.approx(3_333_000 + starts,
                                                                      rel=REL)
    assert lcoh.at["grid electricity", "annual_cost_eur"] == pytest.approx(grid, rel=REL)


def test_part_load_gives_more_hydrogen_per_mwh(tmp_path):
    """Wind CF 1, 0.5; offtake 24, 15 t/day; no grid, no store; part-load curve: relative
    consumption 0.8 at half load, 1 at full load.

    Output relative to nominal f(x) = x / s(x): f(0.5) = 0.625, f(1) = 1: slopes 1.25 and
    0.75, second intercept 0.25. Hour 0 needs 33.33 MW_H2 = 0.5 x min(1.25 p, 0.75 p +
    0.25 P) with p <= P: P = 66.66 MW_e at full load, wind 66.66 MW. Hour 1 has 0.5 x 66.66
    = 33.33 MW_e, half load: 0.5 x 0.625 x 66.66 = 20.83125 MW_H2 = 15 t/day (at nominal
    efficiency 16.665). The link gives 0.625 per MWh: hour 0 41.6625, part-load loss
    -8.3325; hour 1 no loss. A larger P (d MW) saves d / 3 of hour 0's input but none of
    hour 1's, which sets the wind: P = 66.66.
    Cost = 66.66 x 100,100 + 66.66 x 50,000 = 10,005,666 EUR for 1.625 t: LCOH 6,157.3329
    EUR/kg; electrolyser capacity factor (66.66 + 33.33) / (2 x 66.66) = 0.75.
    """
    spec = _no_store([1, 0.5], offtake=[24, 15])
    n, hub, _, _ = _run(tmp_path, spec, curve=[(0, 0.8), (0.5, 0.8), (1, 1)])
    assert n.links.at["h electrolysis alkaline", "p_nom_opt"] == pytest.approx(66.66, rel=REL)
    assert n.generators.at["a wind", "p_nom_opt"] == pytest.approx(66.66, rel=REL)
    assert n.links_t.p0["h electrolysis alkaline"].tolist() == pytest.approx([66.66, 33.33],
                                                                              rel=REL)
    made = -n.links_t.p1["h electrolysis alkaline"]
    assert made.tolist() == pytest.approx([41.6625, 20.83125], rel=REL)
    loss = n.generators_t.p["h electrolysis alkaline part-load loss"]
    assert loss.tolist() == pytest.approx([-8.3325, 0], abs=1e-6)
    assert n.objective == pytest.approx(10_005_666, rel=REL)
    assert hub.hydrogen_delivered_t_per_yr == pytest.approx(1.625, rel=REL)
    assert hub.lcoh_eur_per_kg == pytest.approx(10_005_666 / 1625, rel=REL)
    assert hub.electrolyser_capacity_factor == pytest.approx(0.75, rel=REL)


def test_water_follows_the_hydrogen_made_at_part_load(tmp_path):
    """The part-load network above with water modelled (10 kg per kg of H2; desalination
    and tank free, so only the flows matter).

    Hydrogen made: hour 0 41.6625 - 8.3325 = 33.33 MW_H2 (1 t/h), hour 1 20.83125 MW_H2
    (0.625 t/h). Water: 10 and 6.25 m3/h, 10 kg per kg in both hours (at the nominal
    efficiency per MWh of electricity it would have been 10 x 16.665 / 33.33 = 5 m3/h in
    hour 1: 8 kg per kg, below the stoichiometric 8.936).
    """
    spec = _no_store([1, 0.5], offtake=[24, 15])
    spec["hubs"]["h"]["water"] = {"desalination": True}
    spec["planning_assumptions"] = {"water_kg_per_kg_h2": 10}
    n, _, _, _ = _run(tmp_path, spec, curve=[(0, 0.8), (0.5, 0.8), (1, 1)])
    water = n.links_t.p2["h electrolysis water"]
    assert water.tolist() == pytest.approx([10, 6.25], rel=REL)  # m3/h drawn
    made = n.links_t.p0["h electrolysis water"]
    assert made.tolist() == pytest.approx([33.33, 20.83125], rel=REL)


def test_salt_cavern_compression(tmp_path):
    """Wind CF 1, 0; no grid; a salt cavern (1,000 EUR/MWh) charged through its compressor
    (10 EUR/kW_H2 = 10,000 EUR/MW_H2, 0.1 MWh_el per MWh_H2).

    Hour 1 is served from the cavern: 33.33 MWh charged in hour 0 at 33.33 MW_H2, compressor
    33.33 MW, compression 3.333 MWh_el. Hour 0: electrolyser 2 x 66.66 = 133.32 MW_e, wind
    133.32 + 3.333 = 136.653 MW.
    Cost = 136.653 x 100,100 + 133.32 x 50,000 + 33.33 x 1,000 + 33.33 x 10,000
    = 13,678,965.3 + 6,666,000 + 33,330 + 333,300 = 20,711,595.3 EUR for 2 t.
    LCOH components: compression 333,300 / 2,000 = 166.65, storage 16.665 EUR/kg.
    """
    spec = tiny_spec([1, 0], grid=False)
    spec["hubs"]["h"]["storage"] = ["salt_cavern"]
    costs = {("hydrogen storage compressor", "investment"): (10, "EUR/kW_H2"),
             ("hydrogen storage compressor", "compression-electricity-input"):
                 (0.1, "MWh_el/MWh_H2")}
    n, hub, lcoh, caps = _run(tmp_path, spec, costs=costs)
    charging = "h H2 salt_cavern charging"
    assert n.links.at[charging, "p_nom_opt"] == pytest.approx(33.33, rel=REL)
    assert n.links_t.p2[charging].tolist() == pytest.approx([3.333, 0], abs=1e-6)
    assert n.stores.at["h H2 salt_cavern", "e_nom_opt"] == pytest.approx(33.33, rel=REL)
    assert n.generators.at["a wind", "p_nom_opt"] == pytest.approx(136.653, rel=REL)
    assert n.objective == pytest.approx(20_711_595.3, rel=REL)
    assert caps[charging] == pytest.approx(33.33, rel=REL)
    assert hub.lcoh_eur_per_kg == pytest.approx(20_711_595.3 / 2000, rel=REL)
    assert lcoh.at["compression", "annual_cost_eur"] == pytest.approx(333_300, rel=REL)
    assert lcoh.at["compression", "lcoh_eur_per_kg"] == pytest.approx(166.65, rel=REL)
    assert lcoh.at["storage", "lcoh_eur_per_kg"] == pytest.approx(16.665, rel=REL)


@pytest.mark.parametrize("part_load", [True, False], ids=["made-bus", "electrolyser-bus2"])
def test_desalination_and_water_tank(tmp_path, part_load):
    """Wind CF 1, 1; offtake 48, 0 t/day; no grid, no store; 10 kg of water per kg of H2;
    desalination 1,000 EUR/(m3/h), 3 kWh/m3, 0.5 EUR/m3; water tank 100 EUR/m3.

    Hour 0 makes 2 t of hydrogen (133.32 MW_e): 20 m3 of water. Desalinating d0 + d1 = 20 m3
    with a tank holding d1 costs 1,000 max(d0, d1) + 100 d1 (+ 3 kWh/m3 of wind in hour 0,
    300.3 EUR per m3/h; hour 1's wind is idle): least at d0 = d1 = 10 m3/h, tank 10 m3.
    Desalination 10 m3/h = 0.03 MW_e: 10,000 EUR; water 20 m3 x 0.5 = 10 EUR; tank 1,000 EUR.
    Wind 133.32 + 0.03 = 133.35 MW.
    Cost = 133.35 x 100,100 + 133.32 x 50,000 + 11,010 = 20,025,345 EUR for 2 t; water
    11,010 / 2,000 = 5.505 EUR/kg.

    The same optimum in both formulations: with part load (here a flat curve) the water is
    taken by the "electrolysis water" link from the "H2 made" bus; without, by the
    electrolyser itself at its bus2 (0.5 x 10 / 33.33 = 0.150015 m3 per MWh of electricity).
    """
    spec = _no_store([1, 1], offtake=[48, 0])
    spec["hubs"]["h"]["electrolysis_operation"]["part_load"] = part_load
    spec["hubs"]["h"]["water"] = {"desalination": True, "tank": True}
    spec["planning_assumptions"] = {"water_kg_per_kg_h2": 10}
    costs = {("seawater desalination", "investment"): (1000, "EUR/(m^3-H2O/h)"),
             ("seawater desalination", "VOM"): (0.5, "EUR/m^3-H2O"),
             ("clean water tank storage", "investment"): (100, "EUR/m^3-H2O")}
    n, hub, lcoh, caps = _run(tmp_path, spec, costs=costs)
    taker = "h electrolysis water" if part_load else "h electrolysis alkaline"
    assert ("h H2 made" in n.buses.index) == part_load
    water = n.links_t.p2[taker]  # m3/h drawn from the water bus
    assert water.tolist() == pytest.approx([20, 0], abs=1e-6)
    if part_load:
        assert n.links_t.p0[taker].tolist() == pytest.approx([66.66, 0], rel=REL)
    else:
        assert n.links.at[taker, "efficiency2"] == pytest.approx(-0.5 * 10 / 33.33, rel=REL)
    assert n.links_t.p0["h desalination"].tolist() == pytest.approx([0.03, 0.03], rel=REL)
    assert n.links.at["h desalination", "p_nom_opt"] == pytest.approx(0.03, rel=REL)
    assert n.stores.at["h water tank", "e_nom_opt"] == pytest.approx(10, rel=REL)
    assert n.generators.at["a wind", "p_nom_opt"] == pytest.approx(133.35, rel=REL)
    assert n.objective == pytest.approx(20_025_345, rel=REL)
    assert caps["h desalination"] == pytest.approx(0.03, rel=REL)
    assert caps["h water tank"] == pytest.approx(10, rel=REL)
    assert lcoh.at["water", "annual_cost_eur"] == pytest.approx(11_010, rel=REL)
    assert lcoh.at["water", "lcoh_eur_per_kg"] == pytest.approx(5.505, rel=REL)
    assert hub.lcoh_eur_per_kg == pytest.approx(20_025_345 / 2000, rel=REL)


def test_desalination_without_a_water_tank(tmp_path):
    """The network above without the water tank (``water.tank`` false, the default):
    desalination follows the electrolysers hour by hour.

    Hour 0 needs 20 m3 of water, hour 1 none: desalination 20 m3/h = 0.06 MW_e, 20,000 EUR;
    water 20 m3 x 0.5 = 10 EUR. Wind 133.32 + 0.06 = 133.38 MW.
    Cost = 133.38 x 100,100 + 133.32 x 50,000 + 20,010 = 20,037,348 EUR for 2 t; water
    20,010 / 2,000 = 10.005 EUR/kg (with a tank: 5.505).
    """
    spec = _no_store([1, 1], offtake=[48, 0])
    spec["hubs"]["h"]["water"] = {"desalination": True}
    spec["planning_assumptions"] = {"water_kg_per_kg_h2": 10}
    costs = {("seawater desalination", "investment"): (1000, "EUR/(m^3-H2O/h)"),
             ("seawater desalination", "VOM"): (0.5, "EUR/m^3-H2O"),
             ("clean water tank storage", "investment"): (100, "EUR/m^3-H2O")}
    n, hub, lcoh, caps = _run(tmp_path, spec, costs=costs)
    assert "h water tank" not in n.stores.index
    assert n.links_t.p0["h desalination"].tolist() == pytest.approx([0.06, 0], abs=1e-9)
    assert n.links.at["h desalination", "p_nom_opt"] == pytest.approx(0.06, rel=REL)
    assert n.objective == pytest.approx(20_037_348, rel=REL)
    assert lcoh.at["water", "annual_cost_eur"] == pytest.approx(20_010, rel=REL)
    assert lcoh.at["water", "lcoh_eur_per_kg"] == pytest.approx(10.005, rel=REL)


#: Grid charges for the UK: 4 + 3 EUR/MWh included, one not included (left out).
CHARGES = """country,charge,value_eur_per_mwh,included,currency_year,source,note
UK,levy,4,true,2025,test fixture,
UK,balancing,3,true,2025,test fixture,
UK,capacity tariff,50,false,2025,test fixture,per kW: not charged per MWh
IN,levy,100,true,2025,test fixture,
"""


def test_grid_charges_on_every_mwh_imported(tmp_path):
    """Network A of test_tiny (wind CF 1, 0, 1, 0; tank; grid 10 MW) with prices 100, 50,
    100, 50 EUR/MWh and the UK's included charges from the table: 4 + 3 = 7 EUR/MWh.

    Imports at 107 and 57 EUR/MWh stay far below wind energy (50,050 EUR/MWh), so the plan of
    network A holds: 10 MW in all 4 hours, 40 MWh; wind 113.32 MW, electrolyser 123.32 MW,
    tank 28.33 MWh. Grid electricity 10 x (100 + 50 + 100 + 50) = 3,000 EUR; charges 40 x 7
    = 280 EUR. Cost = 17,654,982 - 40 x 100 + 3,000 + 280 = 17,654,262 EUR for 4 t: grid
    electricity 0.75, grid charges 0.07 EUR/kg.
    """
    spec = tiny_spec([1, 0, 1, 0])
    spec["hubs"]["h"]["grid"]["charges_eur_per_mwh"] = None
    spec["grid_charges"] = "grid_charges.csv"
    n, hub, lcoh, _ = _run(tmp_path, spec, prices=[100, 50, 100, 50],
                           files={"grid_charges.csv": CHARGES})
    assert n.generators_t.p["h grid"].tolist() == pytest.approx([10] * 4, rel=REL)
    assert n.generators.at["a wind", "p_nom_opt"] == pytest.approx(113.32, rel=REL)
    assert n.objective == pytest.approx(17_654_262, rel=REL)
    assert hub.grid_import_mwh == pytest.approx(40, rel=REL)
    assert lcoh.at["grid electricity", "annual_cost_eur"] == pytest.approx(3000, rel=REL)
    assert lcoh.at["grid charges", "annual_cost_eur"] == pytest.approx(280, rel=REL)
    assert lcoh.at["grid charges", "lcoh_eur_per_kg"] == pytest.approx(0.07, rel=REL)
    assert hub.lcoh_eur_per_kg == pytest.approx(17_654_262 / 4000, rel=REL)
    assert lcoh.lcoh_eur_per_kg.sum() == pytest.approx(hub.lcoh_eur_per_kg, rel=1e-9)


def test_surplus_sale_at_discounted_price_up_to_export_limit(tmp_path):
    """Wind CF 1, 1 at 1 EUR/kW (1,100 EUR/MW with the connection); no store; grid prices
    2,000 and 100 EUR/MWh; sale at 10 % discount (1,800 and 90) up to 5 MW.

    The electrolyser takes 66.66 MW_e in both hours. One more MW of wind sells in both hours
    for 1,800 + 90 = 1,890 > 1,100 EUR, up to the 5 MW limit: wind 71.66 MW, 5 MW sold each
    hour (10 MWh); importing to sell loses money (2,000 > 1,800, 100 > 90).
    Revenue = 5 x 1,800 + 5 x 90 = 9,450 EUR.
    Cost = 71.66 x 1,100 + 66.66 x 50,000 - 9,450 = 78,826 + 3,333,000 - 9,450
    = 3,402,376 EUR for 2 t: LCOH net 1,701.188, gross 3,411,826 / 2,000 = 1,705.913 EUR/kg;
    sales -4.725 EUR/kg.
    """
    spec = _no_store([1, 1], grid=True)
    spec["hubs"]["h"]["grid"]["sale"] = {"enabled": True, "discount_pct": 10,
                                         "export_limit_mw": 5}
    n, hub, lcoh, caps = _run(tmp_path, spec, prices=[2000, 100],
                              costs={("offwind", "investment"): (1, "EUR/kW")})
    assert n.generators.at["a wind", "p_nom_opt"] == pytest.approx(71.66, rel=REL)
    assert n.generators_t.p["h grid sale"].tolist() == pytest.approx([-5, -5], rel=REL)
    assert n.generators_t.p["h grid"].tolist() == pytest.approx([0, 0], abs=1e-6)
    assert n.objective == pytest.approx(3_402_376, rel=REL)
    assert caps["h grid sale"] == pytest.approx(5, rel=REL)
    assert hub.sales_revenue_eur == pytest.approx(9450, rel=REL)
    assert hub.grid_export_mwh == pytest.approx(10, rel=REL)
    assert hub.lcoh_eur_per_kg == pytest.approx(1_701.188, rel=REL)
    assert hub.lcoh_gross_eur_per_kg == pytest.approx(1_705.913, rel=REL)
    assert lcoh.at["electricity sales", "annual_cost_eur"] == pytest.approx(-9450, rel=REL)
    assert lcoh.at["electricity sales", "lcoh_eur_per_kg"] == pytest.approx(-4.725, rel=REL)


def test_cost_of_capital_per_country(tmp_path):
    """Two copies of the tiny hub, h in the UK and g in India, each fed by its own site;
    discount rate 0 for the UK (the network's) and 10 % for India
    (``costs.discount_rate_by_country``).

    Every tiny cost row has a 1-year lifetime and no FOM, so its annualised cost is the
    investment times annuity(r, 1) = r / (1 - 1/(1 + r)) = 1 + r: 1 at the UK hub, 1.1 at the
    Indian hub and at the site that feeds it. Operating costs are not annualised: the same.
    """
    from energymodel import config
    from energymodel.model import inputs, network

    spec = _no_store([1, 1])
    spec["hubs"]["g"] = {**spec["hubs"]["h"], "name": "Copy", "country": "IN"}
    spec["sites"]["b"] = {**spec["sites"]["a"], "name": "Site B", "hub": "g"}
    spec["costs"]["discount_rate_by_country"] = {"IN": 0.1}
    spec["_cf"]["b"] = spec["_cf"]["a"]
    nf = config.load(write_network(tmp_path, spec))
    inp = inputs.load(nf)
    assert inputs.discount_rate(nf, "h") == 0.0
    assert inputs.discount_rate(nf, "g") == 0.1
    n = network.build(nf, inp)
    for uk, india in [("h electrolysis alkaline", "g electrolysis alkaline"),
                      ("a export", "b export")]:
        assert n.links.at[uk, "capital_cost"] > 0
        assert n.links.at[india, "capital_cost"] == pytest.approx(
            1.1 * n.links.at[uk, "capital_cost"], rel=1e-12)
    assert n.generators.at["b wind", "capital_cost"] == pytest.approx(
        1.1 * n.generators.at["a wind", "capital_cost"], rel=1e-12)
    assert n.generators.at["b wind", "marginal_cost"] == n.generators.at["a wind", "marginal_cost"]
