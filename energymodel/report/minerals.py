"""The critical-minerals section of report.html, and the trade-off page, from result tables.

The tables are ``minerals.csv``, ``mineral_totals.csv`` and ``mineral_caps.csv`` of a results
folder (read by :func:`energymodel.results.folder.read_minerals`): :func:`figures` draws them,
:func:`context` assembles what ``templates/minerals.html.j2`` shows (included by
``report.html.j2``; :func:`section_html` renders it alone). Missing intensities are shown as
missing, never as zero. :func:`write_tradeoff` writes ``tradeoff.html``
(``templates/tradeoff.html.j2``) of a mineral trade-off study.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from energymodel.report import html
from energymodel.results import folder

__all__ = ["TRADEOFF_PAGE", "context", "figures", "section_html", "write_tradeoff"]

logger = logging.getLogger(__name__)

TRADEOFF_PAGE = "tradeoff.html"
TRUE = {"true", "1"}


def _totals(tables: dict) -> pd.DataFrame:
    t = tables["mineral_totals"].copy()
    t["missing"] = t["missing"].astype(str).str.lower().isin(TRUE)
    # results written before assumed intensities existed have no such columns
    t["assumed"] = (t["assumed"].astype(str).str.lower().isin(TRUE) if "assumed" in t
                    else False)
    t["assumed_for"] = ([v if isinstance(v, str) else "" for v in t["assumed_for"]]
                        if "assumed_for" in t else "")
    return t


def demand_figure(tables: dict) -> go.Figure:
    """Demand and primary demand per mineral and country (kg, log axis)."""
    t = _totals(tables)
    by = t[t.scope != "total"]
    fig = go.Figure()
    for scope, part in by.groupby("scope", sort=True):
        labels = [html.plot_text(m + ("*" if miss else "") + ("†" if assumed else ""))
                  for m, miss, assumed in zip(part.mineral, part.missing, part.assumed,
                                              strict=True)]
        where = html.plot_text(scope)
        fig.add_bar(name=f"{where} demand", x=labels, y=part.demand_kg.where(part.demand_kg > 0),
                    hovertemplate="%{x}: %{y:,.1f} kg<extra>" + where + "</extra>")
        fig.add_bar(name=f"{where} primary", x=labels,
                    y=part.primary_kg.where(part.primary_kg > 0), opacity=0.5,
                    hovertemplate="%{x}: %{y:,.1f} kg primary<extra>" + where + "</extra>")
    fig.update_layout(barmode="group", yaxis={"type": "log", "title": "kg"},
                      title="Mineral demand by country", height=420)
    return fig


def supply_share_figure(tables: dict) -> go.Figure:
    """Total demand as % of annual world supply, minerals with a supply figure only."""
    t = _totals(tables)
    part = t[(t.scope == "total") & t.share_of_world_supply_pct.notna()]
    fig = go.Figure(go.Bar(x=[html.plot_text(m) for m in part.mineral],
                           y=part.share_of_world_supply_pct,
                           hovertemplate="%{x}: %{y:.3g} % of a year's supply<extra></extra>"))
    fig.update_layout(yaxis={"title": "% of annual world supply"},
                      title="Share of annual world supply", height=360)
    return fig


def tradeoff_figure(table: pd.DataFrame) -> go.Figure:
    """Total cost and shadow price against the cap (feasible points of ``tradeoff.csv``)."""
    t = table
    t = t[t.feasible.astype(str).str.lower().isin(TRUE)].copy()
    t["cap_t"] = t.cap_t.fillna(t.primary_kg / 1e3)  # uncapped point: its own demand
    mineral = html.plot_text(t.mineral.iloc[0]) if len(t) else ""
    fig = go.Figure()
    fig.add_scatter(x=t.cap_t, y=t.total_cost_eur / 1e6, mode="lines+markers",
                    name="total cost", hovertemplate="cap %{x:.3g} t: %{y:,.2f} M EUR<extra>"
                    "</extra>")
    fig.add_scatter(x=t.cap_t, y=t.shadow_price_eur_per_kg, mode="lines+markers",
                    name="shadow price", yaxis="y2", line={"dash": "dot"},
                    hovertemplate="cap %{x:.3g} t: %{y:,.1f} EUR/kg<extra></extra>")
    fig.update_layout(
        title=f"Cost versus {mineral} cap", height=400,
        xaxis={"title": f"cap on primary {mineral}, t", "autorange": "reversed"},
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
    return out


def context(tables: dict) -> dict:
    """What ``minerals.html.j2`` shows; empty when the run had no mineral accounting.

    ``totals``: the network totals per mineral; ``caps``: the caps with their primary demand,
    whether they bind and their shadow price; ``figures``: key -> figure div.
    """
    if "mineral_totals" not in tables:
        return {}
    t = _totals(tables)
    caps = tables.get("mineral_caps")
    caps = [] if caps is None else [
        {**row, "binding": str(row["binding"]).lower() in TRUE}
        for row in caps.to_dict("records")]
    divs = {key: html.figure(fig, f"figure-{key.replace('_', '-')}")
            for key, fig in figures(tables).items()}
    return {"totals": t[t.scope == "total"].to_dict("records"), "caps": caps, "figures": divs}


def section_html(tables: dict) -> html.Markup:
    """The minerals section alone (as report.html includes it); empty without accounting."""
    minerals = context(tables)
    return html.Markup(html.render("minerals.html.j2", minerals=minerals) if minerals else "")


def write_tradeoff(folder_: str | Path, title: str) -> Path:
    """Write ``tradeoff.html`` of a mineral trade-off folder from its ``tradeoff.csv``."""
    folder_ = Path(folder_)
    table = folder.read_tradeoff(folder_)
    page = html.render(
        "tradeoff.html.j2", title=title,
        mineral=str(table.mineral.iloc[0]) if len(table) else "",
        figure=html.figure(tradeoff_figure(table), "figure-mineral-tradeoff"))
    path = folder_ / TRADEOFF_PAGE
    path.write_text(page, encoding="utf-8", newline="\n")
    logger.info("Wrote %s (%.1f MB)", path, path.stat().st_size / 1e6)
    return path
