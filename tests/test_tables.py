"""The checked reader of input tables (energymodel.model.tables), the HiGHS option check, and
the sources table of inputs/ (energymodel.results.sources) read with it.

Each test writes a small CSV file by hand and states what the reader must make of it: the
frame it returns, or the one line it refuses the file with.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from energymodel.errors import InputError
from energymodel.model import solve, tables
from energymodel.results import folder, sources

SCHEMA = tables.Schema("test table", (
    tables.Column("name", "text", choices=("a", "b")),
    tables.Column("value", lower=0.0, upper=10.0, unit="MW"),
    tables.Column("note", "text", empty=True, required=False),
), key=("name",))


def _write(tmp_path, text: str | bytes, name: str = "t.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def test_reads_numbers_text_and_a_byte_order_mark(tmp_path):
    """A UTF-8 byte-order mark (as Excel writes) and blank lines are fine; cells are stripped;
    numbers become floats, text stays text, a column the schema does not name is kept."""
    path = _write(tmp_path, "\ufeffname,value,extra\n a ,2.5,x\n\nb, 1e1 ,y\n")
    df = tables.read(path, SCHEMA)
    assert list(df.columns) == ["name", "value", "extra"]
    assert df.name.tolist() == ["a", "b"]
    assert df.value.tolist() == [2.5, 10.0]
    assert df.extra.tolist() == ["x", "y"]


@pytest.mark.parametrize(("text", "field", "problem"), [
    ("name,value\na,True\n", "value", "data row 1: 'True' is not a finite number"),
    ("name,value\na,yes\n", "value", "'yes' is not a finite number"),
    ("name,value\na,\n", "value", "missing or non-numeric value in data row 1"),
    ("name,value\na,nan\n", "value", "'nan' is not a finite number"),
    ("name,value\na,1e400\n", "value", "'1e400' is not a finite number"),
    ("name,value\na,11\n", "value", "value 11 in data row 1 is above 10 MW"),
    ("name,value\na,-1\n", "value", "value -1 in data row 1 is below 0 MW"),
    ("name,value\nc,1\n", "name", "data row 1: 'c' is not one of a, b"),
    ("name,value\na,1\na,2\n", "a", "data row 2 repeats data row 1 (name)"),
    ("name\na\n", "value", "column not found in the test table"),
    ("name,value\na,1,2\n", "(header)", "data row 1 has 3 fields but the header has 2"),
    ("name,value\na,1\nb,2,3\n", "(file)", "data row 2 has 3 fields but the header has 2"),
    ("name;value\na;1\n", "(header)", "fields are separated by ';': use commas"),
    ("name,,value\na,1,2\n", "(header)", "column 2 has no name"),
    ("name,value,name\na,1,b\n", "(header)", "column 'name' appears twice"),
    ("", "(file)", "empty: expected a header line and data rows"),
    ("name,value\n" + "a," + "1" * 1_000_001 + "\n", "(file)", "field larger than field limit"),
])
def test_refuses_with_one_line(tmp_path, text, field, problem):
    path = _write(tmp_path, text)
    with pytest.raises(InputError) as err:
        tables.read(path, SCHEMA)
    assert err.value.field == field
    assert problem in err.value.problem
    assert "\n" not in str(err.value)


def test_refuses_latin1_and_binary(tmp_path):
    with pytest.raises(InputError, match=r"not UTF-8 text \(byte 0xe9"):
        tables.read(_write(tmp_path, "name,value\nb\xe9,1\n".encode("latin-1")), SCHEMA)
    with pytest.raises(InputError, match="NUL bytes"):
        tables.read(_write(tmp_path, b"name,value\na,1\0\n"), SCHEMA)


def test_refuses_a_symbolic_link_loop_and_a_folder(tmp_path):
    (tmp_path / "x.csv").symlink_to("y.csv")
    (tmp_path / "y.csv").symlink_to("x.csv")
    with pytest.raises(InputError, match="cannot be followed"):
        tables.read(tmp_path / "x.csv", SCHEMA)
    with pytest.raises(InputError, match="not a file"):
        tables.read(tmp_path, SCHEMA)
    with pytest.raises(InputError) as err:
        tables.read(tmp_path / "nope.csv", SCHEMA, referrer=tmp_path / "net.yaml",
                    field="sites.a.profile.file")
    assert (err.value.file, err.value.field) == (str(tmp_path / "net.yaml"),
                                                 "sites.a.profile.file")


@pytest.mark.parametrize(("times", "problem"), [
    (["2019-01-01T00:00:00Z", "2019-01-01T00:30:00Z", "2019-01-01T01:00:00Z"],
     "data row 2 is 0.5 hours after row 1: the network's step is one hour"),
    (["2019-01-01T00:00:00Z", "2019-01-01T02:00:00Z", "2019-01-01T03:00:00Z"],
     "data row 2 is 2 hours after row 1"),
    (["2019-01-01T00:00:00Z", "2019-01-01T01:00:00+01:00", "2019-01-01T02:00:00Z"],
     "'2019-01-01T01:00:00+01:00' has a UTC offset"),
    (["0", "1", "3"], "data row 3 is 2 row numbers after row 2"),
    (["0", "1", "1"], "data row 3 repeats row 2"),
])
def test_time_series_step_is_one_hour(tmp_path, times, problem):
    """Rows are matched to snapshots by position, so a half-hourly or gappy series would
    silently shift against the network's hours: refused, naming the first bad row."""
    path = _write(tmp_path, "time_utc,a\n" + "".join(f"{t},0.5\n" for t in times))
    with pytest.raises(InputError) as err:
        tables.read(path)
    assert err.value.field == "time_utc"
    assert problem in err.value.problem


