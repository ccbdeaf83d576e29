"""Self-contained interactive HTML report built from the result tables only.

``write(results_dir)`` reads the tables that ``results.py`` writes (never a PyPSA network) and
writes ``results_dir/report.html``: one file with plotly.js inlined once, no external resources,
so it opens offline. The same tables always give a byte-identical page.

``certification.csv`` is optional: when a run wrote it (some hub has a hydrogen standard), the
page gets a "Hydrogen certification" section. Dispatch columns added with certification
(PPA, grid account, battery flows) are optional too and read as zero when absent.
"""

from __future__ import annotations

import html
import json
import logging
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.io import to_html
from plotly.offline import get_plotlyjs
from plotly.subplots import make_subplots

from energymodel import report_minerals
from energymodel.errors import InputError

logger = logging.getLogger(__name__)

__all__ = ["build_figures", "load_tables", "write"]

REPORT_FILE = "report.html"
SUMMARY_FILE = "summary.json"
SUMMARY_KEYS = (
    "network",
    "title",
    "cost_year",
    "discount_rate",
    "resolution",
    "lcoh_definition",
    "total_annual_system_cost_eur",
)
HUB_METRICS = (
    "lcoh_eur_per_kg",
    "annual_cost_eur",
    "hydrogen_delivered_t_per_yr",
    "electrolyser_capacity_factor",
    "wind_curtailment_pct",
    "grid_import_mwh",
    "co2_t",
    "co2_kg_per_kg_h2",
)
DISPATCH_SERIES = (
    "wind_available_mw",
    "wind_used_mw",
    "curtailment_mw",
    "grid_import_mw",
    "electrolysis_mw",
    "h2_storage_level_mwh",
)
# Written since hydrogen certification; older results lack them, read as zeros.
OPTIONAL_DISPATCH_SERIES = (
    "ppa_mw",
    "bank_deposit_mw",
    "bank_withdrawal_mw",
    "bank_level_mwh",
    "battery_charge_mw",
    "battery_discharge_mw",
)
# file -> (text columns, numeric columns) that the report needs; other columns are ignored.
CSV_SCHEMA: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "hubs.csv": (("hub", "name", "country"), HUB_METRICS),
    "lcoh_breakdown.csv": (("hub", "component"), ("annual_cost_eur", "lcoh_eur_per_kg")),
    "capacities.csv": (("hub", "category", "technology", "unit"), ("capacity",)),
    "dispatch.csv": (("snapshot", "hub"), DISPATCH_SERIES),
    "assumptions.csv": (("group", "parameter", "value", "unit", "source"), ()),
}
OPTIONAL_COLUMNS = {"dispatch.csv": OPTIONAL_DISPATCH_SERIES}
CERTIFICATION_FILE = "certification.csv"  # optional: only runs where a hub has a standard
CERTIFICATION_TEXT = ("hub", "standard", "assessment", "matching")
CERTIFICATION_NUMBERS = (
    "threshold_kg_per_kg",
    "achieved_kg_per_kg",
    "annual_kg_per_kg",
    "lcoh_eur_per_kg",
    "lcoh_without_rules_eur_per_kg",
    "cost_of_compliance_eur_per_kg",
)
CERTIFICATION_FLAGS = ("compliant", "binding")
FLAG_VALUES = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}
TOTAL_HUB = "total"
CAPACITY_UNITS = ("MW", "MWh")

# Display order and colours; anything not listed follows in order of appearance.
LCOH_COMPONENTS = {
    "wind": "#2a9d8f",
    "export connection": "#264653",
    "electrolysis": "#e9c46a",
    "storage": "#f4a261",
    "grid electricity": "#8d99ae",
    "contracted renewables": "#90be6d",
    "other": "#c8c8c8",
}
CAPACITY_CATEGORIES = {
    "wind": "#2a9d8f",
    "contracted renewables": "#90be6d",
    "export connection": "#264653",
    "electrolysis": "#e9c46a",
    "grid connection": "#8d99ae",
    "battery power": "#8e7dbe",
    "hydrogen storage": "#f4a261",
    "battery energy": "#b8a9e0",
}
FALLBACK_COLOURS = ("#6c757d", "#a3b18a", "#bc6c25", "#577590", "#d62828")
DISPATCH_STYLE = {  # column -> (legend label, colour, secondary axis)
    "wind_available_mw": ("Wind available (MW)", "#9ccfc8", False),
    "wind_used_mw": ("Wind used (MW)", "#2a9d8f", False),
    "curtailment_mw": ("Curtailment (MW)", "#e76f51", False),
    "grid_import_mw": ("Grid import (MW)", "#6c757d", False),
    "electrolysis_mw": ("Electrolysis, electricity in (MW)", "#264653", False),
    "h2_storage_level_mwh": ("Hydrogen storage level (MWh)", "#7b2cbf", True),
}
# Grid import against renewable supply: column -> (legend label, colour, stack group). The
# supply is stacked in this order, grid at the bottom so its share is easy to read; deposits
# into the grid account are drawn below zero; electrolysis input is a line on top.
MATCHING_SERIES = {
    "grid_import_mw": ("Grid import (counts towards emissions)", "#6c757d", "supply"),
    "wind_used_mw": ("Own offshore wind used", "#2a9d8f", "supply"),
    "ppa_mw": ("Contracted renewables (PPA) used", "#90be6d", "supply"),
    "bank_withdrawal_mw": ("Drawn back from the grid account", "#4895ef", "supply"),
    "bank_deposit_mw": ("Put into the grid account (below zero)", "#a8c5f0", "deposits"),
    "electrolysis_mw": ("Electrolysis, electricity in", "#1f2933", None),
}
STANDARD_NAMES = {
    "uk_lchs": "UK Low Carbon Hydrogen Standard",
    "india_ghs": "Green Hydrogen Standard for India",
    "eu_rfnbo": "EU RFNBO",
}
STANDARD_SHORT = {"uk_lchs": "UK LCHS", "india_ghs": "India GHS", "eu_rfnbo": "EU RFNBO"}
# assessment -> (table text, which value is the achieved one)
ASSESSMENTS = {
    "hourly": ("Each hour", "worst hour"),
    "monthly": ("Each calendar month", "worst month"),
    "annual": ("Over the year", "over the year"),
}
MATCHING_TEXT = {"hourly": "hourly matching", "monthly": "monthly matching"}
COMPLIANT_COLOURS = {True: "#2a9d8f", False: "#d62828"}
THRESHOLD_COLOUR = "#1f2933"
DISPATCH_DECIMALS = 2
INITIAL_VIEW = pd.Timedelta(days=28)

