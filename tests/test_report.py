"""Tests of the HTML report, on a tiny synthetic results folder.

The numbers in the fixture are hand-chosen test fixtures, not data: two hubs, 48 hourly
snapshots, round costs that add up by construction. The plain fixture is an older results folder
(no certification.csv, no PPA / grid account / battery flow columns in dispatch.csv); the
certified variant adds them, with one standard met and two missed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jinja2
import pandas as pd
import pytest
from plotly.offline import get_plotlyjs

from energymodel import carriers
from energymodel.data.currency import MODEL_YEAR
from energymodel.errors import InputError
from energymodel.report import figures as charts
from energymodel.report import html
from energymodel.report import lcoh as lcoh_chart
from energymodel.report import minerals as report_minerals
from energymodel.report import run as report
from energymodel.results import folder, sources
from energymodel.results import folder as folder_format
from tests.networks import REPO

INPUTS = REPO / "inputs"

EVIL = "<script>alert(1)</script>"
HUBS = {  # hub -> (name, country, h2 t/yr, {component: EUR/kg})
    "humber": (
        f"Humber {EVIL}",
        "UK",
        50_000.0,
        {
            "wind": 2.10,
            "export connection": 0.45,
            "electrolysis": 1.20,
            "storage": 0.25,
            "compression": 0.03,
            "water": 0.02,
            "grid electricity": 0.30,
            "grid charges": 0.05,
            "electricity sales": -0.10,  # a revenue: net LCOH unchanged by the four
            "other": 0.10,
        },
    ),
    "kutch": (
        "Gulf of Kutch & Co",
        "India",
        40_000.0,
        {
            "wind": 1.80,
            "export connection": 0.40,
            "electrolysis": 1.10,
            "storage": 0.20,
            "grid electricity": 0.00,
            "other": 0.15,
        },
    ),
}
N_SNAPSHOTS = 48
PPA_MW = 40.0  # contracted renewables used, every hour (certified variant)
# hub, standard, assessment, matching, threshold, achieved, annual, compliant, binding, LCOH,
# LCOH without rules (certified variant; kg CO2e/kg H2 and EUR/kg)
CERTIFICATION = [
    ("humber", "uk_lchs", "hourly", "", 2.4, 2.4, 1.1, True, True, 4.50, 4.40),
    ("humber", "eu_rfnbo", "annual", "monthly", 3.384, 3.9, 3.9, False, False, 4.50, 4.50),
    ("kutch", "india_ghs", "annual", "", 2.0, 2.75, 2.75, False, False, 3.65, 3.65),
]
TABLES = (
    "summary.json",
    "hubs.csv",
    "lcoh_breakdown.csv",
    "capacities.csv",
    "dispatch.csv",
    "assumptions.csv",
)


def write_results(folder: Path, *, certified: bool = False) -> Path:
    """Write the fixture result tables (same contract as results.py) into ``folder``.

    ``certified`` adds what a run with hydrogen standards writes: certification.csv, the new
    dispatch columns, the "contracted renewables" cost component and the grid connection and
    contracted renewables capacities.
    """
    folder.mkdir(parents=True, exist_ok=True)
    hub_rows, breakdown, capacities, dispatch = [], [], [], []
    for i, (hub, (name, country, h2_t, parts)) in enumerate(HUBS.items()):
        if certified:
            parts = {**parts, "contracted renewables": 0.05 * (i + 1)}
        lcoh = sum(parts.values())
        grid_mwh = 1_000.0 * parts["grid electricity"] * 100
        co2 = grid_mwh * 0.2
        hub_rows.append(
            {
                "hub": hub,
                "name": name,
                "country": country,
                "lcoh_eur_per_kg": lcoh,
                "lcoh_gross_eur_per_kg": lcoh - parts.get("electricity sales", 0.0),
                "annual_cost_eur": lcoh * h2_t * 1_000,
                "sales_revenue_eur": -parts.get("electricity sales", 0.0) * h2_t * 1_000,
                "hydrogen_delivered_t_per_yr": h2_t,
                "electrolyser_capacity_factor": 0.6 + 0.1 * i,
                "wind_curtailment_pct": 5.0 + i,
                "grid_import_mwh": grid_mwh,
                "co2_t": co2,
                "co2_kg_per_kg_h2": co2 / h2_t,
            }
        )
        breakdown += [
            {
                "hub": hub,
                "name": name,
                "component": component,
                "annual_cost_eur": value * h2_t * 1_000,
                "lcoh_eur_per_kg": value,
            }
            for component, value in parts.items()
        ]
        for category, technology, capacity, unit in (
            ("wind", "15 MW turbine", 1_000.0 - 200 * i, "MW"),
            ("wind", "12 MW turbine", 300.0, "MW"),
            ("export connection", "HVAC cable", 900.0, "MW"),
            ("electrolysis", "PEM", 600.0 - 100 * i, "MW"),
            ("hydrogen storage", "salt cavern", 20_000.0, "MWh"),
            ("battery power", "Li-ion", 50.0, "MW"),
            ("battery energy", "Li-ion", 200.0, "MWh"),
            *(
                [
                    ("grid connection", "Grid import", 25.0, "MW"),
                    ("contracted renewables", "PPA", 2 * PPA_MW, "MW"),
                ]
                if certified
                else []
            ),
        ):
            capacities.append(
                {
                    "hub": hub,
                    "name": name,
                    "category": category,
                    "technology": technology,
                    "asset": f"{hub} {technology}",
                    "capacity": capacity,
                    "unit": unit,
                }
            )
        for t in range(N_SNAPSHOTS):
            available = 400.0 + 50.0 * (t % 12) + 100.0 * i
            used = min(available, 600.0)
            row = {
                "snapshot": f"2030-01-{1 + t // 24:02d}T{t % 24:02d}:00:00Z",
                "hub": hub,
                "wind_available_mw": available,
                "wind_used_mw": used,
                "curtailment_mw": available - used,
                "grid_import_mw": 25.0 if t % 6 == 0 else 0.0,
                "electrolysis_mw": used / 3,
                "h2_offtake_mw": 180.0,
                "h2_storage_level_mwh": 1_000.0 + 10.0 * t,
                "battery_level_mwh": 100.0,
            }
            if certified:
                row |= {
                    "ppa_mw": PPA_MW,
                    "bank_deposit_mw": 5.0 if t % 2 else 0.0,
                    "bank_withdrawal_mw": 0.0 if t % 2 else 4.5,
                    "bank_level_mwh": 5.0 * (t % 2),
                    "battery_charge_mw": 0.0,
                    "battery_discharge_mw": -0.0,
                }
            dispatch.append(row)
    hubs = pd.DataFrame(hub_rows)
    total_cost = hubs["annual_cost_eur"].sum()
    total_h2 = hubs["hydrogen_delivered_t_per_yr"].sum()
    total = {
        "hub": "total",
        "name": "All hubs",
        "country": "",
        "lcoh_eur_per_kg": total_cost / total_h2 / 1_000,
        "annual_cost_eur": total_cost,
        "hydrogen_delivered_t_per_yr": total_h2,
        "electrolyser_capacity_factor": 0.65,
        "wind_curtailment_pct": 5.5,
        "grid_import_mwh": hubs["grid_import_mwh"].sum(),
        "co2_t": hubs["co2_t"].sum(),
        "co2_kg_per_kg_h2": hubs["co2_t"].sum() / total_h2,
    }
    hubs = pd.concat([hubs, pd.DataFrame([total])], ignore_index=True)
    hubs.to_csv(folder / "hubs.csv", index=False)
    pd.DataFrame(breakdown).to_csv(folder / "lcoh_breakdown.csv", index=False)
    pd.DataFrame(capacities).to_csv(folder / "capacities.csv", index=False)
    pd.DataFrame(dispatch).to_csv(folder / "dispatch.csv", index=False)
    pd.DataFrame(
        [
            ("finance", "discount rate", "7", "%", "fixture"),
            ("wind", "capex", "2,500", "EUR/kW", f"made up {EVIL}"),
        ],
        columns=["group", "parameter", "value", "unit", "source"],
    ).to_csv(folder / "assumptions.csv", index=False)
    summary = {
        "network": "fixture",
        "title": "Fixture network",
        "cost_year": 2030,
        "discount_rate": 0.07,
        "resolution": "1h",
        "snapshots": N_SNAPSHOTS,
        "lcoh_definition": "Annualised cost of all assets divided by hydrogen delivered.",
        "objective_eur": total_cost,
        "total_annual_system_cost_eur": total_cost,
        "hubs": {row["hub"]: row for row in hub_rows},
        "total": total,
        "inputs_hash": "abc123",
        "versions": {"plotly": "7.1.0", "pandas": "3.1.1"},
    }
    if certified:
        cert = pd.DataFrame(
            CERTIFICATION,
            columns=[
                "hub",
                "standard",
                "assessment",
                "matching",
                "threshold_kg_per_kg",
                "achieved_kg_per_kg",
                "annual_kg_per_kg",
                "compliant",
                "binding",
                "lcoh_eur_per_kg",
                "lcoh_without_rules_eur_per_kg",
            ],
        )
        cert["cost_of_compliance_eur_per_kg"] = (
            cert["lcoh_eur_per_kg"] - cert["lcoh_without_rules_eur_per_kg"]
        )
        cert.to_csv(folder / "certification.csv", index=False)
        summary["certification"] = cert.to_dict("records")
    (folder / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return folder


@pytest.fixture
def results_dir(tmp_path: Path) -> Path:
    return write_results(tmp_path / "fixture")


@pytest.fixture
def page(results_dir: Path) -> str:
    return report.write(results_dir).read_text(encoding="utf-8")


@pytest.fixture
def figures(results_dir: Path) -> dict:
    return charts.build_figures(folder.read(results_dir))


@pytest.fixture
def certified_dir(tmp_path: Path) -> Path:
    return write_results(tmp_path / "certified", certified=True)


@pytest.fixture
def certified_page(certified_dir: Path) -> str:
    return report.write(certified_dir).read_text(encoding="utf-8")


@pytest.fixture
def certified_figures(certified_dir: Path) -> dict:
    return charts.build_figures(folder.read(certified_dir))


def test_write_returns_report_path(results_dir: Path) -> None:
    path = report.write(results_dir)
    assert path == results_dir / "report.html"
    assert path.is_file()


def test_plotly_inlined_once_and_nothing_external(page: str) -> None:
    bundle = get_plotlyjs()
    assert page.count(bundle) == 1
    assert page.count("* plotly.js v") == 1
    rest = page.replace(bundle, "")
    for needle in ('src="http', "src='http", 'href="http', "href='http", "cdn.", "@import"):
        assert needle not in rest, needle
    assert "<link" not in rest
    assert "<script src" not in page
    assert "mathjax" not in rest.lower().replace("mathjaxconfig: 'local'", "")


def figure_ids(page: str) -> list[str]:
    return re.findall(r'<div id="([^"]+)" class="plotly-graph-div"', page)


def test_every_figure_present(page: str) -> None:
    """Without certification.csv: every chart but the certification ones, whose section says in
    one sentence why it has none."""
    expected = [
        div for key, div in charts.FIGURE_IDS.items() if key not in charts.CERTIFICATION_FIGURES
    ]
    assert figure_ids(page) == expected
    assert page.count("Plotly.newPlot(") == len(expected)
    section = page.split('<section id="section-certification">')[1].split("</section>")[0]
    assert charts.NO_DATA["certification"] in section
    assert "<table" not in section
    assert "figure" not in section


def test_sales_shown_beside_the_net_lcoh(page: str) -> None:
    """A hub that sells electricity: LCOH before sales and the revenue are key figures."""
    section = page[page.index('id="key-figures"'):page.index('id="section-lcoh"')]
    assert "LCOH before electricity sales" in section
    humber = section[section.index("Humber"):].split("</tr>")[0]
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", humber)
    # LCOH 4.40 net; gross 4.40 + 0.10 EUR/kg of sales; 0.10 EUR/kg x 50,000 t = 5.0 MEUR/yr
    assert cells[1:4] == ["4.40", "4.50", "5.0"], cells


def test_header_and_tables(page: str) -> None:
    assert "<h1>Fixture network</h1>" in page
    assert "2030" in page
    assert "<span class=\"value\">7 %</span>" in page  # the discount rate card
    assert "1h (48 steps)" in page
    assert "366.0 million EUR" in page  # 220 + 146 million EUR
    assert "Annualised cost of all assets divided by hydrogen delivered." in page
    assert "<tfoot>" in page
    assert "All hubs" in page
    assert "4.07" in page  # total LCOH: 366 million EUR / 90,000 t
    assert "discount rate" in page


@pytest.mark.parametrize("certified", [False, True])
def test_lcoh_stacks_sum_to_hub_lcoh(tmp_path: Path, certified: bool) -> None:
    results_dir = write_results(tmp_path / "results", certified=certified)
    figures = charts.build_figures(folder.read(results_dir))
    hubs = pd.read_csv(results_dir / "hubs.csv").set_index("hub")
    bars = [trace for trace in figures["lcoh"].data if trace.type == "bar"]
    written = {c for _, _, _, parts in HUBS.values() for c in parts}
    expected = [c for c in carriers.COMPONENTS
                if c in written or (certified and c == "contracted renewables")]
    assert [bar.name for bar in bars] == expected
    if certified:  # after the grid's parts, before the revenues, in its own colour
        assert expected[expected.index("grid electricity"):] == [
            "grid electricity", "grid charges", "contracted renewables", "electricity sales",
            "other"]
        colours = [bar.marker.color for bar in bars]
        assert len(set(colours)) == len(colours)
    for i, hub in enumerate(HUBS):
        stacked = sum(bar.y[i] for bar in bars)
        assert stacked == pytest.approx(hubs.loc[hub, "lcoh_eur_per_kg"])
    assert figures["lcoh"].layout.barmode == "relative"


def test_capacities_split_by_unit(figures: dict) -> None:
    fig = figures["capacities"]
    axis_of = {trace.name: trace.yaxis for trace in fig.data}
    assert axis_of["wind"] == axis_of["electrolysis"] == "y"
    assert axis_of["hydrogen storage"] == axis_of["battery energy"] == "y2"
    wind = next(trace for trace in fig.data if trace.name == "wind")
    assert list(wind.y) == [1_300.0, 1_100.0]  # two wind assets summed per hub


def test_dispatch_dropdown_and_range_slider(figures: dict) -> None:
    fig = figures["dispatch"]
    buttons = fig.layout.updatemenus[0].buttons
    assert len(buttons) == len(HUBS)
    assert buttons[1].label == "Gulf of Kutch &amp; Co"
    n_series = len(folder.DISPATCH_SERIES)
    for button in buttons:
        assert sum(button.args[0]["visible"]) == n_series
    assert fig.layout.xaxis.rangeslider.visible is True
    labels = [b.label for b in fig.layout.xaxis.rangeselector.buttons]
    assert labels == ["1 week", "1 month", "All"]
    assert {trace.type for trace in fig.data} == {"scatter"}
    assert len(fig.data) == len(HUBS) * n_series
    assert all(len(trace.y) == N_SNAPSHOTS for trace in fig.data)
    assert fig.data[0].dx == 3_600_000  # evenly spaced: one start and a step, not 48 dates
    storage = [trace for trace in fig.data if trace.yaxis == "y2"]
    assert len(storage) == len(HUBS)


def test_uneven_snapshots_fall_back_to_dates() -> None:
    times = pd.Series(pd.to_datetime(["2030-01-01 00:00", "2030-01-01 01:00", "2030-01-01 03:00"]))
    assert charts._time_axis(times) == {
        "x": ["2030-01-01 00:00:00", "2030-01-01 01:00:00", "2030-01-01 03:00:00"]
    }


def test_markup_in_tables_is_escaped(page: str) -> None:
    assert EVIL not in page
    assert "alert(1)" in page
    assert "Humber &lt;script&gt;alert(1)&lt;/script&gt;" in page  # key figures table
    assert "made up &lt;script&gt;" in page  # assumptions table
    assert "Gulf of Kutch &amp; Co" in page


@pytest.mark.parametrize("table", TABLES)
def test_missing_table_names_the_file(results_dir: Path, table: str) -> None:
    (results_dir / table).unlink()
    with pytest.raises(InputError, match=re.escape(table)) as info:
        report.write(results_dir)
    assert Path(info.value.file).name == table
    assert not (results_dir / "report.html").exists()


def test_missing_column_names_the_column(results_dir: Path) -> None:
    path = results_dir / "dispatch.csv"
    pd.read_csv(path).drop(columns="curtailment_mw").to_csv(path, index=False)
    with pytest.raises(InputError) as info:
        folder.read(results_dir)
    assert Path(info.value.file).name == "dispatch.csv"
    assert info.value.field == "curtailment_mw"


def test_empty_number_cell_shows_a_dash(results_dir: Path) -> None:
    """results.py writes NaN as an empty cell (e.g. curtailment of a hub with no own wind)."""
    path = results_dir / "hubs.csv"
    hubs = pd.read_csv(path, keep_default_na=False, dtype=str)
    hubs.loc[hubs["hub"] == "kutch", "wind_curtailment_pct"] = ""
    hubs.to_csv(path, index=False)
    assert pd.isna(folder.read(results_dir)["hubs"].loc[1, "wind_curtailment_pct"])
    page = report.write(results_dir).read_text(encoding="utf-8")
    row = page.split('<th scope="row">Gulf of Kutch &amp; Co</th>')[1].split("</tr>")[0]
    assert '<td class="num">&ndash;</td>' in row


def test_unknown_capacity_unit_is_rejected(results_dir: Path) -> None:
    path = results_dir / "capacities.csv"
    caps = pd.read_csv(path)
    caps.loc[0, "unit"] = "kW"
    caps.to_csv(path, index=False)
    with pytest.raises(InputError, match="kW"):
        folder.read(results_dir)


def test_capacities_include_grid_connection_and_ppa(certified_figures: dict) -> None:
    fig = certified_figures["capacities"]
    names = [trace.name for trace in fig.data]
    power = [trace.name for trace in fig.data if trace.yaxis == "y"]
    assert power == [
        "wind",
        "contracted renewables",
        "export connection",
        "electrolysis",
        "grid connection",
        "battery power",
    ]
    colours = {trace.name: trace.marker.color for trace in fig.data}
    assert colours["grid connection"] == carriers.CAPACITY_CATEGORIES["grid connection"]
    assert colours["contracted renewables"] == carriers.CAPACITY_CATEGORIES["contracted renewables"]
    assert len(set(colours.values())) == len(names)
    grid = next(trace for trace in fig.data if trace.name == "grid connection")
    assert list(grid.y) == [25.0, 25.0]


def test_older_dispatch_without_new_columns_reads_as_zeros(results_dir: Path) -> None:
    dispatch = folder.read(results_dir)["dispatch"]
    for column in folder.OPTIONAL_DISPATCH_SERIES:
        assert (dispatch[column] == 0).all(), column


def test_certification_section_and_figures(certified_page: str) -> None:
    assert figure_ids(certified_page) == list(charts.FIGURE_IDS.values())
    assert certified_page.count("Plotly.newPlot(") == len(charts.FIGURE_IDS)
    section = certified_page.split('<section id="section-certification">')[1]
    section = section.split("</section>")[0]
    assert "<h2>Hydrogen certification</h2>" in section
    assert 'id="figure-certification"' in section
    assert 'id="figure-grid-matching"' in section
    for name in (
        "UK Low Carbon Hydrogen Standard",
        "Green Hydrogen Standard for India",
        "EU RFNBO",
    ):
        assert name in section
    assert "Each hour" in section
    assert "Over the year, monthly matching" in section
    # the certification section sits after emissions and before the operation chart
    order = [certified_page.index(f'id="section-{key}"') for key in ("emissions", "dispatch")]
    assert order[0] < certified_page.index('id="section-certification"') < order[1]


def test_certification_table_rows(certified_page: str) -> None:
    table = certified_page.split('<table id="certification-table">')[1].split("</table>")[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1])
    assert len(rows) == len(CERTIFICATION)
    humber_lchs, humber_rfnbo, kutch = rows
    assert "Humber &lt;script&gt;alert(1)&lt;/script&gt;" in humber_lchs
    assert 'class="badge pass">&#10003; Yes<' in humber_lchs
    assert 'class="badge fail">&#10007; No<' in humber_rfnbo
    assert 'class="badge fail">&#10007; No<' in kutch
    assert "Gulf of Kutch &amp; Co" in kutch
    cells = re.findall(r'<td class="num">([^<]*)</td>', humber_lchs)
    # threshold, achieved, year average, LCOH with and without rules, cost of compliance
    assert cells == ["2.40", "2.40", "1.10", "4.50", "4.40", "0.10"]
    assert "<td>Yes</td>" in humber_lchs  # the rule binds
    assert "<td>No</td>" in kutch
    assert re.findall(r'<td class="num">([^<]*)</td>', humber_rfnbo)[0] == "3.38"
    assert table.count("badge pass") == 1
    assert table.count("badge fail") == 2


def test_certification_chart_has_threshold_per_bar(certified_figures: dict) -> None:
    fig = certified_figures["certification"]
    passed, failed, threshold = fig.data
    assert passed.name == "Achieved: meets the standard"
    assert failed.name == "Achieved: fails"
    assert passed.marker.color != failed.marker.color
    assert list(passed.y) == [2.4]
    assert list(failed.y) == [3.9, 2.75]
    assert len(passed.x) + len(failed.x) == len(threshold.x) == len(CERTIFICATION)
    # a thin bar centred on each threshold, wider than the achieved bars
    middles = [base + height / 2 for base, height in zip(threshold.base, threshold.y, strict=True)]
    assert middles == pytest.approx([row[4] for row in CERTIFICATION], abs=1e-3)
    assert threshold.width > passed.width
    # humber has two standards, so its bars name the standard; kutch has one
    assert list(threshold.x) == [
        "Humber &lt;script&gt;alert(1)&lt;/script&gt;<br>UK LCHS",
        "Humber &lt;script&gt;alert(1)&lt;/script&gt;<br>EU RFNBO",
        "Gulf of Kutch &amp; Co",
    ]
    assert list(fig.layout.xaxis.categoryarray) == list(threshold.x)
    assert "Threshold" in passed.hovertemplate
    assert fig.layout.barmode == "overlay"


def test_grid_matching_chart(certified_figures: dict) -> None:
    fig = certified_figures["grid_matching"]
    per_hub = len(charts.MATCHING_SERIES)
    assert len(fig.data) == len(HUBS) * per_hub
    buttons = fig.layout.updatemenus[0].buttons
    assert [b.label for b in buttons] == [
        "Humber &lt;script&gt;alert(1)&lt;/script&gt;",
        "Gulf of Kutch &amp; Co",
    ]
    for button in buttons:
        assert sum(button.args[0]["visible"]) == per_hub
    assert fig.layout.xaxis.rangeslider.visible is True
    labels = [b.label for b in fig.layout.xaxis.rangeselector.buttons]
    assert labels == ["1 week", "1 month", "All"]
    humber = fig.data[:per_hub]
    supply = [trace.name for trace in humber if trace.stackgroup == "supply"]
    assert supply == [
        "Grid import (counts towards emissions)",
        "Own offshore wind used",
        "Contracted renewables (PPA) used",
        "Drawn back from the grid account",
    ]
    by_name = {trace.name: trace for trace in humber}
    assert set(by_name["Contracted renewables (PPA) used"].y) == {PPA_MW}
    assert list(by_name["Drawn back from the grid account"].y[:2]) == [4.5, 0.0]
    deposits = by_name["Put into the grid account (below zero)"]
    assert deposits.stackgroup == "deposits"
    assert list(deposits.y[:2]) == [0.0, -5.0]
    assert all(y >= 0 for trace in humber if trace.stackgroup == "supply" for y in trace.y)
    grid = by_name["Grid import (counts towards emissions)"]
    assert grid.y[0] == 25.0
    assert "g CO<sub>2</sub>/kWh" in grid.hovertemplate  # the hub's year-average intensity
    assert by_name["Electrolysis, electricity in"].stackgroup is None
    assert all(len(trace.y) == N_SNAPSHOTS for trace in fig.data)


def test_grid_matching_only_for_certified_hubs(certified_dir: Path) -> None:
    path = certified_dir / "certification.csv"
    cert = pd.read_csv(path, keep_default_na=False)
    cert[cert["hub"] == "kutch"].to_csv(path, index=False)
    fig = charts.build_figures(folder.read(certified_dir))["grid_matching"]
    assert [b.label for b in fig.layout.updatemenus[0].buttons] == ["Gulf of Kutch &amp; Co"]
    assert len(fig.data) == len(charts.MATCHING_SERIES)
    assert fig.data[0].visible is True


def test_without_certification_file_no_section(certified_dir: Path) -> None:
    (certified_dir / "certification.csv").unlink()
    page = report.write(certified_dir).read_text(encoding="utf-8")
    assert charts.NO_DATA["certification"] in page  # the section says why it is empty
    assert '<table id="certification-table">' not in page
    assert "figure-certification" not in page
    assert "figure-grid-matching" not in page
    assert 'id="figure-dispatch"' in page


def _refused_after_edit(results_dir: Path, file: str, row: int, column: str,
                       value: str) -> None:
    """Set one cell of a results table to ``value``: reading the folder back is refused
    with an InputError naming that file and column."""
    path = results_dir / file
    table = pd.read_csv(path, keep_default_na=False, dtype=str)
    table.loc[row, column] = value
    table.to_csv(path, index=False)
    with pytest.raises(InputError, match=value) as info:
        folder.read(results_dir)
    assert Path(info.value.file).name == file
    assert info.value.field == column


def test_certification_flags_must_be_true_or_false(certified_dir: Path) -> None:
    _refused_after_edit(certified_dir, "certification.csv", 0, "compliant", "maybe")


def test_certification_hub_must_be_known(certified_dir: Path) -> None:
    path = certified_dir / "certification.csv"
    cert = pd.read_csv(path, keep_default_na=False, dtype=str)
    cert.loc[0, "hub"] = "atlantis"
    cert.to_csv(path, index=False)
    with pytest.raises(InputError, match="atlantis") as info:
        folder.read(certified_dir)
    assert Path(info.value.file).name == "certification.csv"


def test_certified_output_is_byte_identical(certified_dir: Path, tmp_path: Path) -> None:
    first = report.write(certified_dir).read_bytes()
    other = report.write(write_results(tmp_path / "again", certified=True)).read_bytes()
    assert first == other


def test_output_is_byte_identical(results_dir: Path, tmp_path: Path) -> None:
    first = report.write(results_dir).read_bytes()
    second = report.write(results_dir).read_bytes()
    other = report.write(write_results(tmp_path / "copy")).read_bytes()
    assert first == second == other


def test_page_library_numbers_escaping_and_strictness(page: str) -> None:
    """The num filter's dash for missing numbers, html.escape's quote entities, one style
    sheet, and a template variable left out of the context is an error, not an empty string."""
    assert html.num(None, 2) == html.num(float("nan"), 2) == "&ndash;"
    assert html.num(float("inf"), 1, "%") == "&ndash;"
    assert html.num(-0.2, 0) == "0"
    assert html.num(1234.5, 1) == "1,234.5"
    assert html.num(0.012345, ".3g", "%") == "0.0123 %"
    shell = html.render("tradeoff.html.j2", title="a\"b'<c>", mineral="x & y",
                        figure=html.Markup("<div></div>"))
    assert "<h1>a&quot;b&#x27;&lt;c&gt;: the cost of using less x &amp; y</h1>" in shell
    assert page.count("<style>") == 1
    assert html.STYLESHEET in page
    with pytest.raises(jinja2.UndefinedError, match="mineral"):
        html.render("tradeoff.html.j2", title="t", figure=html.Markup(""))


# ---------------------------------------------------------------- issue 14: currency, sources,
# published prices, minerals in tonnes, no empty chart

#: Published prices of the current fixture (test fixture, not data): one per hub country.
REFERENCES = [
    ("ref_uk", "uk", "UK", "UK published price", 5.0, 7.5, "delivered, with margin", "",
     f"Made-up source {EVIL}"),
    ("ref_in", "india", "India", "India published price", 3.0, 3.0, "auction bid", "x 1",
     "Another made-up source"),
]
#: Rows of the current fixture's sources.csv (test fixture): file, licence.
SOURCES = [("inputs/wind/cf.csv", "CC BY-NC 4.0: non-commercial use only"),
           ("inputs/grid/prices.csv", "not stated")]


def write_current(folder: Path, *, certified: bool = False) -> Path:
    """The fixture as a run since issue 14 writes it: summary.json states the currency, every
    table of money has a ``currency`` column, and sources.csv and references.csv are there."""
    write_results(folder, certified=certified)
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    summary["currency"] = folder_format.CURRENCY
    (folder / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    for name in folder_format.MONEY_FILES:
        path = folder / name
        if path.is_file():
            table = pd.read_csv(path, keep_default_na=False, dtype=str)
            table.assign(currency=folder_format.CURRENCY).to_csv(path, index=False)
    pd.DataFrame([{"file": f, "description": f"what {f} holds", "source": "made up",
                   "licence": lic, "currency_year": "n/a", "heating_value": "n/a"}
                  for f, lic in SOURCES]).to_csv(folder / folder_format.SOURCES_FILE,
                                                 index=False)
    low, high = folder_format.REFERENCE_NUMBERS
    pd.DataFrame(REFERENCES, columns=["id", "country", "country_code", "reference", low, high,
                                      "scope", "basis_note", "source"]
                 ).to_csv(folder / folder_format.REFERENCES_FILE, index=False)
    return folder


@pytest.fixture
def current_dir(tmp_path: Path) -> Path:
    return write_current(tmp_path / "current")


def _outside_plotly(page: str) -> str:
    return page.replace(get_plotlyjs(), "")


def test_currency_year_next_to_every_money_figure(current_dir: Path) -> None:
    """EUR2025 in the header, the key figures, the LCOH chart (title, axis, hover), the
    certification table and the assumptions' units; no money left in plain EUR."""
    write_current(current_dir, certified=True)
    page = _outside_plotly(report.write(current_dir).read_text(encoding="utf-8"))
    money = folder_format.CURRENCY
    assert money == f"EUR{MODEL_YEAR}" == "EUR2025"
    header = page.split("</header>")[0]
    assert f'<span class="value">{money}</span>' in header
    assert re.search(rf'<span class="value">[\d,.]+ million {money}</span>', header)
    key = page.split('id="key-figures"')[1].split("</section>")[0]
    assert f'<span class="unit">{money}/kg</span>' in key
    assert f'<span class="unit">million {money}/yr</span>' in key
    cert = page.split('<table id="certification-table">')[1].split("</table>")[0]
    assert cert.count(f'<span class="unit">{money}/kg</span>') == 3
    assert f"<td>{money}/kW</td>" in page  # assumptions.csv says EUR/kW: the run's currency
    for plain in ("EUR/kg", "EUR per kg", "million EUR/yr", "million EUR<", "EUR/kW"):
        assert plain not in page, plain
    fig = charts.build_figures(folder.read(current_dir))["lcoh"]
    assert money in fig.layout.title.text
    assert fig.layout.yaxis.title.text == f"{money} per kg H<sub>2</sub>"
    assert all(f"{money}/kg" in bar.hovertemplate for bar in fig.data)


