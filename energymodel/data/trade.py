"""Export-route inputs: sea distances, ammonia-ship parameters and sea-route polylines.

``python -m energymodel.data.trade [--shared ../shared/data]`` (``make trade-data``) derives
three tables under ``inputs/trade/`` from the verbatim copy
``inputs/raw/trade/uk_india_trade_compiled.csv`` (with ``--shared`` it is first re-copied from
that folder):

- ``sea_distances.csv`` (:data:`DISTANCE_COLUMNS`): one row per "Sea distance A (CODE) -> B
  (CODE)" row of the compiled table. ``via`` is ``suez`` ("via Suez") or ``cape`` ("via Cape of
  Good Hope"); ``nautical_miles`` is the table's value, ``km`` = nautical miles x 1.852 rounded to
  the km, checked against the "= N km" of the row's note (within 1 km); ``source`` is the row's.
- ``shipping.csv`` (:data:`SHIPPING_COLUMNS`): the PtX-BOA ammonia-ship rows, their values
  copied as the compiled table writes them: ``nh3_fuel_per_km`` (the value of "PtX-BOA ammonia
  ship fuel use (own fuel, NH3-S)", kWh NH3 per kWh NH3 per km) and ``nh3_boil_off_per_km``
  (its note's "LOSS-T (boil-off, NH3-SB) ... fraction/km").
- ``sea_routes.csv`` (:data:`ROUTE_COLUMNS`): the polyline of every row of ``sea_distances.csv``,
  one point a row in order (``part`` 0..n), computed with the PyPI package ``searoute``
  (:data:`SEAROUTE_VERSION`, the version the compiled table's distances were computed with;
  Apache-2.0; marine network from Eurostat SeaRoute / ORNL) between the ports' positions in its
  ``ports.geojson`` (UN/LOCODE), with ``append_orig_dest=True`` (the ports are the first and
  last points) and the restrictions of :data:`RESTRICTIONS` (the Cape route: Suez and
  Bab-el-Mandeb closed, as the table's note says). Each route must reproduce the table's
  nautical miles (rounded), traverse the Suez canal or not as its ``via`` says, and its
  polyline length after rounding the coordinates to :data:`ROUTE_DECIMALS` decimals must agree
  with the table's km within :data:`ROUTE_TOLERANCE`; a route of more than
  :data:`MAX_ROUTE_POINTS` points is refused (searoute gives 76-112 here, stored unsimplified).

``searoute`` is needed only here (the optional dependency group ``data`` of pyproject.toml),
never when the model runs. :func:`read_sea_distances`, :func:`read_shipping` and
:func:`read_sea_routes` read the derived tables back with their checks; each failure is an
:class:`~energymodel.errors.InputError` naming the file, the column and the problem. (The
model's checked reader, :mod:`energymodel.model.tables`, is not importable here: the data
preparation imports only the error types of the package.) See inputs/PROVENANCE.md.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import re
import shutil
import sys
from importlib import metadata, resources
from pathlib import Path

import pandas as pd

from energymodel.errors import InputError

__all__ = [
    "DISTANCES_FILE",
    "DISTANCE_COLUMNS",
    "EARTH_RADIUS_KM",
    "KM_PER_NAUTICAL_MILE",
    "MAX_ROUTE_POINTS",
    "RAW_FILE",
    "RAW_FILES",
    "RESTRICTIONS",
    "ROUTES_FILE",
    "ROUTE_COLUMNS",
    "ROUTE_DECIMALS",
    "ROUTE_TOLERANCE",
    "SEAROUTE_VERSION",
    "SHIPPING",
    "SHIPPING_COLUMNS",
    "SHIPPING_FILE",
    "SHIPPING_LIMITS",
    "VIA",
    "build_sea_distances",
    "build_sea_routes",
    "build_shipping",
    "main",
    "polyline_km",
    "read_sea_distances",
    "read_sea_routes",
    "read_shipping",
    "write",
]

logger = logging.getLogger(__name__)

RAW_FILE = "trade/uk_india_trade_compiled.csv"
"""The compiled trade table, relative to ``inputs/raw`` (and to the shared data folder)."""
RAW_FILES = (RAW_FILE,)
"""Raw files (relative to the shared data folder) copied verbatim into ``inputs/raw``."""
DISTANCES_FILE = "trade/sea_distances.csv"
SHIPPING_FILE = "trade/shipping.csv"
ROUTES_FILE = "trade/sea_routes.csv"
"""The derived tables, relative to ``inputs``."""

DISTANCE_COLUMNS = ["origin_locode", "origin_port", "destination_locode", "destination_port",
                    "via", "nautical_miles", "km", "source"]
SHIPPING_COLUMNS = ["parameter", "value", "unit", "source"]
ROUTE_COLUMNS = ["origin_locode", "destination_locode", "via", "part", "lon", "lat"]

KM_PER_NAUTICAL_MILE = 1.852
"""The international nautical mile, km."""
EARTH_RADIUS_KM = 6371.0088
"""Mean Earth radius (IUGG), the radius searoute measures its routes with (haversine)."""

VIA = {"via Suez": "suez", "via Cape of Good Hope": "cape"}
"""The compiled table's ``year_or_basis`` of a sea distance -> ``via``."""
RESTRICTIONS = {"suez": ("northwest",), "cape": ("northwest", "suez", "babalmandab")}
"""Passages searoute may not use per route: its default (the Northwest Passage) and, for the
Cape route, Suez and Bab-el-Mandeb as well."""
SEAROUTE_VERSION = "1.6.0"
ROUTE_DECIMALS = 4
"""Decimals of the polylines' coordinates (1e-4 degree, about 11 m)."""
MAX_ROUTE_POINTS = 300
ROUTE_TOLERANCE = 0.01
"""Largest relative difference of a polyline's length from its row's km."""
KM_NOTE_TOLERANCE = 1
"""Largest difference, km, of nautical miles x 1.852 (rounded) from the note's "= N km"."""

