"""Comparison report of a scenario sweep: ``results/<sweep>/compare.html``.

``write(sweep_dir)`` reads ``sweep.json`` (written by the sweep) and, for every scenario whose
status is ``done``, its ``summary.json`` and ``capacities.csv``; it writes one self-contained page
(the template ``templates/compare.html.j2``, plotly.js inlined once) that sets the scenarios
side by side: a table, LCOH, capacities, emissions and minerals, a tornado chart per
sensitivity group, the cost-emissions Pareto front and, for each grid over one field (such as
the weather year), how LCOH varies along it. Money is labelled with the currency the
scenarios' summary.json files state (EUR2025; plain EUR for older results or a mix). The same
files always give a byte-identical page.

The tables it draws come from :mod:`energymodel.results.sweep` (pure functions, checked by
hand in the tests). ``energymodel compare results/<sweep>`` rebuilds the page.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative
from plotly.subplots import make_subplots

from energymodel.carriers import CAPACITY_CATEGORIES
from energymodel.report import html
from energymodel.results import sweep
from energymodel.results.folder import TOTAL, UNSTATED_CURRENCY, currency_of
from energymodel.results.sweep import (
    CAP_SUFFIX,
    NETWORK_LABEL,
    STATUSES,
    Scenario,
    as_float,
    value_text,
)

__all__ = ["COMPARE_FILE", "TEMPLATE", "context", "render", "write"]

logger = logging.getLogger(__name__)

COMPARE_FILE = "compare.html"
TEMPLATE = "compare.html.j2"
NETWORK_COLOUR = "#1f2933"
HUB_COLOURS = ("#2a9d8f", "#e76f51", "#457b9d", "#e9c46a", "#8e7dbe", "#90be6d", "#bc6c25")
FIELDS = {  # last part of a varied field -> (what it is, unit), for titles and axes
    "weather_year": ("weather year", ""),
    CAP_SUFFIX: ("emissions cap", "kg CO2 per kg H2"),
    "price_multiplier": ("grid price multiplier", ""),
    "discount_rate": ("discount rate", ""),
    "year": ("cost year", ""),
    "t_per_day": ("hydrogen offtake", "t/day"),
}
KG_KG = "kg CO<sub>2</sub>/kg H<sub>2</sub>"


# ---------------------------------------------------------------- figures


def _palette(n: int) -> list[str]:
    colours = list(HUB_COLOURS) + list(qualitative.Plotly) + list(qualitative.Alphabet)
    return [colours[i % len(colours)] for i in range(n)]


def _names(table: pd.DataFrame) -> list[str]:
    return [html.plot_text(n) for n in table.index]


def currency(scenarios: Sequence[Scenario]) -> str:
    """The one currency of the done scenarios' results (plain EUR when they differ)."""
    found = {currency_of(s.summary) for s in scenarios if s.done}
    return found.pop() if len(found) == 1 else UNSTATED_CURRENCY


def lcoh_figure(scenarios: Sequence[Scenario]) -> go.Figure:
    """LCOH per hub and for the whole network, grouped by scenario (per kg, in
    :func:`currency`)."""
    table, labels = sweep.metric_table(scenarios, "lcoh_eur_per_kg"), sweep.hub_labels(scenarios)
    money = html.plot_text(currency(scenarios))
    fig = go.Figure()
    for column, colour in zip(table.columns, _palette(len(table.columns) - 1) + [NETWORK_COLOUR],
                              strict=True):
        fig.add_bar(x=_names(table), y=table[column].round(4).tolist(),
                    name=html.plot_text(labels[column]), marker_color=colour,
                    hovertemplate=f"%{{x}}: %{{y:.2f}} {money}/kg<extra>%{{fullData.name}}</extra>")
    html.style(fig, "Levelised cost of hydrogen by scenario", height=460)
    fig.update_layout(barmode="group")
    fig.update_xaxes(title_text="Scenario")
    fig.update_yaxes(title_text=f"LCOH ({money} per kg H<sub>2</sub>)", rangemode="tozero")
    return fig


