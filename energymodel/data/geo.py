"""The land outlines of the offline map: ``energymodel/report/coastline.json``.

``make geo`` fetches the npm package ``world-atlas`` (:data:`PACKAGE`; Natural Earth vector data
v4.1.0 as TopoJSON, packaging ISC-licensed by Mike Bostock; Natural Earth itself is public
domain) with ``npm pack`` and runs ``python -m energymodel.data.geo ARCHIVE [OUT]``, which:

1. checks the archive's SHA-256 (:data:`ARCHIVE_SHA256`) and its ``package.json`` (name and
   version), and reads ``package/land-50m.json``: Natural Earth **1:50m land**, one quantized
   TopoJSON MultiPolygon;
2. decodes it (:func:`decode`): arc positions are delta-encoded integers, x scale + translate
   gives degrees; an arc index ``~i`` (negative) means arc ``i`` reversed; the arcs of a ring are
   joined, dropping the first point of every arc after the first (it repeats the last one);
3. undoes the jumps of rings across the antimeridian (:func:`unwrap`), then clips every ring
   to :data:`BBOX` (lon -30..100, lat -45..70: the UK and Europe, the Suez
   canal and Red Sea, Africa with the Cape of Good Hope, the Indian Ocean and India) with the
   Sutherland-Hodgman algorithm (:func:`clip`; a ring cut by the box follows the box's edge
   where it leaves it, which draws nothing visible inside the box);
4. rounds coordinates to :data:`DECIMALS` decimals (0.01 degree, about 1 km), drops repeated
   consecutive points and rings with fewer than three points or no area left.

Output: a JSON object with ``source``, ``licence``, ``bbox`` (lon_min, lat_min, lon_max,
lat_max), ``decimals``, ``land`` (outer rings) and ``holes`` (inner rings of the land: lakes
that Natural Earth cuts out of the land, e.g. the Caspian Sea), each ring a list of
``[lon, lat]`` without the closing point, one ring a line. The file ships with the package
(pyproject.toml package data) and is read by :mod:`energymodel.report.map`. Nothing is
fetched at run time. See inputs/PROVENANCE.md (section "geo").
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tarfile
from pathlib import Path

from energymodel.errors import InputError

__all__ = [
    "ARCHIVE_SHA256",
    "BBOX",
    "DECIMALS",
    "LAND_FILE",
    "PACKAGE",
    "build",
    "clip",
    "decode",
    "main",
    "unwrap",
    "write",
]

PACKAGE = ("world-atlas", "2.0.2")
"""npm package (name, version) holding Natural Earth as TopoJSON."""
ARCHIVE_SHA256 = "032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97"
"""SHA-256 of ``world-atlas-2.0.2.tgz`` as ``npm pack`` fetches it."""
LAND_FILE = "package/land-50m.json"
"""Natural Earth 1:50m land in the package."""
BBOX = (-30.0, -45.0, 100.0, 70.0)
"""lon_min, lat_min, lon_max, lat_max, degrees."""
DECIMALS = 2
SOURCE = ("Natural Earth 1:50m land boundaries (vector data v4.1.0), as TopoJSON in the npm "
          "package world-atlas 2.0.2 (land-50m.json)")
LICENCE = ("Natural Earth: public domain; world-atlas packaging: ISC (Copyright 2013-2019 "
           "Michael Bostock)")
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "report" / "coastline.json"

Point = tuple[float, float]


def decode(topology: dict, name: str = "land") -> list[list[list[Point]]]:
    """The polygons of object ``name`` of a quantized TopoJSON ``topology``: each polygon a list
    of rings (outer ring first), each ring its closed list of (lon, lat) points."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indexes: list[int]) -> list[Point]:
        out: list[Point] = []
        for i in indexes:
            points = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(points if not out else points[1:])
        return out

    polygons = []
    for geometry in topology["objects"][name]["geometries"]:
        if geometry["type"] == "Polygon":
            parts = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            parts = geometry["arcs"]
        else:
            continue
        polygons += [[ring(r) for r in polygon] for polygon in parts]
    return polygons