def test_older_results_say_the_currency_year_is_not_stated(page: str) -> None:
    """A results folder written before summary.json stated its currency: plain EUR, said so."""
    assert "EUR, currency year not stated (older results)" in page
    assert "EUR2025" not in _outside_plotly(page)


def test_currency_column_must_agree_with_summary(current_dir: Path) -> None:
    _refused_after_edit(current_dir, "lcoh_breakdown.csv", 3, "currency", "GBP2019")


def test_data_sources_section_lists_every_file_with_its_licence(current_dir: Path) -> None:
    page = report.write(current_dir).read_text(encoding="utf-8")
    section = page.split('<section id="data-sources">')[1].split("</section>")[0]
    assert "<h2>Data sources and licences</h2>" in section
    rows = re.findall(r"<tr>(.*?)</tr>", section.split("<tbody>")[1], flags=re.S)
    assert len(rows) == len(SOURCES)
    for (file, licence), row in zip(sorted(SOURCES), sorted(rows), strict=True):
        assert f'<th scope="row">{file}</th>' in row
        assert f'<td class="licence">{licence}</td>' in row


def test_older_results_without_sources_say_so(page: str) -> None:
    section = page.split('<section id="data-sources">')[1].split("</section>")[0]
    assert "has no sources.csv" in section
    assert "<table" not in section