def test_time_series_in_utc_hours_is_read(tmp_path):
    times = ["2019-03-31T00:00:00Z", "2019-03-31T01:00:00+00:00", "2019-03-31T02:00:00Z"]
    path = _write(tmp_path, "time_utc,a\n" + "".join(f"{t},0.5\n" for t in times))
    df = tables.read(path)
    col = tables.Column("a", lower=0, upper=1)
    assert tables.series(path, df, col, 3, "test").tolist() == [0.5, 0.5, 0.5]
    with pytest.raises(InputError, match="has 3 rows but the network has 4 snapshots"):
        tables.series(path, df, col, 4, "test")


@pytest.mark.parametrize(("options", "field", "problem"), [
    ({"solvr": "ipm"}, "solver.options.solvr", "not a HiGHS option (did you mean 'solver'?)"),
    ({"solver": "ipmx"}, "solver.options.solver", 'Value "ipmx" for LP/QP solver option'),
    ({"run_crossover": False}, "solver.options.run_crossover",
     'HiGHS takes a string here, got False (quote "off" and "on"'),
    ({"threads": "two"}, "solver.options.threads", "HiGHS takes an integer here, got 'two'"),
    ({"time_limit": -1}, "solver.options.time_limit", "is below lower bound of 0"),
])
def test_solver_options_are_checked_against_highs(options, field, problem):
    """HiGHS's own option list and value checks, before anything is built."""
    with pytest.raises(InputError) as err:
        solve.check_options(options, "net.yaml", "solver.options")
    assert err.value.field == field
    assert problem in err.value.problem


def test_valid_solver_options_pass():
    solve.check_options({"solver": "simplex", "threads": 1, "time_limit": 60.0,
                         "run_crossover": "on", "output_flag": False}, "net.yaml",
                        "solver.options")


def test_a_leap_year_without_29_february_steps_over_it(tmp_path):
    """The weather-year files of leap years leave out 29 February (aligned by month, day and
    hour to a 365-day year): 28 Feb 23:00 -> 1 Mar 00:00 is one step there; in a year that is
    not a leap year the same 25 hours is a gap."""
    rows = ["2012-02-28T22:00:00Z", "2012-02-28T23:00:00Z", "2012-03-01T00:00:00Z"]
    path = _write(tmp_path, "time_utc,a\n" + "".join(f"{t},0.5\n" for t in rows))
    assert len(tables.read(path)) == 3
    rows = ["2019-02-27T23:00:00Z", "2019-03-01T00:00:00Z"]
    path = _write(tmp_path, "time_utc,a\n" + "".join(f"{t},0.5\n" for t in rows))
    with pytest.raises(InputError, match="data row 2 is 25 hours after row 1"):
        tables.read(path)


