"""Grid import charges per MWh: ``inputs/grid/grid_charges.csv``.

``energymodel prepare inputs`` writes one row per charge that the verbatim copy
``inputs/raw/grid/grid_charges_compiled.csv`` names, for the UK (``UK``: Great Britain) and
India (``IN``). Columns: ``country, charge, value_eur_per_mwh, included, currency_year, basis,
source, note``. ``included = true`` marks the charges the model sums per country as its default
grid import charge; the others are listed in its report as "not included", each with the
reason in ``note``; their value is left empty whenever the compiled table has no per-MWh figure
("not found", or a charge per kW or per day). No figure is guessed.

- UK: BSUoS = the latest final fixed tariff, 7.63 GBP/MWh (April-September 2024, charged to
  final demand); Climate Change Levy main rate 7.75 GBP/MWh (frozen since April 2021; converted
  at 2024 rates). Both included. Not included: TNUoS demand tariffs (per kW at triad or per
  meter per day, not per MWh), the RO/CfD/CM/FiT levies ("not found"), the British Industry
  Supercharger reliefs (eligible energy-intensive industries only).
- India: ISTS transmission charges for renewable power used for green hydrogen are waived
  (0, plants commissioned by 31 December 2030) and the cross-subsidy and additional surcharges
  are waived under the Green Energy Open Access Rules 2022 (0): included, value 0. State
  transmission and wheeling charges, the banking charge and the other permitted open-access
  charges have no figure ("not found"): not included.

GBP figures are converted with :func:`energymodel.data.currency.to_eur2025`: divided by the ECB
annual average GBP per EUR of the figure's year, then inflated to 2025 with the EEA HICP;
``value_eur_per_mwh`` is EUR2025, rounded to 4 decimals. See inputs/PROVENANCE.md.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pandas as pd

from energymodel.data import currency
from energymodel.errors import InputError

__all__ = ["COLUMNS", "RAW_FILE", "RAW_FILES", "RECIPE", "build_grid_charges", "write"]

logger = logging.getLogger(__name__)

RAW_FILE = "grid/grid_charges_compiled.csv"
RAW_FILES = (RAW_FILE, currency.RAW_FILE)
"""Raw files (relative to the shared data folder) copied verbatim into ``inputs/raw``."""

COLUMNS = ["country", "charge", "value_eur_per_mwh", "included", "currency_year", "basis",
           "source", "note"]
DECIMALS = 4

_BSUOS = "GB BSUoS fixed tariff Apr-Sep 2024"
_CCL = "GB Climate Change Levy main rate, electricity"
_TNUOS = ("GB TNUoS average HH gross demand tariff forecast 2025/26",
          "GB TNUoS HH demand tariff 2025/26 final (avg) / 2026/27 forecast",
          "GB TNUoS non-locational demand residual EHV Band 1")
_BSUOS_LATER = ("GB BSUoS Apr-Sep 2025 and Oct 2025-Mar 2026 final tariffs",
                "GB BSUoS initial forecast Apr-Sep 2026 (Tariff 7)",
                "GB BSUoS initial forecast Oct 2026-Mar 2027 (Tariff 8)")
_LEVIES = "GB RO / CfD / CM / FiT per-MWh levy rates 2024-26"
_BIS = ("British Industry Supercharger: EII exemption from CfD, RO, FiT costs",
        "British Industry Supercharger: network charging compensation (TNUoS, BSUoS, DUoS)")
_ISTS = "India ISTS transmission charges for RE used for green H2/NH3"
_ISTS_OFFSHORE = "India ISTS waiver for offshore wind"
_ISTS_AVOIDED = "India estimated ISTS charge avoided by waiver"
_GOA = ("India Green Energy Open Access: cross-subsidy surcharge and additional surcharge for RE "
        "used to make green H2/NH3")
_GOA_LIST = "India Green OA permitted charges"
_STATE = "India state transmission/wheeling charges, banking charge % (Gujarat, Tamil Nadu)"

#: One row per charge: (country, charge, rule, compiled rows it rests on, note).
#: Rules: ("gbp", year) converts the first row's GBP/MWh value of ``year``; ("zero",) writes 0
#: for a waived charge (the first row must say so); ("none",) leaves the value empty and the
#: charge not included.
RECIPE: list[tuple[str, str, tuple, tuple[str, ...], str]] = [
    ("UK", "BSUoS (Balancing Services Use of System)", ("gbp", 2024), (_BSUOS, *_BSUOS_LATER),
     "latest final fixed tariff, Apr-Sep 2024, charged to final demand only since Apr 2023 "
     "(CMP308); the 2025/26 final tariffs were not found; NESO initial forecasts for 2026/27 "
     "are 14.55 (Apr-Sep 2026) and 11.03 (Oct 2026-Mar 2027) GBP/MWh, not used"),
    ("UK", "Climate Change Levy, main rate on electricity", ("gbp", 2024), (_CCL,),
     "frozen since 1 Apr 2021 and RPI-uprated from Apr 2026; converted at 2024 rates (GBP per "
     "EUR and HICP 2024 -> 2025); Climate Change Agreement holders get up to 92 % reduction"),
    ("UK", "TNUoS demand tariffs", ("none",), _TNUOS,
     "charged per kW of demand at the triad peaks (HH: 7.81 GBP/kW draft 2025/26 average, "
     "3.00 GBP/kW final 2025/26 average; sources define them differently) or per meter per "
     "day (EHV Band 1 residual), not per MWh: no per-MWh figure; transmission-connected band "
     "not found"),
    ("UK", "RO / CfD / CM / FiT levies", ("none",), (_LEVIES,),
     "per-MWh levy rates not found"),
    ("UK", "British Industry Supercharger relief", ("none",), _BIS,
     "eligible energy-intensive industries only: 100 % exemption from CfD, RO, FiT and "
     "Capacity Market costs (from 1 Apr 2024) and 60 % network charging compensation (uplift "
     "to 90 % consulted 2025); eligibility of electrolysers not confirmed (not found)"),
    ("IN", "ISTS transmission charges", ("zero",), (_ISTS, _ISTS_OFFSHORE, _ISTS_AVOIDED),
     "100 % waiver for 25 years for renewable power used for green hydrogen/ammonia from "
     "plants commissioned by 31 Dec 2030 (offshore wind: by 31 Dec 2032); graded charges "
     "after that; the waiver covers ISTS charges, not ISTS losses; government estimate of "
     "the charge avoided: 1-2 INR/kWh"),
    ("IN", "cross-subsidy surcharge and additional surcharge", ("zero",), (_GOA,),
     "waived for renewable power used to make green hydrogen/ammonia under the Electricity "
     "(Promoting Renewable Energy through Green Energy Open Access) Rules 2022"),
    ("IN", "state transmission and wheeling charges (Gujarat, Tamil Nadu)", ("none",),
     (_STATE, _GOA_LIST), "state-specific SERC orders not retrieved: not found"),
    ("IN", "banking charge (Gujarat, Tamil Nadu)", ("none",), (_STATE, _GOA_LIST),
     "state-specific SERC orders not retrieved: not found"),
    ("IN", "standby charges", ("none",), (_GOA_LIST,),
     "permitted under the Green Energy Open Access Rules 2022; no figure (not found)"),
    ("IN", "load despatch centre fees, scheduling and deviation settlement charges", ("none",),
     (_GOA_LIST,), "permitted under the 2023 amendment of the Green Energy Open Access "
     "Rules; no figure (not found)"),
]


def _table(raw: Path) -> pd.DataFrame:
    df = pd.read_csv(raw / RAW_FILE, keep_default_na=False, dtype=str)
    if df["quantity"].duplicated().any():
        raise InputError(RAW_FILE, "quantity", "a quantity appears twice")
    return df.set_index("quantity")


def _row(table: pd.DataFrame, quantity: str) -> pd.Series:
    if quantity not in table.index:
        raise InputError(RAW_FILE, quantity, "row not found")
    return table.loc[quantity]


def _sources(compiled: list[pd.Series]) -> str:
    """The distinct sources of the rows, skipping empty ones and "(same)" back-references."""
    names = [r["source"] for r in compiled]
    return "; ".join(dict.fromkeys(n for n in names if n not in ("", "-") and "(same)" not in n))


def _figure(row: pd.Series) -> str:
    """A compiled row's value with its unit, as the table writes them."""
    if row["value"].strip().lower() == "not found" or row["unit"] in ("-", "list", ""):
        return row["value"]
    return f"{row['value']} {row['unit']}"