SHIPPING = {
    "nh3_fuel_per_km": ("PtX-BOA ammonia ship fuel use (own fuel, NH3-S)", None,
                        "kWh NH3 per kWh NH3 per km"),
    "nh3_boil_off_per_km": ("PtX-BOA ammonia ship fuel use (own fuel, NH3-S)",
                            r"LOSS-T \(boil-off, NH3-SB\) (\S+) fraction/km", "fraction per km"),
}
"""parameter -> (compiled row's quantity, pattern of its note holding the value or ``None`` for
the row's value, unit)."""
SHIPPING_LIMITS = {"nh3_fuel_per_km": (0.0, 1e-3), "nh3_boil_off_per_km": (0.0, 1e-3)}
"""Plausible range of each shipping parameter per km: any cargo share above 1e-3 per km would
lose everything within 1,000 km."""

_CODE = r"\(([A-Z]{2}[A-Z0-9]{3})\)"
_DISTANCE = re.compile(rf"^Sea distance (.+) {_CODE} -> (.+) {_CODE}$")
_LOCODE = re.compile(r"^[A-Z]{2}[A-Z0-9]{3}$")
_NOTE_KM = re.compile(r"^= (\d+) km\.")


# ---------------------------------------------------------------- derivation


def _compiled(raw: Path) -> pd.DataFrame:
    path = raw / RAW_FILE
    if not path.is_file():
        raise InputError(path, "(file)", "file not found: copy it with --shared")
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column in ("quantity", "value", "unit", "year_or_basis", "source", "note"):
        if column not in table.columns:
            raise InputError(path, column, "column not found in the compiled trade table")
    return table


def build_sea_distances(raw: Path) -> pd.DataFrame:
    """The sea-distance rows of the compiled table (:data:`DISTANCE_COLUMNS`), in its order."""
    path = raw / RAW_FILE
    rows = []
    for _, row in _compiled(raw).iterrows():
        match = _DISTANCE.match(row["quantity"])
        if not match:
            continue
        what = row["quantity"]
        if row["unit"] != "nautical miles":
            raise InputError(path, what, f"unit {row['unit']!r}: expected nautical miles")
        if row["year_or_basis"] not in VIA:
            raise InputError(path, what, f"route {row['year_or_basis']!r} is not one of "
                             f"{', '.join(VIA)}")
        if not row["value"].isdigit():
            raise InputError(path, what, f"value {row['value']!r} is not a whole number of "
                             "nautical miles")
        miles = int(row["value"])
        km = round(miles * KM_PER_NAUTICAL_MILE)
        note = _NOTE_KM.match(row["note"])
        if not note or abs(int(note.group(1)) - km) > KM_NOTE_TOLERANCE:
            raise InputError(path, what, f"{miles} nautical miles x {KM_PER_NAUTICAL_MILE} = "
                             f"{km} km disagrees with the note {row['note'][:20]!r}")
        rows.append({"origin_locode": match.group(2), "origin_port": match.group(1),
                     "destination_locode": match.group(4), "destination_port": match.group(3),
                     "via": VIA[row["year_or_basis"]], "nautical_miles": miles, "km": km,
                     "source": row["source"]})
    if not rows:
        raise InputError(path, "quantity", "no 'Sea distance A (CODE) -> B (CODE)' row")
    out = pd.DataFrame(rows, columns=DISTANCE_COLUMNS)
    twice = out.duplicated(["origin_locode", "destination_locode", "via"])
    if twice.any():
        first = out[twice].iloc[0]
        raise InputError(path, "quantity", f"{first.origin_locode} -> "
                         f"{first.destination_locode} via {first.via} appears twice")
    return out


