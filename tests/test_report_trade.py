"""Tests of the sections of issue 15 in report.html: electrolyser placement, hydrogen delivered
abroad and the map (energymodel.report.trade).

The results folder is the synthetic one of tests/test_report.py as a current run writes it
(``write_current``: currency EUR2025, references.csv), with hand-written placement.csv,
delivered_cost.csv, map.csv and references.csv added. Their numbers are hand-chosen test
fixtures, not data: round stage costs that add up by construction, and a forced placement whose
extra cost is the LCOH change times the hub's hydrogen (2.5 million EUR/yr / 50,000 t =
0.05 EUR/kg). As the model writes it, a site that mixed and was forced each way has two rows.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from energymodel.errors import InputError
from energymodel.report import figures as charts
from energymodel.report import lcoh as lcoh_chart
from energymodel.report import run as report
from energymodel.report import trade
from energymodel.results import folder
from tests.test_report import figure_ids, write_current

MONEY = folder.CURRENCY
HUMBER = "Humber &lt;script&gt;alert(1)&lt;/script&gt;"  # the fixture's hub name, escaped
KUTCH = "Gulf of Kutch &amp; Co"
SITE = "Hornsea <b>Two</b>"  # markup in a name: shown as text
PLACEMENT_COLUMNS = ["site", "name", "hub", "allowed", "chosen", "forced_placement", "wind_mw",
                     "export_cable_mw", "offshore_electrolysis_mw", "pipeline_mw",
                     "offshore_share_pct", "hub_lcoh_eur_per_kg", "forced_extra_cost_eur",
                     "forced_hub_lcoh_eur_per_kg"]
PLACEMENT = [
    ("hornsea", SITE, "humber", "onshore+offshore", "onshore", "offshore", 1300, 900, 0, 0, 0,
     4.40, 2_500_000, 4.45),
    ("dogger", "Dogger Bank", "humber", "offshore", "offshore", "", 500, 0, 480, 336, 100,
     4.40, None, None),
    # a site that mixed: one paired run each way, one row each
    ("kutch_site", "Kutch offshore", "kutch", "onshore+offshore", "mix", "onshore", 1100, 600,
     300, 210, 33.3, 3.65, 1_200_000, 3.68),
    ("kutch_site", "Kutch offshore", "kutch", "onshore+offshore", "mix", "offshore", 1100, 600,
     300, 210, 33.3, 3.65, 400_000, 3.66),
    ("idle", "Idle site", "kutch", "onshore+offshore", "none", "", 0, 0, 0, 0, None, 3.65, None,
     None),
]
#: route -> (name, chain, via, km, delivered t/yr, EUR/kg of each stage in STAGES order)
ROUTES = {
    "kutch_humber_nh3": ("Kutch to Humber", "ammonia", "suez", 11_800, 30_000,
                         (3.65, 0.90, 0.15, 0.60, 1.10)),  # 6.40
    "kutch_humber_lh2": ("Kutch to Humber", "liquid_hydrogen", "cape", 19_800, 20_000,
                         (3.65, 1.80, 0.40, 0.95, 0.20)),  # 7.00
}
DELIVERED = {"kutch_humber_nh3": 6.40, "kutch_humber_lh2": 7.00}
HUMBER_LCOH = 4.40  # the destination's own LCOH (hubs.csv of the fixture)
#: Published prices (test fixture): only the first is delivered to the routes' destination.
REFERENCES = [
    ("h2g", "uk", "UK", "Delivered ammonia tender", 5.77, 5.77,
     "delivered green ammonia to NW Europe", "x 1", "made up"),
    ("rys", "uk", "UK", "Modelled break-even", 6.23, 6.23,
     "modelled break-even price, not a transaction", "", "made up"),
    ("seci", "india", "India", "Delivered ammonia India", 2.86, 3.70,
     "delivered green ammonia to domestic buyers", "", "made up"),
]
MAP = [  # layer, key, name, unit, part, lon, lat, capacity
    ("hub", "humber", "Humber", "", 0, -0.2, 53.6, None),
    ("hub", "kutch", "Gulf of Kutch", "", 0, 69.8, 22.8, None),
    ("site", "hornsea", "Hornsea Two", "MW", 0, 1.8, 53.9, 1300),
    ("port", "kandla", "Kandla", "", 0, 70.2, 23.0, None),
    ("cable", "hornsea", "Hornsea Two export cable", "MW", 0, 1.8, 53.9, 900),
    ("cable", "hornsea", "Hornsea Two export cable", "MW", 1, -0.2, 53.6, 900),
    ("shipping", "kutch_humber_nh3", "Kutch to Humber", "t/yr", 0, 70.2, 23.0, 30_000),
    ("shipping", "kutch_humber_nh3", "Kutch to Humber", "t/yr", 1, 43.3, 12.6, 30_000),
    ("shipping", "kutch_humber_nh3", "Kutch to Humber", "t/yr", 2, 32.5, 30.0, 30_000),
    ("shipping", "kutch_humber_nh3", "Kutch to Humber", "t/yr", 3, -0.2, 53.6, 30_000),
]


def write_trade(results: Path, *, paired: bool = True, maps: bool = True) -> Path:
    """The fixture results folder with the trade tables; ``paired=False``: no paired runs."""
    write_current(results)
    placement = pd.DataFrame(PLACEMENT, columns=PLACEMENT_COLUMNS)
    if not paired:
        placement[["forced_placement", "forced_extra_cost_eur",
                   "forced_hub_lcoh_eur_per_kg"]] = ["", None, None]
    placement.assign(currency=MONEY).to_csv(results / folder.PLACEMENT_FILE, index=False)
    rows = []
    for route, (name, chain, via, km, t, stages) in ROUTES.items():
        rows += [{"route": route, "name": name, "origin": "kutch", "destination": "humber",
                  "chain": chain, "via": via, "stage": stage, "distance_km": km,
                  "delivered_t_per_yr": t, "annual_cost_eur": v * t * 1e3, "eur_per_kg": v,
                  "origin_lcoh_eur_per_kg": 3.65, "destination_lcoh_eur_per_kg": HUMBER_LCOH,
                  "currency": MONEY}
                 for stage, v in zip(folder.STAGES, stages, strict=True)]
    pd.DataFrame(rows).to_csv(results / folder.DELIVERED_FILE, index=False)
    low, high = folder.REFERENCE_NUMBERS
    pd.DataFrame(REFERENCES, columns=["id", "country", "country_code", "reference", low, high,
                                      "scope", "basis_note", "source"]
                 ).to_csv(results / folder.REFERENCES_FILE, index=False)
    if maps:
        pd.DataFrame(MAP, columns=["layer", "key", "name", "unit", "part", "lon", "lat",
                                   "capacity"]).to_csv(results / folder.MAP_FILE, index=False)
    return results


@pytest.fixture(scope="module")
def trade_dir(tmp_path_factory) -> Path:
    return write_trade(tmp_path_factory.mktemp("trade") / "results")


@pytest.fixture(scope="module")
def trade_page(trade_dir: Path) -> str:
    return report.write(trade_dir).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def tables(trade_dir: Path) -> dict:
    return folder.read(trade_dir)


def section(page: str, sid: str) -> str:
    return page.split(f'<section id="{sid}">')[1].split("</section>")[0]


def cells(row_html: str) -> list[str]:
    return re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row_html)


def body_rows(table_html: str) -> list[list[str]]:
    body = table_html.split("<tbody>")[1].split("</tbody>")[0]
    return [cells(r) for r in body.split("</tr>") if "<t" in r]


# ---------------------------------------------------------------- the sections and their order


def test_sections_absent_without_trade_tables(tmp_path: Path) -> None:
    results = write_current(tmp_path / "plain")
    page = report.write(results).read_text(encoding="utf-8")
    for sid in ("section-placement", "section-delivered", "section-map"):
        assert f'id="{sid}"' not in page
    assert not set(figure_ids(page)) & set(trade.FIGURE_IDS.values())
    ctx = trade.context(folder.read(results))
    assert (ctx["placement"], ctx["delivered"], ctx["map"]) == (None, None, None)
    assert ctx["figures"] == {}
    assert ctx["not_drawn"] == {}


def test_sections_in_page_order_with_their_figures(trade_page: str) -> None:
    """Placement, delivered, map: after the certification section, before the dispatch; the
    trade charts drawn in the divs of trade.FIGURE_IDS."""
    positions = [trade_page.index(f'<section id="{sid}">') for sid in (
        "section-certification", "section-placement", "section-delivered", "section-map",
        "section-dispatch")]
    assert positions == sorted(positions)
    ids = figure_ids(trade_page)
    assert ids == [charts.FIGURE_IDS[k] for k in ("lcoh", "capacities", "emissions")] + [
        trade.FIGURE_IDS["delivered_cost"], trade.FIGURE_IDS["map"], charts.FIGURE_IDS["dispatch"]]
    assert trade_page.count("Plotly.newPlot(") == len(ids)
    assert "figure-map" in section(trade_page, "section-map")
    assert "figure-delivered-cost" in section(trade_page, "section-delivered")


def test_trade_page_is_byte_identical(trade_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(trade_dir, copy)
    (copy / report.REPORT_FILE).unlink(missing_ok=True)
    first = report.write(trade_dir).read_bytes()
    assert report.write(copy).read_bytes() == first
    assert report.write(trade_dir).read_bytes() == first


# ---------------------------------------------------------------- placement


def test_placement_table_per_site(trade_page: str) -> None:
    """One row per site; a site forced each way (it mixed) spans one row per paired run."""
    table = section(trade_page, "section-placement").split('<table id="placement-table">')[1]
    table = table.split("</table>")[0]
    rows = body_rows(table)
    assert [r[0] for r in rows] == ["Hornsea &lt;b&gt;Two&lt;/b&gt;", "Dogger Bank",
                                    "Kutch offshore", "offshore", "Idle site"]
    hornsea, dogger, kutch, kutch_offshore, idle = rows
    # site, hub, allowed, chosen, wind, cable, offshore electrolysis, pipeline, share, LCOH,
    # forced, extra cost, LCOH change
    assert hornsea[1:] == [HUMBER, "onshore or offshore", "onshore", "1,300.0", "900.0", "0.0",
                           "0.0", "0.0", "4.40", "offshore", "2,500,000", "+0.05"]
    assert dogger[2:4] == ["offshore only", "offshore"]
    assert dogger[6:9] == ["480.0", "336.0", "100.0"]
    assert dogger[10:] == ["no paired run", "&ndash;", "&ndash;"]
    assert kutch[3] == "both (mix)"
    assert kutch[10:] == ["onshore", "1,200,000", "+0.03"]
    assert kutch_offshore == ["offshore", "400,000", "+0.01"]  # under the site's spanning cells
    assert table.count('rowspan="2"') == 10  # every cell of the site but the paired runs'
    assert idle[3] == "none (no wind built)"
    assert idle[8] == "&ndash;"  # no share without wind: missing, not zero
    assert f"Hub LCOH<span class=\"unit\">{MONEY}/kg</span>" in table
    assert f"Extra cost when forced<span class=\"unit\">{MONEY}/yr</span>" in table


def test_forced_placement_cost_in_words(trade_page: str) -> None:
    part = section(trade_page, "section-placement")
    forced = part.split('<ul class="forced" id="placement-forced">')[1].split("</ul>")[0]
    items = re.findall(r"<li>(.*?)</li>", forced, re.S)
    assert items == [
        "Forcing offshore electrolysis (on a platform at the site) at "
        f"Hornsea &lt;b&gt;Two&lt;/b&gt; raises the annual cost of {HUMBER} by 2,500,000 "
        f"{MONEY}/yr: its LCOH goes from 4.40 to 4.45 {MONEY}/kg (+0.05).",
        f"Forcing onshore electrolysis (at {KUTCH}, through the export cable) at "
        f"Kutch offshore raises the annual cost of {KUTCH} by 1,200,000 "
        f"{MONEY}/yr: its LCOH goes from 3.65 to 3.68 {MONEY}/kg (+0.03).",
        "Forcing offshore electrolysis (on a platform at the site) at Kutch offshore raises the "
        f"annual cost of {KUTCH} by 400,000 {MONEY}/yr: its LCOH goes from 3.65 to 3.66 "
        f"{MONEY}/kg (+0.01).",
    ]
    note = " ".join(part.split("No paired run was made for")[1].split("</p>")[0].split())
    assert note.startswith("Dogger Bank (offshore only) and Idle site (no wind built), so")
    assert trade.NO_DATA["forced"] not in part
    assert SITE not in trade_page  # escaped everywhere


def test_forced_sentence_when_forcing_saves_or_changes_nothing() -> None:
    run = {"forced_placement": "offshore", "hub_name": "H", "site_name": "S",
           "forced_extra_cost_eur": -1_000.0, "hub_lcoh_eur_per_kg": 4.0,
           "forced_hub_lcoh_eur_per_kg": 3.99, "lcoh_change_eur_per_kg": -0.01}
    assert trade.forced_sentence(run, "EUR2025") == (
        "Forcing offshore electrolysis (on a platform at the site) at S lowers the annual cost "
        "of H by 1,000 EUR2025/yr: its LCOH goes from 4.00 to 3.99 EUR2025/kg (-0.01).")
    run |= {"forced_extra_cost_eur": 0.2, "forced_hub_lcoh_eur_per_kg": 4.0,
            "lcoh_change_eur_per_kg": 0.0}
    assert "leaves the annual cost of H unchanged" in trade.forced_sentence(run, "EUR2025")


def test_placement_without_paired_run_says_so(tmp_path: Path) -> None:
    page = report.write(write_trade(tmp_path / "r", paired=False)).read_text(encoding="utf-8")
    part = section(page, "section-placement")
    assert trade.NO_DATA["forced"] in part
    assert "Forced in the paired run" not in part
    assert "placement-forced" not in part
    assert "Forcing" not in part
    rows = body_rows(part.split('<table id="placement-table">')[1].split("</table>")[0])
    assert [len(r) for r in rows] == [10] * 4  # one row per site, no forced columns


def test_empty_placement_table_says_why(tmp_path: Path) -> None:
    results = write_trade(tmp_path / "r")
    path = results / folder.PLACEMENT_FILE
    pd.read_csv(path).iloc[:0].to_csv(path, index=False)
    part = section(report.write(results).read_text(encoding="utf-8"), "section-placement")
    assert trade.NO_DATA["placement"] in part
    assert "<table" not in part


@pytest.mark.parametrize("column", ["chosen", "allowed", "forced_placement",
                                    "offshore_share_pct", "forced_extra_cost_eur"])
def test_placement_missing_a_column_is_refused(tmp_path: Path, column: str) -> None:
    results = write_trade(tmp_path / "r")
    path = results / folder.PLACEMENT_FILE
    pd.read_csv(path).drop(columns=column).to_csv(path, index=False)
    with pytest.raises(InputError) as info:
        folder.read(results)
    assert Path(info.value.file).name == folder.PLACEMENT_FILE
    assert info.value.field == column
    with pytest.raises(InputError):
        report.write(results)
    assert not (results / report.REPORT_FILE).exists()


def test_delivered_cost_missing_stage_column_is_refused(tmp_path: Path) -> None:
    results = write_trade(tmp_path / "r")
    path = results / folder.DELIVERED_FILE
    pd.read_csv(path).drop(columns="stage").to_csv(path, index=False)
    with pytest.raises(InputError) as info:
        folder.read(results)
    assert (Path(info.value.file).name, info.value.field) == (folder.DELIVERED_FILE, "stage")


# ---------------------------------------------------------------- delivered abroad


def test_stages_add_up_to_the_delivered_cost(tables: dict) -> None:
    """One bar trace per stage in STAGES order; each route's stages sum to its delivered cost,
    the number written on top of its stack; the destination's own LCOH beside it."""
    fig = trade.delivered_figure(tables)
    stages = [t for t in fig.data if t.name in folder.STAGES]
    assert [t.name for t in stages] == list(folder.STAGES)
    assert fig.layout.barmode == "relative"
    totals = [a.text for a in fig.layout.annotations if a.text.startswith("<b>")]
    assert totals == ["<b>6.40</b>", "<b>7.00</b>"]
    for i, route in enumerate(ROUTES):
        assert sum(t.y[i] for t in stages) == pytest.approx(DELIVERED[route])
        assert [t.y[i] for t in stages] == pytest.approx(list(ROUTES[route][5]))
    [made_at] = [t for t in fig.data if t.name == trade.MADE_AT_LEGEND]
    assert list(made_at.y) == [HUMBER_LCOH, HUMBER_LCOH]
    assert list(made_at.base) == [0.0, 0.0]  # drawn from zero beside the stack, not on it
    assert all(m > s for m, s in zip(made_at.x, stages[0].x, strict=True))
    labels = [a.text for a in fig.layout.annotations if a.text.startswith("made at")]
    assert labels == [f"made at<br>{HUMBER.replace(' ', '<br>')}<br><b>4.40</b>"] * 2
    assert MONEY in fig.layout.title.text
    assert MONEY in fig.layout.yaxis.title.text
    assert f"{MONEY}/kg" in stages[0].hovertemplate
    assert list(fig.layout.xaxis.ticktext) == [  # the name, and the chain it does not say
        "Kutch to Humber<br>ammonia, via Suez",
        "Kutch to Humber<br>liquid hydrogen, via<br>the Cape"]
    assert fig.layout.xaxis.tickangle == 0