def capacity_figure(scenarios: Sequence[Scenario]) -> go.Figure:
    """Capacity by category and scenario: power (MW) above, storage (MWh) below; a dropdown
    picks the whole network or one hub."""
    caps, labels = sweep.capacity_table(scenarios), sweep.hub_labels(scenarios)
    names = [s.name for s in scenarios if s.done]
    views = [TOTAL] + [h for h in labels if h != TOTAL]
    categories = html.ordered(caps["category"], CAPACITY_CATEGORIES)
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.12,
                        subplot_titles=("Power capacity (MW)", "Energy storage capacity (MWh)"))
    pairs = [(i, c, u) for i, c in enumerate(categories) for u in ("MW", "MWh")
             if ((caps.category == c) & (caps.unit == u)).any()]
    buttons = []
    for v, view in enumerate(views):
        for i, category, unit in pairs:
            part = caps[(caps.hub == view) & (caps.category == category) & (caps.unit == unit)]
            y = part.set_index("scenario").capacity.reindex(names)
            fig.add_bar(x=[html.plot_text(n) for n in names], y=y.round(2).tolist(),
                        name=html.plot_text(category),
                        marker_color=html.colour(category, CAPACITY_CATEGORIES, i),
                        visible=v == 0, row=1 if unit == "MW" else 2, col=1,
                        hovertemplate=f"%{{x}}: %{{y:,.1f}} {unit}<extra>%{{fullData.name}}"
                        "</extra>")
        title = f"Installed capacity: {html.plot_text(labels[view])}"
        buttons.append(html.hub_button(labels[view], v, len(pairs), len(views), title))
    html.style(fig, f"Installed capacity: {NETWORK_LABEL}", height=640)
    fig.update_layout(barmode="group", updatemenus=[_menu(buttons)] if len(views) > 2 else [])
    fig.update_yaxes(title_text="MW", rangemode="tozero", row=1, col=1)
    fig.update_yaxes(title_text="MWh", rangemode="tozero", row=2, col=1)
    fig.update_xaxes(title_text="Scenario", row=2, col=1)
    return fig


def emissions_figure(scenarios: Sequence[Scenario]) -> go.Figure:
    """Annual CO2 (t/yr) above and carbon intensity below, per hub and network."""
    tonnes = sweep.metric_table(scenarios, "co2_t")
    intensity = sweep.metric_table(scenarios, "co2_kg_per_kg_h2")
    labels = sweep.hub_labels(scenarios)
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.12,
                        subplot_titles=("Annual emissions (t CO<sub>2</sub>/yr)",
                                        f"Carbon intensity ({KG_KG})"))
    colours = _palette(len(labels) - 1) + [NETWORK_COLOUR]
    for column, colour in zip(labels, colours, strict=True):
        for row, (table, fmt) in enumerate(((tonnes, ",.1f} t CO<sub>2</sub>/yr"),
                                             (intensity, f".3f}} {KG_KG}")), start=1):
            fig.add_bar(x=_names(table), y=table[column].round(4).tolist(),
                        name=html.plot_text(labels[column]), legendgroup=column,
                        marker_color=colour, showlegend=row == 1, row=row, col=1,
                        hovertemplate="%{x}: %{y:" + fmt + "<extra>%{fullData.name}</extra>")
    html.style(fig, "CO<sub>2</sub> emissions by scenario", height=620)
    fig.update_layout(barmode="group")
    fig.update_yaxes(title_text="t CO<sub>2</sub>/yr", rangemode="tozero", row=1, col=1)
    fig.update_yaxes(title_text=KG_KG, rangemode="tozero", row=2, col=1)
    fig.update_xaxes(title_text="Scenario", row=2, col=1)
    return fig


def minerals_figure(minerals: pd.DataFrame, names: list[str]) -> go.Figure:
    """Primary demand per mineral and scenario, network scope (kg, log axis)."""
    fig = go.Figure()
    for i, (mineral, part) in enumerate(minerals.groupby("mineral", sort=True)):
        y = part.set_index("scenario").primary_kg.reindex(names)
        label = f"{mineral}*" if part.missing.any() else mineral
        fig.add_bar(x=[html.plot_text(n) for n in names], y=y.where(y > 0).tolist(),
                    name=html.plot_text(label), marker_color=_palette(i + 1)[i],
                    hovertemplate="%{x}: %{y:,.1f} kg<extra>%{fullData.name}</extra>")
    html.style(fig, "Primary critical-mineral demand by scenario (whole network)", height=460)
    fig.update_layout(barmode="group")
    fig.update_xaxes(title_text="Scenario")
    fig.update_yaxes(title_text="Primary demand (kg, log scale)", type="log")
    return fig


