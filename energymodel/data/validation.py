"""Published hydrogen prices in the model's unit: ``validation/published_hydrogen_prices.csv``.

``energymodel prepare inputs`` converts every row of the verbatim table
``inputs/raw/validation/published_hydrogen_prices.csv`` (one published figure a row, as
published: value, unit, currency, currency year, heating value, product, scope, source) into
**EUR2025 per kg of hydrogen**, the unit of the model's LCOH (which counts hydrogen at the lower
heating value, 33.33 kWh/kg), so a reviewer can set each hub's LCOH beside prices actually paid
or published. Method, in this order, applied to ``value_low`` and ``value_high``:

1. **Per kg of the product.** A price per MWh of hydrogen is a price per unit of energy on the
   row's heating value: times :data:`HHV_KWH_PER_KG` / 1000 = 0.03941 MWh_HHV per kg when
   ``heating_value`` is ``HHV``, times :data:`LHV_KWH_PER_KG` / 1000 = 0.03333 MWh_LHV per kg when
   it is ``LHV``. The kilogram itself needs no heating-value conversion: a price per kg (or per
   tonne, / 1000) is the same on either basis, so such rows carry ``heating_value`` ``n/a``.
2. **Per kg of hydrogen.** An ammonia price per kg of NH3 is divided by the hydrogen mass
   fraction of ammonia, :data:`H2_PER_NH3` = 3 x 1.008 / 17.031 = 0.17756 kg H2 per kg NH3. This
   attributes the **whole** ammonia price to its hydrogen although it also pays for ammonia
   synthesis and, when delivered, shipping: the result is an **upper bound** for the cost of the
   hydrogen in it, and the row's ``scope`` must say what the price includes.
3. **EUR2025.** :func:`energymodel.data.currency.to_eur2025`: GBP, INR or USD of the currency
   year divided by the ECB annual average rate of that year, then EUR of that year times the EEA
   HICP chain to 2025 (see that module).

Output columns: ``id, country, reference, low_eur2025_per_kg_lhv, high_eur2025_per_kg_lhv, scope,
basis_note, source``; the two values rounded to 2 decimals; ``basis_note`` shows every factor
applied. The raw table is checked cell by cell first: a missing column, an empty or repeated
``id``, a value that is not a positive number, a high below the low, a currency year that is not
a year, a ``country``, ``heating_value`` or ``product`` outside its choices, a unit other than
``CUR/MWh``, ``CUR/kg`` or ``CUR/t`` (currency ``CUR`` = the row's ``currency``), a per-MWh price
without a heating value or a per-kg price with one, or a per-MWh ammonia price is refused with
one :class:`~energymodel.errors.InputError` naming the file, the column and the row. (The
model's checked reader, :mod:`energymodel.model.tables`, is not importable here: the data
preparation imports only the error types of the package.)

Constants: HHV 39.41 kWh/kg = 141.88 MJ/kg / 3.6 and LHV 33.33 kWh/kg (119.96 MJ/kg / 3.6 =
33.32), Hydrogen Analysis Resource Center (PNNL for the US DOE), "Lower and Higher Heating Values
of Hydrogen and Fuels"; the LHV is the package's constant
(:data:`energymodel.data.electrolysers.LHV_KWH_PER_KG`). Standard atomic weights (IUPAC, abridged
to four significant digits): H 1.008, N 14.007, so NH3 = 14.007 + 3 x 1.008 = 17.031 g/mol.
See inputs/PROVENANCE.md and docs/validation.md.
"""

from __future__ import annotations

import csv
import logging
import math
import re
from pathlib import Path

import pandas as pd

from energymodel.data import currency
from energymodel.data.electrolysers import LHV_KWH_PER_KG
from energymodel.errors import InputError

__all__ = [
    "COLUMNS",
    "H2_PER_NH3",
    "HHV_KWH_PER_KG",
    "LHV_KWH_PER_KG",
    "OUT_FILE",
    "RAW_COLUMNS",
    "RAW_FILE",
    "build",
    "read_raw",
    "write",
]

logger = logging.getLogger(__name__)

