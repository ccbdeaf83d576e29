"""The LCOH chart of report.html, with the published hydrogen prices beside its bars.

From the result tables only: ``lcoh_breakdown.csv`` stacked by cost component (colours and
order from :mod:`energymodel.carriers`), each hub's total above its bar, in the currency
summary.json states; and, when the run wrote ``references.csv``, each published price for the
hub's country as a thin floating bar from its low to its high value right of the hub's bar. The
published prices have their own scope and basis (docs/validation.md): the legend says so, and
each one's hover names its scope and source.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from energymodel.carriers import COMPONENTS as LCOH_COMPONENTS
from energymodel.report import html
from energymodel.results.folder import REFERENCE_NUMBERS, currency_of

__all__ = ["REFERENCE_LEGEND", "lcoh_figure"]

#: Published prices beside the LCOH bars: legend entry, colour, and where they stand (offset
#: from the hub's category centre and the room they share, in category widths).
REFERENCE_LEGEND = "Published prices: other scope and basis, not model results (docs/validation.md)"
REFERENCE_COLOUR = "#5f6b7a"
LCOH_BAR_GAP = 0.45
REFERENCE_OFFSET, REFERENCE_ROOM = 0.29, 0.25
REFERENCE_MIN_SPAN = 0.15  # a single published figure (low = high) is drawn this tall, per kg


def lcoh_figure(tables: dict, hubs: pd.DataFrame) -> go.Figure:
    """LCOH per hub (``hubs``: the hub rows of hubs.csv), stacked by cost component, in the
    run's currency per kg; the published prices for each hub's country (references.csv) as
    ranges beside its bar."""
    money = html.plot_text(currency_of(tables["summary"]))
    labels = [html.plot_text(name) for name in hubs["name"]]
    breakdown = tables["lcoh_breakdown"]
    fig = go.Figure()
    components = html.ordered(breakdown["component"], LCOH_COMPONENTS)
    positive = np.zeros(len(hubs))
    for i, component in enumerate(components):
        rows = breakdown[breakdown["component"] == component]
        sums = rows.groupby("hub")[["lcoh_eur_per_kg", "annual_cost_eur"]].sum()
        sums = sums.reindex(hubs["hub"], fill_value=0.0)
        positive += sums["lcoh_eur_per_kg"].clip(lower=0).to_numpy()
        fig.add_bar(
            x=labels,
            y=sums["lcoh_eur_per_kg"].tolist(),
            customdata=list(zip(sums["annual_cost_eur"], hubs["lcoh_eur_per_kg"], strict=True)),
            name=html.plot_text(component),
            marker_color=html.colour(component, LCOH_COMPONENTS, i),
            hovertemplate=f"<b>%{{x}}</b>: LCOH %{{customdata[1]:.2f}} {money}/kg<br>"
            f"%{{fullData.name}}: %{{y:.2f}} {money}/kg (%{{customdata[0]:,.0f}} {money}/yr)"
            "<extra></extra>",
        )
    for label, top, total in zip(labels, positive, hubs["lcoh_eur_per_kg"], strict=True):
        fig.add_annotation(
            x=label, y=top, text=f"<b>{total:.2f}</b>", showarrow=False, yanchor="bottom"
        )
    _reference_ranges(fig, tables.get("references"), hubs, labels, money)
    html.style(fig, f"Levelised cost of hydrogen by hub ({money}/kg)", height=480)
    # closest, not unified: a published price's hover is its own, not mixed with the hub's
    fig.update_layout(barmode="relative", hovermode="closest", legend_traceorder="normal")
    fig.update_yaxes(title_text=f"{money} per kg H<sub>2</sub>", rangemode="tozero")
    return fig


def _reference_ranges(fig: go.Figure, refs: pd.DataFrame | None, hubs: pd.DataFrame,
                      labels: list[str], money: str) -> None:
    """Each published price as a thin floating bar (low to high) right of its hubs' bars.

    One bar trace, shifted right of each hub's category centre (``offset``; a bar with
    ``base`` is drawn over the stack, not in it); the hubs' bars are narrowed to make room.
    Hover names the reference, its range, scope and source (the page's table also lists the
    conversion).
    """
    if refs is None or refs.empty:
        return
    low, high = REFERENCE_NUMBERS
    per_hub = [refs[refs["country_code"] == c].reset_index(drop=True) for c in hubs["country"]]
    slots = max(len(r) for r in per_hub)
    if slots == 0:
        return
    step = REFERENCE_ROOM / slots
    x, offset, base, height, data = [], [], [], [], []
    for label, rows in zip(labels, per_hub, strict=True):
        for j, row in enumerate(rows.itertuples(index=False)):
            lo, hi = float(getattr(row, low)), float(getattr(row, high))
            pad = max(0.0, REFERENCE_MIN_SPAN - (hi - lo)) / 2
            x.append(label)
            offset.append(round(REFERENCE_OFFSET + j * step, 4))
            base.append(lo - pad)
            height.append(hi - lo + 2 * pad)
            span = f"{lo:.2f}" if f"{lo:.2f}" == f"{hi:.2f}" else f"{lo:.2f}-{hi:.2f}"
            data.append([html.hover_text(row.reference), html.hover_text(row.scope),
                         html.hover_text(row.source), span])
    fig.add_bar(
        x=x, base=base, y=height, offset=offset, width=round(step * 0.7, 4), customdata=data,
        name=html.plot_text(REFERENCE_LEGEND),
        marker={"color": REFERENCE_COLOUR, "opacity": 0.6,
                "line": {"color": REFERENCE_COLOUR, "width": 1}},
        hovertemplate=f"%{{customdata[0]}}<br><b>%{{customdata[3]}} {money}/kg</b> (per kg of "
        "hydrogen)<br>Scope: %{customdata[1]}"
        "<br>Source: %{customdata[2]}<extra>Published price</extra>",
    )
    fig.update_layout(bargap=LCOH_BAR_GAP)

