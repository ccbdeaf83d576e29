"""The trade sections of report.html: electrolyser placement and hydrogen delivered abroad.

From the optional result tables of issue 15 only (:data:`energymodel.results.folder.TRADE_SCHEMA`,
read by :func:`energymodel.results.folder.read`), never from a network:

- ``placement.csv``: one row per wind site, where its electricity became hydrogen (at the hub
  through the export cable, or on a platform at the site with a hydrogen pipeline), and what
  forcing the other placement in a paired run costs (:func:`placement_rows`,
  :func:`forced_sentence`);
- ``delivered_cost.csv``: one row per export route and stage; :func:`delivered_figure` stacks
  each route's stages (``STAGES`` order) up to its delivered cost, with the destination hub's
  own LCOH beside it ("made at ...") and, when the run has them, the published prices of
  delivered or imported hydrogen and ammonia for the destination's country
  (:func:`delivered_references`), drawn as published prices, not model results;
- ``map.csv``: drawn by :func:`energymodel.report.map.figure`.

:func:`context` assembles what ``templates/report.html.j2`` shows of them: a section whose
table the run did not write is left out, and a chart or table without data is replaced by the
sentence of :data:`NO_DATA`. Money is in the currency summary.json states. The figure div ids
are :data:`FIGURE_IDS` (here, not in :data:`energymodel.report.figures.FIGURE_IDS`, which lists
the charts of every run's page).
"""

from __future__ import annotations

import re
import textwrap

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from energymodel.report import html
from energymodel.report import map as trade_map
from energymodel.report.lcoh import REFERENCE_COLOUR, REFERENCE_MIN_SPAN
from energymodel.results.folder import REFERENCE_NUMBERS, STAGES, TOTAL, currency_of

__all__ = [
    "ALLOWED_LABELS",
    "CHAIN_LABELS",
    "CHOSEN_LABELS",
    "DELIVERED_REFERENCE_LEGEND",
    "FIGURE_IDS",
    "MADE_AT_LEGEND",
    "NO_DATA",
    "STAGE_COLOURS",
    "VIA_LABELS",
    "context",
    "delivered_figure",
    "delivered_references",
    "forced_sentence",
    "placement_rows",
    "route_rows",
    "unforced_text",
]

FIGURE_IDS = {"delivered_cost": "figure-delivered-cost", "map": "figure-map"}
#: Why a part of the trade sections is not shown: key -> the sentence shown in its place.
NO_DATA = {
    "placement": "placement.csv has no rows: there is no wind site whose placement to show.",
    "forced": "No paired run was made with the other placement forced (network file option "
    "placement_costs, for sites that allow both), so what forcing it would cost is not known "
    "for any site.",
    "delivered_cost": "delivered_cost.csv has no rows, so there is no export route to draw.",
    "map": "The map is not drawn: map.csv has nothing with coordinates to draw.",
}
ALLOWED_LABELS = {"onshore": "onshore only", "offshore": "offshore only",
                  "onshore+offshore": "onshore or offshore"}
CHOSEN_LABELS = {"onshore": "onshore", "offshore": "offshore", "mix": "both (mix)",
                 "none": "none (no wind built)"}
FORCED_WHERE = {"offshore": "offshore electrolysis (on a platform at the site)",
                "onshore": "onshore electrolysis (at {hub}, through the export cable)"}
CHAIN_LABELS = {"ammonia": "ammonia", "liquid_hydrogen": "liquid hydrogen",
                "pipeline": "pipeline"}
VIA_LABELS = {"suez": "via Suez", "cape": "via the Cape"}
STAGE_COLOURS = {"production": "#2a9d8f", "conversion": "#e9c46a", "storage": "#7b2cbf",
                 "shipping": "#457b9d", "reconversion": "#e76f51"}
MADE_AT_COLOUR = "#1f2933"
MADE_AT_LEGEND = "Made at the destination: its own LCOH"
DELIVERED_REFERENCE_LEGEND = "Published delivered prices: not model results"
#: Scopes of references.csv that price hydrogen (or ammonia) delivered or imported.
DELIVERED_SCOPE = re.compile(r"\s*(delivered|import)", re.IGNORECASE)
#: Where a route's marks stand on the numeric x axis (route i at i): its stacked stages, the
#: destination's own LCOH beside them, the published prices right of both.
STACK_X, STACK_WIDTH = -0.2, 0.34
MADE_AT_X, MADE_AT_WIDTH = 0.12, 0.2
REFERENCE_X, REFERENCE_ROOM = 0.33, 0.1
#: A single published figure (low = high) is drawn at least this share of the axis tall.
MIN_SPAN_SHARE = 0.02
HEADROOM = 1.25  # the y axis reaches this far above the tallest mark, for the labels on top
NAME_WIDTH = 14  # characters per line of a hub name above its "made at" bar
LABEL_WIDTH = 20  # characters per line of a route's label under the axis (never rotated)


