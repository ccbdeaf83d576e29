"""The offline map (energymodel.report.map) and its coastline (energymodel.data.geo).

The map tables here are small hand-made ``map.csv`` tables (test fixtures, not data) at the
real positions of the default network's hubs and sites (networks/uk_india.yaml) and of the
ports of inputs/trade/sea_routes.csv; one shipping lane is the stored Mundra -> Immingham
polyline via Suez. Nothing is solved.
"""

from __future__ import annotations

import json
import math
import re
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from energymodel.data import geo
from energymodel.report import html
from energymodel.report import map as trade_map
from energymodel.results.folder import MAP_LAYERS

ROOT = Path(__file__).resolve().parents[1]
COASTLINE = ROOT / "energymodel" / "report" / "coastline.json"
COLUMNS = ["layer", "key", "name", "part", "lon", "lat", "capacity", "unit"]
UK = [("hub", "humber", "Humber", -0.11, 53.65, 500.0),  # capacities: test values
      ("site", "dudgeon", "Dudgeon", 0.6135, 53.1175, 1000.0),
      ("site", "walney", "Walney", -3.74, 54.09, math.nan),
      ("port", "GBIMM", "Immingham", -0.1737, 53.6224, math.nan)]
INDIA = [("hub", "gujarat", "Gujarat (Gulf of Khambhat)", 71.50, 20.92, 300.0),
         ("site", "khambhat", "Gulf of Khambhat", 72.15, 21.76, 2000.0),
         ("port", "INMUN", "Mundra", 69.7467, 22.795, math.nan)]


def _points(rows) -> list[dict]:
    return [dict(zip(COLUMNS, (layer, key, name, 0.0, lon, lat, cap, "MW"), strict=True))
            for layer, key, name, lon, lat, cap in rows]


def _line(layer, key, name, points, capacity, unit="MW") -> list[dict]:
    return [dict(zip(COLUMNS, (layer, key, name, float(i), lon, lat, capacity, unit),
                     strict=True)) for i, (lon, lat) in enumerate(points)]


def _lane() -> list[tuple[float, float]]:
    routes = pd.read_csv(ROOT / "inputs" / "trade" / "sea_routes.csv")
    lane = routes[(routes.origin_locode == "INMUN") & (routes.destination_locode == "GBIMM")
                  & (routes.via == "suez")]
    return list(zip(lane.lon, lane.lat, strict=True))


def _table(*parts: list[dict]) -> pd.DataFrame:
    return pd.DataFrame([row for part in parts for row in part], columns=COLUMNS)


@pytest.fixture(scope="module")
def full() -> pd.DataFrame:
    """Every layer: UK and India points, two cables, a pipeline and a shipping lane (its rows
    given in reverse order: ``part`` orders them)."""
    lane = _line("shipping", "mundra-immingham", "Mundra to Immingham via Suez", _lane(),
                 50_000.0, "t/yr")
    return _table(
        _points(UK), _points(INDIA),
        _line("cable", "dudgeon", "Dudgeon export cable", [(0.6135, 53.1175), (-0.11, 53.65)],
              1000.0),
        _line("cable", "walney", "Walney export cable", [(-3.74, 54.09), (-2.87, 53.28)],
              100.0),
        _line("pipeline", "khambhat", "Gulf of Khambhat H2 pipeline",
              [(72.15, 21.76), (71.9, 21.3), (71.50, 20.92)], math.nan),
        lane[::-1],
    )


def _axis_pairs(fig) -> list[tuple[str, str]]:
    layout = fig.to_plotly_json()["layout"]
    return sorted((k, "y" + k[1:]) for k in layout if re.fullmatch(r"xaxis\d*", k))


def test_every_layer_has_a_legend_entry(full):
    fig = trade_map.figure(full)
    legend = [t.name for t in fig.data if t.showlegend]
    assert legend == [html.plot_text(trade_map.LAYER_STYLE[layer][0]) for layer in MAP_LAYERS]
    groups = {t.legendgroup for t in fig.data if t.legendgroup}
    assert groups == set(MAP_LAYERS)


def test_no_geo_subplot_no_tiles_no_url(full):
    """Offline: no geo or map subplot, no scattergeo or tile traces, no address anywhere in
    the figure's JSON (plotly.js would fetch geo topojson and tiles from the network)."""
    fig = trade_map.figure(full)
    layout = fig.to_plotly_json()["layout"]
    assert not [k for k in layout if k.startswith(("geo", "mapbox", "map"))]
    assert {t.type for t in fig.data} == {"scatter"}
    text = fig.to_json()
    assert not re.search(r"https?://|www\.|\.json\b|topojson", text)
    assert not re.search(r"https?://", html.figure(fig, "figure-map"))