def test_report_shows_the_licence_of_the_uk_wind_file(tmp_path: Path) -> None:
    """The real chain: the rows of inputs/sources.csv for files a run read, as the run copies
    them into its folder, shown in the report: the UK wind file is CC BY-NC 4.0."""
    wind, grid = INPUTS / "wind/uk_offshore_wind_cf_2019.csv", INPUTS / "grid/gb_grid_2019.csv"
    used = sources.sources([grid, wind], REPO / "networks" / "uk_india.yaml")
    assert used["file"].tolist() == ["inputs/grid/gb_grid_2019.csv",
                                     "inputs/wind/uk_offshore_wind_cf_2019.csv"]
    out = write_results(tmp_path / "run")
    used.to_csv(out / folder_format.SOURCES_FILE, index=False)
    page = report.write(out).read_text(encoding="utf-8")
    row = page.split('<th scope="row">inputs/wind/uk_offshore_wind_cf_2019.csv</th>')[1]
    licence = re.search(r'<td class="licence">([^<]*)</td>', row.split("</tr>")[0]).group(1)
    assert "CC BY-NC 4.0" in licence
    assert "non-commercial" in licence


def test_published_prices_beside_each_hubs_lcoh_bar(current_dir: Path) -> None:
    """One floating bar per published price of the hub's country, from low to high (a single
    figure gets a minimal visible height), right of the hub's bar, one legend entry saying they
    are published prices of another scope; hover with scope and source; a table lists them."""
    tables = folder.read(current_dir)
    fig = charts.build_figures(tables)["lcoh"]
    refs = [t for t in fig.data if t.name == lcoh_chart.REFERENCE_LEGEND]
    assert len(refs) == 1
    assert "docs/validation.md" in lcoh_chart.REFERENCE_LEGEND
    [bar] = refs
    assert list(bar.x) == ["Humber &lt;script&gt;alert(1)&lt;/script&gt;",
                           "Gulf of Kutch &amp; Co"]
    assert bar.base[0] == 5.0
    assert bar.y[0] == 2.5
    pad = lcoh_chart.REFERENCE_MIN_SPAN / 2  # 3.0 alone: centred on it
    assert bar.base[1] == pytest.approx(3.0 - pad)
    assert bar.y[1] == pytest.approx(2 * pad)
    assert all(o > 0.25 for o in bar.offset)  # right of the narrowed hub bar
    assert fig.layout.bargap == lcoh_chart.LCOH_BAR_GAP
    assert [d[3] for d in bar.customdata] == ["5.00-7.50", "3.00"]
    assert "Scope: %{customdata[1]}" in bar.hovertemplate
    assert "Source: %{customdata[2]}" in bar.hovertemplate
    assert bar.customdata[0][2] == "Made-up source &lt;script&gt;alert(1)&lt;/script&gt;"
    components = [t for t in fig.data if t.name != lcoh_chart.REFERENCE_LEGEND]
    for i, hub in enumerate(HUBS):  # the stacks still add up to the hub's LCOH
        assert sum(t.y[i] for t in components) == pytest.approx(
            tables["hubs"].set_index("hub").loc[hub, "lcoh_eur_per_kg"])
    page = report.write(current_dir).read_text(encoding="utf-8")
    table = page.split('<table id="references-table">')[1].split("</table>")[0]
    assert "UK published price" in table
    assert "India published price" in table
    assert "Made-up source &lt;script&gt;" in table


