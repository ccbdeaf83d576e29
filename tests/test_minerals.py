"""Mineral accounting, caps, recycling and generator-type choice on tiny networks by hand.

Shared numbers (see tests/test_tiny.py): wind 100,000 EUR/MW, export cable 100 EUR/MW (10 km),
alkaline electrolysis 50,000 EUR/MW_e at efficiency 0.5, offtake 33.33 MW_H2. A fixture
intensity table (test numbers, not data): direct-drive permanent magnet (dd_pmsg) 200 kg of
neodymium per MW, electrically excited (dd_eesg) zero by design, alkaline nickel with no
citable figure. The magnet-free generator costs 10 % more (``generator_premium_pct``).
"""

from __future__ import annotations

import json

import pandas as pd
import pypsa
import pytest

from energymodel import config, pipeline
from energymodel.cli import main
from energymodel.errors import InputError
from energymodel.model import constraints, inputs, network, solve
from energymodel.report import minerals as report_minerals
from energymodel.results import folder
from tests.networks import tiny_spec, write_network

FIXTURE = """technology,variant,mineral,kg_per_unit,unit,status
wind,dd_pmsg,neodymium,200,kg/MW,value
wind,dd_eesg,neodymium,0,kg/MW,zero by design
wind,gb_dfig,neodymium,,kg/MW,no citable figure
electrolysis,alkaline,nickel,,kg/MW,no citable figure
"""
WIND = 100_000.0
PREMIUM = 0.10
ELEC_AND_CABLE = 66.66 * 50_000 + 66.66 * 100  # flat electrolyser, export link at 66.66 MW


def _spec(cf, *, caps=(), recycled=None, grid=False):
    spec = tiny_spec(cf, grid=grid)
    spec["sites"]["a"]["generators"] = ["dd_pmsg", "dd_eesg"]
    spec["costs"]["generator_premium_pct"] = {"dd_eesg": 100 * PREMIUM}
    spec["minerals"] = {"intensities": "minerals.csv", "caps": list(caps),
                        "recycled_share": recycled or {}}
    return spec


def _write(tmp_path, spec):
    path = write_network(tmp_path / "net", spec)
    (path.parent / "minerals.csv").write_text(FIXTURE)
    return path


def _run(tmp_path, spec):
    out = pipeline.run(_write(tmp_path, spec), out=tmp_path / "out", write_report=False)
    return (out, json.loads((out / "summary.json").read_text()),
            pd.read_csv(out / "mineral_caps.csv"), pd.read_csv(out / "minerals.csv"))


def test_no_cap_builds_the_cheaper_magnet_generator(tmp_path):
    """Constant capacity factor 0.5, no grid: 66.66 MW_e every hour needs 133.32 MW of wind.

    Without a cap the cheaper dd_pmsg takes it all: 133.32 x 100,000 + 66.66 x 50,000 + 66.66
    x 100 = 16,671,666 EUR; neodymium 200 x 133.32 = 26,664 kg. The two generator types share
    the site's 1,000 MW limit.
    """
    out, doc, _, acc = _run(tmp_path, _spec([0.5, 0.5]))
    n = pypsa.Network(out / "network.nc")
    wind = n.generators[n.generators.carrier == "offwind fixed"].set_index("type")
    assert wind.at["dd_pmsg", "p_nom_opt"] == pytest.approx(133.32, abs=1e-6)
    assert wind.at["dd_eesg", "p_nom_opt"] == pytest.approx(0, abs=1e-6)
    assert wind.at["dd_eesg", "capital_cost"] == pytest.approx(WIND * (1 + PREMIUM), rel=1e-12)
    assert doc["objective_eur"] == pytest.approx(133.32 * WIND + ELEC_AND_CABLE, rel=1e-9)
    nd = doc["minerals"]["totals"]["total"]["neodymium"]
    assert nd["demand_kg"] == pytest.approx(26_664, rel=1e-9)
    nickel = doc["minerals"]["totals"]["total"]["nickel"]
    assert nickel["missing"] is True  # alkaline nickel: no citable figure, not zero
    assert acc[acc.mineral == "nickel"].demand_kg.isna().all()
    assert doc["minerals"]["missing_figures"] == ["electrolysis alkaline: nickel"]
    tables = folder.read_minerals(out)
    assert set(report_minerals.figures(tables)) == {"mineral_demand"}  # no supply, no sweep
    page = report_minerals.section_html(tables)
    assert "no citable figure for electrolysis alkaline" in page