def tornado_figure(base: Scenario, members: list[Scenario],
                   labels: dict[str, str]) -> go.Figure | None:
    """LCOH change from ``base`` at each parameter's low and high value, largest swing on top;
    a dropdown switches between the whole network and each hub."""
    fig = go.Figure()
    buttons = []
    first_order: list[str] = []
    views = [TOTAL] + [k for k in labels if k != TOTAL]
    money = html.plot_text(currency([base, *members]))
    for v, view in enumerate(views):
        ref = as_float(((base.summary["hubs"] | {TOTAL: base.summary["total"]}).get(view) or {})
                     .get("lcoh_eur_per_kg"))
        entries = [(html.plot_text(m.parameter), _member_value(m), _lcoh(m, view)) for m in members]
        rows = sweep.tornado_rows(ref, entries) if not math.isnan(ref) else []
        order = [r["label"] for r in reversed(rows)]  # plotly draws categories bottom-up
        first_order = first_order or order
        for end, colour in (("low", "#457b9d"), ("high", "#e76f51")):
            fig.add_bar(
                y=[r["label"] for r in rows], x=[round(r[f"{end}_change"], 6) for r in rows],
                orientation="h", name=f"{end.capitalize()} value", marker_color=colour,
                text=[html.plot_text(value_text(r[f"{end}_value"])) for r in rows],
                textposition="outside", visible=v == 0, showlegend=True,
                customdata=[[html.plot_text(value_text(r[f"{end}_value"])), r[f"{end}_lcoh"]]
                            for r in rows],
                hovertemplate="%{y} = %{customdata[0]}: LCOH %{customdata[1]:.2f} "
                f"{money}/kg (%{{x:+.2f}})<extra></extra>")
        title = (f"LCOH sensitivity, {html.plot_text(labels[view])}: reference "
                 f"{html.plot_text(base.name)} at {ref:.2f} {money}/kg")
        button = html.hub_button(labels[view], v, 2, len(views), title)
        button["args"][1]["yaxis.categoryarray"] = order
        buttons.append(button)
    if not first_order:
        return None
    html.style(fig, buttons[0]["args"][1]["title.text"],
               height=max(320, 120 + 60 * len(first_order)))
    fig.update_layout(barmode="overlay", updatemenus=[_menu(buttons)] if len(views) > 2 else [])
    fig.update_yaxes(categoryorder="array", categoryarray=first_order, title_text="Parameter",
                     automargin=True)
    fig.update_xaxes(title_text=f"Change in LCOH from {html.plot_text(base.name)} "
                     f"({money} per kg H<sub>2</sub>)", zeroline=True, zerolinewidth=2,
                     zerolinecolor=NETWORK_COLOUR)
    return fig


def pareto_figure(scenarios: Sequence[Scenario]) -> go.Figure:
    """Annual cost against annual CO2 for every done scenario, with the Pareto front.

    The front is drawn over the comparable runs only: an emissions-cap sweep's members and
    the scenarios they vary around (the same plan question under tighter caps). Other
    scenarios (another offtake, cost year, weather year...) are not alternatives to each other,
    so they are shown without a front; with no emissions-cap sweep there is no front.
    """
    done = [s for s in scenarios if s.done]
    money = html.plot_text(currency(done))
    co2 = [as_float(s.summary["total"].get("co2_t")) for s in done]
    cost = [as_float(s.summary["total"].get("annual_cost_eur", s.summary.get("objective_eur")))
            / 1e6 for s in done]
    caps = sweep.cap_labels(done)
    comparable = set(caps) | {s.around for s in done if s.name in caps and s.around}
    nan = (math.nan, math.nan)
    front = sweep.pareto_front([(c, e) if d.name in comparable else nan
                          for c, e, d in zip(cost, co2, done, strict=True)])
    fig = go.Figure()
    line = sorted((x, y) for x, y, f in zip(co2, cost, front, strict=True) if f)
    if line:
        fig.add_scatter(x=[p[0] for p in line], y=[p[1] for p in line], mode="lines",
                        name="Pareto front of the emissions-cap sweep",
                        line={"color": NETWORK_COLOUR, "dash": "dash"}, hoverinfo="skip")
    for highlighted in (False, True):
        idx = [i for i, s in enumerate(done) if (s.name in caps) == highlighted]
        if not idx:
            continue
        fig.add_scatter(
            x=[co2[i] for i in idx], y=[round(cost[i], 6) for i in idx],
            mode="markers+text" if highlighted else "markers",
            text=[html.plot_text(caps[done[i].name]) for i in idx] if highlighted else None,
            textposition="top right",
            customdata=[html.plot_text(done[i].name) for i in idx],
            name="Emissions-cap scenarios" if highlighted else "Other scenarios",
            marker={"size": 13 if highlighted else 10, "symbol": "diamond" if highlighted
                    else "circle", "color": "#e76f51" if highlighted else "#457b9d",
                    "line": {"color": "#fff", "width": 1}},
            hovertemplate="%{customdata}<br>%{x:,.1f} t CO<sub>2</sub>/yr<br>"
            f"%{{y:,.2f}} million {money}/yr<extra></extra>")
    html.style(fig, "Cost against emissions", height=480)
    fig.update_xaxes(title_text="Total emissions (t CO<sub>2</sub>/yr)", rangemode="tozero")
    fig.update_yaxes(title_text=f"Total annual cost (million {money}/yr)")
    return fig