def test_the_coastline_is_drawn_in_every_panel(full):
    """Each panel has a filled land trace from coastline.json, with the land around its
    features: Great Britain in the UK panel, Gujarat in the India panel."""
    fig = trade_map.figure(full)
    land = [t for t in fig.data if t.name == "Land"]
    assert len(land) == len(_axis_pairs(fig)) == 3
    assert all(t.fill == "toself" and t.hoverinfo == "skip" for t in land)
    assert {t.xaxis for t in land} == {"x", "x2", "x3"}
    for trace, (lon, lat) in zip(land[1:], [(-1.5, 53.0), (72.5, 22.5)], strict=True):
        x = np.array([v for v in trace.x if v is not None], dtype=float)
        y = np.array([v for v in trace.y if v is not None], dtype=float)
        near = (np.abs(x - lon) < 3) & (np.abs(y - lat) < 3)
        assert near.sum() > 50  # the coast around the region at 1:50m detail


def test_nothing_to_draw_gives_no_figure():
    assert trade_map.figure(None) is None
    assert trade_map.figure(pd.DataFrame(columns=COLUMNS)) is None
    no_position = _table(_points(UK)).assign(lon=math.nan)
    assert trade_map.figure(no_position) is None
    assert trade_map.panels(None) == []


def test_panels_only_where_features_are(full):
    """UK and India with a lane: an overview of everything, then the UK, then India, each
    regional box around its own features only. UK alone: one panel around the UK. UK with a
    lane: the overview and the UK."""
    panels = trade_map.panels(full)
    assert [p.title for p in panels][0] == "Overview and shipping lanes"
    overview, uk, india = panels
    assert overview.west < -1
    assert overview.east > 72
    assert overview.south < 15  # the lane down the Red Sea
    assert uk.west < -3.74 < 0.61 < uk.east
    assert uk.south < 53.1 < 54.1 < uk.north
    assert uk.east < 10
    assert uk.north - uk.south < 10
    assert india.west < 69.7 < 72.2 < india.east
    assert india.south < 20.9 < 22.8 < india.north
    assert india.west > 60
    assert india.north - india.south < 10
    assert (uk.title, india.title) == ("Humber", "Gujarat")  # hub names, short
    only_uk = _table(_points(UK))
    (single,) = trade_map.panels(only_uk)
    assert single.west < -3.74 < 0.61 < single.east
    assert single.east - single.west < 15
    assert len(_axis_pairs(trade_map.figure(only_uk))) == 1
    lane = _line("shipping", "lane", "lane", _lane(), math.nan)
    assert [p.title for p in trade_map.panels(_table(_points(UK), lane))] == [
        "Overview and shipping lanes", "Humber"]
    assert len(trade_map.panels(_table(_points(UK), _points(INDIA)))) == 3  # two regions


def test_axes_keep_the_map_undistorted(full):
    """Every panel's y axis is anchored to its x axis at 1 / cos(middle latitude), within its
    box; lon and lat ticks carry a degree sign."""
    fig = trade_map.figure(full)
    layout = fig.to_plotly_json()["layout"]
    for (x, y), panel in zip(_axis_pairs(fig), trade_map.panels(full), strict=True):
        assert layout[y]["scaleanchor"] == x.replace("axis", "")
        expected = 1 / math.cos(math.radians((panel.south + panel.north) / 2))
        assert layout[y]["scaleratio"] == pytest.approx(expected, rel=1e-3)
        assert layout[x]["range"] == pytest.approx([panel.west, panel.east])
        assert layout[y]["ticksuffix"] == "°"
    assert layout["yaxis2"]["scaleratio"] > 1.6  # the UK at 53-54 N


def test_hover_and_line_width(full):
    """Hover text names the feature, its layer and capacity; the bigger cable is wider, a line
    without a capacity is the thinnest; a line's points are drawn in part order."""
    fig = trade_map.figure(full)
    cables = {t.hovertemplate.split("</b>")[0].removeprefix("<b>"): t
              for t in fig.data if t.legendgroup == "cable" and t.xaxis == "x"}
    assert "1,000 MW" in cables["Dudgeon export cable"].hovertemplate
    assert cables["Dudgeon export cable"].line.width > cables["Walney export cable"].line.width
    pipe = next(t for t in fig.data if t.legendgroup == "pipeline")
    assert pipe.line.width == trade_map.LINE_WIDTH[0]
    assert "MW" not in pipe.hovertemplate  # no capacity given
    sites = next(t for t in fig.data if t.legendgroup == "site")
    assert any("Dudgeon" in c and "1,000 MW" in c for c in sites.customdata)
    assert any("Walney" in c and "MW" not in c for c in sites.customdata)
    lane = next(t for t in fig.data if t.legendgroup == "shipping")
    assert (lane.x[0], lane.y[0]) == pytest.approx((69.7467, 22.795), abs=1e-4)  # Mundra first
    assert "50,000 t/yr" in lane.hovertemplate


def test_names_are_escaped_for_plotly():
    table = _table(_points([("hub", "h", "A <b>&</b> B", -1.0, 53.0, 10.0)]))
    fig = trade_map.figure(table)
    hub = next(t for t in fig.data if t.legendgroup == "hub")
    assert "A &lt;b&gt;&amp;&lt;/b&gt; B" in hub.customdata[0]
    assert "<b>&</b>" not in fig.to_json()