def test_route_label_does_not_repeat_what_the_name_says(tmp_path: Path) -> None:
    """A name that says its chain and way (as the default network's do) is the whole label."""
    results = write_trade(tmp_path / "r")
    path = results / folder.DELIVERED_FILE
    table = pd.read_csv(path, keep_default_na=False)
    table["name"] = table["route"].map({"kutch_humber_nh3": "Kutch to Humber, ammonia via Suez",
                                        "kutch_humber_lh2": "Kutch to Humber, LH2"})
    table.to_csv(path, index=False)
    fig = trade.delivered_figure(folder.read(results))
    assert list(fig.layout.xaxis.ticktext) == [
        "Kutch to Humber,<br>ammonia via Suez",
        "Kutch to Humber, LH2<br>liquid hydrogen, via<br>the Cape"]


def test_route_table_under_the_chart(trade_page: str, tables: dict) -> None:
    part = section(trade_page, "section-delivered")
    rows = body_rows(part.split('<table id="delivered-table">')[1].split("</table>")[0])
    # route, from, to, chain, km, t/yr, delivered, made at the destination, difference
    assert rows == [
        ["Kutch to Humber", KUTCH, HUMBER, "ammonia, via Suez", "11,800", "30,000", "6.40",
         "4.40", "+2.00"],
        ["Kutch to Humber", KUTCH, HUMBER, "liquid hydrogen, via the Cape", "19,800", "20,000",
         "7.00", "4.40", "+2.60"],
    ]
    for row in trade.route_rows(tables):  # the table's total is the sum of the file's stages
        stages = tables["delivered_cost"].query("route == @row['route']")
        assert row["delivered_eur_per_kg"] == pytest.approx(stages["eur_per_kg"].sum())
        assert row["annual_cost_eur"] == pytest.approx(stages["annual_cost_eur"].sum())
        assert list(row["stages"]) == list(folder.STAGES)