def clip(ring: list[Point], bbox: tuple[float, float, float, float] = BBOX) -> list[Point]:
    """``ring`` (open: no closing point) clipped to ``bbox`` (Sutherland-Hodgman)."""
    west, south, east, north = bbox
    edges = ((0, west, True), (0, east, False), (1, south, True), (1, north, False))
    points = list(ring)
    for axis, limit, above in edges:
        if not points:
            break

        def inside(p: Point, axis: int = axis, limit: float = limit, above: bool = above) -> bool:
            return p[axis] >= limit if above else p[axis] <= limit

        def cross(p: Point, q: Point, axis: int = axis, limit: float = limit) -> Point:
            f = (limit - p[axis]) / (q[axis] - p[axis])
            other = p[1 - axis] + f * (q[1 - axis] - p[1 - axis])
            return (limit, other) if axis == 0 else (other, limit)

        out = []
        for i, q in enumerate(points):
            p = points[i - 1]
            if inside(q):
                if not inside(p):
                    out.append(cross(p, q))
                out.append(q)
            elif inside(p):
                out.append(cross(p, q))
        points = out
    return points


def unwrap(ring: list[Point]) -> list[Point]:
    """``ring`` with every jump of more than 180 degrees in longitude undone (+/- 360), so a
    polygon across the antimeridian (Chukotka, Fiji) is one continuous ring reaching past
    180 instead of edges across the whole map; the whole ring is then moved by a multiple of
    360 degrees to put its median longitude within -180..180."""
    out: list[Point] = []
    shift = 0.0
    for i, (x, y) in enumerate(ring):
        if i:
            shift -= 360.0 * round((x - ring[i - 1][0]) / 360.0)
        out.append((x + shift, y))
    lons = sorted(x for x, _ in out)
    whole = -360.0 * round(lons[len(lons) // 2] / 360.0)
    return [(x + whole, y) for x, y in out]


def _rounded(ring: list[Point]) -> list[Point]:
    out: list[Point] = []
    for x, y in ring:
        point = (round(x, DECIMALS) + 0.0, round(y, DECIMALS) + 0.0)  # + 0.0: no -0.0
        if not out or out[-1] != point:
            out.append(point)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


def _area(ring: list[Point]) -> float:
    return 0.5 * abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2)
                         in zip(ring, ring[1:] + ring[:1], strict=True)))


def build(topology: dict) -> dict:
    """The coastline object (see the module's docstring) of a world-atlas land topology."""
    land, holes = [], []
    for polygon in decode(topology):
        for k, ring in enumerate(polygon):
            ring = _rounded(clip(unwrap(ring[:-1] if ring[0] == ring[-1] else ring)))
            if len(ring) >= 3 and _area(ring) > 0:
                (land if k == 0 else holes).append(ring)
    return {"source": SOURCE, "licence": LICENCE, "bbox": list(BBOX), "decimals": DECIMALS,
            "land": land, "holes": holes}


def _read_archive(archive: Path) -> dict:
    """The land topology of the world-atlas archive, after checking the archive."""
    if not archive.is_file():
        raise InputError(archive, "(file)", "file not found: run `make geo` (npm pack "
                         f"{PACKAGE[0]}@{PACKAGE[1]})")
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    if digest != ARCHIVE_SHA256:
        raise InputError(archive, "(file)", f"SHA-256 {digest} is not the one of "
                         f"{PACKAGE[0]} {PACKAGE[1]} ({ARCHIVE_SHA256})")
    with tarfile.open(archive, "r:gz") as tar:
        package = json.load(tar.extractfile("package/package.json"))
        if (package.get("name"), package.get("version")) != PACKAGE:
            raise InputError(archive, "package.json", f"not {PACKAGE[0]} {PACKAGE[1]}")
        return json.load(tar.extractfile(LAND_FILE))


def write(archive: Path, out: Path = DEFAULT_OUT) -> Path:
    """Write the coastline of ``archive`` (``npm pack`` of :data:`PACKAGE`) to ``out``."""
    coast = build(_read_archive(archive))
    lines = ["{"]
    for key in ("source", "licence", "bbox", "decimals"):
        lines.append(f"{json.dumps(key)}: {json.dumps(coast[key])},")
    for key, end in (("land", ","), ("holes", "")):
        rings = [json.dumps([list(p) for p in ring], separators=(",", ":"))
                 for ring in coast[key]]
        lines.append(f'"{key}": [\n' + ",\n".join(rings) + f"\n]{end}")
    lines.append("}")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")
    return out


def main(argv: list[str] | None = None) -> int:
    """``python -m energymodel.data.geo ARCHIVE [OUT]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive", type=Path, help="world-atlas-2.0.2.tgz from npm pack")
    parser.add_argument("out", type=Path, nargs="?", default=DEFAULT_OUT,
                        help=f"file to write (default {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    try:
        path = write(args.archive, args.out)
    except InputError as err:
        print(f"error: {err}", file=sys.stderr)
        return err.exit_code
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