# ---------------------------------------------------------------- inputs/sources.csv

INPUTS = Path(__file__).resolve().parents[1] / "inputs"
#: Documentation beside the data, not input files: PROVENANCE.md and the sources table itself.
NOT_DATA = {"PROVENANCE.md", sources.SOURCES_TABLE}


def test_every_input_file_has_a_source_row():
    """inputs/sources.csv, read by the checked reader with its schema (unique files, every
    cell filled but the description), has one row for every file under inputs/, raw/
    included: source, licence, currency year, heating-value basis. "n/a" where a basis does not
    apply and "not stated" where PROVENANCE.md gives no licence, never an empty cell."""
    table = tables.read(INPUTS / sources.SOURCES_TABLE, sources.SOURCES_SCHEMA)
    files = {p.relative_to(INPUTS).as_posix() for p in INPUTS.rglob("*")
             if p.is_file() and p.relative_to(INPUTS).as_posix() not in NOT_DATA}
    missing = sorted(files - set(table.file))
    assert not missing, f"no row in inputs/sources.csv for {missing}"
    assert table.file.tolist() == sorted(table.file)  # easy to find a file
    for column in ("licence", "currency_year", "heating_value"):
        assert (table[column].str.len() > 0).all(), column
    row = table.set_index("file").loc["wind/uk_offshore_wind_cf_2019.csv"]
    assert "CC BY-NC 4.0" in row.licence
    assert table.set_index("file").loc["grid/gb_grid_2019.csv", "currency_year"] == "EUR2025"


def test_a_sources_table_with_an_empty_licence_is_refused(tmp_path):
    path = _write(tmp_path, "file,description,source,licence,currency_year,heating_value\n"
                  "a.csv,x,y,,n/a,n/a\n", name="sources.csv")
    with pytest.raises(InputError) as err:
        tables.read(path, sources.SOURCES_SCHEMA)
    assert err.value.field == "licence"


def test_files_of_a_run_get_their_rows_or_not_stated(tmp_path):
    """sources.sources: a file of the inputs folder gets its row, one without a row and one
    outside the folder are listed as not stated; without a sources table there is no table."""
    root = tmp_path / "inputs"
    (root / "wind").mkdir(parents=True)
    listed, unlisted, outside = root / "wind" / "a.csv", root / "b.csv", tmp_path / "net" / "c.csv"
    assert sources.sources([listed, outside], tmp_path / "net" / "n.yaml") is None
    _write(root, "file,description,source,licence,currency_year,heating_value\n"
           "wind/a.csv,wind,ninja,CC BY-NC 4.0,n/a,n/a\n", name="sources.csv")
    rows = sources.sources([unlisted, outside, listed], tmp_path / "net" / "n.yaml")
    assert rows.file.tolist() == ["c.csv", "inputs/b.csv", "inputs/wind/a.csv"]
    assert rows.licence.tolist() == [sources.NOT_STATED, sources.NOT_STATED, "CC BY-NC 4.0"]
    assert list(rows.columns) == list(folder.SOURCE_COLUMNS)


def test_published_prices_read_with_their_schema():
    """The shipped published-price table (when there) passes the schema references() reads it
    with: known countries, numbers, low not above high."""
    path = INPUTS / sources.REFERENCE_TABLE
    if not path.is_file():
        pytest.skip("no published-price table in inputs/ yet")
    rows = sources.references([INPUTS / "minerals.csv"], {"a": "UK", "b": "IN"})
    table = tables.read(path, sources.REFERENCE_SCHEMA)
    assert len(rows) == len(table)
    assert set(rows.country_code) <= {"UK", "IN"}
