"""compare.html: the pure tables by hand, then a small sweep of real tiny runs end to end.

:func:`build_sweep` writes a sweep folder as ``energymodel sweep`` would: five tiny scenarios
solved with ``pipeline.run`` (see tests/networks.py) under ``<folder>/<name>/``, one failed and
one pending entry, and a hand-written ``sweep.json``. tests/test_browser.py loads its page too.
"""

from __future__ import annotations

import html
import json
import math
import re
from pathlib import Path

import pandas as pd
import pytest
from plotly.offline import get_plotlyjs

from energymodel import pipeline
from energymodel.cli import main
from energymodel.errors import InputError
from energymodel.report import compare
from energymodel.results import sweep as tables
from tests.networks import setter, tiny_spec, write_network

EVIL_NAME = "<script>alert(1)"  # a scenario name (a folder name cannot hold '/')
EVIL_LABEL = "<img src=x onerror=alert(2)>"
EVIL_ERROR = "solver said <b>infeasible</b> & gave up"
EVIL_TITLE = "<script>alert(3)</script> UK & India"
CAP = "hubs.h.emissions_cap_kg_per_kg"
PRICE = "hubs.h.grid.price_multiplier"
#: Fixture intensities (test numbers, not data): kg per MW.
MINERALS = """technology,variant,mineral,kg_per_unit,unit,status
wind,dd_pmsg,neodymium,200,kg/MW,value
electrolysis,alkaline,nickel,1000,kg/MW,value
"""
#: name -> (kind, group, varied, label, status)
SCENARIOS = {
    "baseline": ("scenario", None, {}, "", "done"),
    "cap_1": ("grid", "cap", {CAP: 1.0}, "", "done"),
    "cap_0.5": ("grid", "cap", {CAP: 0.5}, "", "done"),
    "price_low": ("sensitivity", "grid price", {PRICE: 0.5}, "Grid price", "done"),
    "price_high": ("sensitivity", "grid price", {PRICE: 20.0}, "Grid price", "done"),
    EVIL_NAME: ("sensitivity", "grid price", {"costs.discount_rate": 0.1}, EVIL_LABEL, "failed"),
    "later": ("scenario", None, {"costs.year": 2040}, "", "pending"),
}


def build_sweep(folder: Path) -> Path:
    """Solve the done scenarios of :data:`SCENARIOS` into ``folder/<name>`` and write
    ``folder/sweep.json``; return ``folder``. Each run takes about two seconds."""
    entries = []
    for name, (kind, group, varied, label, status) in SCENARIOS.items():
        if status == "done":
            spec = tiny_spec([1, 0, 1, 0])
            spec["sites"]["a"]["generators"] = ["dd_pmsg"]
            spec["minerals"] = {"intensities": "minerals.csv"}
            for path, value in varied.items():
                setter(path, value)(spec)
            network = write_network(folder.parent / "networks" / f"net{len(entries)}", spec)
            (network.parent / "minerals.csv").write_text(MINERALS)
            pipeline.run(network, out=folder / name, write_report=False)
        entries.append({
            "name": name, "kind": kind, "group": group,
            "around": None if kind == "scenario" else "baseline", "varied": varied,
            "label": label, "overrides": dict(varied), "status": status,
            "error": EVIL_ERROR if status == "failed" else None,
            "seconds": 1.5 if status != "pending" else None, "hash": f"{len(entries):04x}"})
    doc = {"sweep": "example", "title": EVIL_TITLE, "file": "networks/scenarios/example.yaml",
           "scenarios": entries}
    (folder / "sweep.json").write_text(json.dumps(doc, indent=2))
    return folder


@pytest.fixture(scope="module")
def sweep(tmp_path_factory) -> Path:
    return build_sweep(tmp_path_factory.mktemp("compare") / "sweep")


@pytest.fixture(scope="module")
def page(sweep) -> str:
    return compare.write(sweep).read_text(encoding="utf-8")


# ---------------------------------------------------------------- pure tables


def test_pareto_front_by_hand():
    """Points (cost, emissions), both minimised.

    A (1, 5): nothing is cheaper -> front. B (2, 3): only A is cheaper, and A emits more ->
    front. C (3, 3): B is cheaper and emits as much -> dominated. D (4, 1): nothing emits
    less -> front. E (2, 6): A is cheaper and cleaner -> dominated. F (2, 3) equals B: equal
    points do not dominate each other -> front. G has a NaN -> never on the front (and
    dominates nothing: without it D would still be on the front).
    """
    points = [(1, 5), (2, 3), (3, 3), (4, 1), (2, 6), (2, 3), (math.nan, 0)]
    assert tables.pareto_front(points) == [True, True, False, True, False, True, False]
    assert tables.pareto_front([]) == []