def context(tables: dict) -> dict:
    """What the trade sections of ``report.html.j2`` show.

    Returns
    -------
    dict
        ``placement``: ``None`` without placement.csv, else ``rows`` (:func:`placement_rows`),
        ``forced`` (one sentence per paired run, :func:`forced_sentence`) and ``unforced``
        (the sites without one, :func:`unforced_text`); ``delivered``: ``None`` without
        delivered_cost.csv, else ``routes`` (:func:`route_rows`) and ``references`` (rows of
        references.csv drawn beside them, the range as ``low`` and ``high``); ``map``: ``None``
        without map.csv, else ``drawn``; ``figures``: key of :data:`FIGURE_IDS` -> div, for the
        charts drawn; ``not_drawn``: key -> the sentence of :data:`NO_DATA` shown instead.
    """
    currency = currency_of(tables["summary"])
    out: dict = {"placement": None, "delivered": None, "map": None}
    figures: dict[str, go.Figure] = {}
    if tables.get("placement") is not None:
        rows = placement_rows(tables)
        out["placement"] = {
            "rows": rows,
            "forced": [forced_sentence(run, currency) for r in rows for run in r["runs"]],
            "unforced": [unforced_text(r) for r in rows if not r["runs"]],
        }
    if tables.get("delivered_cost") is not None:
        routes = route_rows(tables)
        refs = delivered_references(tables)
        low, high = REFERENCE_NUMBERS
        out["delivered"] = {"routes": routes, "references": refs.rename(
            columns={low: "low", high: "high"}).to_dict("records")}
        if routes:
            figures["delivered_cost"] = delivered_figure(tables)
    if tables.get("map") is not None:
        fig = trade_map.figure(tables["map"])
        out["map"] = {"drawn": fig is not None}
        if fig is not None:
            figures["map"] = fig
    out["figures"] = {key: html.figure(fig, FIGURE_IDS[key]) for key, fig in figures.items()}
    shown = {
        "placement": out["placement"] is None or bool(out["placement"]["rows"]),
        "forced": out["placement"] is None or bool(out["placement"]["forced"]),
        "delivered_cost": out["delivered"] is None or "delivered_cost" in figures,
        "map": out["map"] is None or out["map"]["drawn"],
    }
    out["not_drawn"] = {key: text for key, text in NO_DATA.items() if not shown[key]}
    return out


def _hubs(tables: dict) -> pd.DataFrame:
    hubs = tables["hubs"]
    return hubs[hubs["hub"] != TOTAL].set_index("hub")


def _hub_name(hubs: pd.DataFrame, key: str) -> str:
    return str(hubs.at[key, "name"]) if key in hubs.index else str(key)


# ---------------------------------------------------------------- placement


def placement_rows(tables: dict) -> list[dict]:
    """One dict per site of placement.csv, in file order, for the page's table.

    A site forced to more than one placement (it mixed: one paired run each way) has one row
    per paired run in the file; here it is one site with a run each. Each site has the
    columns of its first row and ``site_name``, ``hub_name`` (from hubs.csv), the placements in
    words (``allowed_text``, ``chosen_text``) and ``runs``: one dict per paired run (none
    without), with ``forced_placement``, ``forced_text``, ``forced_extra_cost_eur``,
    ``forced_hub_lcoh_eur_per_kg`` and ``lcoh_change_eur_per_kg`` (the hub's LCOH in the forced
    run minus in this run), and the site's ``site_name``, ``hub_name`` and
    ``hub_lcoh_eur_per_kg``.
    """
    hubs = _hubs(tables)
    sites: dict[str, dict] = {}
    for row in tables["placement"].to_dict("records"):
        site = sites.get(row["site"])
        if site is None:
            site = sites[row["site"]] = {
                **row,
                "site_name": row["name"] or row["site"],
                "hub_name": _hub_name(hubs, row["hub"]),
                "allowed_text": ALLOWED_LABELS.get(row["allowed"], row["allowed"]),
                "chosen_text": CHOSEN_LABELS.get(row["chosen"], row["chosen"]),
                "runs": [],
            }
        forced = str(row["forced_placement"]).strip()
        if forced:
            site["runs"].append({
                "forced_placement": forced,
                "forced_text": CHOSEN_LABELS.get(forced, forced),
                "forced_extra_cost_eur": _tidy(row["forced_extra_cost_eur"]),
                "forced_hub_lcoh_eur_per_kg": _tidy(row["forced_hub_lcoh_eur_per_kg"]),
                "lcoh_change_eur_per_kg": _tidy(row["forced_hub_lcoh_eur_per_kg"]
                                                - row["hub_lcoh_eur_per_kg"]),
                **{k: site[k] for k in ("site_name", "hub_name", "hub_lcoh_eur_per_kg")},
            })
    return list(sites.values())


