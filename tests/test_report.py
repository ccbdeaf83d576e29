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
from energymodel.errors import InputError
from energymodel.report import figures as charts
from energymodel.report import html
from energymodel.report import run as report
from energymodel.results import folder

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
    """Without certification.csv: every chart but the certification ones, and no section."""
    expected = [
        div for key, div in charts.FIGURE_IDS.items() if key not in charts.CERTIFICATION_FIGURES
    ]
    assert figure_ids(page) == expected
    assert page.count("Plotly.newPlot(") == len(expected)
    assert "Hydrogen certification" not in page
    assert 'id="section-certification"' not in page


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
    assert "7.0 %" in page
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
    assert "Hydrogen certification" not in page
    assert "figure-certification" not in page
    assert "figure-grid-matching" not in page
    assert 'id="figure-dispatch"' in page


def test_certification_flags_must_be_true_or_false(certified_dir: Path) -> None:
    path = certified_dir / "certification.csv"
    cert = pd.read_csv(path, keep_default_na=False, dtype=str)
    cert.loc[0, "compliant"] = "maybe"
    cert.to_csv(path, index=False)
    with pytest.raises(InputError, match="maybe") as info:
        folder.read(certified_dir)
    assert Path(info.value.file).name == "certification.csv"
    assert info.value.field == "compliant"


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