@pytest.mark.parametrize(("recycled", "pmsg", "price"), [(0.0, 50.0, 50.0), (0.5, 100.0, 100.0)])
def test_cap_switches_to_magnet_free_generator(tmp_path, recycled, pmsg, price):
    """A 10 t network-wide cap on primary neodymium, recycled share r.

    Primary demand = 200 (1 - r) P_pmsg <= 10,000 kg. Switch point: the cap binds below
    200 x 133.32 x (1 - r) kg = 26.664 (1 - r) t; at 10 t it binds for r = 0 and r = 0.5.
    The rest of the 133.32 MW comes from dd_eesg at 110,000 EUR/MW:
    r = 0:   P_pmsg = 10,000 / 200 = 50 MW, P_eesg = 83.32 MW;
    r = 0.5: P_pmsg = 10,000 / 100 = 100 MW, P_eesg = 33.32 MW.
    Cost = P_pmsg x 100,000 + P_eesg x 110,000 + 3,339,666 (17,504,866 and 17,004,866 EUR).
    Shadow price: one more kg of primary neodymium allows 1 / (200 (1 - r)) MW more dd_pmsg in
    place of dd_eesg, saving 10,000 EUR/MW: 10,000 / 200 = 50 EUR/kg (r = 0) and
    10,000 / 100 = 100 EUR/kg (r = 0.5).
    """
    cap = {"mineral": "neodymium", "limit_t": 10}
    rec = {"neodymium": recycled} if recycled else {}
    out, doc, caps, acc = _run(tmp_path, _spec([0.5, 0.5], caps=[cap], recycled=rec))
    eesg = 133.32 - pmsg
    assert doc["objective_eur"] == pytest.approx(
        pmsg * WIND + eesg * WIND * (1 + PREMIUM) + ELEC_AND_CABLE, rel=1e-9)
    row = acc[(acc.mineral == "neodymium")].set_index("variant")
    assert row.at["dd_pmsg", "capacity"] == pytest.approx(pmsg, abs=1e-6)
    assert row.at["dd_eesg", "capacity"] == pytest.approx(eesg, abs=1e-6)
    assert row.at["dd_eesg", "status"] == "zero by design"
    assert row.primary_kg.sum() == pytest.approx(10_000, abs=1e-6)
    assert row.demand_kg.sum() == pytest.approx(200 * pmsg, abs=1e-6)
    c = caps.iloc[0]
    assert c.scope == "total"
    assert bool(c.binding)
    assert c.shadow_price_eur_per_kg == pytest.approx(price, abs=1e-6)


def test_cap_above_switch_point_does_not_bind(tmp_path):
    """A 30 t cap is above 26.664 t: same plan as without a cap, shadow price 0."""
    cap = {"mineral": "neodymium", "limit_t": 30}
    _, doc, caps, _ = _run(tmp_path, _spec([0.5, 0.5], caps=[cap]))
    assert doc["objective_eur"] == pytest.approx(133.32 * WIND + ELEC_AND_CABLE, rel=1e-9)
    assert not bool(caps.iloc[0].binding)
    assert caps.iloc[0].shadow_price_eur_per_kg == pytest.approx(0, abs=1e-9)


