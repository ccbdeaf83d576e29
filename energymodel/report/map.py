"""The map of a run: hubs, sites, ports, cables, pipelines and shipping lanes, drawn offline.

:func:`figure` draws a run's ``map.csv`` (:data:`energymodel.results.folder.MAP_LAYERS`; one
feature per ``layer`` and ``key``, a line as its points in ``part`` order) on ordinary x/y axes:
x is longitude, y latitude, each panel's y axis scaled by 1 / cos(its middle latitude) against
its x axis, so shapes are not stretched badly (an equirectangular view, true to scale along
the middle latitude). No Plotly ``geo`` subplot and no map tiles: plotly.js would fetch those
from the network. The land is drawn from ``coastline.json``, shipped with the package (Natural
Earth 1:50m land, public domain; written by :mod:`energymodel.data.geo`).

Panels (:func:`panels`): the hubs, sites, ports, cables and pipelines are grouped into regions
(features closer than :data:`CLUSTER_DEG` degrees join one region, e.g. the UK with Rotterdam,
and India), each region a panel zoomed to its features; an overview of every feature, shipping
lanes included, comes first when there is more than one region or a shipping lane. One region
without shipping is one panel. Every panel draws every feature (the axes clip them), so a lane
leaving a port shows in the region's panel too. Hover text gives each feature's name, layer and
capacity; the legend has one entry per layer (clicking it hides the layer in every panel); line
width grows with capacity (square root, relative to the layer's largest).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from energymodel.carriers import CAPACITY_CATEGORIES
from energymodel.data.geo import clip
from energymodel.report import html
from energymodel.results.folder import MAP_LAYERS

__all__ = [
    "CLUSTER_DEG",
    "LAYER_STYLE",
    "POINT_LAYERS",
    "Panel",
    "coastline",
    "figure",
    "panels",
]

POINT_LAYERS = ("hub", "site", "port")
"""Layers drawn as points; the other layers of :data:`MAP_LAYERS` are lines."""
#: layer -> (legend label, colour, marker symbol for points); colours of the carriers where one
#: fits (wind, export connection, electrolysis).
LAYER_STYLE = {
    "hub": ("Hydrogen hub", CAPACITY_CATEGORIES["electrolysis"], "circle"),
    "site": ("Offshore wind site", CAPACITY_CATEGORIES["wind"], "triangle-up"),
    "port": ("Export port", "#5c677d", "square"),
    "cable": ("Export cable", CAPACITY_CATEGORIES["export connection"], ""),
    "pipeline": ("Hydrogen pipeline", CAPACITY_CATEGORIES["hydrogen compression"], ""),
    "shipping": ("Shipping lane", "#457b9d", ""),
}
MARKER_SIZE = {"hub": 13, "site": 10, "port": 10}
LINE_WIDTH = (1.5, 6.0)
"""Thinnest and thickest line, px: a line without a capacity is the thinnest."""
LAND, COAST, SEA = "#e9ecef", "#adb5bd", "#f3f8fc"
CLUSTER_DEG = 20.0
"""Features closer than this (degrees, longitude scaled by cos(latitude)) share a region."""
MAX_REGIONS = 3
"""Regional panels at most (west to east); further regions show in the overview only."""
MIN_SPAN_DEG = 3.0
"""Smallest latitude span of a regional panel, degrees."""
PAD = 0.2
"""Margin around a panel's features, share of their span."""
HEIGHT = 600
TITLE_CHARS = 28


@dataclass(frozen=True)
class Panel:
    """One panel of the map: its title and the box it shows (degrees)."""

    title: str
    west: float
    south: float
    east: float
    north: float

    @property
    def mid_lat(self) -> float:
        return (self.south + self.north) / 2

    @property
    def aspect(self) -> float:
        """Width over height of the box on the page (longitude scaled by cos(middle lat))."""
        return (self.east - self.west) * _cos(self.mid_lat) / (self.north - self.south)


@dataclass(frozen=True)
class _Feature:
    layer: str
    key: str
    name: str
    lon: np.ndarray
    lat: np.ndarray
    capacity: float
    unit: str


@cache
def coastline() -> dict:
    """``coastline.json`` of the package: ``land`` and ``holes`` rings of [lon, lat]."""
    text = resources.files("energymodel.report").joinpath("coastline.json").read_text("utf-8")
    return json.loads(text)


def figure(table: pd.DataFrame | None) -> go.Figure | None:
    """The map of a ``map.csv`` table, or ``None`` when it is missing or has nothing to draw.

    Parameters
    ----------
    table
        Columns ``layer``, ``key``, ``name``, ``part``, ``lon``, ``lat``, ``capacity``
        (may be NaN), ``unit`` (:data:`energymodel.results.folder.TRADE_SCHEMA`).
    """
    features = _features(table)
    if not features:
        return None
    shown = _panels(features)
    fig = make_subplots(rows=1, cols=len(shown), column_widths=_widths(shown),
                        subplot_titles=[p.title for p in shown], horizontal_spacing=0.04)
    layers = html.ordered(pd.Series([f.layer for f in features]), dict.fromkeys(MAP_LAYERS))
    widest = {layer: _largest(features, layer) for layer in layers}
    for col, panel in enumerate(shown, start=1):
        _draw_land(fig, panel, col)
        for i, layer in enumerate(layers):
            group = [f for f in features if f.layer == layer]
            if layer in POINT_LAYERS:
                _draw_points(fig, group, layer, i, col, labels=len(shown) == 1 or col > 1)
            else:
                _draw_lines(fig, group, layer, i, col, widest[layer])
        _axes(fig, panel, col)
    html.style(fig, "Map of hubs, sites and export routes", height=HEIGHT)
    fig.update_layout(plot_bgcolor=SEA, hovermode="closest",
                      legend={"orientation": "h", "x": 0, "y": -0.08, "yanchor": "top"})
    return fig