def _gbp_per_mwh(row: pd.Series, quantity: str) -> float:
    if not row["unit"].startswith("GBP/MWh"):
        raise InputError(RAW_FILE, quantity, f"expected GBP/MWh, got {row['unit']!r}")
    try:
        return float(row["value"])
    except ValueError as exc:
        raise InputError(RAW_FILE, quantity, f"value {row['value']!r} not a number") from exc


def _check_waived(row: pd.Series, quantity: str) -> None:
    """A waived charge must read ``0 ...`` or ``... (waived)`` in the compiled table."""
    if not (re.match(r"0\b", row["value"]) or "waived" in row["value"]):
        raise InputError(RAW_FILE, quantity, f"value {row['value']!r} does not state a waiver")


def build_grid_charges(raw: Path) -> pd.DataFrame:
    """The rows of ``grid_charges.csv`` (see :data:`RECIPE`), every cell a string.

    ``value_eur_per_mwh`` is written with :data:`DECIMALS` decimals; it is empty, and
    ``included`` is ``false``, where the compiled table has no per-MWh figure.
    """
    table = _table(raw)
    rows = []
    for country, charge, rule, quantities, note in RECIPE:
        compiled = [_row(table, q) for q in quantities]
        first = compiled[0]
        row = dict.fromkeys(COLUMNS, "")
        row.update(country=country, charge=charge, note=note,
                   source=_sources(compiled))
        if rule[0] == "gbp":
            gbp, year = _gbp_per_mwh(first, quantities[0]), rule[1]
            eur = currency.to_eur2025(gbp, "GBP", year, raw)
            rate, hicp = currency.per_eur(raw, "GBP", year), currency.hicp_factor(raw, year)
            row.update(value_eur_per_mwh=f"{eur:.{DECIMALS}f}", included="true",
                       currency_year=currency.MODEL_YEAR,
                       basis=f"{gbp:g} GBP/MWh ({first['year_or_basis']}) / {rate:g} GBP per "
                       f"EUR ({year} ECB annual average) x {hicp:g} (HICP EEA {year} -> "
                       f"{currency.MODEL_YEAR})")
        elif rule[0] == "zero":
            _check_waived(first, quantities[0])
            row.update(value_eur_per_mwh=f"{0.0:.{DECIMALS}f}", included="true",
                       currency_year=currency.MODEL_YEAR,
                       basis=f"waived: {first['value']} ({first['year_or_basis']})")
        else:
            row.update(included="false",
                       basis="; ".join(f"{q}: {_figure(r)}"
                                       for q, r in zip(quantities, compiled, strict=True)))
        rows.append(row)
    return pd.DataFrame(rows, columns=COLUMNS)


def write(raw: Path, out: Path) -> Path:
    """Write ``grid/grid_charges.csv`` into ``out``; return its path."""
    df = build_grid_charges(raw)
    path = out / "grid/grid_charges.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(path, index=False, lineterminator="\n")
    logger.info("wrote %s (%d rows)", path, len(df))
    return path
