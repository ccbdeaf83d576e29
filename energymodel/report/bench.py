"""``bench.html``: the charts of one ``make bench`` run, self-contained (plotly.js inlined).

Built from the document the benchmark harness returns (``bench/solve.py``, never from a
network): the targets with their verdicts, the seconds each side takes for what the ratios
compare, the scaling series and the segmentation report. The page is the template
``templates/bench.html.j2``, on the shared page shell of :mod:`energymodel.report.html`: it
loads nothing from the network, plotly.js is inlined once and no ``src``/``href`` points outside
the file.
"""

from __future__ import annotations

import logging
from pathlib import Path

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from energymodel.report import html

logger = logging.getLogger(__name__)

#: Side -> (display name, colour).
SIDES = {
    "project": ("this project", "#2a9d8f"),
    "project serial": ("this project, 1 process", "#8ac9c0"),
    "highspy": ("raw highspy", "#264653"),
    "highspy serial": ("raw highspy, 1 process", "#7d98a6"),
    "plain": ("plain PyPSA (joint LP)", "#e76f51"),
    "pyomo": ("Pyomo (joint LP)", "#f4a261"),
}
TEMPLATE = "bench.html.j2"


def sides_figure(doc: dict) -> go.Figure:
    """Horizontal stacked bars: per side, the seconds of the stages its ratio counts."""
    fig = go.Figure()
    order = [row["side"] for row in doc["summary"]][::-1]  # first side on top
    for row in doc["summary"]:
        side = row["side"]
        name, colour = SIDES.get(side, (side, "#999999"))
        stages = [s.strip() for s in row["stages"].split("+")]
        for i, stage in enumerate(stages):
            s = doc["stages"][f"{side}: {stage}"]
            fig.add_trace(go.Bar(
                y=[name], x=[s["seconds"]], orientation="h", showlegend=False,
                marker={"color": colour, "opacity": 1.0 - 0.35 * i},
                name=s["label"], text=[s["label"]], textposition="inside",
                hovertemplate=f"{html.plot_text(name)}<br>{html.plot_text(s['label'])}: "
                              "%{x:.2f} s<extra></extra>"))
        fig.add_annotation(x=row["seconds"], y=name, text=f"{row['seconds']:.1f} s",
                           showarrow=False, xanchor="left", xshift=6)
    html.style(fig, "Seconds compared by the ratios (medians)", 120 + 55 * len(order))
    fig.update_layout(barmode="stack", xaxis_title="seconds",
                      yaxis={"categoryorder": "array",
                             "categoryarray": [SIDES.get(s, (s,))[0] for s in order]})
    return fig


def scaling_figure(rows: list[dict]) -> go.Figure:
    """Solve seconds against snapshots (all hubs) and against hubs, with proportional lines."""
    hub_step = next((r["resolution"] for r in rows if r["series"] == "hubs"), "")
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.1, subplot_titles=(
        "against snapshots (every hub)", f"against hubs (first K hubs, {hub_step})"))
    for col, series in ((1, "snapshots"), (2, "hubs")):
        chosen = [r for r in rows if r["series"] == series]
        if not chosen:
            continue
        x = [r[series] for r in chosen]
        first = chosen[0]
        fig.add_trace(go.Scatter(
            x=x, y=[r["seconds"] for r in chosen], mode="lines+markers", name="measured",
            legendgroup="measured", showlegend=col == 1, line={"color": SIDES["project"][1]},
            customdata=[[r["resolution"], r["hub_names"], r["workers"]] for r in chosen],
            hovertemplate="%{x}: %{y:.2f} s<br>step %{customdata[0]}, W = %{customdata[2]}"
                          "<br>%{customdata[1]}<extra></extra>"), row=1, col=col)
        fig.add_trace(go.Scatter(
            x=x, y=[first["seconds"] * r["size_x"] for r in chosen], mode="lines",
            name="proportional to size", legendgroup="linear", showlegend=col == 1,
            line={"color": "#6c757d", "dash": "dot"}, hoverinfo="skip"), row=1, col=col)
        fig.update_xaxes(title_text=series, row=1, col=col)
        fig.update_yaxes(title_text="solve.solve seconds", rangemode="tozero", row=1, col=col)
    html.style(fig, "How the project's solve time grows", 420)
    return fig


def segments_figure(seg: dict) -> go.Figure:
    """Speed-up (bars) and largest per-hub LCOH error (line) per segment count, with targets."""
    runs = seg["runs"][1:]
    labels = [f"{r['segments']}" for r in runs]
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(go.Bar(x=labels, y=[r["speedup"] for r in runs], name="speed-up",
                         marker={"color": SIDES["project"][1]},
                         hovertemplate="%{x} segments: %{y:.1f}x<extra></extra>"),
                  secondary_y=False)
    fig.add_trace(go.Scatter(x=labels, y=[100 * r["max_lcoh_error"] for r in runs],
                             mode="lines+markers", name="largest hub LCOH error",
                             line={"color": SIDES["plain"][1]},
                             hovertemplate="%{x} segments: %{y:.2f} %<extra></extra>"),
                  secondary_y=True)
    t = seg["target"]
    fig.add_hline(y=t["speedup"], line={"color": SIDES["project"][1], "dash": "dash"},
                  annotation_text=f"target {t['speedup']:g}x", secondary_y=False)
    fig.add_hline(y=100 * t["lcoh_error"], line={"color": SIDES["plain"][1], "dash": "dash"},
                  annotation_text=f"target {t['lcoh_error']:.0%}", secondary_y=True,
                  annotation_position="bottom right")
    html.style(fig, f"Segmented runs against the {seg['reference']} run", 420)
    fig.update_xaxes(title_text="segments per hub", type="category")
    fig.update_yaxes(title_text="speed-up (x)", rangemode="tozero", secondary_y=False)
    fig.update_yaxes(title_text="LCOH error, %", rangemode="tozero", secondary_y=True)
    return fig


def figures(doc: dict) -> dict[str, go.Figure]:
    """The page's charts, by id; scaling and segments only when the run measured them."""
    figs = {"bench-sides": sides_figure(doc)}
    if doc.get("scaling"):
        figs["bench-scaling"] = scaling_figure(doc["scaling"])
    if doc.get("segments"):
        figs["bench-segments"] = segments_figure(doc["segments"])
    return figs


def render(doc: dict) -> str:
    """The whole page as a string (plotly.js inlined once)."""
    divs = {key: html.figure(fig, key) for key, fig in figures(doc).items()}
    return html.render(TEMPLATE, doc=doc, figures=divs)


def write(doc: dict, path: str | Path) -> Path:
    """Write :func:`render` to ``path``; return it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(doc), encoding="utf-8", newline="\n")
    logger.info("Wrote %s (%.1f MB)", path, path.stat().st_size / 1e6)
    return path