def build_shipping(raw: Path) -> pd.DataFrame:
    """The PtX-BOA ammonia-ship parameters (:data:`SHIPPING`), values as the table writes them."""
    path = raw / RAW_FILE
    table = _compiled(raw)
    rows = []
    for parameter, (quantity, pattern, unit) in SHIPPING.items():
        found = table[table["quantity"] == quantity]
        if len(found) != 1:
            raise InputError(path, quantity, f"expected one row, found {len(found)}")
        row = found.iloc[0]
        if pattern is None:
            if row["unit"] != unit:
                raise InputError(path, quantity, f"unit {row['unit']!r}: expected {unit!r}")
            value, source = row["value"], row["source"]
        else:
            match = re.search(pattern, row["note"])
            if not match:
                raise InputError(path, quantity, f"the note has no {pattern!r}")
            value, source = match.group(1), f"{row['source']}; figure from the row's note"
        low, high = SHIPPING_LIMITS[parameter]
        number = _number(value)
        if number is None or not low <= number <= high:
            raise InputError(path, quantity, f"{parameter} {value!r} is not a number in "
                             f"[{low:g}, {high:g}]")
        rows.append({"parameter": parameter, "value": value, "unit": unit, "source": source})
    return pd.DataFrame(rows, columns=SHIPPING_COLUMNS)


def _searoute():
    """The ``searoute`` module at :data:`SEAROUTE_VERSION`, or an error saying how to get it."""
    try:
        version = metadata.version("searoute")
    except metadata.PackageNotFoundError:
        version = None
    if version != SEAROUTE_VERSION:
        msg = (f"searoute {SEAROUTE_VERSION} is needed to derive the sea routes (found "
               f"{version or 'none'}): pip install -e '.[data]'")
        raise ImportError(msg)
    import searoute

    return searoute


def _ports() -> dict[str, tuple[float, float]]:
    """UN/LOCODE -> (lon, lat) of searoute's port list."""
    text = resources.files("searoute").joinpath("data", "ports.geojson").read_text("utf-8")
    return {f["properties"]["port"]: tuple(f["geometry"]["coordinates"])
            for f in json.loads(text)["features"]}


def polyline_km(lon: list[float] | pd.Series, lat: list[float] | pd.Series) -> float:
    """Length of a polyline (degrees) along great circles, km (haversine, :data:`EARTH_RADIUS_KM`),
    as searoute measures its routes."""
    total = 0.0
    points = list(zip(lon, lat, strict=True))
    for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False):
        p1, p2 = math.radians(y1), math.radians(y2)
        a = (math.sin((p2 - p1) / 2) ** 2
             + math.cos(p1) * math.cos(p2) * math.sin(math.radians(x2 - x1) / 2) ** 2)
        total += 2 * EARTH_RADIUS_KM * math.atan2(math.sqrt(a), math.sqrt(1 - a))
    return total