def _two_hubs(tmp_path, caps):
    """Network A (hub h, UK) plus hub g (IN) fed by site b at capacity factor 0.5."""
    spec = _spec([1, 0, 1, 0], caps=caps, grid=True)
    spec["hubs"]["g"] = {**spec["hubs"]["h"], "name": "Second hub", "country": "IN",
                         "storage": ["salt_cavern"]}
    spec["sites"]["b"] = {**spec["sites"]["a"], "name": "Site B", "hub": "g",
                          "profile": {"file": "cf.csv", "column": "b"}}
    spec["_cf"]["b"] = [0.5, 0.5, 0.5, 0.5]
    return config.load(_write(tmp_path, spec))


@pytest.mark.parametrize("caps", [
    [{"mineral": "neodymium", "limit_t": 20}],  # network-wide: couples h and g
    [{"mineral": "neodymium", "limit_t": 10, "country": "UK"},
     {"mineral": "neodymium", "limit_t": 10, "country": "IN"}],  # one per country: apart
])
def test_decomposition_with_caps_equals_joint(tmp_path, caps):
    """Both hubs need 113.32 MW of wind uncapped (tests/test_solve.py): 45,328 kg of Nd in
    all, so a 20 t network cap and 10 t country caps all bind. A network-wide cap puts both
    hubs in one group; country caps leave them apart. Either way the decomposed solve equals
    the joint LP (objective, every capacity and the shadow prices)."""
    nf = _two_hubs(tmp_path, caps)
    groups = solve.hub_groups(nf)
    assert sorted(map(sorted, groups)) == ([["g", "h"]] if len(caps) == 1 else [["g"], ["h"]])
    assert solve.hub_groups(nf, ["h"]) == [g for g in groups if "h" in g]
    inp = inputs.load(nf)
    joint = network.build(nf, inp)
    solve.optimize(joint, ctx=constraints.Context.build(nf, inp, joint))
    joint_duals = solve.mineral_duals(joint)
    assert all(v > 1 for v in joint_duals.values())  # every cap binds
    for workers in (1, 2):
        split = solve.solve(nf, workers=workers)
        assert split.objective == pytest.approx(joint.objective, rel=1e-9)
        for comp, attr in (("Generator", "p_nom_opt"), ("Link", "p_nom_opt"),
                           ("Store", "e_nom_opt")):
            a = joint.c[comp].static[attr].sort_index()
            b = split.c[comp].static[attr].sort_index()
            assert (a - b).abs().max() < 1e-5
        for name, price in joint_duals.items():
            assert split.meta["mineral_duals"][name] == pytest.approx(price, rel=1e-6)


def test_bad_mineral_inputs(tmp_path):
    """A cap on a mineral the table lacks, a country with no hub, a value on a missing row."""
    with pytest.raises(InputError, match="not in minerals.csv"):
        inputs.load(config.load(_write(tmp_path / "a", _spec(
            [0.5], caps=[{"mineral": "unobtainium", "limit_t": 1}]))))
    with pytest.raises(InputError, match="no hub in 'FR'"):
        config.load(_write(tmp_path / "b", _spec(
            [0.5], caps=[{"mineral": "neodymium", "limit_t": 1, "country": "FR"}])))
    path = _write(tmp_path / "c", _spec([0.5]))
    (path.parent / "minerals.csv").write_text(FIXTURE.replace("gb_dfig,neodymium,,",
                                                              "gb_dfig,neodymium,5,"))
    with pytest.raises(InputError, match="no citable figure, yet a value is given"):
        inputs.load(config.load(path))