def grid_figure(field_name: str, table: pd.DataFrame, labels: dict[str, str],
                money: str = UNSTATED_CURRENCY) -> go.Figure:
    """LCOH per hub and network against the grid's varied value (per kg, in ``money``)."""
    money = html.plot_text(money)
    fig = go.Figure()
    x = [html.plot_text(value_text(v)) for v in table.index]
    colours = _palette(len(table.columns) - 1) + [NETWORK_COLOUR]
    for column, colour in zip(table.columns, colours, strict=True):
        fig.add_scatter(x=x, y=table[column].round(4).tolist(), mode="lines+markers",
                        name=html.plot_text(labels[column]), line={"color": colour},
                        hovertemplate=f"%{{x}}: %{{y:.2f}} {money}/kg"
                        "<extra>%{fullData.name}</extra>")
    html.style(fig, html.plot_text(_grid_title(field_name, labels)), height=420)
    axis = _field_text(field_name, labels)
    fig.update_xaxes(type="category", title_text=html.plot_text(axis[:1].upper() + axis[1:]))
    fig.update_yaxes(title_text=f"LCOH ({money} per kg H<sub>2</sub>)")
    return fig


def _menu(buttons: list[dict]) -> dict:
    return {"type": "dropdown", "direction": "down", "buttons": buttons, "active": 0,
            "showactive": True, "x": 1.0, "xanchor": "right", "y": 1.14, "yanchor": "top"}


def _lcoh(s: Scenario, view: str) -> float:
    if not s.done:
        return float("nan")
    node = s.summary["total"] if view == TOTAL else s.summary["hubs"].get(view) or {}
    return as_float(node.get("lcoh_eur_per_kg"))


def _member_value(s: Scenario) -> object:
    if len(s.varied) == 1:
        return next(iter(s.varied.values()))
    return "; ".join(f"{k} = {value_text(v)}" for k, v in s.varied.items())


def _field_text(name: str, labels: dict[str, str]) -> str:
    """A dotted field in words: ``hubs.h.emissions_cap_kg_per_kg`` -> ``emissions cap at
    <hub name> (kg CO2 per kg H2)``."""
    parts = name.split(".")
    what, unit = FIELDS.get(parts[-1], (parts[-1].replace("_", " "), ""))
    if parts[0] == "hubs" and len(parts) > 2:
        what += " at every hub" if parts[1] == "*" else f" at {labels.get(parts[1], parts[1])}"
    return what + (f" ({unit})" if unit else "")


def _grid_title(name: str, labels: dict[str, str]) -> str:
    if name.rsplit(".", 1)[-1] == "weather_year":
        return "How LCOH varies across weather years"
    return f"How LCOH varies with the {_field_text(name, labels)}"


# ---------------------------------------------------------------- page