FONT_STACK = (
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, '
    '"Noto Sans", "Liberation Sans", sans-serif'
)
PLOTLY_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "typesetMath": False,
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
}
FIGURE_IDS = {
    "lcoh": "figure-lcoh",
    "capacities": "figure-capacities",
    "emissions": "figure-emissions",
    "certification": "figure-certification",
    "grid_matching": "figure-grid-matching",
    "dispatch": "figure-dispatch",
}
CERTIFICATION_FIGURES = ("certification", "grid_matching")


# ---------------------------------------------------------------- reading


def load_tables(results_dir: str | Path) -> dict:
    """Read and check the result tables the report needs.

    Parameters
    ----------
    results_dir
        Folder written by ``results.py``.

    Returns
    -------
    dict
        ``summary`` (dict) and one DataFrame per CSV, keyed by file stem
        (``hubs``, ``lcoh_breakdown``, ``capacities``, ``dispatch``, ``assumptions``);
        ``certification`` is a DataFrame, or ``None`` when the run wrote no certification.csv.

    Raises
    ------
    InputError
        If a table or a required column is missing or unreadable.
    """
    results_dir = Path(results_dir)
    tables: dict = {"summary": _read_summary(results_dir / SUMMARY_FILE)}
    for file, (text, numeric) in CSV_SCHEMA.items():
        optional = OPTIONAL_COLUMNS.get(file, ())
        tables[Path(file).stem] = _read_csv(results_dir / file, text, numeric, optional)
    cert = results_dir / CERTIFICATION_FILE
    tables["certification"] = _read_certification(cert) if cert.is_file() else None
    _check_tables(results_dir, tables)
    return tables


def _require_file(path: Path) -> None:
    if not path.is_file():
        raise InputError(str(path), "(file)", "missing; run the model first to write it")


def _read_summary(path: Path) -> dict:
    _require_file(path)
    try:
        summary = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise InputError(str(path), "(file)", f"not valid JSON: {err}") from err
    if not isinstance(summary, dict):
        raise InputError(str(path), "(file)", "expected a JSON object")
    for key in SUMMARY_KEYS:
        if key not in summary:
            raise InputError(str(path), key, "missing key")
    return summary