def test_no_published_prices_no_bars(figures: dict) -> None:
    assert all(t.name != lcoh_chart.REFERENCE_LEGEND for t in figures["lcoh"].data)


def test_published_prices_copied_for_the_hubs_countries(tmp_path: Path) -> None:
    """sources.references: the rows of inputs/validation/published_hydrogen_prices.csv for the
    countries of the hubs (two-row fixture), with the network's country code; none without
    the file; a low above its high is refused."""
    inputs = tmp_path / "inputs"
    (inputs / "validation").mkdir(parents=True)
    (inputs / "wind").mkdir()
    used = [inputs / "wind" / "cf.csv"]
    used[0].write_text("time_utc,a\n")
    assert sources.references(used, {"h": "UK"}).empty
    low, high = folder_format.REFERENCE_NUMBERS
    table = inputs / sources.REFERENCE_TABLE
    table.write_text(f"id,country,reference,{low},{high},scope,basis_note,source\n"
                     "a,uk,UK price,4.5,6,production,,S1\n"
                     "b,india,India price,3,3,delivered,x 1,S2\n")
    rows = sources.references(used, {"h": "UK", "k": "UK"})
    assert rows["id"].tolist() == ["a"]
    assert rows["country_code"].tolist() == ["UK"]
    assert list(rows.columns) == [*folder_format.REFERENCE_TEXT, *folder_format.REFERENCE_NUMBERS]
    both = sources.references(used, {"h": "UK", "g": "IN", "x": "FR"})
    assert both["country_code"].tolist() == ["UK", "IN"]
    table.write_text(table.read_text().replace("4.5,6", "7,6"))
    with pytest.raises(InputError, match="above"):
        sources.references(used, {"h": "UK"})


