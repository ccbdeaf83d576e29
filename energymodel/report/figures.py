"""The charts of report.html, from the result tables only (never a PyPSA network).

:func:`build_figures` draws every chart of the page, in page order (the LCOH chart, with the
published prices beside its bars, in :mod:`energymodel.report.lcoh`); the page
(:mod:`energymodel.report.run`) embeds them as the divs :data:`FIGURE_IDS` names. A chart
without data is not drawn; :func:`not_drawn` gives the sentence the page shows instead. Names in the
charts are escaped for Plotly's own small HTML subset (:func:`energymodel.report.html.plot_text`);
colours and labels of LCOH components and capacity categories come from
:mod:`energymodel.carriers`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from energymodel.carriers import CAPACITY_CATEGORIES
from energymodel.report import html
from energymodel.report.lcoh import lcoh_figure
from energymodel.results.folder import CAPACITY_UNITS, DISPATCH_SERIES, TOTAL

__all__ = [
    "CERTIFICATION_FIGURES",
    "FIGURE_IDS",
    "MATCHING_SERIES",
    "NO_DATA",
    "STANDARD_NAMES",
    "build_figures",
    "certification_rows",
    "hub_rows",
    "not_drawn",
]

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
# assessment -> which value is the achieved one
ACHIEVED_AS = {"hourly": "worst hour", "monthly": "worst month", "annual": "over the year"}
COMPLIANT_COLOURS = {True: "#2a9d8f", False: "#d62828"}
THRESHOLD_COLOUR = "#1f2933"
DISPATCH_DECIMALS = 2
INITIAL_VIEW = pd.Timedelta(days=28)

FIGURE_IDS = {
    "lcoh": "figure-lcoh",
    "capacities": "figure-capacities",
    "emissions": "figure-emissions",
    "certification": "figure-certification",
    "grid_matching": "figure-grid-matching",
    "dispatch": "figure-dispatch",
}
CERTIFICATION_FIGURES = ("certification", "grid_matching")
#: Why a chart is not drawn, the one sentence the page shows in its place: chart -> sentence.
NO_DATA = {
    "emissions": "No hub emits CO2: none imports grid electricity with a carbon intensity "
    "above zero, so there is no emissions chart.",
    "certification": "No hub of this network is certified to a hydrogen standard (none sets "
    "certification.standards), so there is no certification table or chart.",
}


def build_figures(tables: dict) -> dict[str, go.Figure]:
    """Build every chart of the report.

    Parameters
    ----------
    tables
        Output of :func:`energymodel.results.folder.read`.

    Returns
    -------
    dict[str, plotly.graph_objects.Figure]
        Keys ``lcoh``, ``capacities``, ``emissions`` (when some hub emits CO2), then
        ``certification`` and ``grid_matching`` when the run has certification results, then
        ``dispatch``: page order. A chart without data is left out (:func:`not_drawn`).
    """
    figures = {"lcoh": lcoh_figure(tables, hub_rows(tables)),
               "capacities": capacity_figure(tables)}
    if (hub_rows(tables)["co2_t"] > 0).any():
        figures["emissions"] = emissions_figure(tables)
    if _has_certification(tables):
        figures["certification"] = certification_figure(tables)
        figures["grid_matching"] = grid_matching_figure(tables)
    figures["dispatch"] = dispatch_figure(tables)
    return figures


def not_drawn(figures: dict) -> dict[str, str]:
    """The sentence of :data:`NO_DATA` for each chart that :func:`build_figures` left out."""
    return {key: text for key, text in NO_DATA.items() if key not in figures}


def _has_certification(tables: dict) -> bool:
    cert = tables.get("certification")
    return cert is not None and not cert.empty


def capacity_figure(tables: dict) -> go.Figure:
    """Optimal capacities per hub: power (MW) left, energy storage (MWh) right."""
    hubs = hub_rows(tables)
    labels = [html.plot_text(name) for name in hubs["name"]]
    caps = tables["capacities"]
    fig = make_subplots(
        rows=1,
        cols=2,
        subplot_titles=("Power capacity (MW)", "Energy storage capacity (MWh)"),
        horizontal_spacing=0.1,
    )
    for i, category in enumerate(html.ordered(caps["category"], CAPACITY_CATEGORIES)):
        for col, unit in enumerate(CAPACITY_UNITS[:2], start=1):  # m3 (water): in the table
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
                customdata=[html.plot_text(t) or "-" for t in techs],
                name=html.plot_text(category),
                marker_color=html.colour(category, CAPACITY_CATEGORIES, i),
                hovertemplate=f"%{{y:,.1f}} {unit}<br>%{{customdata}}"
                "<extra>%{fullData.name}</extra>",
                row=1,
                col=col,
            )
    html.style(fig, "Installed capacity by hub", height=480)
    fig.update_layout(barmode="group")
    fig.update_yaxes(title_text="MW", rangemode="tozero", row=1, col=1)
    fig.update_yaxes(title_text="MWh", rangemode="tozero", row=1, col=2)
    return fig


def emissions_figure(tables: dict) -> go.Figure:
    """Annual CO2 per hub (t/yr) and carbon intensity of the hydrogen (kg CO2/kg H2)."""
    hubs = hub_rows(tables)
    labels = [html.plot_text(name) for name in hubs["name"]]
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
    html.style(fig, "CO<sub>2</sub> emissions by hub", height=420)
    fig.update_layout(showlegend=False)
    fig.update_yaxes(title_text="t CO<sub>2</sub>/yr", rangemode="tozero", row=1, col=1)
    fig.update_yaxes(
        title_text="kg CO<sub>2</sub>/kg H<sub>2</sub>", rangemode="tozero", row=1, col=2
    )
    return fig


def dispatch_figure(tables: dict) -> go.Figure:
    """Operation over the year for one hub at a time, picked from a dropdown."""
    hubs = hub_rows(tables)
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
                hovertemplate=f"%{{y:,.1f}} {unit}<extra>{html.plot_text(label)}</extra>",
                secondary_y=secondary,
            )
        title = f"Operation at {html.plot_text(name)} ({html.plot_text(resolution)} time steps)"
        buttons.append(html.hub_button(name, h, n_series, len(hubs), title))
    first = html.plot_text(hubs["name"].iloc[0])
    html.style(fig, f"Operation at {first} ({html.plot_text(resolution)} time steps)", height=560)
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
    rows = certification_rows(tables)
    several = rows["hub"].duplicated(keep=False)
    rows["label"] = [
        f"{html.plot_text(name)}<br>{html.plot_text(STANDARD_SHORT.get(std, std))}"
        if many
        else html.plot_text(name)
        for name, std, many in zip(rows["name"], rows["standard"], several, strict=True)
    ]
    rows["standard_name"] = [html.plot_text(STANDARD_NAMES.get(s, s)) for s in rows["standard"]]
    rows["achieved_as"] = [html.plot_text(ACHIEVED_AS.get(a, a)) for a in rows["assessment"]]
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
    html.style(fig, "Carbon intensity of the hydrogen against each standard", height=460)
    fig.update_layout(barmode="overlay", hovermode="closest", legend_traceorder="normal")
    fig.update_xaxes(categoryorder="array", categoryarray=rows["label"].tolist())
    fig.update_yaxes(title_text="kg CO<sub>2</sub>e per kg H<sub>2</sub>", rangemode="tozero")
    return fig


def grid_matching_figure(tables: dict) -> go.Figure:
    """Grid import against renewable supply for each certified hub, picked from a dropdown."""
    hubs = hub_rows(tables)
    hubs = hubs[hubs["hub"].isin(set(tables["certification"]["hub"]))].reset_index(drop=True)
    dispatch = tables["dispatch"]
    resolution = html.plot_text(tables["summary"]["resolution"])
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
                name=html.plot_text(label),
                mode="lines",
                stackgroup=stack,
                line=line,
                fillcolor=colour if stack else None,
                visible=h == 0,
                hovertemplate=f"%{{y:,.1f}} MW{note}<extra>{html.plot_text(label)}</extra>",
            )
        title = (
            f"Grid import against renewable output at {html.plot_text(hub.name)} ({resolution} "
            "time steps)"
        )
        buttons.append(html.hub_button(hub.name, h, n_series, len(hubs), title))
    first = html.plot_text(hubs["name"].iloc[0])
    html.style(
        fig,
        f"Grid import against renewable output at {first} ({resolution} time steps)",
        height=560,
    )
    _time_controls(fig, buttons, _utc_naive(dispatch["snapshot"]))
    fig.update_layout(legend_traceorder="normal")  # grid first, as stacked from the bottom
    fig.update_yaxes(title_text="Electricity (MW)", zeroline=True, zerolinecolor="#5f6b7a")
    return fig


def certification_rows(tables: dict) -> pd.DataFrame:
    """Certification rows in hub order (as in hubs.csv), with the hub's display name."""
    cert = tables["certification"]
    hubs = hub_rows(tables)
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


def hub_rows(tables: dict) -> pd.DataFrame:
    """The rows of hubs.csv but the whole-system total, in file order."""
    hubs = tables["hubs"]
    return hubs[hubs["hub"] != TOTAL].reset_index(drop=True)


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
