"""Where a run's inputs come from, and the published prices its LCOH is set beside.

Two tables of the results folder (:mod:`energymodel.results.folder` writes and reads them):

- :func:`sources`: one row per input file the run read (``Inputs.files``), its row of
  ``inputs/sources.csv`` (description, source, licence, currency year, heating-value basis;
  compiled from ``inputs/PROVENANCE.md``). A file outside ``inputs/`` or without a row is
  listed all the same, as "not stated", never left out.
- :func:`references`: the rows of ``inputs/validation/published_hydrogen_prices.csv`` for the
  countries of the run's hubs, with the network's country code added (``country_code``), so the
  report draws each beside the hubs of its country. No file, no references.

The inputs folder is the nearest folder named ``inputs`` above the files the run read (the
default network reads ``inputs/``). A network none of whose files lies in an inputs folder with
a sources table (the tests' tiny networks) gets no sources.csv: there is nothing to look up.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from energymodel.errors import InputError
from energymodel.model import tables
from energymodel.results.folder import (
    CURRENCY,
    REFERENCE_NUMBERS,
    REFERENCE_TEXT,
    SOURCE_COLUMNS,
)

__all__ = ["INPUTS_FOLDER", "NOT_STATED", "REFERENCE_COUNTRIES", "REFERENCE_TABLE",
           "SOURCES_TABLE", "inputs_root", "references", "sources"]

INPUTS_FOLDER = "inputs"
#: The sources table and the published prices, relative to the inputs folder.
SOURCES_TABLE = "sources.csv"
REFERENCE_TABLE = "validation/published_hydrogen_prices.csv"
#: A cell the sources table does not give.
NOT_STATED = "not stated"
#: Country codes of the network file -> the ``country`` of the published-price table.
REFERENCE_COUNTRIES = {"UK": "uk", "IN": "india"}

SOURCES_SCHEMA = tables.Schema("sources table", tuple(
    tables.Column(name, "text", empty=name == "description") for name in SOURCE_COLUMNS
), key=("file",))
REFERENCE_SCHEMA = tables.Schema("published hydrogen price table", (
    *(tables.Column(name, "text", empty=name in ("basis_note", "scope"),
                    choices=tuple(REFERENCE_COUNTRIES.values()) if name == "country" else ())
      for name in REFERENCE_TEXT if name != "country_code"),
    *(tables.Column(name, lower=0.0, upper=1e3, unit=f"{CURRENCY}/kg")
      for name in REFERENCE_NUMBERS),
), key=("id",))


def inputs_root(files: Iterable[str | Path]) -> Path | None:
    """The nearest folder named ``inputs`` above the first of ``files`` that has one."""
    for file in sorted(str(f) for f in files):
        for parent in Path(file).parents:
            if parent.name == INPUTS_FOLDER:
                return parent
    return None


def sources(files: Iterable[str | Path], network_file: Path) -> pd.DataFrame | None:
    """One row per file of ``files`` (the run's input files), in the order of their names;
    ``None`` when no inputs folder with a sources table holds any of them.

    ``file`` is ``inputs/<path>`` for a file in the inputs folder, else the path relative to
    the network file's folder; the other columns are the file's row of ``inputs/sources.csv``,
    or :data:`NOT_STATED` where it has none.
    """
    files = [Path(f) for f in files]
    root = inputs_root(files)
    if root is None or not (root / SOURCES_TABLE).is_file():
        return None
    known = tables.read(root / SOURCES_TABLE, SOURCES_SCHEMA).set_index("file")
    rows = []
    for path in files:
        key = path.relative_to(root).as_posix() if path.is_relative_to(root) else None
        name = (f"{INPUTS_FOLDER}/{key}" if key is not None
                else Path(os.path.relpath(path, network_file.parent)).as_posix())
        row = (known.loc[key].to_dict() if key in known.index
               else dict.fromkeys(SOURCE_COLUMNS[1:], NOT_STATED) | {"description": ""})
        rows.append({"file": name, **row})
    out = pd.DataFrame(rows, columns=list(SOURCE_COLUMNS))
    return out.sort_values("file", kind="stable").reset_index(drop=True)


def references(files: Iterable[str | Path], countries: Mapping[str, str]) -> pd.DataFrame:
    """The published prices for ``countries`` (hub key -> country code), in file order.

    Empty (with the columns of references.csv) when the inputs folder has no published-price
    table or none of its rows is for a country of the hubs.
    """
    root = inputs_root(files)
    columns = [*REFERENCE_TEXT, *REFERENCE_NUMBERS]
    if root is None or not (root / REFERENCE_TABLE).is_file():
        return pd.DataFrame(columns=columns)
    path = root / REFERENCE_TABLE
    table = tables.read(path, REFERENCE_SCHEMA)
    low, high = REFERENCE_NUMBERS
    wrong = table[table[low] > table[high]]
    if not wrong.empty:
        raise InputError(path, str(wrong["id"].iloc[0]), f"{low} is above {high}")
    codes = {REFERENCE_COUNTRIES[c]: c for c in dict.fromkeys(countries.values())
             if c in REFERENCE_COUNTRIES}
    rows = table[table["country"].isin(codes)].copy()
    rows["country_code"] = rows["country"].map(codes)
    return rows[columns].reset_index(drop=True)