def test_tradeoff_command_writes_its_own_folder(tmp_path, monkeypatch, capsys):
    """``energymodel tradeoff`` with 3 points on the network of the tests above.

    Point 0 has no cap: 26,664 kg of neodymium (see the first test). Point 1 caps primary
    neodymium at half of it, 13.332 t: P_pmsg = 13,332 / 200 = 66.66 MW, P_eesg = 66.66 MW,
    cost 66.66 x 100,000 + 66.66 x 110,000 + 3,339,666 = 17,338,266 EUR, shadow price
    10,000 / 200 = 50 EUR/kg. Point 2 caps it at 0: all 133.32 MW dd_eesg, 18,004,866 EUR.
    The study writes results/tiny_tradeoff_neodymium/, which a later run of the network into
    results/tiny/ leaves alone.
    """
    path = _write(tmp_path, _spec([0.5, 0.5]))
    monkeypatch.chdir(tmp_path)
    assert main(["-q", "tradeoff", str(path), "--mineral", "neodymium", "--points", "3",
                 "--resolution", "1h", "--workers", "1"]) == 0
    folder_ = tmp_path / "results" / "tiny_tradeoff_neodymium"
    assert "trade-off written to results/tiny_tradeoff_neodymium" in capsys.readouterr().out
    table = pd.read_csv(folder_ / "tradeoff.csv")
    assert table.total_cost_eur.tolist() == pytest.approx(
        [133.32 * WIND + ELEC_AND_CABLE, 17_338_266.0, 18_004_866.0], rel=1e-9)
    assert table.primary_kg.tolist() == pytest.approx([26_664, 13_332, 0], abs=1e-6)
    assert table.shadow_price_eur_per_kg.iloc[1] == pytest.approx(50.0, abs=1e-6)
    assert (table.currency == "EUR2025").all()  # money states its currency year
    page = (folder_ / "tradeoff.html").read_text()
    assert 'id="figure-mineral-tradeoff"' in page
    assert main(["-q", "run", str(path), "--no-report"]) == 0
    assert (tmp_path / "results" / "tiny" / "summary.json").is_file()
    assert sorted(p.name for p in folder_.iterdir()) == ["tradeoff.csv", "tradeoff.html"]