def test_no_grid_imports_no_empty_emissions_chart(tmp_path: Path) -> None:
    """No CO2 at any hub: one sentence in place of an emissions chart of zeros."""
    out = write_results(tmp_path / "clean")
    hubs = pd.read_csv(out / "hubs.csv", keep_default_na=False, dtype=str)
    hubs[["grid_import_mwh", "co2_t", "co2_kg_per_kg_h2"]] = "0"
    hubs.to_csv(out / "hubs.csv", index=False)
    figures = charts.build_figures(folder.read(out))
    assert "emissions" not in figures
    assert charts.not_drawn(figures) == {"emissions": charts.NO_DATA["emissions"],
                                         "certification": charts.NO_DATA["certification"]}
    page = report.write(out).read_text(encoding="utf-8")
    section = page.split('<section id="section-emissions">')[1].split("</section>")[0]
    assert charts.NO_DATA["emissions"] in section
    assert "plotly-graph-div" not in section


def _mineral_tables(demand_kg: dict[str, float], supply: dict[str, float]) -> dict:
    """Mineral tables of a results folder (hand-made test fixture): demand per mineral in one
    country and in total, a world supply for some, one binding cap on neodymium."""
    rows = []
    for scope in ("UK", "total"):
        for mineral, kg in demand_kg.items():
            ws = supply.get(mineral, float("nan"))
            rows.append({"scope": scope, "mineral": mineral, "demand_kg": kg, "primary_kg": kg,
                         "recycled_share": 0.0, "missing": False, "missing_for": "",
                         "world_supply_t_per_yr": ws,
                         "share_of_world_supply_pct": 100 * kg / (ws * 1e3)})
    caps = pd.DataFrame([{"mineral": "neodymium", "scope": "total", "limit_t": 900,
                          "primary_kg": demand_kg["neodymium"], "binding": True,
                          "shadow_price_eur_per_kg": 12.5,
                          "currency": folder_format.CURRENCY}])
    return {"minerals": pd.DataFrame(), "mineral_totals": pd.DataFrame(rows),
            "mineral_caps": caps}