def unforced_text(site: dict) -> str:
    """A site of :func:`placement_rows` without a paired run, with the reason when the table
    gives it (one placement allowed, no wind built)."""
    if site["allowed"] in ("onshore", "offshore"):
        return f"{site['site_name']} ({site['allowed_text']})"
    if site["chosen"] == "none":
        return f"{site['site_name']} (no wind built)"
    return str(site["site_name"])


def forced_sentence(run: dict, currency: str) -> str:
    """What forcing a placement at a site costs, in one sentence: ``run`` is one of the
    ``runs`` of a site of :func:`placement_rows`."""
    forced = run["forced_placement"]
    hub = run["hub_name"]
    what = FORCED_WHERE.get(forced, "the placement {forced!r}").format(hub=hub, forced=forced)
    extra = float(run["forced_extra_cost_eur"])
    if not np.isfinite(extra):
        cost = f"changes the annual cost of {hub} by an amount the run does not state"
    elif round(extra) == 0:
        cost = f"leaves the annual cost of {hub} unchanged"
    else:
        verb = "raises" if extra > 0 else "lowers"
        cost = f"{verb} the annual cost of {hub} by {html.num(abs(extra), 0)} {currency}/yr"
    text = f"Forcing {what} at {run['site_name']} {cost}"
    lcoh, forced_lcoh = run["hub_lcoh_eur_per_kg"], run["forced_hub_lcoh_eur_per_kg"]
    if np.isfinite(lcoh) and np.isfinite(forced_lcoh):
        text += (f": its LCOH goes from {html.num(lcoh, 2)} to {html.num(forced_lcoh, 2)} "
                 f"{currency}/kg ({html.num(run['lcoh_change_eur_per_kg'], '+.2f')})")
    return text + "."


def _tidy(value: float) -> float:
    """Rounded to 6 decimals, without a negative zero (a stable, readable page)."""
    return round(float(value), 6) + 0.0 if np.isfinite(value) else np.nan


# ---------------------------------------------------------------- delivered cost


def route_rows(tables: dict) -> list[dict]:
    """One dict per route of delivered_cost.csv, in file order.

    Each has the route's text columns (``route``, ``name``, ``origin``, ``destination``,
    ``chain``, ``via``) and numbers (``distance_km``, ``delivered_t_per_yr``,
    ``origin_lcoh_eur_per_kg``, ``destination_lcoh_eur_per_kg``: its first row's), and
    ``stages`` (stage -> (EUR/kg delivered, EUR/yr), in ``STAGES`` order, then any other
    stage), ``delivered_eur_per_kg`` and ``annual_cost_eur`` (the sums over its stages),
    ``difference_eur_per_kg`` (delivered cost minus the destination's own LCOH), the hub
    names and country (``origin_name``, ``destination_name``, ``destination_country``) and the
    chain in words (``chain_text``).
    """
    table = tables["delivered_cost"]
    hubs = _hubs(tables)
    order = html.ordered(table["stage"], dict.fromkeys(STAGES, ""))
    rows = []
    for route, part in table.groupby("route", sort=False):
        first = part.iloc[0]
        sums = part.groupby("stage", sort=False)[["eur_per_kg", "annual_cost_eur"]].sum()
        stages = {s: (_tidy(sums.at[s, "eur_per_kg"]), _tidy(sums.at[s, "annual_cost_eur"]))
                  for s in order if s in sums.index}
        delivered = _tidy(sums["eur_per_kg"].sum())
        destination_lcoh = _tidy(first["destination_lcoh_eur_per_kg"])
        via = VIA_LABELS.get(first["via"], first["via"])
        known = first["destination"] in hubs.index
        country = str(hubs.at[first["destination"], "country"]) if known else ""
        rows.append({
            **{k: first[k] for k in ("origin", "destination", "chain", "via",
                                     "distance_km", "delivered_t_per_yr",
                                     "origin_lcoh_eur_per_kg")},
            "route": route,
            "name": first["name"] or route,
            "destination_lcoh_eur_per_kg": destination_lcoh,
            "origin_name": _hub_name(hubs, first["origin"]),
            "destination_name": _hub_name(hubs, first["destination"]),
            "destination_country": country,
            "chain_text": ", ".join(t for t in (CHAIN_LABELS.get(first["chain"], first["chain"]),
                                                via) if t),
            "stages": stages,
            "delivered_eur_per_kg": delivered,
            "annual_cost_eur": _tidy(sums["annual_cost_eur"].sum()),
            "difference_eur_per_kg": _tidy(delivered - destination_lcoh),
        })
    return rows