RAW_FILE = "validation/published_hydrogen_prices.csv"
"""The verbatim table of published figures, relative to ``inputs/raw``."""
OUT_FILE = "validation/published_hydrogen_prices.csv"
"""The derived table, relative to ``inputs``."""

HHV_KWH_PER_KG = 39.41
"""Higher heating value of hydrogen, kWh/kg (141.88 MJ/kg, PNNL Hydrogen Analysis Resource
Center)."""
H_ATOMIC_MASS = 1.008
N_ATOMIC_MASS = 14.007
NH3_MOLAR_MASS = N_ATOMIC_MASS + 3 * H_ATOMIC_MASS
"""17.031 g/mol."""
H2_PER_NH3 = 3 * H_ATOMIC_MASS / NH3_MOLAR_MASS
"""Hydrogen mass fraction of ammonia, kg H2 per kg NH3 (0.177559)."""

RAW_COLUMNS = ("id", "country", "reference", "value_low", "value_high", "unit", "currency",
               "currency_year", "heating_value", "product", "year_published", "scope", "source",
               "note")
COLUMNS = ["id", "country", "reference", "low_eur2025_per_kg_lhv", "high_eur2025_per_kg_lhv",
           "scope", "basis_note", "source"]
CHOICES = {"country": ("uk", "india"), "heating_value": ("HHV", "LHV", "n/a"),
           "product": ("hydrogen", "ammonia")}
_KWH_PER_KG = {"HHV": HHV_KWH_PER_KG, "LHV": LHV_KWH_PER_KG}
_UNIT = re.compile(r"([A-Z]{3})/(MWh|kg|t)(?![A-Za-z])")
_SCALE = {"kg": 1.0, "t": 1e-3}


def _fail(path: Path, field: str, row: int | str, problem: str) -> InputError:
    where = f"data row {row}" if isinstance(row, int) else f"row {row!r}"
    return InputError(path, field, f"{where}: {problem}")