def _read_csv(
    path: Path,
    text: tuple[str, ...],
    numeric: tuple[str, ...],
    optional: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Read a table; ``optional`` numeric columns that are absent are filled with zeros."""
    _require_file(path)
    try:
        # Read everything as text first so that hub ids such as "NA" are never taken as missing.
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.EmptyDataError, pd.errors.ParserError, UnicodeDecodeError) as err:
        raise InputError(str(path), "(file)", f"cannot read: {err}") from err
    for column in (*text, *numeric):
        if column not in df.columns:
            raise InputError(str(path), column, "missing column")
    for column in optional:
        if column not in df.columns:
            df[column] = "0"
    for column in (*numeric, *optional):
        try:
            df[column] = pd.to_numeric(df[column].str.strip().replace("", np.nan))
        except ValueError as err:
            raise InputError(str(path), column, f"not a number ({err})") from err
    return df


def _read_certification(path: Path) -> pd.DataFrame:
    df = _read_csv(path, (*CERTIFICATION_TEXT, *CERTIFICATION_FLAGS), CERTIFICATION_NUMBERS)
    for column in CERTIFICATION_FLAGS:
        flags = df[column].str.strip().str.lower()
        bad = sorted(set(flags) - set(FLAG_VALUES))
        if bad:
            raise InputError(str(path), column, f"not true or false: {bad[0]!r}")
        df[column] = flags.map(FLAG_VALUES).astype(bool)
    return df


def _check_tables(results_dir: Path, tables: dict) -> None:
    hubs = tables["hubs"]
    known = set(hubs.loc[hubs["hub"] != TOTAL_HUB, "hub"])
    if not known:
        raise InputError(str(results_dir / "hubs.csv"), "hub", "no hub rows")
    stems = ["lcoh_breakdown", "capacities", "dispatch"]
    if tables["certification"] is not None:
        stems.append("certification")
    for stem in stems:
        unknown = sorted(set(tables[stem]["hub"]) - known)
        if unknown:
            msg = f"hub {unknown[0]!r} is not in hubs.csv"
            raise InputError(str(results_dir / f"{stem}.csv"), "hub", msg)
    units = sorted(set(tables["capacities"]["unit"]) - set(CAPACITY_UNITS))
    if units:
        msg = f"unknown unit {units[0]!r} (expected MW or MWh)"
        raise InputError(str(results_dir / "capacities.csv"), "unit", msg)
    try:
        pd.to_datetime(tables["dispatch"]["snapshot"], utc=True)
    except (ValueError, TypeError) as err:
        msg = f"not an ISO timestamp ({err})"
        raise InputError(str(results_dir / "dispatch.csv"), "snapshot", msg) from err


# ---------------------------------------------------------------- figures


def build_figures(tables: dict) -> dict[str, go.Figure]:
    """Build every chart of the report.

    Parameters
    ----------
    tables
        Output of :func:`load_tables`.

    Returns
    -------
    dict[str, plotly.graph_objects.Figure]
        Keys ``lcoh``, ``capacities``, ``emissions``, then ``certification`` and
        ``grid_matching`` when the run has certification results, then ``dispatch``: page order.
    """
    figures = {
        "lcoh": lcoh_figure(tables),
        "capacities": capacity_figure(tables),
        "emissions": emissions_figure(tables),
    }
    if _has_certification(tables):
        figures["certification"] = certification_figure(tables)
        figures["grid_matching"] = grid_matching_figure(tables)
    figures["dispatch"] = dispatch_figure(tables)
    return figures


def _has_certification(tables: dict) -> bool:
    cert = tables.get("certification")
    return cert is not None and not cert.empty


def lcoh_figure(tables: dict) -> go.Figure:
    """LCOH per hub, stacked by cost component (EUR/kg)."""
    hubs = _hub_rows(tables)
    labels = [_plot_text(name) for name in hubs["name"]]
    breakdown = tables["lcoh_breakdown"]
    fig = go.Figure()
    components = _ordered(breakdown["component"], LCOH_COMPONENTS)
    positive = np.zeros(len(hubs))
    for i, component in enumerate(components):
        rows = breakdown[breakdown["component"] == component]
        sums = rows.groupby("hub")[["lcoh_eur_per_kg", "annual_cost_eur"]].sum()
        sums = sums.reindex(hubs["hub"], fill_value=0.0)
        positive += sums["lcoh_eur_per_kg"].clip(lower=0).to_numpy()
        fig.add_bar(
            x=labels,
            y=sums["lcoh_eur_per_kg"].tolist(),
            customdata=sums["annual_cost_eur"].tolist(),
            name=_plot_text(component),
            marker_color=_colour(component, LCOH_COMPONENTS, i),
            hovertemplate="%{y:.2f} EUR/kg (%{customdata:,.0f} EUR/yr)<extra>%{fullData.name}"
            "</extra>",
        )
    for label, top, total in zip(labels, positive, hubs["lcoh_eur_per_kg"], strict=True):
        fig.add_annotation(
            x=label, y=top, text=f"<b>{total:.2f}</b>", showarrow=False, yanchor="bottom"
        )
    _style(fig, "Levelised cost of hydrogen by hub", height=480)
    fig.update_layout(barmode="relative", hovermode="x unified", legend_traceorder="normal")
    fig.update_yaxes(title_text="EUR per kg H<sub>2</sub>", rangemode="tozero")
    return fig


def capacity_figure(tables: dict) -> go.Figure:
    """Optimal capacities per hub: power (MW) left, energy storage (MWh) right."""
    hubs = _hub_rows(tables)
    labels = [_plot_text(name) for name in hubs["name"]]
    caps = tables["capacities"]
    fig = make_subplots(
        rows=1,
        cols=2,
        subplot_titles=("Power capacity (MW)", "Energy storage capacity (MWh)"),
        horizontal_spacing=0.1,
    )
    for i, category in enumerate(_ordered(caps["category"], CAPACITY_CATEGORIES)):
        for col, unit in enumerate(CAPACITY_UNITS, start=1):
            rows = caps[(caps["category"] == category) & (caps["unit"] == unit)]
            if rows.empty:
                continue
            grouped = rows.groupby("hub")
            sums = grouped["capacity"].sum().reindex(hubs["hub"], fill_value=0.0)
            techs = grouped["technology"].agg(lambda s: ", ".join(sorted(set(s) - {""})))
            techs = techs.reindex(hubs["hub"], fill_value="")
            fig.add_bar(
                x=labels,
                y=sums.round(1).tolist(),
                customdata=[_plot_text(t) or "-" for t in techs],
                name=_plot_text(category),
                marker_color=_colour(category, CAPACITY_CATEGORIES, i),
                hovertemplate=f"%{{y:,.1f}} {unit}<br>%{{customdata}}"
                "<extra>%{fullData.name}</extra>",
                row=1,
                col=col,
            )
    _style(fig, "Installed capacity by hub", height=480)
    fig.update_layout(barmode="group")
    fig.update_yaxes(title_text="MW", rangemode="tozero", row=1, col=1)
    fig.update_yaxes(title_text="MWh", rangemode="tozero", row=1, col=2)
    return fig


def emissions_figure(tables: dict) -> go.Figure:
    """Annual CO2 per hub (t/yr) and carbon intensity of the hydrogen (kg CO2/kg H2)."""
    hubs = _hub_rows(tables)
    labels = [_plot_text(name) for name in hubs["name"]]
    fig = make_subplots(
        rows=1,
        cols=2,
        subplot_titles=(
            "Annual emissions (t CO<sub>2</sub>/yr)",
            "Carbon intensity (kg CO<sub>2</sub> per kg H<sub>2</sub>)",
        ),
        horizontal_spacing=0.12,
    )
    fig.add_bar(
        x=labels,
        y=hubs["co2_t"].round(1).tolist(),
        name="CO2 (t/yr)",
        marker_color="#6c757d",
        hovertemplate="%{x}<br>%{y:,.0f} t CO<sub>2</sub>/yr<extra></extra>",
        row=1,
        col=1,
    )
    fig.add_bar(
        x=labels,
        y=hubs["co2_kg_per_kg_h2"].round(3).tolist(),
        name="CO2 intensity (kg/kg)",
        marker_color="#457b9d",
        hovertemplate="%{x}<br>%{y:.2f} kg CO<sub>2</sub> per kg H<sub>2</sub><extra></extra>",
        row=1,
        col=2,
    )
    _style(fig, "CO<sub>2</sub> emissions by hub", height=420)
    fig.update_layout(showlegend=False)
    fig.update_yaxes(title_text="t CO<sub>2</sub>/yr", rangemode="tozero", row=1, col=1)
    fig.update_yaxes(
        title_text="kg CO<sub>2</sub>/kg H<sub>2</sub>", rangemode="tozero", row=1, col=2
    )
    return fig


def dispatch_figure(tables: dict) -> go.Figure:
    """Operation over the year for one hub at a time, picked from a dropdown."""
    hubs = _hub_rows(tables)
    dispatch = tables["dispatch"]
    resolution = str(tables["summary"]["resolution"])
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    buttons = []
    n_series = len(DISPATCH_SERIES)
    for h, (hub, name) in enumerate(zip(hubs["hub"], hubs["name"], strict=True)):
        rows = dispatch[dispatch["hub"] == hub]
        rows = rows.assign(time=_utc_naive(rows["snapshot"])).sort_values("time", kind="stable")
        axis = _time_axis(rows["time"])
        for column in DISPATCH_SERIES:
            label, colour, secondary = DISPATCH_STYLE[column]
            unit = "MWh" if secondary else "MW"
            fig.add_scatter(
                **axis,
                y=_compact(rows[column]),
                name=label,
                mode="lines",
                line={"color": colour, "width": 1.2, "shape": "hv", "dash": _dash(column)},
                fill="tozeroy" if column == "wind_available_mw" else None,
                visible=h == 0,
                hovertemplate=f"%{{y:,.1f}} {unit}<extra>{_plot_text(label)}</extra>",
                secondary_y=secondary,
            )
        title = f"Operation at {_plot_text(name)} ({_plot_text(resolution)} time steps)"
        buttons.append(_hub_button(name, h, n_series, len(hubs), title))
    first = _plot_text(hubs["name"].iloc[0])
    _style(fig, f"Operation at {first} ({_plot_text(resolution)} time steps)", height=560)
    _time_controls(fig, buttons, _utc_naive(dispatch["snapshot"]))
    fig.update_yaxes(title_text="Power (MW)", rangemode="tozero", secondary_y=False)
    fig.update_yaxes(
        title_text="Hydrogen storage (MWh)",
        rangemode="tozero",
        showgrid=False,
        tickmode="auto",
        secondary_y=True,
    )
    return fig


def certification_figure(tables: dict) -> go.Figure:
    """Achieved carbon intensity per hub and standard, with the standard's threshold across it.

    The threshold is drawn as a thin, wider bar on top of the achieved bar, so it spans the bar
    at any page width.
    """
    rows = _certification_rows(tables)
    several = rows["hub"].duplicated(keep=False)
    rows["label"] = [
        f"{_plot_text(name)}<br>{_plot_text(STANDARD_SHORT.get(std, std))}"
        if many
        else _plot_text(name)
        for name, std, many in zip(rows["name"], rows["standard"], several, strict=True)
    ]
    rows["standard_name"] = [_plot_text(STANDARD_NAMES.get(s, s)) for s in rows["standard"]]
    rows["achieved_as"] = [_plot_text(ASSESSMENTS.get(a, ("", a))[1]) for a in rows["assessment"]]
    unit = "kg CO<sub>2</sub>e/kg H<sub>2</sub>"
    detail = ["standard_name", "achieved_as", "annual_kg_per_kg", "threshold_kg_per_kg"]
    fig = go.Figure()
    for compliant, name in ((True, "Achieved: meets the standard"), (False, "Achieved: fails")):
        part = rows[rows["compliant"] == compliant]
        if part.empty:
            continue
        fig.add_bar(
            x=part["label"].tolist(),
            y=part["achieved_kg_per_kg"].round(3).tolist(),
            customdata=part[detail].round(3).to_numpy().tolist(),
            name=name,
            width=0.5,
            marker_color=COMPLIANT_COLOURS[compliant],
            text=[f"{v:.2f}" for v in part["achieved_kg_per_kg"]],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{x}<br>%{customdata[0]}"
            f"<br>Achieved (%{{customdata[1]}}): %{{y:.2f}} {unit}"
            f"<br>Average over the year: %{{customdata[2]:.2f}} {unit}"
            f"<br>Threshold: %{{customdata[3]:.2f}} {unit}<extra></extra>",
        )
    top = np.nanmax([rows["threshold_kg_per_kg"].max(), rows["achieved_kg_per_kg"].max()])
    thickness = round(float(top) * 0.012, 4) if np.isfinite(top) and top > 0 else 0.02
    fig.add_bar(
        x=rows["label"].tolist(),
        y=[thickness] * len(rows),
        base=(rows["threshold_kg_per_kg"] - thickness / 2).round(4).tolist(),
        customdata=rows[["standard_name", "threshold_kg_per_kg"]].to_numpy().tolist(),
        name="Threshold of the standard",
        width=0.7,
        marker_color=THRESHOLD_COLOUR,
        hovertemplate=f"%{{x}}<br>%{{customdata[0]}}<br>Threshold: %{{customdata[1]:.2f}} {unit}"
        "<extra></extra>",
    )
    _style(fig, "Carbon intensity of the hydrogen against each standard", height=460)
    fig.update_layout(barmode="overlay", hovermode="closest", legend_traceorder="normal")
    fig.update_xaxes(categoryorder="array", categoryarray=rows["label"].tolist())
    fig.update_yaxes(title_text="kg CO<sub>2</sub>e per kg H<sub>2</sub>", rangemode="tozero")
    return fig


def grid_matching_figure(tables: dict) -> go.Figure:
    """Grid import against renewable supply for each certified hub, picked from a dropdown."""
    hubs = _hub_rows(tables)
    hubs = hubs[hubs["hub"].isin(set(tables["certification"]["hub"]))].reset_index(drop=True)
    dispatch = tables["dispatch"]
    resolution = _plot_text(tables["summary"]["resolution"])
    fig = go.Figure()
    buttons = []
    n_series = len(MATCHING_SERIES)
    for h, hub in enumerate(hubs.itertuples(index=False)):
        rows = dispatch[dispatch["hub"] == hub.hub]
        rows = rows.assign(time=_utc_naive(rows["snapshot"])).sort_values("time", kind="stable")
        axis = _time_axis(rows["time"])
        intensity = _grid_intensity_g_per_kwh(hub.co2_t, hub.grid_import_mwh)
        for column, (label, colour, stack) in MATCHING_SERIES.items():
            values = rows[column].abs()  # flows are >= 0; solver noise can give -0.0
            note = ""
            if column == "grid_import_mw" and intensity is not None:
                note = f" (year average {intensity:,.0f} g CO<sub>2</sub>/kWh)"
            line = {"color": colour, "width": 1.6 if stack is None else 0.8, "shape": "hv"}
            fig.add_scatter(
                **axis,
                y=_compact(0.0 - values if stack == "deposits" else values),
                name=_plot_text(label),
                mode="lines",
                stackgroup=stack,
                line=line,
                fillcolor=colour if stack else None,
                visible=h == 0,
                hovertemplate=f"%{{y:,.1f}} MW{note}<extra>{_plot_text(label)}</extra>",
            )
        title = (
            f"Grid import against renewable output at {_plot_text(hub.name)} ({resolution} "
            "time steps)"
        )
        buttons.append(_hub_button(hub.name, h, n_series, len(hubs), title))
    first = _plot_text(hubs["name"].iloc[0])
    _style(
        fig,
        f"Grid import against renewable output at {first} ({resolution} time steps)",
        height=560,
    )
    _time_controls(fig, buttons, _utc_naive(dispatch["snapshot"]))
    fig.update_layout(legend_traceorder="normal")  # grid first, as stacked from the bottom
    fig.update_yaxes(title_text="Electricity (MW)", zeroline=True, zerolinecolor="#5f6b7a")
    return fig


def _certification_rows(tables: dict) -> pd.DataFrame:
    """Certification rows in hub order (as in hubs.csv), with the hub's display name."""
    cert = tables["certification"]
    hubs = _hub_rows(tables)
    order = {hub: i for i, hub in enumerate(hubs["hub"])}
    names = dict(zip(hubs["hub"], hubs["name"], strict=True))
    rows = cert.assign(
        name=cert["hub"].map(names), order=cert["hub"].map(order), row=range(len(cert))
    )
    return rows.sort_values(["order", "row"], kind="stable").reset_index(drop=True)


def _grid_intensity_g_per_kwh(co2_t: float, grid_mwh: float) -> float | None:
    """Year-average carbon intensity of a hub's grid import (t/MWh = kg/kWh; x 1000 = g/kWh)."""
    if not np.isfinite(co2_t) or not np.isfinite(grid_mwh) or grid_mwh <= 0:
        return None
    return float(co2_t / grid_mwh * 1e3)


def _hub_button(name: str, index: int, n_series: int, n_hubs: int, title: str) -> dict:
    """Dropdown entry that shows hub ``index``'s ``n_series`` traces and retitles the chart."""
    visible = [i // n_series == index for i in range(n_hubs * n_series)]
    return {
        "label": _plot_text(name),
        "method": "update",
        "args": [{"visible": visible}, {"title.text": title}],
    }


def _time_controls(fig: go.Figure, buttons: list[dict], times: pd.Series) -> None:
    """Hub dropdown at the top right; range slider and 1 week / 1 month / All buttons."""
    fig.update_layout(
        hovermode="x unified",
        updatemenus=[
            {
                "type": "dropdown",
                "direction": "down",
                "buttons": buttons,
                "active": 0,
                "showactive": True,
                "x": 1.0,
                "xanchor": "right",
                "y": 1.16,
                "yanchor": "top",
            }
        ],
        legend={"orientation": "h", "y": -0.45, "x": 0, "yanchor": "top"},
        margin={"b": 120},
    )
    fig.update_xaxes(
        title_text="Time (UTC)",
        range=_initial_range(times),
        rangeslider={"visible": True, "thickness": 0.12},
        rangeselector={
            "buttons": [
                {"count": 7, "label": "1 week", "step": "day", "stepmode": "backward"},
                {"count": 1, "label": "1 month", "step": "month", "stepmode": "backward"},
                {"label": "All", "step": "all"},
            ]
        },
    )


def _hub_rows(tables: dict) -> pd.DataFrame:
    hubs = tables["hubs"]
    return hubs[hubs["hub"] != TOTAL_HUB].reset_index(drop=True)


def _ordered(values: pd.Series, known: dict[str, str]) -> list[str]:
    present = list(dict.fromkeys(values))
    return [v for v in known if v in present] + [v for v in present if v not in known]


def _colour(key: str, palette: dict[str, str], index: int) -> str:
    return palette.get(key, FALLBACK_COLOURS[index % len(FALLBACK_COLOURS)])


def _dash(column: str) -> str:
    return "dot" if column == "h2_storage_level_mwh" else "solid"


def _utc_naive(snapshots: pd.Series) -> pd.Series:
    return pd.to_datetime(snapshots, utc=True).dt.tz_localize(None)


def _time_axis(times: pd.Series) -> dict:
    """``x0``/``dx`` for evenly spaced steps (far smaller than one date per point), else ``x``."""
    if len(times) >= 2:
        steps = times.diff().iloc[1:].unique()
        if len(steps) == 1 and steps[0] > pd.Timedelta(0):
            dx_ms = int(pd.Timedelta(steps[0]) / pd.Timedelta(milliseconds=1))
            return {"x0": _plotly_date(times.iloc[0]), "dx": dx_ms}
    return {"x": [_plotly_date(t) for t in times]}


def _initial_range(times: pd.Series) -> list[str] | None:
    """Open on the first weeks of a long run (a year of hours is a blur); ``None`` = all."""
    if times.empty or times.max() - times.min() <= INITIAL_VIEW:
        return None
    start = times.min()
    return [_plotly_date(start), _plotly_date(start + INITIAL_VIEW)]


def _plotly_date(time: pd.Timestamp) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S")


def _compact(values: pd.Series) -> list[float]:
    """Round to a few decimals; plain JSON numbers keep the page small and readable."""
    return [float(v) for v in values.round(DISPATCH_DECIMALS).to_numpy(dtype=float)]


def _style(fig: go.Figure, title: str, height: int) -> None:
    fig.update_layout(
        template="plotly_white",
        title={"text": title, "x": 0, "xanchor": "left"},
        font={"family": FONT_STACK, "size": 13, "color": "#1f2933"},
        height=height,
        margin={"l": 70, "r": 30, "t": 90, "b": 60},
        legend={"bgcolor": "rgba(255,255,255,0.6)"},
    )


def _plot_text(value: object) -> str:
    """Escape text for plotly, which renders its own small HTML subset (no quote entities)."""
    return html.escape(str(value), quote=False)


# ---------------------------------------------------------------- page

CAPTIONS = {
    "lcoh": (
        "What one kilogram of hydrogen costs at each hub, split into where the money goes. "
        "The number above each bar is the hub's total. Hover over a bar to see each part in "
        "EUR per kg and in EUR per year."
    ),
    "capacities": (
        "How much equipment the optimisation chose to build at each hub. Power equipment "
        "(wind farms, contracted renewables, export cables, electrolysers, the grid connection's "
        "import limit, battery inverters) is on the left in MW; storage (hydrogen storage, "
        "battery energy) is on the right in MWh."
    ),
    "emissions": (
        "Carbon dioxide counted for each hub: the yearly total on the left, and per kilogram "
        "of hydrogen delivered on the right. The assumptions table at the end lists the "
        "emission factors used."
    ),
    "certification": (
        "Each bar is the carbon intensity the hydrogen reached under one standard: for a rule "
        "assessed each hour or month it is the worst hour or month of the year. The black "
        "line across each bar is the standard's limit; a bar at or under its line meets the "
        "standard. Hover over a bar for the year average as well."
    ),
    "grid_matching": (
        "Where each certified hub's electricity comes from, time step by time step. Only grid "
        "electricity (grey, at the bottom) counts towards the hydrogen's emissions, at the "
        "grid's carbon intensity in that hour; own wind, contracted renewables (PPA) and "
        "electricity drawn back from the grid account (banking, or monthly matching under EU "
        "RFNBO) count as renewable. Renewable electricity put into the grid account is shown "
        "below zero. The black line is the electricity the electrolysers use; any other gap "
        "between it and the supply is the battery charging or discharging. Pick a hub from the "
        "menu at the top right; zoom with the buttons or the slider. Power in MW."
    ),
    "dispatch": (
        "How each hub runs through the year. Pick a hub from the menu at the top right; use "
        "the buttons (1 week, 1 month, All) or drag the slider under the chart to zoom in time. "
        "Power flows are in MW on the left axis; the dotted line is the hydrogen held in "
        "storage, in MWh on the right axis. Curtailment is wind power that was available but "
        "not used."
    ),
}
HEADINGS = {
    "lcoh": "Cost of hydrogen by hub",
    "capacities": "What gets built",
    "emissions": "Emissions",
    "certification": "Hydrogen certification",
    "dispatch": "Operation through the year",
}
CERTIFICATION_NOTE = (
    "Each row is one standard a hub is certified to. Intensity is the grid electricity's "
    "CO<sub>2</sub>e per kilogram of hydrogen produced, in kg CO<sub>2</sub>e/kg H<sub>2</sub>; "
    "&ldquo;achieved&rdquo; is the worst assessment period (hour, month or year). The UK "
    "standard is assessed each hour or each calendar month, the Indian standard and EU RFNBO "
    "over the year. A rule that "
    "binds changes the cost-optimal plan. The cost of compliance is the hub's LCOH with its "
    "rules minus the LCOH of the same hub optimised without them, for all the hub's rules "
    "together (so it repeats on each of the hub's rows). EU RFNBO: renewable fuels of "
    "non-biological origin under the EU Renewable Energy Directive; matching is how closely "
    "grid use must be matched in time by contracted renewable output."
)
# hubs.csv column -> (heading, unit, scale, decimals)
KEY_FIGURE_COLUMNS = {
    "lcoh_eur_per_kg": ("LCOH", "EUR/kg", 1.0, 2),
    "annual_cost_eur": ("Annual cost", "million EUR/yr", 1e-6, 1),
    "hydrogen_delivered_t_per_yr": ("Hydrogen delivered", "t/yr", 1.0, 0),
    "electrolyser_capacity_factor": ("Electrolyser capacity factor", "%", 100.0, 1),
    "wind_curtailment_pct": ("Wind curtailed", "%", 1.0, 1),
    "grid_import_mwh": ("Grid import", "MWh/yr", 1.0, 0),
    "co2_t": ("CO<sub>2</sub>", "t/yr", 1.0, 0),
    "co2_kg_per_kg_h2": ("CO<sub>2</sub> intensity", "kg CO<sub>2</sub>/kg H<sub>2</sub>", 1.0, 2),
}
ASSUMPTION_COLUMNS = (
    ("group", "Group"),
    ("parameter", "Parameter"),
    ("value", "Value"),
    ("unit", "Unit"),
    ("source", "Source"),
)

CSS = """
:root { --ink: #1f2933; --muted: #5f6b7a; --line: #e3e7ec; --accent: #2a9d8f; --bg: #f7f9fb; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font-family: __FONT__; font-size: 15px; line-height: 1.5; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 24px 64px; }
header { border-bottom: 3px solid var(--accent); margin-bottom: 8px; padding-bottom: 12px; }
h1 { font-size: 1.9rem; margin: 0 0 4px; }
h2 { font-size: 1.3rem; margin: 40px 0 8px; }
.subtitle { color: var(--muted); margin: 0; }
.facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr));
  gap: 12px; margin: 16px 0; padding: 0; list-style: none; }
.facts li { background: #fff; border: 1px solid var(--line); border-radius: 8px;
  padding: 10px 14px; }
.facts .label { display: block; color: var(--muted); font-size: 0.8rem;
  text-transform: uppercase; letter-spacing: 0.04em; }
.facts .value { font-size: 1.15rem; font-weight: 600; }
.definition { background: #fff; border-left: 4px solid var(--accent); padding: 10px 14px;
  margin: 8px 0 0; }
section { margin-top: 8px; }
figure { margin: 0; background: #fff; border: 1px solid var(--line); border-radius: 8px;
  padding: 8px; }
figcaption, .note { color: var(--muted); font-size: 0.92rem; margin: 8px 4px 0; }
.table-wrap { overflow-x: auto; background: #fff; border: 1px solid var(--line);
  border-radius: 8px; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { padding: 7px 10px; border-bottom: 1px solid var(--line); text-align: left;
  vertical-align: top; }
thead th { background: #eef2f5; font-weight: 600; }
th .unit { display: block; font-weight: 400; color: var(--muted); font-size: 0.8rem; }
th.num { text-align: right; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody th, tfoot th { font-weight: 600; min-width: 9em; }
tbody tr:nth-child(even) { background: #fafbfc; }
tfoot td, tfoot th { font-weight: 600; border-top: 2px solid var(--ink); }
.lead { margin: 0 0 10px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-weight: 600;
  white-space: nowrap; }
.badge.pass { background: #d8f3ec; color: #1b6b5f; }
.badge.fail { background: #fde2e2; color: #a4161a; }
#section-certification figure { margin-top: 16px; }
#certification-table td.standard { min-width: 14em; }
footer { margin-top: 48px; color: var(--muted); font-size: 0.82rem; }
footer code { font-size: 0.8rem; word-break: break-all; }
""".replace("__FONT__", FONT_STACK)


def write(results_dir: str | Path) -> Path:
    """Write ``report.html`` into ``results_dir`` from the result tables there.

    Parameters
    ----------
    results_dir
        Folder written by ``results.py``.

    Returns
    -------
    Path
        The written report.

    Raises
    ------
    InputError
        If a table or a required column is missing or unreadable.
    """
    results_dir = Path(results_dir)
    tables = load_tables(results_dir)
    tables["minerals"] = report_minerals.load_tables(results_dir)
    page = render(tables, build_figures(tables))
    path = results_dir / REPORT_FILE
    path.write_text(page, encoding="utf-8", newline="\n")
    logger.info("Wrote %s (%.1f MB)", path, path.stat().st_size / 1e6)
    return path


def render(tables: dict, figures: dict[str, go.Figure]) -> str:
    """Assemble the full HTML page; deterministic for the same tables."""
    summary = tables["summary"]
    sections = [_key_figures_section(tables["hubs"])]
    for key, fig in figures.items():
        if key == "certification":
            sections.append(_certification_section(tables, figures))
        elif key not in CERTIFICATION_FIGURES:
            sections.append(_figure_section(key, fig))
    if tables.get("minerals"):
        sections.append(report_minerals.section_html(tables["minerals"]))
    sections.append(_assumptions_section(tables["assumptions"]))
    body = "\n".join(sections)
    return page(_esc(summary["title"]), f"{_header(summary)}\n{body}\n{_footer(summary)}")


def page(title: str, main: str, css: str = CSS) -> str:
    """A self-contained HTML page: the project's style and plotly.js inlined, no request.

    ``title`` and ``main`` are HTML, already escaped; used by report.html, compare.html and
    the benchmark's bench.html.
    """
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{css}</style>
<script>window.PlotlyConfig = {{MathJaxConfig: 'local'}};</script>
<script>{get_plotlyjs()}</script>
</head>
<body>
<main>
{main}
</main>
</body>
</html>
"""


def _header(summary: dict) -> str:
    facts = [
        ("Network", _esc(summary["network"])),
        ("Cost year", _esc(summary["cost_year"])),
        ("Discount rate", f"{_num(float(summary['discount_rate']) * 100, 1)} %"),
        ("Time resolution", _resolution(summary)),
        (
            "Total annual system cost",
            f"{_num(float(summary['total_annual_system_cost_eur']) / 1e6, 1)} million EUR",
        ),
    ]
    items = "\n".join(
        f'<li><span class="label">{label}</span><span class="value">{value}</span></li>'
        for label, value in facts
    )
    return f"""<header>
<h1>{_esc(summary["title"])}</h1>
<p class="subtitle">Offshore wind to green hydrogen: results of the cost-optimal plan</p>
<ul class="facts">
{items}
</ul>
<p class="definition"><strong>Levelised cost of hydrogen (LCOH):</strong>
{_esc(summary["lcoh_definition"])}</p>
</header>"""


def _resolution(summary: dict) -> str:
    text = _esc(summary["resolution"])
    snapshots = summary.get("snapshots")
    return f"{text} ({_num(snapshots, 0)} steps)" if snapshots is not None else text


def _key_figures_section(hubs: pd.DataFrame) -> str:
    head = ['<th scope="col">Hub</th>', '<th scope="col">Country</th>']
    head += [
        f'<th scope="col" class="num">{title}<span class="unit">{unit}</span></th>'
        for title, unit, _, _ in KEY_FIGURE_COLUMNS.values()
    ]
    body, foot = [], []
    for row in hubs.itertuples(index=False):
        cells = [f'<th scope="row">{_esc(row.name)}</th>', f"<td>{_esc(row.country)}</td>"]
        cells += [
            f'<td class="num">{_num(getattr(row, column) * scale, decimals)}</td>'
            for column, (_, _, scale, decimals) in KEY_FIGURE_COLUMNS.items()
        ]
        (foot if row.hub == TOTAL_HUB else body).append(f"<tr>{''.join(cells)}</tr>")
    return f"""<section id="key-figures">
<h2>Key figures by hub</h2>
<div class="table-wrap"><table>
<thead><tr>{"".join(head)}</tr></thead>
<tbody>
{chr(10).join(body)}
</tbody>
<tfoot>{"".join(foot)}</tfoot>
</table></div>
<p class="note">One row per hub; the last row is the whole system. The capacity factor is the
electrolysers' average load as a share of their size; curtailed wind is wind power that was
available but not used.</p>
</section>"""


def _figure_section(key: str, fig: go.Figure) -> str:
    return f"""<section id="section-{key}">
<h2>{HEADINGS[key]}</h2>
{_figure(key, fig)}
</section>"""


def _figure(key: str, fig: go.Figure) -> str:
    div = to_html(
        fig,
        config=PLOTLY_CONFIG,
        include_plotlyjs=False,
        include_mathjax=False,
        full_html=False,
        div_id=FIGURE_IDS[key],
    )
    return f"""<figure>
{div}
<figcaption>{CAPTIONS[key]}</figcaption>
</figure>"""


def _certification_section(tables: dict, figures: dict[str, go.Figure]) -> str:
    """Table of compliance per hub and standard, then the two certification charts."""
    kg = "kg CO<sub>2</sub>e/kg H<sub>2</sub>"
    head = [
        ("Hub", ""),
        ("Standard", ""),
        ("Assessed", ""),
        ("Threshold", kg),
        ("Achieved", f"{kg}, worst period"),
        ("Year average", kg),
        ("Meets standard", ""),
        ("Rule binds", ""),
        ("LCOH with rules", "EUR/kg"),
        ("LCOH without rules", "EUR/kg"),
        ("Cost of compliance", "EUR/kg"),
    ]
    cells = "".join(
        f'<th scope="col" class="num">{title}<span class="unit">{unit}</span></th>'
        if unit
        else f'<th scope="col">{title}</th>'
        for title, unit in head
    )
    rows = []
    for row in _certification_rows(tables).itertuples(index=False):
        assessed = ASSESSMENTS.get(row.assessment, (_esc(row.assessment),))[0]
        if row.matching:
            assessed += f", {MATCHING_TEXT.get(row.matching, _esc(row.matching))}"
        numbers = (
            (row.threshold_kg_per_kg, 2),
            (row.achieved_kg_per_kg, 2),
            (row.annual_kg_per_kg, 2),
        )
        costs = (
            row.lcoh_eur_per_kg,
            row.lcoh_without_rules_eur_per_kg,
            row.cost_of_compliance_eur_per_kg,
        )
        rows.append(
            "<tr>"
            f'<th scope="row">{_esc(row.name)}</th>'
            f'<td class="standard">{_esc(STANDARD_NAMES.get(row.standard, row.standard))}</td>'
            f"<td>{assessed}</td>"
            + "".join(f'<td class="num">{_num(v, d)}</td>' for v, d in numbers)
            + f"<td>{_compliance_badge(row.compliant)}</td>"
            f"<td>{'Yes' if row.binding else 'No'}</td>"
            + "".join(f'<td class="num">{_num(v, 2)}</td>' for v in costs)
            + "</tr>"
        )
    return f"""<section id="section-certification">
<h2>{HEADINGS["certification"]}</h2>
<p class="lead">Whether the hydrogen of each hub meets the low-carbon standard it is certified
to, and what meeting it costs.</p>
<div class="table-wrap"><table id="certification-table">
<thead><tr>{cells}</tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table></div>
<p class="note">{CERTIFICATION_NOTE}</p>
{_figure("certification", figures["certification"])}
{_figure("grid_matching", figures["grid_matching"])}
</section>"""


def _compliance_badge(compliant: bool) -> str:
    """Yes/No in words and a symbol, not by colour alone."""
    if compliant:
        return '<span class="badge pass">&#10003; Yes</span>'
    return '<span class="badge fail">&#10007; No</span>'


def _assumptions_section(assumptions: pd.DataFrame) -> str:
    head = "".join(f'<th scope="col">{title}</th>' for _, title in ASSUMPTION_COLUMNS)
    rows = [
        "<tr>"
        + "".join(f"<td>{_esc(getattr(row, col))}</td>" for col, _ in ASSUMPTION_COLUMNS)
        + "</tr>"
        for row in assumptions.itertuples(index=False)
    ]
    return f"""<section id="assumptions">
<h2>Key assumptions and data sources</h2>
<div class="table-wrap"><table>
<thead><tr>{head}</tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table></div>
</section>"""


def _footer(summary: dict) -> str:
    versions = summary.get("versions") or {}
    listed = ", ".join(f"{_esc(k)} {_esc(v)}" for k, v in sorted(versions.items()))
    parts = ["Built by energymodel from the result tables in this folder."]
    if summary.get("inputs_hash"):
        parts.append(f"Inputs hash: <code>{_esc(summary['inputs_hash'])}</code>.")
    if listed:
        parts.append(f"Software: {listed}.")
    return f"<footer><p>{' '.join(parts)}</p></footer>"


def _num(value: object, decimals: int) -> str:
    """Format a number with thousands separators; missing values show as a dash."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return _esc(value)
    if not np.isfinite(number):
        return "&ndash;"
    text = f"{number:,.{decimals}f}"
    return "0" if decimals == 0 and text == "-0" else text


def _esc(value: object) -> str:
    return html.escape(str(value))
