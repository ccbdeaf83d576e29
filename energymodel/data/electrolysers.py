"""Electrolyser cost basis: ``inputs/costs/electrolysers.csv`` and ``electrolyser_part_load.csv``.

``energymodel prepare inputs`` writes both from the verbatim copies
``inputs/raw/hydrogen/electrolyser_stack_compiled.csv`` (Danish Energy Agency data sheets "86 AEC
100 MW" and "86 PEMEC 100 MW", whose cells hold the 2020 / 2025 / 2030 / 2040 / 2050 values
separated by " / "; IRENA 2020 load ranges; NEMGLO part-load curves),
``inputs/raw/finance/currency_harmonisation_compiled.csv`` (see :mod:`energymodel.data.currency`)
and the technology-data tables ``inputs/costs/costs_<year>.csv`` (already EUR2025).

``electrolysers.csv`` has one row per cost year (2030, 2040, 2050) x technology (``alkaline``,
``pem``) x basis (``technology-data``, ``dea``); every figure is per kW of electricity input:

- ``investment_eur_per_kw``: basis ``dea``: DEA "Specific investment" of the cost year, EUR2020
  -> EUR2025 (HICP, EEA row). Basis ``technology-data``: alkaline = technology-data's
  ``electrolysis`` ``investment`` of the cost year (EUR2025, the IEA-based figure PyPSA-Eur
  uses); PEM = that x DEA PEMEC / DEA AEC "Specific investment" of the same year.
- ``stack_share_pct``, ``stack_investment_eur_per_kw``: basis ``dea``: DEA "- hereof stack"
  (EUR2020 -> EUR2025) and stack / investment x 100. Basis ``technology-data``: DEA "stack share
  of specific investment" (AEC 21.0 %, PEMEC 34.2 %) and share x investment.
- ``stack_interval_h``: DEA "Frequency of stack replacement" (operating hours at rated load).
- ``stack_cost_eur_per_mwh`` = stack_investment_eur_per_kw x 1000 / stack_interval_h: EUR per MWh
  of electricity through the electrolyser. The stack wears with the energy through it and is
  replaced after each interval at rated load, so its cost is charged per MWh; replacements are
  not discounted (a replacement late in life costs as much as an early one). The investment
  includes the first stack, so the first stack's wear is also in this charge.
- ``fom_pct``: DEA "Fixed O&M (excl. stack replacement)", % of investment per year.
- ``lifetime_years``: DEA "Technical lifetime" of the AEC sheet. The compiled table has **no**
  PEMEC lifetime row, so the PEM cell is left empty (a planning assumption for the model).
- ``sec_bol_kwh_per_kg``: DEA "Electricity consumption stack+BOP" (beginning of life).
- ``degradation_pct_per_kh``: DEA "Degradation rate" (% per 1000 operating hours).
- ``sec_mean_kwh_per_kg`` = sec_bol x (1 + degradation / 100 x stack_interval_h / 1000 / 2): the
  mean over a replacement interval of a consumption that rises linearly with the stack's
  operating hours.
- ``efficiency`` = 33.33 / sec_mean (hydrogen LHV 33.33 kWh/kg).
- ``min_load``: lower bound of the IRENA 2020 load range ("AEL load range 15-100% (2050:
  5-300%)" -> 0.15 in 2030 and 2040, 0.05 in 2050 from the 2050 target; "PEM load range 5-130%
  (2050: 5-300%)" -> 0.05).
- ``currency_year`` 2025; ``source``: the rows used.

Derived numbers are rounded to 6 significant digits and written with one fixed float format, so
a rerun is byte-identical. ``electrolyser_part_load.csv`` copies the NEMGLO SEC part-load curves
(specific consumption as a fraction of nominal at load 0, 0.2, ..., 1.0), one row per
breakpoint. See inputs/PROVENANCE.md.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pandas as pd

from energymodel.data import currency
from energymodel.errors import InputError

__all__ = [
    "BASES",
    "COLUMNS",
    "COST_YEARS",
    "LHV_KWH_PER_KG",
    "PART_LOAD_COLUMNS",
    "RAW_FILE",
    "RAW_FILES",
    "build_electrolysers",
    "build_part_load",
    "mean_sec",
    "min_load",
    "round_sig",
    "write",
]

logger = logging.getLogger(__name__)

RAW_FILE = "hydrogen/electrolyser_stack_compiled.csv"
RAW_FILES = (RAW_FILE, currency.RAW_FILE)
"""Raw files (relative to the shared data folder) copied verbatim into ``inputs/raw``."""

COST_YEARS = (2030, 2040, 2050)
BASES = ("technology-data", "dea")
LHV_KWH_PER_KG = 33.33
"""Lower heating value of hydrogen, kWh/kg."""
SIGNIFICANT = 6
FLOAT_FORMAT = "%.6g"

#: DEA data sheet (prefix of the compiled ``quantity``) per model technology.
SHEETS = {"alkaline": "AEC 100 MW", "pem": "PEMEC 100 MW"}
#: IRENA 2020 load-range row per technology.
LOAD_RANGES = {"alkaline": "AEL load range", "pem": "PEM load range"}
#: NEMGLO part-load row per technology.
PART_LOAD_ROWS = {
    "alkaline": "Alkaline SEC part-load curve (SEC as fraction of nominal)",
    "pem": "PEM SEC part-load curve (SEC as fraction of nominal)",
}
_TD_TECH, _TD_PARAM, _TD_UNIT = "electrolysis", "investment", "EUR/kW_e"

COLUMNS = [
    "cost_year", "technology", "basis", "investment_eur_per_kw", "stack_share_pct",
    "stack_investment_eur_per_kw", "stack_interval_h", "stack_cost_eur_per_mwh", "fom_pct",
    "lifetime_years", "sec_bol_kwh_per_kg", "degradation_pct_per_kh", "sec_mean_kwh_per_kg",
    "efficiency", "min_load", "currency_year", "source",
]
PART_LOAD_COLUMNS = ["technology", "load", "sec_relative", "source"]

# DEA rows read per technology: (column key, quantity suffix, unit).
_INVESTMENT = ("investment", "Specific investment", None)
_STACK = ("stack", "- hereof stack", None)
_DEA_ROWS = (
    _INVESTMENT,
    _STACK,
    ("interval", "Frequency of stack replacement", "h"),
    ("degradation", "Degradation rate", "%/1000 h"),
    ("sec", "Electricity consumption stack+BOP", "kWh/kg H2"),
    ("fom", "Fixed O&M (excl. stack replacement)", "% of investment/yr"),
    ("share", "stack share of specific investment", "% of system capex"),
)
_LIFETIME = ("lifetime", "Technical lifetime", "years")


def round_sig(value: float, digits: int = SIGNIFICANT) -> float:
    """``value`` rounded to ``digits`` significant digits."""
    return float(f"{value:.{digits}g}")


def mean_sec(sec_bol: float, degradation_pct_per_kh: float, interval_h: float) -> float:
    """Mean specific consumption over a stack interval with linear degradation.

    The consumption rises from ``sec_bol`` by ``degradation_pct_per_kh`` % per 1000 operating
    hours, so over ``interval_h`` hours its mean is
    ``sec_bol x (1 + degradation / 100 x interval_h / 1000 / 2)``.
    """
    return sec_bol * (1.0 + degradation_pct_per_kh / 100.0 * interval_h / 1000.0 / 2.0)


def min_load(load_range: str, year: int) -> float:
    """Minimum load (fraction) from an IRENA load range such as ``15-100% (2050: 5-300%)``.

    The lower bound of the state-of-the-art range applies before 2050, the lower bound of the
    2050 target from 2050 on.
    """
    match = re.fullmatch(r"(\d+(?:\.\d+)?)-\d+% \(2050: (\d+(?:\.\d+)?)-\d+%\)", load_range)
    if match is None:
        raise InputError(RAW_FILE, "load range", f"cannot read {load_range!r}")
    return float(match.group(2 if year >= 2050 else 1)) / 100.0


def _table(raw: Path) -> pd.DataFrame:
    return pd.read_csv(raw / RAW_FILE, keep_default_na=False, dtype=str).set_index("quantity")


def _row(table: pd.DataFrame, quantity: str) -> pd.Series:
    if quantity not in table.index:
        raise InputError(RAW_FILE, quantity, "row not found")
    row = table.loc[quantity]
    if isinstance(row, pd.DataFrame):
        raise InputError(RAW_FILE, quantity, "row appears more than once")
    if row["value"].strip().lower() == "not found":
        raise InputError(RAW_FILE, quantity, "value 'not found'")
    return row


def _by_year(row: pd.Series, quantity: str) -> dict[int, float]:
    """A DEA cell as {year: value}: " / "-separated values, or one value for every year."""
    values = [v.strip() for v in row["value"].split(" / ")]
    years = re.findall(r"\b(\d{4})\b", row["year_or_basis"])
    if len(values) == 1:  # one figure for every year ("25", "21.0" for "2020-2050 (constant)")
        years, values = [str(y) for y in COST_YEARS], values * len(COST_YEARS)
    if len(values) != len(years):
        raise InputError(RAW_FILE, quantity, f"{len(values)} values for {len(years)} years")
    try:
        return {int(y): float(v) for y, v in zip(years, values, strict=True)}
    except ValueError as exc:
        raise InputError(RAW_FILE, quantity, f"value not a number: {exc}") from exc


def _dea(table: pd.DataFrame, technology: str, raw: Path) -> dict[str, dict[int, float]]:
    """The DEA figures of one technology by key and year, money already in EUR2025."""
    sheet = SHEETS[technology]
    out: dict[str, dict[int, float]] = {}
    rows = list(_DEA_ROWS)
    if f"{sheet}: {_LIFETIME[1]}" in table.index:
        rows.append(_LIFETIME)
    for key, name, unit in rows:
        quantity = f"{sheet}: {name}"
        row = _row(table, quantity)
        values = _by_year(row, quantity)
        if unit is None:  # money: EUR<year>/kW_e
            match = re.fullmatch(r"EUR(\d{4})/kW_e", row["unit"])
            if match is None:
                raise InputError(RAW_FILE, quantity, f"unit {row['unit']!r} is not EUR<year>/kW_e")
            factor = currency.hicp_factor(raw, int(match.group(1)))
            values = {year: value * factor for year, value in values.items()}
        elif row["unit"] != unit:
            raise InputError(RAW_FILE, quantity, f"expected unit {unit!r}, got {row['unit']!r}")
        missing = [y for y in COST_YEARS if y not in values]
        if missing:
            raise InputError(RAW_FILE, quantity, f"no value for {missing}")
        out[key] = values
    return out


def _td_investment(costs: Path, year: int) -> float:
    """technology-data ``electrolysis`` ``investment`` of ``costs_<year>.csv`` (EUR2025/kW_e)."""
    path = costs / f"costs_{year}.csv"
    df = pd.read_csv(path)
    row = df[(df["technology"] == _TD_TECH) & (df["parameter"] == _TD_PARAM)]
    if len(row) != 1 or row["unit"].iloc[0] != _TD_UNIT:
        raise InputError(path, f"{_TD_TECH}/{_TD_PARAM}", f"expected one {_TD_UNIT} row")
    return float(row["value"].iloc[0])


def _source(technology: str, basis: str, year: int, has_lifetime: bool) -> str:
    sheet = SHEETS[technology]
    dea = (f"DEA {sheet}: Frequency of stack replacement, Fixed O&M (excl. stack replacement), "
           f"Electricity consumption stack+BOP, Degradation rate"
           + (", Technical lifetime" if has_lifetime else ""))
    if basis == "dea":
        money = f"DEA {sheet}: Specific investment, - hereof stack (EUR2020 x HICP EEA)"
    else:
        money = f"technology-data costs_{year}.csv electrolysis investment (EUR2025)"
        if technology != "alkaline":
            money += f" x DEA {sheet} / {SHEETS['alkaline']} Specific investment {year}"
        money += f"; DEA {sheet}: stack share of specific investment"
    parts = [money, dea, f"IRENA 2020 {LOAD_RANGES[technology]} (min load)"]
    if not has_lifetime:
        parts.append(f"lifetime empty: no DEA {sheet} Technical lifetime row (planning "
                     "assumption)")
    return "; ".join(parts)


def build_electrolysers(raw: Path, costs: Path) -> pd.DataFrame:
    """The rows of ``electrolysers.csv`` (see the module docstring), rounded.

    Parameters
    ----------
    raw
        The raw data folder (``inputs/raw``).
    costs
        The folder of the technology-data tables ``costs_<year>.csv`` (``inputs/costs``).
    """
    table = _table(raw)
    dea = {tech: _dea(table, tech, raw) for tech in SHEETS}
    rows = []
    for year in COST_YEARS:
        td_alkaline = _td_investment(costs, year)
        for tech, d in dea.items():
            ranges = _row(table, LOAD_RANGES[tech])
            for basis in BASES:
                if basis == "dea":
                    investment = d["investment"][year]
                    stack = d["stack"][year]
                    share = stack / investment * 100.0
                else:
                    ratio = d["investment"][year] / dea["alkaline"]["investment"][year]
                    investment = td_alkaline * ratio
                    share = d["share"][year]
                    stack = share / 100.0 * investment
                interval = d["interval"][year]
                sec_mean = mean_sec(d["sec"][year], d["degradation"][year], interval)
                has_lifetime = "lifetime" in d
                values = {
                    "investment_eur_per_kw": investment,
                    "stack_share_pct": share,
                    "stack_investment_eur_per_kw": stack,
                    "stack_interval_h": interval,
                    "stack_cost_eur_per_mwh": stack * 1000.0 / interval,
                    "fom_pct": d["fom"][year],
                    "lifetime_years": d["lifetime"][year] if has_lifetime else float("nan"),
                    "sec_bol_kwh_per_kg": d["sec"][year],
                    "degradation_pct_per_kh": d["degradation"][year],
                    "sec_mean_kwh_per_kg": sec_mean,
                    "efficiency": LHV_KWH_PER_KG / sec_mean,
                    "min_load": min_load(ranges["value"], year),
                }
                rows.append({
                    "cost_year": year, "technology": tech, "basis": basis,
                    **{k: v if pd.isna(v) else round_sig(v) for k, v in values.items()},
                    "currency_year": currency.MODEL_YEAR,
                    "source": _source(tech, basis, year, has_lifetime),
                })
    return pd.DataFrame(rows, columns=COLUMNS)


def build_part_load(raw: Path) -> pd.DataFrame:
    """One row per breakpoint of the NEMGLO SEC part-load curves (``PART_LOAD_ROWS``)."""
    table = _table(raw)
    rows = []
    for tech, quantity in PART_LOAD_ROWS.items():
        row = _row(table, quantity)
        match = re.fullmatch(r"load ([\d./]+) -> ([\d./]+)", row["value"].strip())
        if match is None:
            raise InputError(RAW_FILE, quantity, f"cannot read {row['value']!r}")
        loads = [float(v) for v in match.group(1).split("/")]
        secs = [float(v) for v in match.group(2).split("/")]
        if len(loads) != len(secs) or loads != sorted(loads):
            raise InputError(RAW_FILE, quantity, "loads and values do not pair up in order")
        source = f"{row['year_or_basis']}, via {row['source']}"
        rows += [{"technology": tech, "load": load, "sec_relative": sec, "source": source}
                 for load, sec in zip(loads, secs, strict=True)]
    return pd.DataFrame(rows, columns=PART_LOAD_COLUMNS)


def write(raw: Path, out: Path) -> list[Path]:
    """Write ``costs/electrolysers.csv`` and ``costs/electrolyser_part_load.csv`` into ``out``.

    The technology-data tables are read from ``out / "costs"``.
    """
    tables = [(build_electrolysers(raw, out / "costs"), out / "costs/electrolysers.csv"),
              (build_part_load(raw), out / "costs/electrolyser_part_load.csv")]
    for df, path in tables:
        path.parent.mkdir(parents=True, exist_ok=True)
        df.to_csv(path, index=False, float_format=FLOAT_FORMAT, lineterminator="\n")
        logger.info("wrote %s (%d rows)", path, len(df))
    return [path for _, path in tables]