def panels(table: pd.DataFrame | None) -> list[Panel]:
    """The panels of a map table: overview first, then the regions from west to east (see the
    module's docstring); empty when there is nothing to draw."""
    return _panels(_features(table))


def _panels(features: list[_Feature]) -> list[Panel]:
    local = [f for f in features if f.layer != "shipping"]
    regions = sorted(_regions(local), key=lambda group: float(np.mean(_lons(group))))
    out = []
    if len(regions) > 1 or len(local) < len(features):
        out.append(_box("Overview" if len(local) == len(features) else "Overview and shipping "
                        "lanes", features, pad=0.05, min_span=MIN_SPAN_DEG))
    out += [_box(_region_title(group), group, pad=PAD, min_span=MIN_SPAN_DEG)
            for group in regions[:MAX_REGIONS]]
    return out


# ---------------------------------------------------------------- features and panels


def _features(table: pd.DataFrame | None) -> list[_Feature]:
    if table is None or table.empty:
        return []
    rows = table.assign(row=range(len(table)))
    rows = rows[np.isfinite(rows["lon"].astype(float)) & np.isfinite(rows["lat"].astype(float))]
    out = []
    for (layer, key), group in rows.groupby(["layer", "key"], sort=False):
        group = group.sort_values(["part", "row"], kind="stable", na_position="last")
        if layer not in POINT_LAYERS and len(group) < 2:
            continue  # a line needs two points
        if layer in POINT_LAYERS:
            group = group.iloc[:1]
        capacity = pd.to_numeric(group["capacity"], errors="coerce").max()
        out.append(_Feature(layer=str(layer), key=str(key), name=str(group["name"].iloc[0]),
                            lon=group["lon"].to_numpy(dtype=float),
                            lat=group["lat"].to_numpy(dtype=float),
                            capacity=float(capacity) if np.isfinite(capacity) else math.nan,
                            unit=str(group["unit"].iloc[0])))
    return out


def _cos(lat: float) -> float:
    return max(math.cos(math.radians(lat)), 0.2)


def _lons(group: list[_Feature]) -> np.ndarray:
    return np.concatenate([f.lon for f in group])