def test_tornado_rows_by_hand():
    """Reference LCOH 4.0 EUR/kg.

    Discount rate: 0.05 -> 3.5 (-0.5), 0.10 -> 4.8 (+0.8): swing 4.8 - 3.5 = 1.3.
    Grid price, given high first: sorted to 0.5 -> 3.9 (-0.1), 2.0 -> 4.3 (+0.3): swing 0.4.
    Standard (text values, order as given): eu_rfnbo -> 4.1 (+0.1), uk_lchs -> 6.0 (+2.0):
    swing 1.9. Cost year, one value 2040 -> 3.0: low = high, swing |3.0 - 4.0| = 1.0.
    Offtake has no LCOH (failed run): left out. Sorted by swing: 1.9, 1.3, 1.0, 0.4.
    """
    rows = tables.tornado_rows(4.0, [
        ("Discount rate", 0.05, 3.5), ("Grid price", 2.0, 4.3), ("Discount rate", 0.10, 4.8),
        ("Standard", "eu_rfnbo", 4.1), ("Grid price", 0.5, 3.9), ("Offtake", 2.0, math.nan),
        ("Standard", "uk_lchs", 6.0), ("Cost year", 2040, 3.0)])
    assert [r["label"] for r in rows] == ["Standard", "Discount rate", "Cost year", "Grid price"]
    expected = {  # label: (low value, high value, low change, high change, swing)
        "Standard": ("eu_rfnbo", "uk_lchs", 0.1, 2.0, 1.9),
        "Discount rate": (0.05, 0.10, -0.5, 0.8, 1.3),
        "Cost year": (2040, 2040, -1.0, -1.0, 1.0),
        "Grid price": (0.5, 2.0, -0.1, 0.3, 0.4),
    }
    for r in rows:
        low, high, d_low, d_high, swing = expected[r["label"]]
        assert (r["low_value"], r["high_value"]) == (low, high)
        assert r["low_change"] == pytest.approx(d_low)
        assert r["high_change"] == pytest.approx(d_high)
        assert r["swing"] == pytest.approx(swing)
        assert r["low_lcoh"] == pytest.approx(4.0 + d_low)


def _scenario(name, lcoh, *, kind="grid", group="years", varied=None, hubs=None):
    hubs = hubs or {"uk": ("Humber", lcoh + 1), "in": ("Kutch", lcoh - 1)}
    summary = {"hubs": {k: {"name": n, "lcoh_eur_per_kg": v} for k, (n, v) in hubs.items()},
               "total": {"lcoh_eur_per_kg": lcoh}}
    return tables.Scenario(name=name, kind=kind, group=group, varied=varied or {},
                            status="done", summary=summary)


def test_grid_series_stats_and_cap_labels_by_hand():
    """A weather-year grid given out of order is sorted by year; a grid varying two fields gets
    no line chart. Network LCOH 5, 3, 4 over 2011, 2010, 2012: min 3 (2010), max 5 (2011),
    mean 4; Humber is always 1 higher, Kutch 1 lower."""
    scenarios = [
        _scenario("y2011", 5.0, varied={"weather_year": 2011}),
        _scenario("y2010", 3.0, varied={"weather_year": 2010}),
        _scenario("y2012", 4.0, varied={"weather_year": 2012}),
        _scenario("two", 4.0, group="mixed", varied={"a": 1, "b": 2}),
        _scenario("cap", 6.0, group="caps", varied={CAP: 0.5, "hubs.x." + CAP.split(".")[-1]: 0.5}),
    ]
    series = tables.grid_series(scenarios)
    assert [(g, f) for g, f, _ in series] == [("years", "weather_year")]
    table = series[0][2]
    assert list(table.index) == [2010, 2011, 2012]
    assert list(table.columns) == ["uk", "in", "total"]
    assert list(table["total"]) == [3.0, 5.0, 4.0]
    stats = tables.grid_stats(table)
    assert stats.loc["total"].to_dict() == {"min": 3.0, "min_at": 2010, "max": 5.0,
                                            "max_at": 2011, "mean": 4.0}
    assert stats.at["uk", "mean"] == pytest.approx(5.0)
    assert tables.cap_labels(scenarios) == {"cap": "cap 0.5 kg/kg"}
    assert tables.hub_labels(scenarios) == {"uk": "Humber", "in": "Kutch",
                                             "total": "Whole network"}