def write(sweep_dir: str | Path) -> Path:
    """Write ``compare.html`` into ``sweep_dir`` from sweep.json and the scenario folders.

    Raises
    ------
    InputError
        If sweep.json is missing or malformed.
    """
    sweep_dir = Path(sweep_dir)
    doc, scenarios = sweep.load(sweep_dir)
    path = sweep_dir / COMPARE_FILE
    path.write_text(render(doc, scenarios), encoding="utf-8", newline="\n")
    logger.info("Wrote %s (%.1f MB)", path, path.stat().st_size / 1e6)
    return path


def render(doc: dict, scenarios: list[Scenario]) -> str:
    """The full page; deterministic for the same inputs."""
    return html.render(TEMPLATE, **context(doc, scenarios))


def context(doc: dict, scenarios: list[Scenario]) -> dict:
    """What ``compare.html.j2`` shows: the scenario table, the figures as divs, and one entry
    per sensitivity group (tornado chart) and per grid over one field (line chart and table)."""
    done = [s for s in scenarios if s.done]
    labels = sweep.hub_labels(scenarios)
    figures: dict[str, object] = {}
    tornadoes, grids = [], []
    if done:
        figures = {"lcoh": lcoh_figure(scenarios), "capacities": capacity_figure(scenarios),
                   "emissions": emissions_figure(scenarios)}
        minerals = sweep.mineral_table(scenarios)
        if not minerals.empty:
            figures["minerals"] = minerals_figure(minerals, [s.name for s in done])
        figures["pareto"] = pareto_figure(scenarios)
        figures = {key: html.figure(fig, f"figure-{key}") for key, fig in figures.items()}
        tornadoes = _tornadoes(scenarios, labels)
        grids = _grids(scenarios, labels)
    return {
        "title": doc.get("title") or doc.get("sweep") or "Scenario comparison",
        "sweep": doc.get("sweep") or "",
        "file": doc.get("file") or "",
        "counts": {st: sum(s.status == st for s in scenarios) for st in STATUSES},
        "definition": next((s.summary.get("lcoh_definition") for s in done), None),
        "hub_labels": list(labels.values()),
        "rows": [_row(s, labels) for s in scenarios],
        "figures": figures,
        "has_caps": bool(sweep.cap_labels(done)),
        "several_hubs": len(labels) > 2,
        "tornadoes": tornadoes,
        "grids": grids,
        "currency": currency(scenarios),
    }


def _row(s: Scenario, labels: dict[str, str]) -> dict:
    """One row of the scenario table; a scenario without results has missing numbers."""
    row = {"scenario": s, "changes": [(k, value_text(v)) for k, v in s.overrides.items()],
           "lcoh": [None] * len(labels), "cost": None, "co2": None, "intensity": None}
    if s.done:
        total = s.summary["total"]
        cost = as_float(total.get("annual_cost_eur", s.summary.get("objective_eur")))
        row |= {"lcoh": [_lcoh(s, h) for h in labels], "cost": cost / 1e6,
                "co2": as_float(total.get("co2_t")),
                "intensity": as_float(total.get("co2_kg_per_kg_h2"))}
    return row


def _tornadoes(scenarios: list[Scenario], labels: dict[str, str]) -> list[dict]:
    by_name = {s.name: s for s in scenarios}
    out = []
    for i, ((group, around), members) in enumerate(sweep.sensitivity_groups(scenarios).items()):
        base = by_name.get(around)
        fig = tornado_figure(base, members, labels) if base is not None and base.done else None
        out.append({"index": i, "group": group, "around": around,
                    "left": [m.name for m in members if not m.done],
                    "figure": None if fig is None else html.figure(fig, f"figure-tornado-{i}")})
    return out


def _grids(scenarios: list[Scenario], labels: dict[str, str]) -> list[dict]:
    out = []
    for i, (group, name, table) in enumerate(sweep.grid_series(scenarios)):
        stats = [{"label": labels[k], "min": r["min"], "min_at": value_text(r["min_at"]),
                  "max": r["max"], "max_at": value_text(r["max_at"]), "mean": r["mean"]}
                 for k, r in sweep.grid_stats(table).iterrows()]
        out.append({"index": i, "group": group, "field": name, "runs": len(table),
                    "title": _grid_title(name, labels), "stats": stats,
                    "figure": html.figure(grid_figure(name, table, labels, currency(scenarios)),
                                          f"figure-grid-{i}")})
    return out