def test_minerals_in_tonnes_and_no_empty_supply_chart() -> None:
    """Masses in t to three significant figures (831,055.6 kg = 831 t); the shadow price in the
    run's currency; iridium with a supply figure but no demand: a sentence, not a chart of 0."""
    assert [str(report_minerals.tonnes(kg)) for kg in
            (831_055.6, 15_697_717.6, 32_318.8, 40.0, 0.0)] == ["831", "15,698", "32.3",
                                                                 "0.0400", "0"]
    assert report_minerals.tonnes(float("nan")) == html.num(None)
    tables = _mineral_tables({"neodymium": 831_055.6, "copper": 15_697_717.6, "iridium": 0.0},
                             {"iridium": 8.0})
    assert set(report_minerals.figures(tables)) == {"mineral_demand"}
    fig = report_minerals.demand_figure(tables)
    assert fig.layout.yaxis.title.text == "t"
    assert list(fig.data[0].y[:2]) == pytest.approx([831.0556, 15_697.7176])
    assert list(fig.data[0].customdata[:2]) == ["831", "15,698"]
    page = str(report_minerals.section_html(tables))
    table = page.split("<tbody>")[1].split("</tbody>")[0]
    assert '<td class="num">831</td><td class="num">831</td>' in table
    assert '<td class="num">15,698</td>' in table
    assert "kg" not in page.split("<table")[1].split("</thead>")[0]  # no kg column heading
    assert f'<span class="unit">{folder_format.CURRENCY} per kg of mineral</span>' in page
    assert "12.50" in page
    sentence = report_minerals.NO_DATA["mineral_supply_share"].format(minerals="iridium")
    assert sentence in page
    assert "figure-mineral-supply-share" not in page
    none = _mineral_tables({"neodymium": 0.0, "copper": 0.0, "iridium": 0.0}, {})
    assert report_minerals.figures(none) == {}
    page = str(report_minerals.section_html(none))
    assert report_minerals.NO_DATA["mineral_demand"] in page
    assert report_minerals.NO_SUPPLY in page
    assert "plotly-graph-div" not in page


def test_discount_rate_card_names_each_country(current_dir: Path) -> None:
    """A country with its own cost of capital: the card gives each country's rate (the
    network's 7 % for the others); without one, the network's single rate."""
    assert '<span class="value">7 %</span>' in report.write(current_dir).read_text(
        encoding="utf-8")
    path = current_dir / "summary.json"
    summary = json.loads(path.read_text(encoding="utf-8"))
    summary["discount_rate_by_country"] = {"India": 0.0708}
    path.write_text(json.dumps(summary), encoding="utf-8")
    text = report.write(current_dir).read_text(encoding="utf-8")
    countries = [c for c in dict.fromkeys(pd.read_csv(current_dir / "hubs.csv").country)
                 if isinstance(c, str)]
    expected = ", ".join(f"{c} {'7.08' if c == 'India' else '7'} %" for c in countries)
    assert "India" in countries
    assert f'<span class="value">{expected}</span>' in text