# ---------------------------------------------------------------- sweep.json errors


@pytest.mark.parametrize(("text", "field"), [
    (None, "(file)"),
    ("{not json", "(file)"),
    ("[]", "(file)"),
    ('{"sweep": "x"}', "scenarios"),
    ('{"scenarios": [{"name": "a", "status": "maybe"}]}', "scenarios.0.status"),
    ('{"scenarios": [{"name": "../a", "status": "done"}]}', "scenarios.0.name"),
    ('{"scenarios": [{"name": "a", "status": "done"}, {"name": "a", "status": "failed"}]}',
     "scenarios.1.name"),
    ('{"scenarios": [{"name": "a", "status": "done", "overrides": [1]}]}',
     "scenarios.0.overrides"),
])
def test_missing_or_malformed_sweep_json(tmp_path, text, field):
    """One-line InputError naming sweep.json and the field; no page written."""
    if text is not None:
        (tmp_path / "sweep.json").write_text(text)
    with pytest.raises(InputError) as err:
        compare.write(tmp_path)
    assert err.value.field == field
    assert err.value.file.endswith("sweep.json")
    assert "\n" not in str(err.value)
    assert not (tmp_path / "compare.html").exists()


def test_main_reports_one_line(tmp_path, capsys):
    assert main(["compare", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ")
    assert "sweep.json: (file): missing" in err
    assert len(err.splitlines()) == 1


# ---------------------------------------------------------------- end to end


def test_loaded_sweep_numbers(sweep):
    """The tiny runs as loaded: the caps cut emissions (20 t -> 4 t at 1 kg/kg, 2 t at 0.5 kg/kg
    on 4 t of hydrogen) at a higher cost; halving the grid price makes the baseline plan slightly
    cheaper at the same emissions, so it dominates the baseline. Front: price_low, cap_1,
    cap_0.5."""
    _, scenarios = tables.load(sweep)
    done = [s for s in scenarios if s.done]
    assert [s.name for s in done] == ["baseline", "cap_1", "cap_0.5", "price_low", "price_high"]
    co2 = tables.metric_table(scenarios, "co2_t")["total"]
    assert co2["cap_1"] == pytest.approx(4.0, rel=1e-6)
    assert co2["cap_0.5"] == pytest.approx(2.0, rel=1e-6)
    points = [(s.summary["total"]["annual_cost_eur"], s.summary["total"]["co2_t"]) for s in done]
    front = [s.name for s, f in zip(done, tables.pareto_front(points), strict=True) if f]
    assert front == ["cap_1", "cap_0.5", "price_low"]
    minerals = tables.mineral_table(scenarios)
    assert set(minerals.mineral) == {"neodymium", "nickel"}
    assert tables.cap_labels(scenarios) == {"cap_1": "cap 1 kg/kg", "cap_0.5": "cap 0.5 kg/kg"}


def test_page_is_offline_and_names_every_scenario(page):
    bundle = get_plotlyjs()
    assert page.count(bundle) == 1
    rest = page.replace(bundle, "")
    for needle in ('src="http', "src='http", 'href="http', "href='http", "cdn.", "@import",
                   "<link", "<script src"):
        assert needle not in rest, needle
    for name in SCENARIOS:
        assert html.escape(name) in rest, name
    ids = re.findall(r'<div id="([^"]+)" class="plotly-graph-div"', page)
    assert ids == ["figure-lcoh", "figure-capacities", "figure-emissions", "figure-minerals",
                   "figure-tornado-0", "figure-pareto", "figure-grid-0"]
    assert "How LCOH varies with the emissions cap at Tiny hub (kg CO2 per kg H2)" in rest
    assert "Sensitivity: grid price" in rest


def test_markup_is_escaped_and_failure_shown(page):
    """The failed scenario's name, label and error, and the sweep title, appear only escaped;
    the page has exactly the script elements of plotly.js, its config and the figures."""
    rest = page.replace(get_plotlyjs(), "")
    for raw in (EVIL_NAME, EVIL_LABEL, EVIL_ERROR, EVIL_TITLE, "<img", "<b>infeasible"):
        assert raw not in rest, raw
    assert f"<title>{html.escape(EVIL_TITLE)}</title>" in rest
    assert html.escape(EVIL_ERROR) in rest
    assert "Failed" in rest
    assert "Not run" in rest
    assert "Left out (not finished): &lt;script&gt;alert(1)" in rest
    assert rest.count("<script") == 2 + 7


def test_page_is_byte_identical_when_rewritten(sweep, page):
    assert compare.write(sweep).read_text(encoding="utf-8") == page


def test_unreadable_scenario_is_shown_as_failed(sweep, tmp_path):
    """A 'done' scenario whose summary.json is gone is shown failed with the reason, and the
    rest of the page is still written."""
    doc = json.loads((sweep / "sweep.json").read_text())
    doc["scenarios"][0]["name"] = "gone"
    (tmp_path / "sweep.json").write_text(json.dumps(doc))
    for name in SCENARIOS:
        if (sweep / name).is_dir() and name != "baseline":
            (tmp_path / name).symlink_to(sweep / name)
    page = compare.write(tmp_path).read_text(encoding="utf-8")
    assert "results unreadable" in page
    assert "summary.json: (file): missing" in page
    assert "No chart: the reference scenario baseline" in page


def test_two_hubs_render_by_hand():
    """Hand-made scenarios with two hubs (no files): hub menus on the capacity and tornado
    charts, the weather-year chart and its table, the cap highlighted; no minerals section."""
    caps = pd.DataFrame({
        "hub": ["uk", "in", "uk"], "category": ["wind", "wind", "hydrogen storage"],
        "unit": ["MW", "MW", "MWh"], "capacity": [100.0, 80.0, 30.0]})
    scenarios = [
        _scenario("base", 4.0, kind="scenario", group=None),
        *[_scenario(f"y{y}", 4.0 + d, varied={"weather_year": y})
          for y, d in ((2012, 0.2), (2010, -0.3), (2011, 0.1))],
        _scenario("rate_lo", 3.6, kind="sensitivity", group="one at a time",
                  varied={"costs.discount_rate": 0.05}),
        _scenario("rate_hi", 4.7, kind="sensitivity", group="one at a time",
                  varied={"costs.discount_rate": 0.1}),
        _scenario("cap", 4.9, group="caps", varied={CAP: 1.0}),
    ]
    for i, s in enumerate(scenarios):
        s.around = None if s.kind == "scenario" else "base"
        s.label = "Discount rate" if s.kind == "sensitivity" else ""
        s.summary["total"].update(co2_t=10.0 - i, annual_cost_eur=1e6 * (1 + i),
                                  co2_kg_per_kg_h2=1.0)
        s.capacities = caps
    page = compare.render({"sweep": "hand", "title": ""}, scenarios)
    assert "How LCOH varies across weather years" in page
    assert "Minerals" not in page
    assert page.count('"buttons":[{"args":[{"visible"') == 2  # capacity and tornado menus
    assert "cap 1 kg\\u002fkg" in page  # plotly escapes "/" in its JSON
    stats = page[page.index('id="section-grid-0"'):]
    assert re.search(r"Whole network</th><td class=\"num\">3.70</td><td>2010</td>"
                     r"<td class=\"num\">4.20</td><td>2012</td><td class=\"num\">4.00</td>",
                     stats)


def test_pareto_front_is_the_cap_sweep_when_there_is_one(sweep):
    """In the tiny sweep, price_low dominates the baseline on all runs (see
    test_loaded_sweep_numbers), but it answers a different question (another grid price).
    With an emissions-cap grid the drawn front joins only the cap runs and their reference,
    baseline: baseline (cheapest, 20 t), cap_1 (4 t), cap_0.5 (2 t)."""
    _, scenarios = tables.load(sweep)
    fig = compare.pareto_figure(scenarios)
    line = next(t for t in fig.data if t.mode == "lines")
    done = {s.name: s.summary["total"] for s in scenarios if s.done}
    expect = sorted((done[n]["co2_t"], done[n]["annual_cost_eur"] / 1e6)
                    for n in ("baseline", "cap_1", "cap_0.5"))
    assert list(line.x) == pytest.approx([x for x, _ in expect])
    assert list(line.y) == pytest.approx([y for _, y in expect])
    assert line.name == "Pareto front of the emissions-cap sweep"


def test_wildcard_field_in_words():
    assert compare._field_text("hubs.*.emissions_cap_kg_per_kg", {}).startswith(  # noqa: SLF001
        "emissions cap at every hub")
