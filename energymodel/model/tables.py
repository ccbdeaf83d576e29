"""One checked reader for every input table: a CSV file becomes a frame, or one error line.

:func:`read` reads a CSV file the way every input of the model is read (profiles, grid series,
cost tables, mineral and supply tables, the standards table) and checks, in this order:

1. the path: it exists, is a file (not a folder or a symbolic-link loop), is not empty;
2. the bytes: UTF-8 text (a byte-order mark is allowed), no NUL byte;
3. the layout: commas as delimiter, a header with unique, non-empty names, every data row
   with as many fields as the header, no field longer than :data:`MAX_FIELD`;
4. the columns a :class:`Schema` names: present; numbers are numbers (not ``True``, ``yes``
   or text), finite, within their range; text within its choices; empty cells only where
   allowed; unique keys;
5. for time series (:func:`series`): a ``time_utc`` column whose times strictly increase by
   the network's step (one hour, or one row number; a leap year's series may leave out
   29 February, as the weather-year files do), and one row per snapshot.

Every failure is an :class:`~energymodel.errors.InputError` naming the file, the row or
column, and the problem. Nothing here converts units: :mod:`energymodel.model.inputs` does.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from energymodel.errors import InputError

__all__ = ["MAX_FIELD", "Column", "Schema", "checked_path", "numbers", "read", "series"]

#: Longest field of a CSV cell, characters (the csv module's default is 131,072).
MAX_FIELD = 1_000_000
#: Largest input file, bytes (the default network's largest is about 4 MB).
MAX_BYTES = 500_000_000
#: Words that a spreadsheet or YAML writes for a flag: never a number here.
_FLAGS = {"true", "false", "yes", "no", "on", "off", "y", "n"}
TIME = "time_utc"


@dataclass(frozen=True)
class Column:
    """One column of an input table and what its cells may hold.

    ``kind`` is ``number`` or ``text``. Numbers lie in ``[lower, upper]`` (``lower_open``:
    above ``lower``); text is one of ``choices`` when given. ``empty``: a cell may be empty
    (NaN for numbers, ``""`` for text). ``required``: the column must be present.
    """

    name: str
    kind: str = "number"
    lower: float = -math.inf
    upper: float = math.inf
    lower_open: bool = False
    empty: bool = False
    required: bool = True
    choices: tuple[str, ...] = ()
    unit: str = ""


@dataclass(frozen=True)
class Schema:
    """The columns of one kind of input table, and the columns that must be unique together."""

    what: str
    columns: tuple[Column, ...] = ()
    key: tuple[str, ...] = ()


def checked_path(path: Path, referrer: Path | str | None = None, field: str = "(file)") -> Path:
    """``path`` resolved, or one InputError: missing, not a file, a symbolic-link loop.

    The error names ``referrer`` (the network file) and ``field`` when given, else the path.
    """
    where = path if referrer is None else referrer
    try:
        resolved = Path(path).resolve()
        exists, is_file = resolved.exists(), resolved.is_file()
    except (RuntimeError, OSError) as err:  # Python 3.11: a loop raises RuntimeError
        raise InputError(where, field, f"{path}: cannot be followed ({err})") from None
    if not exists:
        raise InputError(where, field, f"file not found: {path}")
    if not is_file:
        raise InputError(where, field, f"not a file: {path}")
    return resolved


def _text(path: Path) -> str:
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        raise InputError(path, "(file)", f"larger than {MAX_BYTES:,} bytes")
    if b"\0" in raw:
        raise InputError(path, "(file)", "not a text file (it holds NUL bytes): save it as "
                                         "UTF-8 CSV")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(path, "(file)", f"not UTF-8 text (byte 0x{raw[err.start]:02x} at "
                                         f"position {err.start}): save it as UTF-8 CSV") from None
    if not text.strip():
        raise InputError(path, "(file)", "empty: expected a header line and data rows")
    return text


def _rows(path: Path, text: str) -> tuple[list[str], list[list[str]]]:
    limit = csv.field_size_limit()
    csv.field_size_limit(MAX_FIELD)
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as err:
        raise InputError(path, "(file)", f"not a readable CSV: {err}") from None
    finally:
        csv.field_size_limit(limit)
    rows = [r for r in rows if r]  # blank lines carry nothing
    header = [h.strip() for h in rows[0]]
    if len(header) == 1 and any(d in rows[0][0] for d in ";\t|"):
        sep = next(d for d in ";\t|" if d in rows[0][0])
        raise InputError(path, "(header)", f"fields are separated by {sep!r}: use commas")
    if any(not h for h in header):
        raise InputError(path, "(header)", f"column {header.index('') + 1} has no name")
    twice = sorted({h for h in header if header.count(h) > 1})
    if twice:
        raise InputError(path, "(header)", f"column {twice[0]!r} appears twice")
    for i, row in enumerate(rows[1:], start=1):
        if len(row) != len(header):  # the first row: the header is the odd one out
            raise InputError(path, "(header)" if i == 1 else "(file)",
                             f"data row {i} has {len(row)} fields but the header has "
                             f"{len(header)}")
    return header, rows[1:]


def read(path: Path, schema: Schema | None = None, *, referrer: Path | str | None = None,
         field: str = "(file)") -> pd.DataFrame:
    """Read and check one CSV file: every cell as text, the schema's columns converted.

    ``referrer`` and ``field`` name where the path came from, for a missing file. Columns the
    schema does not name are kept as text.
    """
    path = checked_path(path, referrer, field)
    header, rows = _rows(path, _text(path))
    frame = pd.DataFrame(rows, columns=header, dtype=object)
    frame = frame.apply(lambda s: s.str.strip()) if len(frame) else frame
    for col in (schema.columns if schema else ()):
        if col.name not in frame.columns:
            if col.required:
                raise InputError(path, col.name, f"column not found in the {schema.what}")
            continue
        frame[col.name] = _column(path, frame[col.name], col)
    if schema and schema.key and len(frame):
        twice = frame.duplicated(list(schema.key), keep="first")
        if twice.any():
            i = int(np.flatnonzero(twice.to_numpy())[0])
            cells = [frame.iloc[i][k] for k in schema.key]
            key = "/".join(f"{c:g}" if isinstance(c, float) else str(c) for c in cells)
            first = int(np.flatnonzero((frame[list(schema.key)] == cells).all(axis=1)
                                       .to_numpy())[0])
            raise InputError(path, key, f"data row {i + 1} repeats data row {first + 1} "
                             f"({', '.join(schema.key)})")
    if TIME in frame.columns:
        _check_time(path, frame[TIME])
    return frame


def numbers(path: Path, values: pd.Series, col: Column, rows: pd.Index | None = None
            ) -> np.ndarray:
    """The cells of one column as checked floats (see :class:`Column`)."""
    text = values.astype(str).str.strip()
    flags = text.str.lower().isin(_FLAGS)
    parsed = pd.to_numeric(text.where(~flags & (text != "")), errors="coerce")
    out = parsed.to_numpy(dtype=float)
    numbering = np.arange(1, len(out) + 1) if rows is None else np.asarray(rows) + 1
    blank = (text == "").to_numpy()
    bad = np.flatnonzero((~np.isfinite(out) & ~blank) | flags.to_numpy()
                         | (blank & (not col.empty)))
    if bad.size:
        i = bad[0]
        cell = text.iloc[i]
        what = "" if not cell else f": {cell!r} is not a finite number"
        raise InputError(path, col.name, f"missing or non-numeric value in data row "
                         f"{numbering[i]}{what}")
    unit = f" {col.unit}" if col.unit else ""
    low = out <= col.lower if col.lower_open else out < col.lower
    for test, word, limit in ((low, "at or below" if col.lower_open else "below", col.lower),
                              (out > col.upper, "above", col.upper)):
        idx = np.flatnonzero(test)
        if idx.size:
            i = idx[0]
            raise InputError(path, col.name, f"value {out[i]:g} in data row {numbering[i]} is "
                             f"{word} {limit:g}{unit}")
    return out


def _column(path: Path, values: pd.Series, col: Column) -> pd.Series:
    if col.kind == "number":
        return pd.Series(numbers(path, values, col), index=values.index)
    text = values.astype(str)
    if not col.empty:
        blank = np.flatnonzero((text == "").to_numpy())
        if blank.size:
            raise InputError(path, col.name, f"data row {blank[0] + 1} is empty")
    if col.choices:
        bad = np.flatnonzero(~text.isin([*col.choices, *([""] if col.empty else [])]))
        if bad.size:
            raise InputError(path, col.name, f"data row {bad[0] + 1}: {text.iloc[bad[0]]!r} "
                             f"is not one of {', '.join(col.choices)}")
    return text


def _check_time(path: Path, raw: pd.Series) -> None:
    """Refuse a ``time_utc`` column out of order, repeated, with a step other than one hour
    (or one row number), or with a UTC offset.

    Rows are matched to snapshots by position, so a shifted, repeated or half-hourly row would
    silently move the series against the network's hours.
    """
    if raw.empty:
        return
    text = raw.astype(str)
    numeric = pd.to_numeric(text, errors="coerce")
    if numeric.notna().all():
        t, step, unit = numeric.to_numpy(dtype=float), 1.0, "row number"
    else:
        offset = text.str.contains(r"[+-]\d\d:?\d\d$", regex=True) & ~text.str.contains(
            r"[+-]00:?00$", regex=True)
        if offset.any():
            i = int(np.flatnonzero(offset.to_numpy())[0])
            raise InputError(path, TIME, f"data row {i + 1}: {text.iloc[i]!r} has a UTC offset: "
                             "give times in UTC (e.g. 2019-01-01T00:00:00Z)")
        parsed = pd.to_datetime(text, utc=True, errors="coerce", format="ISO8601")
        bad = np.flatnonzero(parsed.isna().to_numpy())
        if bad.size:
            raise InputError(path, TIME, f"value {text.iloc[bad[0]]!r} in data row "
                             f"{bad[0] + 1} is not a time such as 2019-01-01T00:00:00Z")
        times = pd.DatetimeIndex(parsed)
        t, step, unit = ((times - times[0]) / pd.Timedelta(hours=1)).to_numpy(), 1.0, "hour"
        # a leap year's series without 29 February (aligned by month, day and hour to a
        # 365-day year, as the weather-year files are) steps 25 hours over the missing day
        leap_day = (times[1:].month == 3) & (times[1:].day == 1) & (times[1:].hour == 0) \
            & times[1:].is_leap_year & (times[:-1].month == 2) & (times[:-1].day == 28)
        t = t - np.r_[0.0, np.cumsum(np.where(leap_day, 24.0, 0.0))]
    diff = np.diff(t)
    idx = np.flatnonzero(diff <= 0)
    if idx.size:
        kind = "repeats" if diff[idx[0]] == 0 else "comes before"
        raise InputError(path, TIME, f"data row {idx[0] + 2} {kind} row {idx[0] + 1}: "
                         "times must strictly increase (rows are matched to hours in order)")
    idx = np.flatnonzero(~np.isclose(diff, step))
    if idx.size:
        i = idx[0]
        raise InputError(path, TIME, f"data row {i + 2} is {diff[i]:g} {unit}s after row "
                         f"{i + 1}: the network's step is one {unit} (resample the series to "
                         "hours)")


def series(path: Path, frame: pd.DataFrame, col: Column, periods: int, asked_by: str
           ) -> np.ndarray:
    """One column of a read time-series table as checked floats, one row per snapshot."""
    if col.name not in frame.columns:
        raise InputError(path, col.name, f"column not found (asked for by {asked_by})")
    if len(frame) != periods:
        raise InputError(path, col.name, f"has {len(frame)} rows but the network has "
                         f"{periods} snapshots (one row per hour)")
    return numbers(path, frame[col.name], col)
