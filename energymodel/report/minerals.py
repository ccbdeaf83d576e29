"""The critical-minerals section of report.html, and the trade-off page, from result tables.

The tables are ``minerals.csv``, ``mineral_totals.csv`` and ``mineral_caps.csv`` of a results
folder (read by :func:`energymodel.results.folder.read_minerals`): :func:`figures` draws them,
:func:`context` assembles what ``templates/minerals.html.j2`` shows (included by
``report.html.j2``; :func:`section_html` renders it alone). Masses are shown in tonnes (the
tables hold kg), to three significant figures. Missing intensities are shown as missing, never
as zero; a chart without data is replaced by one sentence saying why (:data:`NO_DATA`).
Shadow prices are in the currency the caps table states (``currency`` column; plain EUR in
older results). :func:`write_tradeoff` writes ``tradeoff.html``
(``templates/tradeoff.html.j2``) of a mineral trade-off study.
"""

from __future__ import annotations

import logging
import math
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from energymodel.report import html
from energymodel.results import folder
from energymodel.results.folder import CURRENCY_COLUMN, UNSTATED_CURRENCY

__all__ = ["NO_DATA", "TRADEOFF_PAGE", "context", "figures", "section_html", "tonnes",
           "write_tradeoff"]

logger = logging.getLogger(__name__)

TRADEOFF_PAGE = "tradeoff.html"
TRUE = {"true", "1"}
KG_PER_T = 1e3
#: Why a chart of the section is not drawn: chart -> the sentence shown in its place
#: (``{minerals}``: the minerals with a world supply figure).
NO_DATA = {
    "mineral_demand": "The plan builds nothing with a citable mineral intensity, so there is "
    "no mineral demand chart.",
    "mineral_supply_share": "The plan needs none of the minerals with a world supply figure in "
    "the data ({minerals}), or only where their intensity has no citable figure, so there is no "
    "share-of-supply chart.",
}
NO_SUPPLY = ("No mineral in the data has a world supply figure, so there is no share-of-supply "
             "chart.")


def tonnes(kg: object) -> str | html.Markup:
    """A mass in kg as tonnes for the page: three significant figures, thousands separated
    (``831``, ``15,698``, ``32.3``, ``0.0400``); a dash when missing."""
    try:
        t = float(kg) / KG_PER_T
    except (TypeError, ValueError):
        return html.num(kg)
    if not math.isfinite(t) or t == 0:
        return html.num(t, 0)
    return html.num(t, min(6, max(0, 2 - math.floor(math.log10(abs(t))))))


def _currency(table: pd.DataFrame | None) -> str:
    if table is not None and CURRENCY_COLUMN in table and len(table):
        return str(table[CURRENCY_COLUMN].iloc[0])
    return UNSTATED_CURRENCY


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
    """Demand and primary demand per mineral and country (t, log axis)."""
    t = _totals(tables)
    by = t[t.scope != "total"]
    fig = go.Figure()
    for scope, part in by.groupby("scope", sort=True):
        labels = [html.plot_text(m + ("*" if miss else "") + ("†" if assumed else ""))
                  for m, miss, assumed in zip(part.mineral, part.missing, part.assumed,
                                              strict=True)]
        where = html.plot_text(scope)
        for column, kind, extra in (("demand_kg", "demand", {}),
                                    ("primary_kg", "primary", {"opacity": 0.5})):
            mass = part[column].where(part[column] > 0)
            fig.add_bar(name=f"{where} {kind}", x=labels, y=mass / KG_PER_T,
                        customdata=[str(tonnes(v)) for v in mass],
                        hovertemplate=f"%{{x}}: %{{customdata}} t {kind}<extra>{where}</extra>",
                        **extra)
    fig.update_layout(barmode="group", yaxis={"type": "log", "title": "t"},
                      title="Mineral demand by country (t)", height=420)
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
    money = html.plot_text(_currency(table))
    fig = go.Figure()
    fig.add_scatter(x=t.cap_t, y=t.total_cost_eur / 1e6, mode="lines+markers",
                    name="total cost", hovertemplate=f"cap %{{x:.3g}} t: %{{y:,.2f}} M {money}"
                    "<extra></extra>")
    fig.add_scatter(x=t.cap_t, y=t.shadow_price_eur_per_kg, mode="lines+markers",
                    name="shadow price", yaxis="y2", line={"dash": "dot"},
                    hovertemplate=f"cap %{{x:.3g}} t: %{{y:,.1f}} {money}/kg<extra></extra>")
    fig.update_layout(
        title=f"Cost versus {mineral} cap", height=400,
        xaxis={"title": f"cap on primary {mineral}, t", "autorange": "reversed"},
        yaxis={"title": f"total system cost, M {money}"},
        yaxis2={"title": f"shadow price, {money}/kg", "overlaying": "y", "side": "right"})
    return fig


def figures(tables: dict) -> dict[str, go.Figure]:
    """The section's figures with data; empty when the run had no mineral accounting."""
    if "mineral_totals" not in tables:
        return {}
    t = _totals(tables)
    total = t[t.scope == "total"]
    out = {}
    if (total.demand_kg > 0).any():
        out["mineral_demand"] = demand_figure(tables)
    if (total.share_of_world_supply_pct > 0).any():
        out["mineral_supply_share"] = supply_share_figure(tables)
    return out


def not_drawn(tables: dict, drawn: dict) -> dict[str, str]:
    """The sentence of :data:`NO_DATA` for each chart of the section that is not drawn."""
    t = _totals(tables)
    supplied = sorted(set(t[t.world_supply_t_per_yr.notna()].mineral))
    out = {k: v.format(minerals=", ".join(supplied)) for k, v in NO_DATA.items()
           if k not in drawn}
    if "mineral_supply_share" in out and not supplied:
        out["mineral_supply_share"] = NO_SUPPLY
    return out


def context(tables: dict) -> dict:
    """What ``minerals.html.j2`` shows; empty when the run had no mineral accounting.

    ``totals``: the network totals per mineral, with ``demand_t`` and ``primary_t`` (text,
    :func:`tonnes`); ``caps``: the caps with their primary demand (``primary_t``), whether they
    bind and their shadow price; ``currency`` of the shadow prices; ``figures``: key -> figure
    div; ``not_drawn``: key -> why that chart is not drawn.
    """
    if "mineral_totals" not in tables:
        return {}
    t = _totals(tables)
    caps = tables.get("mineral_caps")
    rows = [] if caps is None else [
        {**row, "binding": str(row["binding"]).lower() in TRUE,
         "primary_t": tonnes(row["primary_kg"])}
        for row in caps.to_dict("records")]
    drawn = figures(tables)
    divs = {key: html.figure(fig, f"figure-{key.replace('_', '-')}") for key, fig in drawn.items()}
    totals = [{**row, "demand_t": tonnes(row["demand_kg"]), "primary_t": tonnes(row["primary_kg"])}
              for row in t[t.scope == "total"].to_dict("records")]
    return {"totals": totals, "caps": rows, "currency": _currency(caps), "figures": divs,
            "not_drawn": not_drawn(tables, drawn)}


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