# ---------------------------------------------------------------- coastline.json


def _inside(point, ring) -> bool:
    """Ray casting: is ``point`` inside the polygon ``ring``?"""
    x, y = point
    ring = np.asarray(ring, dtype=float)
    x1, y1 = ring[:, 0], ring[:, 1]
    x2, y2 = np.roll(x1, -1), np.roll(y1, -1)
    crosses = ((y1 > y) != (y2 > y)) & (x < (x2 - x1) * (y - y1) / (y2 - y1 + 1e-300) + x1)
    return bool(crosses.sum() % 2)


def test_coastline_file_is_small_clipped_and_rounded():
    coast = json.loads(COASTLINE.read_text(encoding="utf-8"))
    assert COASTLINE.stat().st_size < 1_500_000
    assert coast["bbox"] == [-30.0, -45.0, 100.0, 70.0]
    assert "Natural Earth" in coast["source"]
    assert "public domain" in coast["licence"]
    points = np.array([p for ring in coast["land"] for p in ring])
    assert len(points) > 10_000  # 1:50m, not 1:110m
    assert -30 <= points[:, 0].min() < points[:, 0].max() <= 100
    assert -45 <= points[:, 1].min() < points[:, 1].max() <= 70
    assert np.allclose(points, np.round(points, 2))
    assert all(len(ring) >= 3 for ring in coast["land"] + coast["holes"])
    # no edge crosses the map (as a ring across the antimeridian would) except along the box
    for ring in coast["land"]:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if max(abs(x2 - x1), abs(y2 - y1)) > 20:
                assert (x1 == x2 and x1 in (-30, 100)) or (y1 == y2 and y1 in (-45, 70))


@pytest.mark.parametrize(("place", "point", "land"), [
    ("London", (-0.13, 51.51), True), ("Aberdeen", (-2.2, 57.15), True),
    ("Dublin", (-6.26, 53.35), True), ("Delhi", (77.2, 28.6), True),
    ("Mumbai inland", (73.1, 19.2), True), ("Cairo", (31.24, 30.04), True),
    ("Cape Town inland", (18.9, -33.9), True),
    ("Irish Sea", (-5.0, 53.7), False), ("North Sea", (2.5, 55.0), False),
    ("Gulf of Khambhat", (72.4, 21.5), False), ("Arabian Sea", (65.0, 15.0), False),
    ("Red Sea", (38.0, 21.0), False), ("Caspian Sea", (50.5, 42.0), False),
])
def test_coastline_puts_land_and_sea_where_they_are(place, point, land):
    """Places on land are inside a land ring and outside every hole; places at sea are not."""
    coast = json.loads(COASTLINE.read_text(encoding="utf-8"))
    on_land = any(_inside(point, ring) for ring in coast["land"]) and not any(
        _inside(point, ring) for ring in coast["holes"])
    assert on_land is land, place


def test_coastline_ships_with_the_package():
    """pyproject.toml lists coastline.json as package data, beside the style sheet."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    data = config["tool"]["setuptools"]["package-data"]["energymodel"]
    assert "report/coastline.json" in data
    assert trade_map.coastline()["land"]


def test_clip_and_unwrap():
    """Clipping keeps the part of a ring inside the box, cut along its edges; a ring across the
    antimeridian is made continuous instead of crossing the whole map."""
    square = [(-10.0, -10.0), (10.0, -10.0), (10.0, 10.0), (-10.0, 10.0)]
    clipped = geo.clip(square, (0.0, 0.0, 20.0, 20.0))
    assert sorted(clipped) == [(0.0, 0.0), (0.0, 10.0), (10.0, 0.0), (10.0, 10.0)]
    assert geo.clip(square, (50.0, 50.0, 60.0, 60.0)) == []
    fiji = [(179.0, -17.0), (-179.0, -17.0), (-179.0, -16.0), (179.0, -16.0)]
    assert len(geo.clip(fiji)) > 2  # as stored: a sliver across the whole box
    unwrapped = geo.unwrap(fiji)
    lons = [x for x, _ in unwrapped]
    assert max(lons) - min(lons) == 2.0
    assert abs(lons[0]) > 178  # still at the antimeridian, one side or the other
    assert geo.clip(unwrapped) == []  # outside the map's box
    topology = {"transform": {"scale": [1.0, 1.0], "translate": [0.0, 0.0]},
                "arcs": [[[0, 0], [2, 0], [0, 2]], [[2, 2], [-2, 0], [0, -2]]],
                "objects": {"land": {"type": "GeometryCollection", "geometries": [
                    {"type": "Polygon", "arcs": [[0, 1]]}]}}}
    assert geo.decode(topology) == [[[(0, 0), (2, 0), (2, 2), (0, 2), (0, 0)]]]
    reversed_arcs = {**topology, "objects": {"land": {"geometries": [
        {"type": "Polygon", "arcs": [[~1, ~0]]}]}}}
    assert geo.decode(reversed_arcs) == [[[(0, 0), (0, 2), (2, 2), (2, 0), (0, 0)]]]