def build_sea_routes(distances: pd.DataFrame) -> pd.DataFrame:
    """The searoute polyline of every row of ``distances`` (:data:`ROUTE_COLUMNS`), checked
    against the row's nautical miles, canal and km (see the module's docstring)."""
    searoute = _searoute()
    ports = _ports()
    frames = []
    for row in distances.itertuples(index=False):
        what = f"{row.origin_locode} -> {row.destination_locode} via {row.via}"
        for code in (row.origin_locode, row.destination_locode):
            if code not in ports:
                raise InputError(RAW_FILE, what, f"{code} is not in searoute's port list")
        # lists, as searoute's documentation gives them: with tuples it leaves out the port
        # positions that append_orig_dest adds, and the lengths no longer match the table
        route = searoute.searoute(list(ports[row.origin_locode]),
                                  list(ports[row.destination_locode]),
                                  units="naut", append_orig_dest=True, return_passages=True,
                                  restrictions=list(RESTRICTIONS[row.via]))
        miles = route["properties"]["length"]
        if round(miles) != row.nautical_miles:
            raise InputError(RAW_FILE, what, f"searoute gives {miles:.1f} nautical miles, the "
                             f"table {row.nautical_miles}")
        passages = set(route["properties"]["traversed_passages"])
        if ("suez" in passages) != (row.via == "suez"):
            raise InputError(RAW_FILE, what, f"the route passes {sorted(passages)}")
        points = []
        for lon, lat in route["geometry"]["coordinates"]:
            point = (round(lon, ROUTE_DECIMALS), round(lat, ROUTE_DECIMALS))
            if not points or points[-1] != point:
                points.append(point)
        if len(points) > MAX_ROUTE_POINTS:
            raise InputError(RAW_FILE, what, f"{len(points)} points, more than "
                             f"{MAX_ROUTE_POINTS}")
        lon, lat = zip(*points, strict=True)
        length = polyline_km(lon, lat)
        if abs(length / row.km - 1) > ROUTE_TOLERANCE:
            raise InputError(RAW_FILE, what, f"polyline {length:.0f} km, table {row.km} km")
        logger.info("%s: %d points, %.1f km (table %d km)", what, len(points), length, row.km)
        frames.append(pd.DataFrame({"origin_locode": row.origin_locode,
                                    "destination_locode": row.destination_locode,
                                    "via": row.via, "part": range(len(points)),
                                    "lon": lon, "lat": lat}))
    return pd.concat(frames, ignore_index=True)[ROUTE_COLUMNS]


