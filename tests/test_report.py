"""Tests of the HTML report, on a tiny synthetic results folder.

The numbers in the fixture are hand-chosen test fixtures, not data: two hubs, 48 hourly
snapshots, round costs that add up by construction.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from plotly.offline import get_plotlyjs

from energymodel import report
from energymodel.errors import InputError

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
            "grid electricity": 0.30,
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
TABLES = (
    "summary.json",
    "hubs.csv",
    "lcoh_breakdown.csv",
    "capacities.csv",
    "dispatch.csv",
    "assumptions.csv",
)


def write_results(folder: Path) -> Path:
    """Write the fixture result tables (same contract as results.py) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    hub_rows, breakdown, capacities, dispatch = [], [], [], []
    for i, (hub, (name, country, h2_t, parts)) in enumerate(HUBS.items()):
        lcoh = sum(parts.values())
        grid_mwh = 1_000.0 * parts["grid electricity"] * 100
        co2 = grid_mwh * 0.2
        hub_rows.append(
            {
                "hub": hub,
                "name": name,
                "country": country,
                "lcoh_eur_per_kg": lcoh,
                "annual_cost_eur": lcoh * h2_t * 1_000,
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
            dispatch.append(
                {
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
            )
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
    return report.build_figures(report.load_tables(results_dir))


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


def test_every_figure_present(page: str) -> None:
    ids = re.findall(r'<div id="([^"]+)" class="plotly-graph-div"', page)
    assert ids == list(report.FIGURE_IDS.values())
    assert page.count("Plotly.newPlot(") == len(report.FIGURE_IDS)


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


def test_lcoh_stacks_sum_to_hub_lcoh(results_dir: Path, figures: dict) -> None:
    hubs = pd.read_csv(results_dir / "hubs.csv").set_index("hub")
    bars = [trace for trace in figures["lcoh"].data if trace.type == "bar"]
    assert [bar.name for bar in bars] == list(report.LCOH_COMPONENTS)
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
    n_series = len(report.DISPATCH_SERIES)
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
    assert report._time_axis(times) == {
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
        report.load_tables(results_dir)
    assert Path(info.value.file).name == "dispatch.csv"
    assert info.value.field == "curtailment_mw"


def test_unknown_capacity_unit_is_rejected(results_dir: Path) -> None:
    path = results_dir / "capacities.csv"
    caps = pd.read_csv(path)
    caps.loc[0, "unit"] = "kW"
    caps.to_csv(path, index=False)
    with pytest.raises(InputError, match="kW"):
        report.load_tables(results_dir)


def test_output_is_byte_identical(results_dir: Path, tmp_path: Path) -> None:
    first = report.write(results_dir).read_bytes()
    second = report.write(results_dir).read_bytes()
    other = report.write(write_results(tmp_path / "copy")).read_bytes()
    assert first == second == other