def delivered_references(tables: dict) -> pd.DataFrame:
    """The published prices (references.csv) of hydrogen or ammonia delivered or imported
    (scope starting "delivered" or "import") in the country of some route's destination, in
    file order; empty without any."""
    refs = tables.get("references")
    columns = ["id", "country_code", "reference", *REFERENCE_NUMBERS, "scope", "basis_note",
               "source"]
    if refs is None or tables.get("delivered_cost") is None:
        return pd.DataFrame(columns=columns)
    hubs = _hubs(tables)
    destinations = set(tables["delivered_cost"]["destination"])
    countries = {hubs.at[h, "country"] for h in destinations if h in hubs.index}
    keep = refs["scope"].map(lambda s: bool(DELIVERED_SCOPE.match(str(s))))
    keep &= refs["country_code"].isin(countries)
    return refs.loc[keep, columns].reset_index(drop=True)


def delivered_figure(tables: dict) -> go.Figure:
    """The delivered cost of each route, its stages stacked, in the run's currency per kg of
    hydrogen delivered; beside each route the destination hub's own LCOH ("made at ...") and
    the published delivered prices for the destination's country (low to high)."""
    money = html.plot_text(currency_of(tables["summary"]))
    routes = route_rows(tables)
    xs = np.arange(len(routes), dtype=float)
    names = [html.plot_text(r["name"]) for r in routes]
    fig = go.Figure()
    order = list(dict.fromkeys(s for r in routes for s in r["stages"]))
    order = html.ordered(pd.Series(order, dtype=object), dict.fromkeys(STAGES, ""))
    positive, negative = np.zeros(len(routes)), np.zeros(len(routes))
    for i, stage in enumerate(order):
        values = [r["stages"].get(stage, (0.0, 0.0)) for r in routes]
        per_kg = np.array([v[0] for v in values], dtype=float)
        positive += np.clip(np.nan_to_num(per_kg), 0, None)
        negative += np.clip(np.nan_to_num(per_kg), None, 0)
        fig.add_bar(
            x=_positions(xs + STACK_X), y=per_kg.tolist(), width=STACK_WIDTH,
            name=html.plot_text(stage),
            marker_color=html.colour(stage, STAGE_COLOURS, i),
            customdata=[[n, v[1], r["delivered_eur_per_kg"]]
                        for n, v, r in zip(names, values, routes, strict=True)],
            hovertemplate=f"<b>%{{customdata[0]}}</b>: delivered %{{customdata[2]:.2f}} "
            f"{money}/kg<br>%{{fullData.name}}: %{{y:.2f}} {money}/kg (%{{customdata[1]:,.0f}} "
            f"{money}/yr)<extra></extra>",
        )
    for x, top, r in zip(xs, positive, routes, strict=True):
        if not np.isfinite(r["delivered_eur_per_kg"]):  # nothing delivered: no cost per kg
            continue
        fig.add_annotation(x=round(x + STACK_X, 4), y=top, yanchor="bottom", showarrow=False,
                           text=f"<b>{r['delivered_eur_per_kg']:.2f}</b>")
    made_at = [r["destination_lcoh_eur_per_kg"] for r in routes]
    fig.add_bar(
        x=_positions(xs + MADE_AT_X), base=[0.0] * len(routes),
        y=[v if np.isfinite(v) else None for v in made_at], width=MADE_AT_WIDTH,
        name=html.plot_text(MADE_AT_LEGEND),
        marker={"color": "rgba(31,41,51,0.10)", "line": {"color": MADE_AT_COLOUR, "width": 1.5}},
        customdata=[html.plot_text(r["destination_name"]) for r in routes],
        hovertemplate=f"Made at %{{customdata}}: %{{y:.2f}} {money}/kg (the hub's own LCOH in "
        "this run)<extra></extra>",
    )
    for x, value, r in zip(xs, made_at, routes, strict=True):
        if np.isfinite(value):
            hub = "<br>".join(html.plot_text(line) for line in
                              textwrap.wrap(r["destination_name"], NAME_WIDTH,
                                            break_long_words=False) or [""])
            fig.add_annotation(x=round(x + MADE_AT_X, 4), y=value, yanchor="bottom",
                               showarrow=False, font={"size": 11},
                               text=f"made at<br>{hub}<br><b>{value:.2f}</b>")
    top = max([*positive, *(v for v in made_at if np.isfinite(v)), 0.0])
    min_span = max(REFERENCE_MIN_SPAN, round(MIN_SPAN_SHARE * top, 4))
    top = max([top, *_delivered_references(fig, tables, routes, xs, money, min_span)])
    html.style(fig, f"Cost of hydrogen delivered abroad, by stage ({money}/kg)", height=600)
    fig.update_layout(barmode="relative", hovermode="closest", legend_traceorder="normal",
                      legend={"orientation": "h", "x": 0, "y": -0.3, "yanchor": "top"},
                      margin={"b": 200})
    fig.update_xaxes(tickmode="array", tickvals=xs.tolist(), ticktext=_route_labels(routes),
                     tickangle=0,
                     range=[-0.6, len(routes) - 0.4], showgrid=False, zeroline=False)
    fig.update_yaxes(title_text=f"{money} per kg H<sub>2</sub> delivered",
                     range=[round(float(negative.min()), 4), round(top * HEADROOM, 4) or 1.0])
    return fig


