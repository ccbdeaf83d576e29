"""The critical-minerals section of report.html, from result tables only.

:func:`load_tables` reads ``minerals.csv``, ``mineral_totals.csv``, ``mineral_caps.csv`` and,
when present, ``tradeoff.csv`` (``python -m energymodel.minerals tradeoff``) from a results
folder; :func:`figures` draws them and :func:`section_html` returns the section's HTML (figures
embedded without plotly.js, which the page loads once). Missing intensities are shown as
missing, never as zero.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from plotly.io import to_html

__all__ = ["CAPTIONS", "figures", "load_tables", "section_html"]

logger = logging.getLogger(__name__)

_FILES = {"minerals": "minerals.csv", "mineral_totals": "mineral_totals.csv",
          "mineral_caps": "mineral_caps.csv", "tradeoff": "tradeoff.csv"}

CAPTIONS = {
    "mineral_demand": (
        "Critical minerals embodied in everything the plan builds, by country, in kg (log "
        "scale). Primary demand is what is left after the recycled share. A mineral marked "
        "with * has built capacity whose intensity has no citable figure: its bar counts only "
        "the part with a figure."
    ),
    "mineral_supply_share": (
        "Demand as a share of one year's world supply, where the supply table has a figure "
        "(iridium 8 t, platinum 244 t). Other minerals have no supply figure in the data."
    ),
    "mineral_tradeoff": (
        "Cost versus a network-wide cap on one mineral (epsilon-constraint sweep): total "
        "system cost for each cap on the left axis, the cap's shadow price on the right axis "
        "(EUR of annual system cost per kg of primary mineral). Caps that leave the plan "
        "infeasible are not drawn."
    ),
}


def load_tables(results_dir: str | Path) -> dict[str, pd.DataFrame]:
    """Read the mineral tables of a results folder; ``{}`` when the run had no accounting."""
    folder = Path(results_dir)
    if not (folder / _FILES["minerals"]).is_file():
        return {}
    return {key: pd.read_csv(folder / name) for key, name in _FILES.items()
            if (folder / name).is_file()}


def _totals(tables: dict) -> pd.DataFrame:
    t = tables["mineral_totals"].copy()
    t["missing"] = t["missing"].astype(str).str.lower().isin({"true", "1"})
    return t


def demand_figure(tables: dict) -> go.Figure:
    """Demand and primary demand per mineral and country (kg, log axis)."""
    t = _totals(tables)
    by = t[t.scope != "total"]
    fig = go.Figure()
    for scope, part in by.groupby("scope", sort=True):
        labels = [f"{m}*" if miss else m for m, miss in zip(part.mineral, part.missing,
                                                             strict=True)]
        fig.add_bar(name=f"{scope} demand", x=labels, y=part.demand_kg.where(part.demand_kg > 0),
                    hovertemplate="%{x}: %{y:,.1f} kg<extra>" + html.escape(scope) + "</extra>")
        fig.add_bar(name=f"{scope} primary", x=labels,
                    y=part.primary_kg.where(part.primary_kg > 0), opacity=0.5,
                    hovertemplate="%{x}: %{y:,.1f} kg primary<extra>" + html.escape(scope)
                    + "</extra>")
    fig.update_layout(barmode="group", yaxis={"type": "log", "title": "kg"},
                      title="Mineral demand by country", height=420)
    return fig


def supply_share_figure(tables: dict) -> go.Figure:
    """Total demand as % of annual world supply, minerals with a supply figure only."""
    t = _totals(tables)
    part = t[(t.scope == "total") & t.share_of_world_supply_pct.notna()]
    fig = go.Figure(go.Bar(x=part.mineral, y=part.share_of_world_supply_pct,
                           hovertemplate="%{x}: %{y:.3g} % of a year's supply<extra></extra>"))
    fig.update_layout(yaxis={"title": "% of annual world supply"},
                      title="Share of annual world supply", height=360)
    return fig


def tradeoff_figure(tables: dict) -> go.Figure:
    """Total cost and shadow price against the cap (feasible points)."""
    t = tables["tradeoff"]
    t = t[t.feasible.astype(str).str.lower().isin({"true", "1"})].copy()
    t["cap_t"] = t.cap_t.fillna(t.primary_kg / 1e3)  # uncapped point: its own demand
    mineral = str(t.mineral.iloc[0]) if len(t) else ""
    fig = go.Figure()
    fig.add_scatter(x=t.cap_t, y=t.total_cost_eur / 1e6, mode="lines+markers",
                    name="total cost", hovertemplate="cap %{x:.3g} t: %{y:,.2f} M EUR<extra>"
                    "</extra>")
    fig.add_scatter(x=t.cap_t, y=t.shadow_price_eur_per_kg, mode="lines+markers",
                    name="shadow price", yaxis="y2", line={"dash": "dot"},
                    hovertemplate="cap %{x:.3g} t: %{y:,.1f} EUR/kg<extra></extra>")
    fig.update_layout(
        title=f"Cost versus {html.escape(mineral)} cap", height=400,
        xaxis={"title": f"cap on primary {html.escape(mineral)}, t", "autorange": "reversed"},
        yaxis={"title": "total system cost, M EUR"},
        yaxis2={"title": "shadow price, EUR/kg", "overlaying": "y", "side": "right"})
    return fig


def figures(tables: dict) -> dict[str, go.Figure]:
    """The section's figures; empty when the run had no mineral accounting."""
    if "mineral_totals" not in tables:
        return {}
    out = {"mineral_demand": demand_figure(tables)}
    if _totals(tables).share_of_world_supply_pct.notna().any():
        out["mineral_supply_share"] = supply_share_figure(tables)
    if tables.get("tradeoff") is not None and len(tables["tradeoff"]):
        out["mineral_tradeoff"] = tradeoff_figure(tables)
    return out


