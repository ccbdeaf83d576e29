"""The trade inputs by hand: sea distances, ammonia-ship parameters, sea-route polylines.

Files: ``inputs/trade/sea_distances.csv``, ``inputs/trade/shipping.csv`` and
``inputs/trade/sea_routes.csv``, derived by ``make trade-data`` (:mod:`energymodel.data.trade`)
from ``inputs/raw/trade/uk_india_trade_compiled.csv``. The expected values are read off the
compiled rows here, independently of the module's parsing. No optimisation, no searoute (the
one test that reruns searoute is skipped when it is not installed).
"""

from __future__ import annotations

import filecmp
import math
import re
from importlib import metadata
from pathlib import Path

import pandas as pd
import pytest

from energymodel.data import prepare, trade
from energymodel.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ROOT / "inputs"
RAW = INPUTS / "raw"
SHARED = ROOT.parent / "shared" / "data"
#: The port pairs the network uses: every Indian port to every port in Europe, both routes.
ORIGINS = ("INMUN", "INTUT", "INIXY")
DESTINATIONS = ("GBIMM", "GBTEE", "NLRTM", "GBPEM")
#: Port positions (lon, lat) of searoute 1.6.0's ports.geojson, to 1e-4 degree.
PORTS = {"INIXY": (70.2218, 23.0076), "INMUN": (69.7467, 22.795), "INTUT": (78.1679, 8.7695),
         "GBIMM": (-0.1737, 53.6224), "GBTEE": (-1.166, 54.6), "NLRTM": (4.4424, 51.9044),
         "GBPEM": (-4.948, 51.6812)}


@pytest.fixture(scope="module")
def compiled() -> pd.DataFrame:
    return pd.read_csv(RAW / trade.RAW_FILE, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def distances() -> pd.DataFrame:
    return trade.read_sea_distances(INPUTS / trade.DISTANCES_FILE)


@pytest.fixture(scope="module")
def routes() -> pd.DataFrame:
    return trade.read_sea_routes(INPUTS / trade.ROUTES_FILE)


def test_sea_distances_are_the_compiled_rows(compiled, distances):
    """One row per "Sea distance" row, in order: codes and names from the quantity, nautical
    miles as written, km = miles x 1.852 rounded, within 1 km of the note's "= N km"."""
    rows = compiled[compiled["quantity"].str.startswith("Sea distance ")]
    assert len(rows) == len(distances) == 24
    for (_, row), derived in zip(rows.iterrows(), distances.itertuples(), strict=True):
        origin, destination = row["quantity"].removeprefix("Sea distance ").split(" -> ")
        assert origin == f"{derived.origin_port} ({derived.origin_locode})"
        assert destination == f"{derived.destination_port} ({derived.destination_locode})"
        assert derived.via == {"via Suez": "suez", "via Cape of Good Hope": "cape"}[
            row["year_or_basis"]]
        assert derived.nautical_miles == int(row["value"])
        assert derived.km == round(int(row["value"]) * 1.852)
        note_km = int(re.match(r"= (\d+) km", row["note"]).group(1))
        assert abs(derived.km - note_km) <= 1
        assert derived.source == row["source"]
    # the hand check of one row: Mundra -> Immingham via Suez, 6463 nm = 11,969.5 km
    row = distances.set_index(["origin_locode", "destination_locode", "via"]).loc[
        ("INMUN", "GBIMM", "suez")]
    assert (row.nautical_miles, row.km) == (6463, 11969)


def test_every_port_pair_has_both_routes(distances):
    """Kandla, Mundra and Tuticorin to Immingham, Teesport, Rotterdam and Pembroke, each via
    Suez and via the Cape; the Cape is the longer way from every port."""
    pairs = distances.set_index(["origin_locode", "destination_locode", "via"])["km"]
    for origin in ORIGINS:
        for destination in DESTINATIONS:
            suez, cape = pairs[(origin, destination, "suez")], pairs[(origin, destination, "cape")]
            assert 10_000 < suez < cape < 22_000


def test_shipping_is_the_ptx_boa_rows(compiled):
    """Fuel use is the value of the fuel row, boil-off the figure in its note, both written
    exactly as the compiled table writes them; the reader returns them as floats."""
    row = compiled[compiled["quantity"] == "PtX-BOA ammonia ship fuel use (own fuel, NH3-S)"]
    assert row["value"].iloc[0] == "5.343656103416341e-06"
    assert "LOSS-T (boil-off, NH3-SB) 4.615e-07 fraction/km" in row["note"].iloc[0]
    table = pd.read_csv(INPUTS / trade.SHIPPING_FILE, dtype=str)
    assert table["parameter"].tolist() == ["nh3_fuel_per_km", "nh3_boil_off_per_km"]
    assert table["value"].tolist() == ["5.343656103416341e-06", "4.615e-07"]
    assert table["unit"].tolist() == ["kWh NH3 per kWh NH3 per km", "fraction per km"]
    assert trade.read_shipping(INPUTS / trade.SHIPPING_FILE) == {
        "nh3_fuel_per_km": 5.343656103416341e-06, "nh3_boil_off_per_km": 4.615e-07}


def test_derived_tables_are_reproduced(tmp_path):
    """The distance and shipping tables rebuilt from the raw copy equal the files byte for byte
    (the polylines need searoute: see the test below)."""
    for build, name in ((trade.build_sea_distances, trade.DISTANCES_FILE),
                        (trade.build_shipping, trade.SHIPPING_FILE)):
        path = tmp_path / Path(name).name
        build(RAW).to_csv(path, index=False, lineterminator="\n")
        assert path.read_bytes() == (INPUTS / name).read_bytes(), name


def _great_circle_km(lon, lat) -> float:
    """Polyline length on a sphere of radius 6,371.0088 km (spherical law of cosines)."""
    total = 0.0
    points = list(zip(lon, lat, strict=True))
    for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False):
        p1, p2, d = math.radians(y1), math.radians(y2), math.radians(x2 - x1)
        c = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(d)
        total += 6371.0088 * math.acos(max(-1.0, min(1.0, c)))
    return total