def test_published_delivered_prices_beside_the_routes(trade_page: str, tables: dict) -> None:
    """Only the published price of delivered hydrogen for the destination's country: not the
    modelled one of the same country, not the delivered one of the origin's country."""
    refs = trade.delivered_references(tables)
    assert list(refs["id"]) == ["h2g"]
    fig = trade.delivered_figure(tables)
    [bars] = [t for t in fig.data if t.name == trade.DELIVERED_REFERENCE_LEGEND]
    assert "not model results" in bars.name
    pad = lcoh_chart.REFERENCE_MIN_SPAN / 2  # a single figure: a minimal visible height around it
    assert list(bars.base) == pytest.approx([5.77 - pad] * 2)
    assert list(bars.y) == pytest.approx([2 * pad] * 2)
    [made_at] = [t for t in fig.data if t.name == trade.MADE_AT_LEGEND]
    assert all(r > m for r, m in zip(bars.x, made_at.x, strict=True))
    assert "Published price" in bars.hovertemplate
    assert [d[1] for d in bars.customdata] == ["5.77", "5.77"]
    part = section(trade_page, "section-delivered")
    listed = part.split('<table id="delivered-references-table">')[1].split("</table>")[0]
    assert "Delivered ammonia tender" in listed
    assert "Modelled break-even" not in listed
    assert "Delivered ammonia India" not in listed
    assert "not model results" in part