def _num(value: object, fmt: str = "{:,.1f}") -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "&ndash;"
    return fmt.format(value)


def _table(head: list[str], rows: list[list[str]]) -> str:
    th = "".join(f"<th>{h}</th>" for h in head)
    body = "\n".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table>\n<thead><tr>{th}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def section_html(tables: dict) -> str:
    """The minerals section: totals table, caps with shadow prices, missing figures, charts."""
    if "mineral_totals" not in tables:
        return ""
    t = _totals(tables)
    total = t[t.scope == "total"]
    rows = [[html.escape(r.mineral), _num(r.demand_kg), _num(r.primary_kg),
             _num(r.share_of_world_supply_pct, "{:.3g} %"),
             "no citable figure for " + html.escape(str(r.missing_for)) if r.missing else ""]
            for r in total.itertuples()]
    parts = ['<section id="section-minerals">', "<h2>Critical minerals</h2>",
             _table(["Mineral", "Demand, kg", "Primary, kg", "Share of world supply",
                     "Missing"], rows),
             '<p class="note">Demand = built capacity x intensity (inputs/minerals.csv); '
             "primary = demand x (1 - recycled share). Where built capacity has no citable "
             "intensity the total counts only the rest and the row says so.</p>"]
    caps = tables.get("mineral_caps")
    if caps is not None and len(caps):
        crow = [[html.escape(str(r.mineral)), html.escape(str(r.scope)), _num(r.limit_t, "{:g}"),
                 _num(r.primary_kg), "yes" if str(r.binding).lower() in {"true", "1"} else "no",
                 _num(r.shadow_price_eur_per_kg, "{:,.2f}")] for r in caps.itertuples()]
        parts.append(_table(["Mineral", "Scope", "Cap, t", "Primary demand, kg", "Binding",
                             "Shadow price, EUR/kg"], crow))
    for key, fig in figures(tables).items():
        div = to_html(fig, include_plotlyjs=False, include_mathjax=False, full_html=False,
                      div_id=f"figure-{key.replace('_', '-')}")
        parts.append(f"<figure>\n{div}\n<figcaption>{CAPTIONS[key]}</figcaption>\n</figure>")
    parts.append("</section>")
    return "\n".join(parts)