def write(raw: Path, out: Path, shared: Path | None = None) -> list[Path]:
    """Re-copy :data:`RAW_FILES` from ``shared`` (optional), then write the three tables into
    ``out``; return the files written."""
    if shared is not None:
        for name in RAW_FILES:
            (raw / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(shared / name, raw / name)
    distances = build_sea_distances(raw)
    tables = [(distances, DISTANCES_FILE), (build_shipping(raw), SHIPPING_FILE),
              (build_sea_routes(distances), ROUTES_FILE)]
    written = []
    for df, name in tables:
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        df.to_csv(path, index=False, lineterminator="\n")
        logger.info("wrote %s (%d rows)", path, len(df))
        written.append(path)
    return written


# ---------------------------------------------------------------- readers


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _table(path: Path | str, columns: list[str], what: str) -> pd.DataFrame:
    """The CSV at ``path`` as text cells, with every one of ``columns`` present and filled."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "(file)", f"file not found: {path}")
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as err:
        raise InputError(path, "(file)", f"not a readable CSV: {err}") from None
    for column in columns:
        if column not in table.columns:
            raise InputError(path, column, f"column not found in the {what}")
        blank = (table[column].str.strip() == "").to_numpy().nonzero()[0]
        if blank.size:
            raise InputError(path, column, f"data row {blank[0] + 1} is empty")
    if table.empty:
        raise InputError(path, "(file)", f"the {what} has no data rows")
    return table


def _numbers(path: Path | str, table: pd.DataFrame, column: str, low: float, high: float,
             ) -> pd.Series:
    """``table[column]`` as floats in [low, high], or an InputError naming the first bad row."""
    values = table[column].map(_number)
    for i, (text, value) in enumerate(zip(table[column], values, strict=True), start=1):
        if value is None:
            raise InputError(path, column, f"data row {i}: {text!r} is not a finite number")
        if not low <= value <= high:
            raise InputError(path, column, f"data row {i}: {value:g} is outside "
                             f"[{low:g}, {high:g}]")
    return values.astype(float)


def _codes(path: Path | str, table: pd.DataFrame, *columns: str) -> None:
    for column in columns:
        bad = (~table[column].str.fullmatch(_LOCODE)).to_numpy().nonzero()[0]
        if bad.size:
            raise InputError(path, column, f"data row {bad[0] + 1}: "
                             f"{table[column].iloc[bad[0]]!r} is not a UN/LOCODE such as GBIMM")


def _via(path: Path | str, table: pd.DataFrame) -> None:
    bad = (~table["via"].isin(RESTRICTIONS)).to_numpy().nonzero()[0]
    if bad.size:
        raise InputError(path, "via", f"data row {bad[0] + 1}: {table['via'].iloc[bad[0]]!r} "
                         f"is not one of {', '.join(RESTRICTIONS)}")


def read_sea_distances(path: Path | str) -> pd.DataFrame:
    """``inputs/trade/sea_distances.csv`` checked: :data:`DISTANCE_COLUMNS` present and filled,
    UN/LOCODEs, ``via`` suez or cape, positive whole nautical miles, km = nautical miles x 1.852
    (within 1 km), one row per port pair and route. ``nautical_miles`` and ``km`` are floats."""
    table = _table(path, DISTANCE_COLUMNS, "sea distance table")
    _codes(path, table, "origin_locode", "destination_locode")
    _via(path, table)
    miles = _numbers(path, table, "nautical_miles", 1, 50_000)
    km = _numbers(path, table, "km", 1, 100_000)
    off = ((km - miles * KM_PER_NAUTICAL_MILE).abs() > KM_NOTE_TOLERANCE).to_numpy().nonzero()[0]
    if off.size:
        i = off[0]
        raise InputError(path, "km", f"data row {i + 1}: {km.iloc[i]:g} km is not "
                         f"{miles.iloc[i]:g} nautical miles x {KM_PER_NAUTICAL_MILE}")
    twice = table.duplicated(["origin_locode", "destination_locode", "via"]).to_numpy().nonzero()[0]
    if twice.size:
        raise InputError(path, "origin_locode", f"data row {twice[0] + 1} repeats a port pair "
                         "and route")
    return table.assign(nautical_miles=miles, km=km)


def read_shipping(path: Path | str) -> dict[str, float]:
    """``inputs/trade/shipping.csv`` checked: :data:`SHIPPING_COLUMNS` present and filled, each
    parameter of :data:`SHIPPING` exactly once with its unit and a value in its plausible range
    (:data:`SHIPPING_LIMITS`), no other parameter; parameter -> value."""
    table = _table(path, SHIPPING_COLUMNS, "shipping table")
    out = {}
    for i, row in enumerate(table.itertuples(index=False), start=1):
        if row.parameter not in SHIPPING:
            raise InputError(path, "parameter", f"data row {i}: {row.parameter!r} is not one of "
                             f"{', '.join(SHIPPING)}")
        if row.parameter in out:
            raise InputError(path, "parameter", f"data row {i} repeats {row.parameter!r}")
        unit = SHIPPING[row.parameter][2]
        if row.unit != unit:
            raise InputError(path, "unit", f"data row {i}: {row.unit!r} for {row.parameter}: "
                             f"expected {unit!r}")
        low, high = SHIPPING_LIMITS[row.parameter]
        value = _number(row.value)
        if value is None or not low <= value <= high:
            raise InputError(path, "value", f"data row {i}: {row.value!r} for {row.parameter} is "
                             f"not a number in [{low:g}, {high:g}]")
        out[row.parameter] = value
    missing = [p for p in SHIPPING if p not in out]
    if missing:
        raise InputError(path, "parameter", f"no row for {', '.join(missing)}")
    return out


def read_sea_routes(path: Path | str) -> pd.DataFrame:
    """``inputs/trade/sea_routes.csv`` checked: :data:`ROUTE_COLUMNS` present and filled,
    UN/LOCODEs, ``via`` suez or cape, longitudes and latitudes in range, and the points of each
    route numbered 0, 1, 2, ... in order. ``part``, ``lon`` and ``lat`` are numbers."""
    table = _table(path, ROUTE_COLUMNS, "sea route table")
    _codes(path, table, "origin_locode", "destination_locode")
    _via(path, table)
    part = _numbers(path, table, "part", 0, MAX_ROUTE_POINTS - 1)
    whole = (part != part.round()).to_numpy().nonzero()[0]
    if whole.size:
        raise InputError(path, "part", f"data row {whole[0] + 1}: {part.iloc[whole[0]]:g} is not "
                         "a whole number")
    table = table.assign(part=part.astype(int), lon=_numbers(path, table, "lon", -360, 360),
                         lat=_numbers(path, table, "lat", -90, 90))
    for key, route in table.groupby(["origin_locode", "destination_locode", "via"], sort=False):
        if route["part"].tolist() != list(range(len(route))) or len(route) < 2:
            raise InputError(path, "part", f"{' -> '.join(key[:2])} via {key[2]}: points must be "
                             "numbered 0, 1, 2, ... in order, at least two")
    return table


def main(argv: list[str] | None = None) -> int:
    """``python -m energymodel.data.trade [--raw DIR] [--out DIR] [--shared DIR]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=Path("inputs/raw"), help="raw data folder")
    parser.add_argument("--out", type=Path, default=Path("inputs"), help="inputs folder")
    parser.add_argument("--shared", type=Path, metavar="DIR",
                        help="re-copy the compiled trade table from this folder first")
    args = parser.parse_args(argv)
    try:
        for path in write(args.raw, args.out, args.shared):
            print(f"wrote {path}")
    except InputError as err:
        print(f"error: {err}", file=sys.stderr)
        return err.exit_code
    except ImportError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