def test_every_polyline_matches_its_distance(distances, routes):
    """Each route's polyline runs from its origin port to its destination port, is within 1 %
    of the table's km (measured here independently), has at most a few hundred points, and
    goes the way ``via`` says: through the Gulf of Suez, or round the Cape of Good Hope."""
    grouped = dict(iter(routes.groupby(["origin_locode", "destination_locode", "via"])))
    assert len(grouped) == len(distances)
    for row in distances.itertuples():
        line = grouped[(row.origin_locode, row.destination_locode, row.via)]
        assert line["part"].tolist() == list(range(len(line)))
        assert 20 < len(line) <= 300
        start, end = line.iloc[0], line.iloc[-1]
        assert (start.lon, start.lat) == pytest.approx(PORTS[row.origin_locode], abs=1e-4)
        assert (end.lon, end.lat) == pytest.approx(PORTS[row.destination_locode], abs=1e-4)
        length = _great_circle_km(line["lon"].tolist(), line["lat"].tolist())
        assert length == pytest.approx(row.km, rel=0.01)
        assert trade.polyline_km(line["lon"], line["lat"]) == pytest.approx(length, rel=1e-9)
        near_suez = ((line.lon - 32.5).abs() < 1.0) & ((line.lat - 30.0).abs() < 1.5)
        if row.via == "suez":
            assert near_suez.any()
            assert line.lat.min() > 0
        else:
            assert not near_suez.any()
            assert line.lat.min() < -34


def test_routes_reproduce_with_searoute(distances):
    """With searoute 1.6.0 installed (``pip install -e '.[data]'``), two routes rebuilt equal
    the stored polylines point for point."""
    pytest.importorskip("searoute")
    if metadata.version("searoute") != trade.SEAROUTE_VERSION:
        pytest.skip("another searoute version")
    rows = distances[(distances.origin_locode == "INTUT") & (distances.destination_locode
                                                            == "GBIMM")]
    rebuilt = trade.build_sea_routes(rows)
    stored = pd.read_csv(INPUTS / trade.ROUTES_FILE)
    stored = stored[(stored.origin_locode == "INTUT") & (stored.destination_locode == "GBIMM")]
    pd.testing.assert_frame_equal(rebuilt.reset_index(drop=True), stored.reset_index(drop=True),
                                  check_dtype=False)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


DISTANCE_HEADER = ("origin_locode,origin_port,destination_locode,destination_port,via,"
                   "nautical_miles,km,source\n")
GOOD_DISTANCE = "INMUN,Mundra,GBIMM,Immingham,suez,6463,11969,searoute\n"


@pytest.mark.parametrize(("text", "field", "problem"), [
    ("origin_locode,origin_port,destination_locode,destination_port,via,nautical_miles,"
     "source\nINMUN,Mundra,GBIMM,Immingham,suez,6463,searoute\n", "km", "column not found"),
    (DISTANCE_HEADER + "INMUN,Mundra,GBIMM,Immingham,panama,6463,11969,x\n", "via",
     "not one of suez, cape"),
    (DISTANCE_HEADER + "INMUN,Mundra,GBIMM,Immingham,suez,6463,12100,x\n", "km",
     "is not 6463 nautical miles"),
    (DISTANCE_HEADER + "INMUN,Mundra,GBIMM,Immingham,suez,many,11969,x\n", "nautical_miles",
     "not a finite number"),
    (DISTANCE_HEADER + "Mundra,Mundra,GBIMM,Immingham,suez,6463,11969,x\n", "origin_locode",
     "not a UN/LOCODE"),
    (DISTANCE_HEADER + GOOD_DISTANCE + GOOD_DISTANCE, "origin_locode", "repeats"),
    (DISTANCE_HEADER + "INMUN,Mundra,GBIMM,Immingham,suez,6463,11969,\n", "source",
     "data row 1 is empty"),
])
def test_a_malformed_distance_table_is_refused(tmp_path, text, field, problem):
    """The reader names the file, the column and the problem."""
    path = _write(tmp_path, "sea_distances.csv", text)
    with pytest.raises(InputError, match=problem) as err:
        trade.read_sea_distances(path)
    assert err.value.field == field
    assert "sea_distances.csv" in err.value.file