def test_tradeoff_refuses_a_mineral_the_table_does_not_know(tmp_path, capsys):
    path = _write(tmp_path, _spec([0.5, 0.5]))
    assert main(["-q", "tradeoff", str(path), "--mineral", "unobtainium",
                 "--out", str(tmp_path / "t")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --mineral: unobtainium: not in the intensity table")
    assert not (tmp_path / "t").exists()


def test_cap_refused_while_a_candidate_has_no_figure(tmp_path):
    """gb_dfig's neodymium has no citable figure: a neodymium cap with gb_dfig buildable is
    refused (exit 2, one line naming the cap), never solved as if gb_dfig held none."""
    spec = _spec([0.5, 0.5], caps=[{"mineral": "neodymium", "limit_t": 0}])
    spec["sites"]["a"]["generators"] = ["dd_pmsg", "gb_dfig"]
    with pytest.raises(InputError) as err:
        inputs.load(config.load(_write(tmp_path, spec)))
    assert err.value.field == "minerals.caps.0"
    assert "no citable figure for wind gb_dfig" in str(err.value)
    # the alkaline nickel gap is outside a neodymium cap: without gb_dfig the cap is fine
    spec["sites"]["a"]["generators"] = ["dd_pmsg", "dd_eesg"]
    inputs.load(config.load(_write(tmp_path / "ok", spec)))


def test_cap_country_scope_limits_the_candidates(tmp_path):
    """A cap on IN's neodymium ignores a UK site that could build gb_dfig."""
    nf = _two_hubs(tmp_path, [{"mineral": "neodymium", "limit_t": 10, "country": "IN"}])
    spec = nf.network.model_dump(mode="json", exclude_none=True)
    spec["sites"]["a"]["generators"] = ["dd_pmsg", "gb_dfig"]  # site a feeds UK hub h
    inputs.load(config.with_changes(nf, {"sites": spec["sites"]}))
    spec["sites"]["b"]["generators"] = ["dd_pmsg", "gb_dfig"]  # site b feeds IN hub g
    with pytest.raises(InputError, match="wind gb_dfig"):
        inputs.load(config.with_changes(nf, {"sites": spec["sites"]}))


def test_assumed_figure_enters_the_cap_and_is_marked(tmp_path):
    """gb_dfig neodymium assumed 100 kg/MW (a test number); dd_pmsg 200, dd_eesg 0 at +10 %.

    Cap 10 t on 133.32 MW of wind: gb_dfig costs what dd_pmsg costs (no premium), so the
    optimum fills the cap at the least neodymium per euro: dd_pmsg P1, gb_dfig P2, dd_eesg P3
    with 200 P1 + 100 P2 <= 10,000 and P1 + P2 + P3 = 133.32. dd_pmsg and gb_dfig cost the
    same, so per kg of neodymium gb_dfig displaces twice as much dd_eesg: P2 = 100 MW,
    P1 = 0, P3 = 33.32 MW. Cost = 100 x 100,000 + 33.32 x 110,000 + 3,339,666 EUR.
    """
    spec = _spec([0.5, 0.5], caps=[{"mineral": "neodymium", "limit_t": 10}])
    spec["sites"]["a"]["generators"] = ["dd_pmsg", "gb_dfig", "dd_eesg"]
    spec["minerals"]["assumed"] = [{"technology": "wind", "variant": "gb_dfig",
                                    "mineral": "neodymium", "kg_per_unit": 100,
                                    "note": "test number"}]
    out = pipeline.run(_write(tmp_path, spec), out=tmp_path / "out", write_report=True)
    doc = json.loads((out / "summary.json").read_text())
    assert doc["objective_eur"] == pytest.approx(
        100 * WIND + 33.32 * WIND * (1 + PREMIUM) + ELEC_AND_CABLE, rel=1e-9)
    acc = pd.read_csv(out / "minerals.csv").set_index(["variant", "mineral"])
    assert acc.at[("gb_dfig", "neodymium"), "status"] == "assumed"
    assert acc.at[("gb_dfig", "neodymium"), "capacity"] == pytest.approx(100, abs=1e-6)
    nd = doc["minerals"]["totals"]["total"]["neodymium"]
    assert nd["assumed"] is True
    assert nd["assumed_for"] == "wind gb_dfig"
    assert doc["minerals"]["assumed_figures"][0]["kg_per_unit"] == 100
    page = (out / "report.html").read_text()
    assert "<strong>assumed</strong> for wind gb_dfig" in page
    assumptions = pd.read_csv(out / "assumptions.csv")
    row = assumptions[assumptions.parameter == "mineral intensity: wind gb_dfig, neodymium"]
    assert row.group.tolist() == ["planning assumption"]


@pytest.mark.parametrize(("assumed", "problem"), [
    ({"technology": "wind", "variant": "dd_pmsg", "mineral": "neodymium"}, "gives"),
    ({"technology": "wind", "variant": "dd_pmsg", "mineral": "copper"}, "is not a row"),
])
def test_assumption_only_fills_a_missing_figure(tmp_path, assumed, problem):
    """A cited figure is never overwritten by an assumption; an unknown row is named."""
    spec = _spec([0.5, 0.5])
    spec["minerals"]["assumed"] = [{**assumed, "kg_per_unit": 1}]
    with pytest.raises(InputError, match=problem) as err:
        inputs.load(config.load(_write(tmp_path, spec)))
    assert err.value.field == "minerals.assumed.0"


def test_candidates_agree_with_the_built_network():
    """inputs.mineral_candidates (from the network file) names exactly the (hub, technology,
    variant) of constraints.minerals.mineral_assets (from the built network)."""
    from energymodel.model.constraints.minerals import mineral_assets
    from tests.networks import REPO
    nf = config.load(REPO / "networks" / "uk_india.yaml")
    nf = config.with_changes(nf, {"sites.*.generators": ["dd_pmsg", "gb_dfig", "dd_eesg"],
                                  "hubs.humber.battery.enabled": True})
    n = network.build(nf, inputs.load(nf))
    built = {tuple(r) for r in mineral_assets(n)[["hub", "technology", "variant"]]
             .itertuples(index=False)}
    assert inputs.mineral_candidates(nf.network) == built