def _regions(features: list[_Feature]) -> list[list[_Feature]]:
    """Features joined when any of their points are closer than :data:`CLUSTER_DEG`."""
    parent = list(range(len(features)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(features):
        for j in range(i):
            b = features[j]
            lat = (a.lat[:, None] + b.lat[None, :]) / 2
            dx = (a.lon[:, None] - b.lon[None, :]) * np.maximum(np.cos(np.radians(lat)), 0.2)
            dy = a.lat[:, None] - b.lat[None, :]
            if np.hypot(dx, dy).min() < CLUSTER_DEG:
                parent[root(i)] = root(j)
    groups: dict[int, list[_Feature]] = {}
    for i, f in enumerate(features):
        groups.setdefault(root(i), []).append(f)
    return list(groups.values())


def _short(name: str) -> str:
    """``name`` without its parenthesised parts ("Gujarat (Gulf of Khambhat)" -> "Gujarat")."""
    return re.sub(r"\s*\(.*?\)", "", name).strip() or name


def _region_title(group: list[_Feature]) -> str:
    """The region's hub names (else its features' names), without their parentheses, on lines
    of about :data:`TITLE_CHARS` characters."""
    names = [f.name for f in group if f.layer == "hub"] or [f.name for f in group]
    names = list(dict.fromkeys(_short(n) for n in names))
    if len(names) > 4:
        names = [*names[:3], f"{len(names) - 3} more"]
    lines = [""]
    for name in names:
        if lines[-1] and len(lines[-1]) + len(name) > TITLE_CHARS:
            lines.append("")
        lines[-1] += (", " if lines[-1] else "") + name
    return "<br>".join(html.plot_text(line) for line in lines)


def _box(title: str, group: list[_Feature], pad: float, min_span: float) -> Panel:
    lon, lat = _lons(group), np.concatenate([f.lat for f in group])
    south, north = float(lat.min()), float(lat.max())
    height = max(north - south, min_span) * (1 + 2 * pad)
    mid = (south + north) / 2
    south, north = max(mid - height / 2, -89.0), min(mid + height / 2, 89.0)
    west, east = float(lon.min()), float(lon.max())
    width = max((east - west) * (1 + 2 * pad), min_span / _cos(mid))
    centre = (west + east) / 2
    return Panel(title, centre - width / 2, south, centre + width / 2, north)


def _widths(shown: list[Panel]) -> list[float]:
    """Column widths in proportion to each panel's aspect (within 0.5-2)."""
    aspects = [min(max(p.aspect, 0.5), 2.0) for p in shown]
    return [a / sum(aspects) for a in aspects]


def _largest(features: list[_Feature], layer: str) -> float:
    values = [f.capacity for f in features if f.layer == layer and f.capacity > 0]
    return max(values) if values else math.nan


# ---------------------------------------------------------------- drawing


def _hover(f: _Feature) -> str:
    label = LAYER_STYLE.get(f.layer, (f.layer,))[0]
    text = f"<b>{html.plot_text(f.name)}</b><br>{html.plot_text(label)}"
    if np.isfinite(f.capacity):
        text += f"<br>{html.num(f.capacity, 0 if f.capacity >= 10 else 1, html.plot_text(f.unit))}"
    return text


def _style(layer: str, index: int) -> tuple[str, str, str]:
    label, colour, symbol = LAYER_STYLE.get(layer, (layer, "", "circle"))
    return html.plot_text(label), colour or html.colour(layer, {}, index), symbol or "circle"


def _draw_points(fig: go.Figure, group: list[_Feature], layer: str, index: int, col: int,
                 labels: bool) -> None:
    label, colour, symbol = _style(layer, index)
    text_mode = labels and layer == "hub"
    fig.add_scatter(
        x=[float(f.lon[0]) for f in group], y=[float(f.lat[0]) for f in group],
        mode="markers+text" if text_mode else "markers",
        text=[html.plot_text(_short(f.name)) for f in group] if text_mode else None,
        textposition="top center", textfont={"size": 11},
        customdata=[_hover(f) for f in group],
        hovertemplate="%{customdata}<extra></extra>",
        marker={"color": colour, "symbol": symbol, "size": MARKER_SIZE.get(layer, 10),
                "line": {"color": "#1f2933", "width": 1}},
        name=label, legendgroup=layer, showlegend=col == 1, row=1, col=col,
    )


def _draw_lines(fig: go.Figure, group: list[_Feature], layer: str, index: int, col: int,
                largest: float) -> None:
    label, colour, _ = _style(layer, index)
    thin, thick = LINE_WIDTH
    for k, f in enumerate(group):
        share = f.capacity / largest if np.isfinite(f.capacity) and largest > 0 else 0.0
        fig.add_scatter(
            x=np.round(f.lon, 4).tolist(), y=np.round(f.lat, 4).tolist(), mode="lines",
            line={"color": colour, "width": round(thin + (thick - thin) * math.sqrt(share), 2)},
            hovertemplate=f"{_hover(f)}<extra></extra>",
            name=label, legendgroup=layer, showlegend=col == 1 and k == 0, row=1, col=col,
        )


def _rings(panel: Panel, key: str) -> tuple[list, list]:
    """x and y of the coastline rings near ``panel`` (None between rings), thinned to about a
    thousandth of the panel's span."""
    span = max(panel.east - panel.west, panel.north - panel.south)
    step = max(0.01, 10 ** math.floor(math.log10(span / 1000)))
    # the axes may widen the box to keep the aspect: take rings a whole span around it
    west, east = panel.west - span, panel.east + span
    south, north = panel.south - span, panel.north + span
    xs: list = []
    ys: list = []
    for ring in coastline()[key]:
        points = np.asarray(ring, dtype=float)
        if (points[:, 0].max() < west or points[:, 0].min() > east
                or points[:, 1].max() < south or points[:, 1].min() > north):
            continue
        points = np.asarray(clip([tuple(p) for p in ring], (west, south, east, north)))
        if len(points) < 3:
            continue
        points = np.round(np.round(points / step) * step, 2)
        keep = np.r_[True, (np.diff(points, axis=0) != 0).any(axis=1)]
        points = points[keep]
        if len(points) < 3:
            continue
        xs += [*points[:, 0].tolist(), points[0, 0], None]
        ys += [*points[:, 1].tolist(), points[0, 1], None]
    return xs, ys


def _draw_land(fig: go.Figure, panel: Panel, col: int) -> None:
    for key, fill in (("land", LAND), ("holes", SEA)):
        xs, ys = _rings(panel, key)
        if xs:
            fig.add_scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor=fill,
                            line={"color": COAST, "width": 0.6}, hoverinfo="skip",
                            showlegend=False, name="Land" if key == "land" else "Lakes",
                            row=1, col=col)


def _axes(fig: go.Figure, panel: Panel, col: int) -> None:
    x = "x" if col == 1 else f"x{col}"
    common = {"showgrid": True, "gridcolor": "#dde3ea", "zeroline": False, "ticksuffix": "°",
              "tickfont": {"size": 10}, "showline": True, "linecolor": COAST, "mirror": True}
    fig.update_xaxes(range=[panel.west, panel.east], row=1, col=col, **common)
    fig.update_yaxes(range=[panel.south, panel.north], scaleanchor=x,
                     scaleratio=round(1 / _cos(panel.mid_lat), 4), row=1, col=col, **common)