SHIPPING_HEADER = "parameter,value,unit,source\n"
FUEL = "nh3_fuel_per_km,5.343656103416341e-06,kWh NH3 per kWh NH3 per km,PtX-BOA\n"
BOIL = "nh3_boil_off_per_km,4.615e-07,fraction per km,PtX-BOA\n"


@pytest.mark.parametrize(("text", "field", "problem"), [
    ("parameter,value,source\n" + "nh3_fuel_per_km,5e-06,x\n", "unit", "column not found"),
    (SHIPPING_HEADER + FUEL, "parameter", "no row for nh3_boil_off_per_km"),
    (SHIPPING_HEADER + FUEL + BOIL + FUEL, "parameter", "repeats"),
    (SHIPPING_HEADER + FUEL + "nh3_boil_off_per_km,lots,fraction per km,x\n", "value",
     "not a number"),
    (SHIPPING_HEADER + FUEL + "nh3_boil_off_per_km,0.5,fraction per km,x\n", "value",
     "not a number in"),
    (SHIPPING_HEADER + FUEL + "nh3_boil_off_per_km,4.615e-07,% per km,x\n", "unit",
     "expected 'fraction per km'"),
    (SHIPPING_HEADER + FUEL + BOIL + "h2_leak_per_km,1e-7,fraction per km,x\n", "parameter",
     "not one of"),
])
def test_a_malformed_shipping_table_is_refused(tmp_path, text, field, problem):
    path = _write(tmp_path, "shipping.csv", text)
    with pytest.raises(InputError, match=problem) as err:
        trade.read_shipping(path)
    assert err.value.field == field
    assert "shipping.csv" in err.value.file


@pytest.mark.parametrize(("rows", "field", "problem"), [
    ("INMUN,GBIMM,suez,0,69.7,22.8\nINMUN,GBIMM,suez,2,-0.17,53.6\n", "part", "numbered"),
    ("INMUN,GBIMM,suez,0,69.7,22.8\nINMUN,GBIMM,suez,1,-0.17,153.6\n", "lat", "outside"),
    ("INMUN,GBIMM,suez,0,69.7,22.8\nINMUN,GBIMM,suez,0.5,-0.17,53.6\n", "part", "whole"),
])
def test_a_malformed_route_table_is_refused(tmp_path, rows, field, problem):
    path = _write(tmp_path, "sea_routes.csv",
                  "origin_locode,destination_locode,via,part,lon,lat\n" + rows)
    with pytest.raises(InputError, match=problem) as err:
        trade.read_sea_routes(path)
    assert err.value.field == field


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        trade.read_sea_distances(tmp_path / "nothing.csv")


def test_a_note_that_disagrees_stops_the_derivation(tmp_path):
    """A compiled row whose "= N km" is more than 1 km off nautical miles x 1.852 is refused."""
    raw = tmp_path / "raw"
    (raw / "trade").mkdir(parents=True)
    text = (RAW / trade.RAW_FILE).read_text(encoding="utf-8")
    assert "= 11969 km." in text
    (raw / trade.RAW_FILE).write_text(text.replace("= 11969 km.", "= 11990 km."),
                                      encoding="utf-8")
    with pytest.raises(InputError, match="disagrees with the note") as err:
        trade.build_sea_distances(raw)
    assert "Mundra (INMUN) -> Immingham (GBIMM)" in err.value.field


def test_raw_copies_are_registered():
    """The trade table is re-copied by ``make trade-data`` and ``make inputs``; the offshore
    electrolysis table is kept for the record."""
    assert trade.RAW_FILE in trade.RAW_FILES
    assert "hydrogen/offshore_electrolysis_compiled.csv" in prepare.RECORD_FILES
    provenance = (INPUTS / "PROVENANCE.md").read_text(encoding="utf-8")
    for name in ("raw/trade/uk_india_trade_compiled.csv",
                 "raw/hydrogen/offshore_electrolysis_compiled.csv", trade.DISTANCES_FILE,
                 trade.SHIPPING_FILE, trade.ROUTES_FILE):
        assert name in provenance


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared data folder not present")
def test_raw_copies_are_verbatim():
    """The raw copies equal the shared data files byte for byte."""
    for name in (*trade.RAW_FILES, "hydrogen/offshore_electrolysis_compiled.csv"):
        assert filecmp.cmp(RAW / name, SHARED / name, shallow=False), name
