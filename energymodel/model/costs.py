r"""Costs in model units: the technology-data table, the electrolyser table, part-load curves.

Every technology's investment is annualised once here and nothing downstream converts a unit:

.. math:: \text{capital cost} = \left( a(r, L) + \frac{\text{FOM}}{100} \right) I,
   \qquad a(r, L) = \frac{r}{1 - (1 + r)^{-L}}

per MW (or MWh, m3, MW x km) and year, with investment :math:`I`, lifetime :math:`L`, fixed
operation and maintenance FOM (% of investment per year) and the discount rate :math:`r`.

**Electrolysers** come from ``electrolysers.csv`` in the cost folder (derived by
:mod:`energymodel.data.electrolysers` from the Danish Energy Agency data sheets and
technology-data), on one basis for alkaline and PEM: the system investment; the stack as a
cost per MWh of electricity through it, :math:`c_s = I_s / H` (stack investment over its
replacement interval in operating hours, EUR/MWh_el, the link's marginal cost); the efficiency
at the mean of the stack's degradation over that interval,
:math:`\eta = \text{LHV} / \left(\text{SEC}_0 (1 + d H / 2)\right)`; FOM excluding the stack;
the lifetime (PEM: a planning assumption, the sheets give none); the minimum load.

**Part load** (``electrolyser_part_load.csv``): consumption relative to nominal at load
fractions :math:`x_k`; hydrogen output :math:`f(x) = x / s(x)` relative to nominal must be
concave (an LP can hold it as the minimum of its segments' lines; see
:mod:`energymodel.model.constraints.electrolysis`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from pypsa.costs import annuity

from energymodel.config import TECHNOLOGIES, limits
from energymodel.config.costs import COST_BOUNDS
from energymodel.errors import InputError
from energymodel.model import tables

__all__ = [
    "COST_TABLE", "ELECTROLYSER_TABLE", "PART_LOAD_TABLE", "PartLoad", "capital_cost",
    "read_costs", "read_electrolysers", "read_part_load", "required_rows",
]

#: Investment units of technology-data and the factor to model units.
INVESTMENT_UNITS: dict[str, tuple[float, str]] = {
    "EUR/kW": (1e3, "EUR/MW"), "EUR/kW_e": (1e3, "EUR/MW"), "EUR/kWel": (1e3, "EUR/MW"),
    "EUR/kW_H2": (1e3, "EUR/MW"), "EUR/kWh": (1e3, "EUR/MWh"), "EUR/MW/km": (1.0, "EUR/MW/km"),
    "EUR/MW": (1.0, "EUR/MW"), "EUR/MWh": (1.0, "EUR/MWh"),
    "EUR/(m^3-H2O/h)": (1.0, "EUR/(m3/h)"), "EUR/m^3-H2O": (1.0, "EUR/m3"),
    "EUR/kW_NH3": (1e3, "EUR/MW"), "EUR/MW_H2": (1.0, "EUR/MW"), "EUR/MWh_NH3": (1.0, "EUR/MWh"),
    "EUR/MWh_H2": (1.0, "EUR/MWh"), "EUR/t_N2/h": (1.0, "EUR/(t/h)"), "EUR": (1.0, "EUR"),
}
#: Rows needed only by export chains and offshore electrolysis (checked by required_rows).
TRADE_TECHNOLOGIES = ("Haber-Bosch", "air separation unit", "NH3 tank", "NH3 ship",
                      "ammonia cracker", "H2 liquefaction", "LH2 tank", "LH2 ship",
                      "H2 evaporation", "H2 pipeline new", "H2 pipeline repurposed")
#: Investment units per whole MW, per ship or per t/h, bounded by limits.MAX_PLANT_COST
#: instead of the per-kW bound (they are a thousand times larger or more).
PER_UNIT_OF_PLANT = ("EUR", "EUR/t_N2/h", "EUR/MW_H2", "EUR/MW")
#: Inputs of the export chains' rows, read as they are: model technology -> (technology-data
#: parameter, column of the cost table, lowest, highest). Hydrogen and ammonia inputs per unit
#: of output are at least 1 (a conversion makes no energy); electricity per MWh (or per t of
#: nitrogen, or per 1000 km of pipeline) within what the rows hold by an order of magnitude.
CHAIN_INPUTS: dict[str, tuple[tuple[str, str, float, float], ...]] = {
    "Haber-Bosch": (("hydrogen-input", "hydrogen_input", 1.0, 10.0),
                    ("electricity-input", "electricity_input", 0.0, 1.0),
                    ("nitrogen-input", "nitrogen_input", 0.0, 1.0)),
    "air separation unit": (("electricity-input", "electricity_input", 0.0, 10.0),),
    "ammonia cracker": (("ammonia-input", "ammonia_input", 1.0, 10.0),),
    "H2 liquefaction": (("hydrogen-input", "hydrogen_input", 1.0, 10.0),
                        ("electricity-input", "electricity_input", 0.0, 1.0)),
    "NH3 ship": (("capacity", "capacity", 1.0, 1e7),),
    "LH2 ship": (("capacity", "capacity", 1.0, 1e7),),
    "H2 pipeline new": (("electricity-input", "electricity_input", 0.0, 1.0),),
    "H2 pipeline repurposed": (("electricity-input", "electricity_input", 0.0, 1.0),),
}

#: The cost table (PyPSA technology-data): the columns the model reads.
COST_TABLE = tables.Schema("cost table", (
    tables.Column("technology", "text"), tables.Column("parameter", "text"),
    tables.Column("value", "text", empty=True), tables.Column("unit", "text", empty=True),
    tables.Column("source", "text", empty=True, required=False),
))
#: The electrolyser table (written by energymodel.data.electrolysers).
ELECTROLYSER_TABLE = tables.Schema("electrolyser table", (
    tables.Column("cost_year", lower=2000, upper=2100),
    tables.Column("technology", "text", choices=("alkaline", "pem")),
    tables.Column("basis", "text", choices=("technology-data", "dea")),
    tables.Column("investment_eur_per_kw", lower=0, upper=1e6, unit="EUR/kW"),
    tables.Column("stack_cost_eur_per_mwh", lower=0, upper=1e4, unit="EUR/MWh"),
    tables.Column("fom_pct", lower=0, upper=100, unit="%/yr"),
    tables.Column("lifetime_years", lower=1, upper=100, empty=True, unit="years"),
    tables.Column("efficiency", lower=0, lower_open=True, upper=1, unit="(LHV)"),
    tables.Column("min_load", lower=0, upper=1),
    tables.Column("currency_year", lower=2000, upper=2100),
    tables.Column("source", "text", empty=True, required=False),
), key=("cost_year", "technology", "basis"))
#: Part-load consumption curves (written by energymodel.data.electrolysers).
PART_LOAD_TABLE = tables.Schema("part-load table", (
    tables.Column("technology", "text", choices=("alkaline", "pem")),
    tables.Column("load", lower=0, upper=1),
    tables.Column("sec_relative", lower=0, lower_open=True, upper=10),
), key=("technology", "load"))
#: The model's electrolyser names, by the network file's technology.
ELECTROLYSERS = {"alkaline": "electrolysis alkaline", "pem": "electrolysis pem"}
#: The model's own electrolyser rows that ``costs.overrides`` may change.
ELECTROLYSER_OVERRIDES = ("investment", "lifetime", "FOM", "efficiency")


def capital_cost(investment: float, lifetime: float, fom_pct: float, rate: float) -> float:
    """Annualised investment plus fixed O&M, per unit and year (see the module docstring)."""
    # below 1e-9 pypsa's annuity loses precision, then divides 0 by 0: use the r = 0 limit
    return (float(annuity(rate if rate >= 1e-9 else 0.0, lifetime)) + fom_pct / 100) * investment


def _check(path: Path, where: str, param: str, v: float) -> float:
    low, high, open_ = COST_BOUNDS[param]
    if not np.isfinite(v) or (v <= low if open_ else v < low) or v > high:
        lower = f"above {low:g}" if open_ else f"at least {low:g}"
        raise InputError(path, where, f"value {v:g} is out of range: must be {lower} and at "
                         f"most {high:g} (config/limits.py)")
    return float(v)


def _cost_values(path: Path, df: pd.DataFrame) -> pd.Series:
    """The ``value`` column of a cost table as floats (empty cells NaN), by (technology,
    parameter); a cell that is not a number names its row."""
    text = df["value"]
    flag = text.str.lower().isin({"true", "false", "yes", "no", "on", "off"})
    parsed = pd.to_numeric(text.where(~flag & (text != "")), errors="coerce")
    bad = (text != "") & (parsed.isna() | flag)
    if bad.any():
        row = df[bad].iloc[0]
        raise InputError(path, f"{row['technology']}/{row['parameter']}",
                         f"value {row['value']!r} is not a number")
    return pd.Series(parsed.to_numpy(dtype=float),
                     index=pd.MultiIndex.from_frame(df[["technology", "parameter"]]))


def read_costs(path: Path, discount_rate: float, overrides: dict) -> pd.DataFrame:
    """Read a technology-data table and convert the model's technologies to model units.

    Investment per kW or kWh is scaled to per MW or MWh. The battery inverter's efficiency is
    technology-data's round trip; each direction gets its square root, as in PyPSA-Eur. The
    hydrogen storage compressor's ``compression-electricity-input`` (MWh_el per MWh_H2) and
    the desalination plant's ``electricity-input`` (kWh per m3 of water, stored here per m3)
    are the ``electricity_input`` of their rows. Every value the model uses must lie in its
    physical and numerical range (:data:`energymodel.config.network.COST_BOUNDS`).
    """
    df = tables.read(path, COST_TABLE, field="(file)")
    df = df.drop_duplicates(["technology", "parameter"], keep="first")
    values = _cost_values(path, df)
    keyed = df.set_index(["technology", "parameter"])
    units, sources = keyed["unit"], keyed.get("source")
    for tech, params in overrides.items():
        if tech in ELECTROLYSERS.values():
            continue  # read_electrolysers applies these
        if tech not in TECHNOLOGIES.values():
            known = ", ".join(sorted({*TECHNOLOGIES.values(), *ELECTROLYSERS.values()}))
            raise InputError(path, f"costs.overrides.{tech}", f"unknown technology ({known})")
        for param, value in params.items():
            values.loc[(tech, param)] = float(value)

    rows = {}
    for model_tech, td in TECHNOLOGIES.items():
        def get(param: str, default: float | None = None, td: str = td,
                raw: bool = False) -> float:
            v = values.get((td, param))
            if v is None or pd.isna(v):
                if default is None:
                    raise InputError(path, f"{td}/{param}", "missing from the cost table")
                return default
            return float(v) if raw else _check(path, f"{td}/{param}", param, v)

        if (td, "investment") not in units.index:
            if model_tech in TRADE_TECHNOLOGIES:
                continue  # needed only by exports and offshore electrolysis: required_rows
            raise InputError(path, f"{td}/investment", "missing from the cost table")
        unit = str(units.get((td, "investment"), "")).split(",")[0].strip()
        if unit not in INVESTMENT_UNITS:
            raise InputError(path, f"{td}/investment", f"unit {unit!r} not understood")
        scale, model_unit = INVESTMENT_UNITS[unit]
        if unit in PER_UNIT_OF_PLANT:  # per ship, per MW, per t/h: larger numbers
            investment = get("investment", raw=True)
            if not np.isfinite(investment) or not 0 <= investment <= limits.MAX_PLANT_COST:
                raise InputError(path, f"{td}/investment", f"value {investment:g} is out of "
                                 f"range: must be at least 0 and at most "
                                 f"{limits.MAX_PLANT_COST:g} (config/limits.py)")
            investment *= scale
        else:
            investment = get("investment") * scale
        lifetime, fom = get("lifetime"), get("FOM", 0.0)
        efficiency, electricity = get("efficiency", 1.0), 0.0
        if model_tech == "battery inverter":
            efficiency **= 0.5  # round trip -> each way
        elif model_tech == "H2 compressor":
            electricity = get("compression-electricity-input")
        elif model_tech == "desalination":
            # kWh per m3 of water: a conversion, not an energy efficiency (config/limits.py)
            electricity = get("electricity-input", raw=True) / 1e3  # kWh/m3 -> MWh/m3
            if not 0 < electricity <= 0.1:
                raise InputError(path, f"{td}/electricity-input", "must be above 0 and at "
                                 "most 100 kWh/m3")
        chain = {}
        for param, column, low, high in CHAIN_INPUTS.get(model_tech, ()):
            v = get(param, raw=True)
            if not np.isfinite(v) or not low <= v <= high or v <= 0 < low:
                raise InputError(path, f"{td}/{param}", f"value {v:g} is out of range: must "
                                 f"be at least {low:g} and at most {high:g}")
            chain[column] = v
        if "electricity_input" in chain:
            electricity = chain.pop("electricity_input")
        rows[model_tech] = {
            "origin": f"technology-data '{td}'", "investment": investment, "unit": model_unit,
            "lifetime": lifetime, "fom_pct": fom,
            "capital_cost": capital_cost(investment, lifetime, fom, discount_rate),
            "marginal_cost": get("VOM", 0.0), "efficiency": efficiency,
            "electricity_input": electricity, "min_load": 0.0,
            "source": "" if sources is None else str(sources.get((td, "investment"), "")),
            "hydrogen_input": 1.0, "nitrogen_input": 0.0, "ammonia_input": 1.0,
            "capacity": np.nan, **chain,
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def required_rows(path: Path, costs: pd.DataFrame, needed: dict[str, str]) -> None:
    """Refuse a cost table that lacks a row a chain or an offshore site needs: ``needed`` maps
    model technology -> the network-file field that needs it."""
    for tech, where in needed.items():
        if tech not in costs.index:
            raise InputError(path, f"{TECHNOLOGIES[tech]}/investment",
                             f"missing from the cost table (needed by {where})")


def read_electrolysers(path: Path, year: int, basis: str, discount_rate: float,
                       pem_lifetime: float, overrides: dict) -> pd.DataFrame:
    """The electrolyser rows of the cost table, in model units (see the module docstring).

    ``pem_lifetime`` fills the PEM lifetime the table leaves empty (a planning assumption);
    ``overrides`` may change investment (EUR/kW), lifetime, FOM and efficiency of the model's
    ``electrolysis alkaline`` and ``electrolysis pem``.
    """
    df = tables.read(path, ELECTROLYSER_TABLE)
    rows = {}
    for tech, name in ELECTROLYSERS.items():
        mine = df[(df.cost_year == year) & (df.technology == tech) & (df.basis == basis)]
        if mine.empty:
            raise InputError(path, f"{tech}/{basis}/{year}", "no row for this technology, "
                             "basis and cost year")
        row = mine.iloc[0]
        lifetime = float(row.lifetime_years)
        source = str(row.get("source", ""))
        if np.isnan(lifetime):
            if tech != "pem":
                raise InputError(path, f"{tech}/{basis}/{year}", "lifetime_years is empty")
            lifetime = pem_lifetime
            source += "; lifetime: planning assumption (planning_assumptions.pem_lifetime_years)"
        values = {"investment": float(row.investment_eur_per_kw), "lifetime": lifetime,
                  "FOM": float(row.fom_pct), "efficiency": float(row.efficiency)}
        for param, value in overrides.get(name, {}).items():
            if param not in ELECTROLYSER_OVERRIDES:
                raise InputError(path, f"costs.overrides.{name}.{param}",
                                 f"not a parameter of the model's electrolysers "
                                 f"({', '.join(ELECTROLYSER_OVERRIDES)})")
            values[param] = _check(path, f"costs.overrides.{name}.{param}", param, value)
        investment = values["investment"] * 1e3  # EUR/kW -> EUR/MW
        rows[name] = {
            "origin": f"electrolysers.csv ({tech}, {basis} basis, {year})",
            "investment": investment, "unit": "EUR/MW", "lifetime": values["lifetime"],
            "fom_pct": values["FOM"],
            "capital_cost": capital_cost(investment, values["lifetime"], values["FOM"],
                                         discount_rate),
            "marginal_cost": float(row.stack_cost_eur_per_mwh),
            "efficiency": values["efficiency"], "electricity_input": 0.0,
            "min_load": float(row.min_load), "source": source,
        }
    return pd.DataFrame.from_dict(rows, orient="index")


@dataclass(frozen=True)
class PartLoad:
    """A concave part-load curve: hydrogen output relative to nominal at load fractions.

    ``slopes[k]`` and ``intercepts[k]`` are the line of segment k: output <= slope x load +
    intercept x capacity, for every segment (the minimum of the lines is the curve).
    """

    loads: tuple[float, ...]
    output: tuple[float, ...]
    slopes: tuple[float, ...]
    intercepts: tuple[float, ...]


def read_part_load(path: Path) -> dict[str, PartLoad]:
    """The part-load curves per technology; a curve an LP cannot hold is refused.

    Output relative to nominal is :math:`f(x) = x / s(x)` at each load :math:`x` with relative
    consumption :math:`s(x)`. Loads must start at 0 and end at 1, and :math:`f` must be
    concave (slopes that do not increase): then the most hydrogen at load :math:`x` is the
    minimum over segments of the segments' lines.
    """
    df = tables.read(path, PART_LOAD_TABLE)
    out = {}
    for tech, part in df.groupby("technology", sort=True):
        part = part.sort_values("load")
        x, s = part.load.to_numpy(), part.sec_relative.to_numpy()
        if len(x) < 2 or x[0] != 0 or x[-1] != 1:
            raise InputError(path, tech, "loads must run from 0 to 1")
        f = x / s
        slopes = np.diff(f) / np.diff(x)
        rising = np.flatnonzero(np.diff(slopes) > 1e-9)
        if rising.size:
            k = rising[0]
            raise InputError(path, tech, f"hydrogen output is not concave between loads "
                             f"{x[k + 1]:g} and {x[k + 2]:g} (an LP cannot hold it)")
        intercepts = f[:-1] - slopes * x[:-1]
        out[str(tech)] = PartLoad(tuple(x), tuple(f), tuple(slopes), tuple(intercepts))
    return out