def test_no_published_prices_no_reference_bars(tmp_path: Path) -> None:
    results = write_trade(tmp_path / "r")
    (results / folder.REFERENCES_FILE).unlink()
    tables = folder.read(results)
    fig = trade.delivered_figure(tables)
    assert {t.name for t in fig.data} == {*folder.STAGES, trade.MADE_AT_LEGEND}
    part = section(report.write(results).read_text(encoding="utf-8"), "section-delivered")
    assert "delivered-references" not in part
    assert "thin grey bars" not in part


def test_empty_delivered_table_says_why(tmp_path: Path) -> None:
    results = write_trade(tmp_path / "r")
    path = results / folder.DELIVERED_FILE
    pd.read_csv(path).iloc[:0].to_csv(path, index=False)
    page = report.write(results).read_text(encoding="utf-8")
    part = section(page, "section-delivered")
    assert trade.NO_DATA["delivered_cost"] in part
    assert "<table" not in part
    assert trade.FIGURE_IDS["delivered_cost"] not in figure_ids(page)


def test_older_results_label_money_in_plain_eur(tmp_path: Path) -> None:
    """Without a currency in summary.json the labels say EUR, as the rest of the page does."""
    results = write_trade(tmp_path / "r")
    summary = folder.read_json(results / folder.SUMMARY_FILE)
    del summary["currency"]
    (results / folder.SUMMARY_FILE).write_text(json.dumps(summary), encoding="utf-8")
    for name in folder.MONEY_FILES:
        path = results / name
        if path.is_file():
            pd.read_csv(path, dtype=str, keep_default_na=False).drop(
                columns=folder.CURRENCY_COLUMN).to_csv(path, index=False)
    tables = folder.read(results)
    fig = trade.delivered_figure(tables)
    assert "(EUR/kg)" in fig.layout.title.text
    assert MONEY not in fig.layout.title.text
    sentences = trade.context(tables)["placement"]["forced"]
    assert "by 2,500,000 EUR/yr" in sentences[0]


# ---------------------------------------------------------------- map


def test_map_section_draws_the_map_table(trade_page: str, tables: dict) -> None:
    from energymodel.report import map as report_map

    part = section(trade_page, "section-map")
    assert f'<div id="{trade.FIGURE_IDS["map"]}"' in part
    assert trade.NO_DATA["map"] not in part
    assert report_map.figure(tables["map"]) is not None


def test_map_not_drawn_says_why(trade_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from energymodel.report import map as report_map

    monkeypatch.setattr(report_map, "figure", lambda table: None)
    ctx = trade.context(folder.read(trade_dir))
    assert ctx["map"] == {"drawn": False}
    assert "map" not in ctx["figures"]
    assert ctx["not_drawn"] == {"map": trade.NO_DATA["map"]}


def test_no_map_table_no_map_section(tmp_path: Path) -> None:
    page = report.write(write_trade(tmp_path / "r", maps=False)).read_text(encoding="utf-8")
    assert 'id="section-map"' not in page
    assert 'id="section-placement"' in page