def _number(path: Path, text: str, field: str, row: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise _fail(path, field, row, f"{text!r} is not a number") from None
    if not math.isfinite(value) or value <= 0:
        raise _fail(path, field, row, f"{text!r} is not a positive finite number")
    return value


def _year(path: Path, text: str, field: str, row: str) -> int:
    if not re.fullmatch(r"(19|20)\d\d", text):
        raise _fail(path, field, row, f"{text!r} is not a year such as 2023")
    return int(text)


def read_raw(raw: Path) -> list[dict]:
    """The rows of the raw table, checked (see the module docstring), every cell stripped.

    Each row is the raw cells plus ``low`` and ``high`` (floats), ``year`` (currency year,
    int) and ``denominator`` (``MWh``, ``kg`` or ``t``).
    """
    path = raw / RAW_FILE
    try:
        with path.open(encoding="utf-8", newline="") as f:
            table = list(csv.reader(f))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(path, "(file)", f"cannot be read as a UTF-8 CSV: {exc}") from None
    table = [r for r in table if r]
    if not table:
        raise InputError(path, "(file)", "empty: expected a header line and data rows")
    header = [h.strip() for h in table[0]]
    for name in RAW_COLUMNS:
        if name not in header:
            raise InputError(path, name, "column not found")
    rows, seen = [], set()
    for i, cells in enumerate(table[1:], start=1):
        if len(cells) != len(header):
            raise _fail(path, "(file)", i, f"{len(cells)} fields but the header has {len(header)}")
        row = {h: c.strip() for h, c in zip(header, cells, strict=True)}
        key = row["id"]
        if not key:
            raise _fail(path, "id", i, "empty")
        if key in seen:
            raise _fail(path, "id", i, f"{key!r} appears twice")
        seen.add(key)
        for name in ("reference", "unit", "currency", "scope", "source"):
            if not row[name]:
                raise _fail(path, name, key, "empty")
        for name, choices in CHOICES.items():
            if row[name] not in choices:
                raise _fail(path, name, key, f"{row[name]!r} is not one of {', '.join(choices)}")
        row["low"] = _number(path, row["value_low"], "value_low", key)
        row["high"] = _number(path, row["value_high"], "value_high", key)
        if row["high"] < row["low"]:
            raise _fail(path, "value_high", key, f"{row['value_high']} is below value_low "
                        f"{row['value_low']}")
        row["year"] = _year(path, row["currency_year"], "currency_year", key)
        _year(path, row["year_published"], "year_published", key)
        unit = _UNIT.match(row["unit"])
        if unit is None:
            raise _fail(path, "unit", key, f"{row['unit']!r} is not a price per MWh, kg or t "
                        "such as GBP/MWh or INR/kg NH3")
        if unit.group(1) != row["currency"]:
            raise _fail(path, "unit", key, f"{row['unit']!r} is not in the row's currency "
                        f"{row['currency']!r}")
        row["denominator"] = unit.group(2)
        energy = row["denominator"] == "MWh"
        if energy and row["heating_value"] == "n/a":
            raise _fail(path, "heating_value", key, "a price per MWh needs HHV or LHV")
        if not energy and row["heating_value"] != "n/a":
            raise _fail(path, "heating_value", key, f"a price per {row['denominator']} is the "
                        "same on either heating value: write n/a")
        if energy and row["product"] == "ammonia":
            raise _fail(path, "unit", key, "a price per MWh of ammonia is not supported: give it "
                        "per kg or t of NH3")
        rows.append(row)
    return rows


def _range(low: float, high: float, fmt: str = ".6g") -> str:
    return f"{low:{fmt}}" if low == high else f"{low:{fmt}}-{high:{fmt}}"


def _convert(row: dict, raw: Path) -> dict:
    """One output row: the published range in EUR2025 per kg H2 and the factors applied."""
    cur, year = row["currency"], row["year"]
    factor, steps = 1.0, [f"{_range(row['value_low'], row['value_high'], 's')} {row['unit']} "
                          f"({cur}{year})"]
    if row["denominator"] == "MWh":
        hv = row["heating_value"]
        factor *= _KWH_PER_KG[hv] / 1000.0
        steps.append(f"x {_KWH_PER_KG[hv] / 1000.0:g} MWh_{hv}/kg H2 ({hv} {_KWH_PER_KG[hv]:g} "
                     "kWh/kg)")
    else:
        factor *= _SCALE[row["denominator"]]
        if row["denominator"] == "t":
            steps.append("/ 1000 kg/t")
    per_kg = f"{cur}/kg H2"
    if row["product"] == "ammonia":
        factor /= H2_PER_NH3
        steps.append(f"/ {H2_PER_NH3:.6g} kg H2/kg NH3 (3 x {H_ATOMIC_MASS:g} / "
                     f"{NH3_MOLAR_MASS:g}; the whole ammonia price attributed to its hydrogen: an "
                     "upper bound)")
    low, high = row["low"] * factor, row["high"] * factor
    steps.append(f"= {_range(low, high)} {per_kg}")
    if cur != "EUR":
        steps.append(f"/ {currency.per_eur(raw, cur, year):g} {cur} per EUR (ECB {year} annual "
                     "average)")
    steps.append(f"x {currency.hicp_factor(raw, year):.6g} (HICP EEA {year} -> "
                 f"{currency.MODEL_YEAR})")
    low, high = (currency.to_eur2025(v, cur, year, raw) for v in (low, high))
    return {"id": row["id"], "country": row["country"], "reference": row["reference"],
            "low_eur2025_per_kg_lhv": f"{low:.2f}", "high_eur2025_per_kg_lhv": f"{high:.2f}",
            "scope": row["scope"], "basis_note": " ".join(steps), "source": row["source"]}


def build(raw: Path) -> pd.DataFrame:
    """The derived table (see the module docstring), one row per raw row, every cell text."""
    return pd.DataFrame([_convert(row, raw) for row in read_raw(raw)], columns=COLUMNS)


def write(raw: Path, out: Path) -> Path:
    """Write ``validation/published_hydrogen_prices.csv`` into ``out``; return its path."""
    df = build(raw)
    path = out / OUT_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(path, index=False, lineterminator="\n")
    logger.info("wrote %s (%d rows)", path, len(df))
    return path