def _delivered_references(fig: go.Figure, tables: dict, routes: list[dict], xs: np.ndarray,
                          money: str, min_span: float) -> list[float]:
    """Each published delivered price of a route's destination country as a thin floating bar
    (low to high, at least ``min_span`` tall) right of the route's bars; the tops drawn."""
    refs = delivered_references(tables)
    low, high = REFERENCE_NUMBERS
    per_route = [refs[refs["country_code"] == r["destination_country"]] for r in routes]
    slots = max((len(p) for p in per_route), default=0)
    if slots == 0:
        return []
    step = REFERENCE_ROOM / slots
    x, base, height, data = [], [], [], []
    for xi, rows in zip(xs, per_route, strict=True):
        for j, row in enumerate(rows.itertuples(index=False)):
            lo, hi = float(getattr(row, low)), float(getattr(row, high))
            pad = max(0.0, min_span - (hi - lo)) / 2
            x.append(round(xi + REFERENCE_X + (j + 0.5) * step - REFERENCE_ROOM / 2, 4))
            base.append(round(lo - pad, 6))
            height.append(round(hi - lo + 2 * pad, 6))
            span = f"{lo:.2f}" if f"{lo:.2f}" == f"{hi:.2f}" else f"{lo:.2f}-{hi:.2f}"
            data.append([html.hover_text(row.reference), span, html.hover_text(row.scope),
                         html.hover_text(row.source)])
    fig.add_bar(
        x=x, base=base, y=height, width=round(step * 0.8, 4), customdata=data,
        name=html.plot_text(DELIVERED_REFERENCE_LEGEND),
        marker={"color": REFERENCE_COLOUR, "opacity": 0.45,
                "line": {"color": REFERENCE_COLOUR, "width": 1}},
        hovertemplate=f"%{{customdata[0]}}<br><b>%{{customdata[1]}} {money}/kg</b> (per kg of "
        "hydrogen; a published price, not a model result)<br>Scope: %{customdata[2]}"
        "<br>Source: %{customdata[3]}<extra>Published price</extra>",
    )
    return [b + h for b, h in zip(base, height, strict=True)]


def _route_labels(routes: list[dict]) -> list[str]:
    """Each route's name under its bars, in short lines, then its chain and way unless the name
    says them already."""
    labels = []
    for r in routes:
        name = str(r["name"])
        extra = [t for t in r["chain_text"].split(", ") if t.lower() not in name.lower()]
        labels.append("<br>".join(filter(None, (html.hover_text(name, LABEL_WIDTH),
                                                html.hover_text(", ".join(extra), LABEL_WIDTH)
                                                if extra else ""))))
    return labels


def _positions(values: np.ndarray) -> list[float]:
    return [round(float(v), 4) for v in values]

