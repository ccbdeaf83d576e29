"""Read and check every input a network file points at; convert units once.

After :func:`load` nothing downstream reads a file or converts a unit: the model builder gets
time series on the network's snapshots and a cost table in model units (EUR, MW, MWh, per year).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from pypsa.costs import annuity

from energymodel.config import TECHNOLOGIES, NetworkFile, SeriesRef, limits
from energymodel.config.network import COST_BOUNDS
from energymodel.data.minerals import STATUSES as MINERAL_STATUS
from energymodel.data.minerals import UNITS as MINERAL_UNITS
from energymodel.errors import InputError
from energymodel.model import tables

logger = logging.getLogger(__name__)

#: Lower heating value of hydrogen, MWh per tonne (33.33 kWh/kg).
H2_LHV_MWH_PER_T = 33.33

#: Investment units of technology-data and the factor to model units (per MW or MWh).
_INVESTMENT_UNITS: dict[str, tuple[float, str]] = {
    "EUR/kW": (1e3, "EUR/MW"), "EUR/kW_e": (1e3, "EUR/MW"), "EUR/kWel": (1e3, "EUR/MW"),
    "EUR/kWh": (1e3, "EUR/MWh"), "EUR/MW/km": (1.0, "EUR/MW/km"), "EUR/MW": (1.0, "EUR/MW"),
    "EUR/MWh": (1.0, "EUR/MWh"),
}


@dataclass(frozen=True)
class Inputs:
    """Everything the model builder needs, on the network's snapshots and in model units.

    Attributes
    ----------
    snapshots : pd.DatetimeIndex
        Hourly snapshots (UTC).
    costs : pd.DataFrame
        Index: model technology (see :data:`TECHNOLOGIES`). Columns: ``capital_cost``
        (annualised investment + fixed O&M per ``unit`` and year), ``unit`` (EUR/MW, EUR/MWh
        or EUR/MW/km),
        ``marginal_cost`` (EUR/MWh of the component's main flow), ``efficiency``,
        ``investment``, ``lifetime``, ``fom_pct``, ``source``.
    wind_cf : pd.DataFrame
        Capacity factor per site (columns: site keys).
    offtake_mw : pd.DataFrame
        Hydrogen offtake per hub, MW (LHV).
    grid_price : pd.DataFrame
        Import price per hub (grid enabled), EUR/MWh, carbon price included.
    grid_ci : pd.DataFrame
        Grid carbon intensity per hub (grid enabled), tCO2/MWh.
    ppa_cf : pd.DataFrame
        Capacity factor of the contracted renewable plant per hub (PPA enabled).
    digest : str
        SHA-256 over the network file and every input file read.
    files : dict
        Input files read, path -> SHA-256.
    minerals : pd.DataFrame
        Mineral intensities (``minerals.intensities``): ``technology``, ``variant``,
        ``mineral``, ``kg_per_unit`` (NaN where the table has no citable figure), ``unit``,
        ``status``; empty without an intensity table.
    mineral_supply : pd.DataFrame
        World supply per mineral (``minerals.supply``), index mineral; empty without one.
    thresholds : dict
        Emissions threshold of each hydrogen standard, kgCO2e/kgH2, from the standards table
        (``standards``); empty when no hub has a standard.
    """

    snapshots: pd.DatetimeIndex
    costs: pd.DataFrame
    wind_cf: pd.DataFrame
    offtake_mw: pd.DataFrame
    grid_price: pd.DataFrame
    grid_ci: pd.DataFrame
    ppa_cf: pd.DataFrame
    digest: str
    files: dict[str, str] = field(default_factory=dict)
    minerals: pd.DataFrame = field(default_factory=pd.DataFrame)
    mineral_supply: pd.DataFrame = field(default_factory=pd.DataFrame)
    thresholds: dict[str, float] = field(default_factory=dict)


#: Every column a time series may be asked for, by the field that asks: (lower, upper, unit).
SERIES_BOUNDS: dict[str, tuple[float, float, str]] = {
    "profile": (0.0, 1.0, ""),
    "offtake.profile": (0.0, limits.MAX_T_PER_DAY, "t/day"),
    "grid.price": (-limits.MAX_PRICE_EUR_PER_MWH, limits.MAX_PRICE_EUR_PER_MWH, "EUR/MWh"),
    "grid.carbon_intensity": (0.0, limits.MAX_INTENSITY_G_PER_KWH, "gCO2/kWh"),
    "ppa.profile": (0.0, 1.0, ""),
}

#: The cost table (PyPSA technology-data): the columns the model reads.
COST_TABLE = tables.Schema("cost table", (
    tables.Column("technology", "text"), tables.Column("parameter", "text"),
    tables.Column("value", "text", empty=True), tables.Column("unit", "text", empty=True),
    tables.Column("source", "text", empty=True, required=False),
))
#: The mineral intensity table (inputs/minerals.csv, written by energymodel.data.minerals).
MINERAL_TABLE = tables.Schema("mineral intensity table", (
    tables.Column("technology", "text", choices=tuple(MINERAL_UNITS)),
    tables.Column("variant", "text"), tables.Column("mineral", "text"),
    tables.Column("kg_per_unit", lower=0.0, upper=limits.MAX_COST_PER_UNIT * 10, empty=True,
                  unit="kg per unit"),
    tables.Column("unit", "text", choices=tuple(sorted(set(MINERAL_UNITS.values())))),
    tables.Column("status", "text", choices=MINERAL_STATUS),
), key=("technology", "variant", "mineral"))
#: The world supply table (inputs/mineral_supply.csv): empty where no figure exists.
SUPPLY_TABLE = tables.Schema("mineral supply table", (
    tables.Column("mineral", "text"),
    tables.Column("world_supply_t_per_yr", lower=0.0, lower_open=True,
                  upper=limits.MAX_MASS_T, empty=True, unit="t/yr"),
), key=("mineral",))
#: The table of the hydrogen standards (inputs/certification.csv).
STANDARDS_TABLE = tables.Schema("standards table", (
    tables.Column("standard", "text"), tables.Column("parameter", "text"),
    tables.Column("value", "text"), tables.Column("unit", "text", empty=True),
    tables.Column("source", "text", empty=True),
))
#: Standards a hub may be certified to: their emissions thresholds come from the table.
STANDARDS = ("uk_lchs", "india_ghs", "eu_rfnbo")
THRESHOLD = ("emissions threshold", "kgCO2e/kgH2")


class _Reader:
    """Reads each CSV once (through :mod:`energymodel.model.tables`) and checks the columns
    asked of it."""

    def __init__(self, nf: NetworkFile, snapshots: pd.DatetimeIndex) -> None:
        self.nf = nf
        self.snapshots = snapshots
        self.frames: dict[Path, pd.DataFrame] = {}
        self.hashes: dict[str, str] = {}

    def path(self, file: Path, field_name: str, *, named_here: bool = True) -> Path:
        """A file named in the network file, resolved and checked, its hash recorded.

        A missing file is an error of the network file's ``field_name`` (``named_here``), or
        of the file itself (tables found by convention, such as the cost table of a year)."""
        path = tables.checked_path(self.nf.resolve(file, field_name),
                                   self.nf.path if named_here else None, field_name)
        if str(path) not in self.hashes:
            self.hashes[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
        return path

    def frame(self, path: Path, field_name: str, schema: tables.Schema | None = None
              ) -> pd.DataFrame:
        if path not in self.frames:
            self.frames[path] = tables.read(path, schema, referrer=self.nf.path,
                                            field=field_name)
        return self.frames[path]

    def series(self, ref: SeriesRef, field_name: str, kind: str) -> np.ndarray:
        """Return a checked column of one row per snapshot (``kind``: a key of
        :data:`SERIES_BOUNDS`)."""
        path = self.path(ref.file, f"{field_name}.file")
        df = self.frame(path, f"{field_name}.file")
        lower, upper, unit = SERIES_BOUNDS[kind]
        col = tables.Column(ref.column, lower=lower, upper=upper, unit=unit)
        return tables.series(path, df, col, len(self.snapshots),
                             f"{field_name}.column in {self.nf.path.name}")


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

    ``capital_cost = (annuity(r, lifetime) + FOM/100) * investment``; investment per kW or kWh
    is scaled to per MW or MWh. Electrolyser efficiency is ``1 / electricity-input`` when the
    table gives electricity input (an ``efficiency`` override wins). The battery inverter's
    efficiency is technology-data's round trip; each direction gets its square root, as in
    PyPSA-Eur. VOM per MWh of hydrogen is expressed per MWh of electricity. Every value the
    model uses must lie in its physical and numerical range (:data:`energymodel.config.
    network.COST_BOUNDS`): an efficiency above 1 makes energy, a lifetime of 0 divides by zero.
    """
    df = tables.read(path, COST_TABLE, field="(file)")
    df = df.drop_duplicates(["technology", "parameter"], keep="first")
    values = _cost_values(path, df)
    keyed = df.set_index(["technology", "parameter"])
    units, sources = keyed["unit"], keyed.get("source")
    for tech, params in overrides.items():
        if tech not in TECHNOLOGIES.values():
            known = ", ".join(sorted(set(TECHNOLOGIES.values())))
            raise InputError(path, f"costs.overrides.{tech}", f"unknown technology ({known})")
        for param, value in params.items():
            values.loc[(tech, param)] = float(value)

    rows = {}
    for model_tech, td in TECHNOLOGIES.items():
        def get(param: str, default: float | None = None, td: str = td) -> float:
            v = values.get((td, param))
            if v is None or pd.isna(v):
                if default is None:
                    raise InputError(path, f"{td}/{param}", "missing from the cost table")
                return default
            low, high, open_ = COST_BOUNDS[param]
            if not np.isfinite(v) or (v <= low if open_ else v < low) or v > high:
                lower = f"above {low:g}" if open_ else f"at least {low:g}"
                raise InputError(path, f"{td}/{param}", f"value {v:g} is out of range: must be "
                                 f"{lower} and at most {high:g} (config/limits.py)")
            return float(v)

        unit = str(units.get((td, "investment"), "")).split(",")[0].strip()
        if unit not in _INVESTMENT_UNITS:
            raise InputError(path, f"{td}/investment", f"unit {unit!r} not understood")
        scale, model_unit = _INVESTMENT_UNITS[unit]
        investment = get("investment") * scale
        lifetime = get("lifetime")
        fom = get("FOM", 0.0)
        explicit = "efficiency" in overrides.get(td, {})
        if (td, "electricity-input") in values.index and not explicit:
            efficiency = 1.0 / get("electricity-input")
        else:
            efficiency = get("efficiency", 1.0)
        if model_tech == "battery inverter":
            efficiency **= 0.5  # round trip -> each way
        vom = get("VOM", 0.0)
        if "H2" in str(units.get((td, "VOM"), "")):
            vom *= efficiency  # EUR/MWh_H2 -> EUR/MWh_el
        rows[model_tech] = {
            "technology_data": td,
            "investment": investment,
            "unit": model_unit,
            "lifetime": lifetime,
            "fom_pct": fom,
            # below 1e-9 pypsa's annuity loses precision, then divides 0 by 0: use the r = 0 limit
            "capital_cost": (float(annuity(discount_rate if discount_rate >= 1e-9 else 0.0,
                                           lifetime)) + fom / 100) * investment,
            "marginal_cost": vom,
            "efficiency": efficiency,
            "source": "" if sources is None else str(sources.get((td, "investment"), "")),
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def read_minerals(path: Path) -> pd.DataFrame:
    """Read and check a mineral intensity table (see docs/minerals.md for its columns).

    A ``value`` row needs a non-negative ``kg_per_unit``; ``zero by design`` rows are 0; ``no
    citable figure`` rows must leave it empty (NaN here), so "zero" and "unknown" stay apart.
    Each technology has its own unit (:data:`energymodel.data.minerals.UNITS`).
    """
    df = tables.read(path, MINERAL_TABLE)
    for i, row in enumerate(df.itertuples(index=False), start=1):
        where = f"data row {i} ({row.technology}/{row.variant}/{row.mineral})"
        if MINERAL_UNITS[row.technology] != row.unit:
            raise InputError(path, where, f"unit {row.unit} does not fit technology "
                             f"{row.technology} ({MINERAL_UNITS[row.technology]})")
        value = row.kg_per_unit
        if row.status == "no citable figure":
            if pd.notna(value):
                raise InputError(path, where, "no citable figure, yet a value is given")
        elif pd.isna(value) or (row.status == "zero by design" and value != 0):
            raise InputError(path, where, f"kg_per_unit {value!r} does not fit {row.status!r}")
    return df


def read_supply(path: Path) -> pd.DataFrame:
    """Read and check the world supply table: one row per mineral, index mineral."""
    return tables.read(path, SUPPLY_TABLE).set_index("mineral")


def read_thresholds(path: Path) -> dict[str, float]:
    """The emissions threshold of each hydrogen standard, kgCO2e per kg H2, from the
    standards table (rows ``emissions threshold`` in ``kgCO2e/kgH2``)."""
    df = tables.read(path, STANDARDS_TABLE)
    rows = df[(df.parameter == THRESHOLD[0]) & (df.unit == THRESHOLD[1])]
    out = {}
    for standard in STANDARDS:
        mine = rows[rows.standard == standard]
        if len(mine) != 1:
            raise InputError(path, standard, f"needs exactly one '{THRESHOLD[0]}' row in "
                             f"{THRESHOLD[1]} (found {len(mine)})")
        col = tables.Column("value", lower=0.0, upper=limits.MAX_EMISSIONS_KG_PER_KG,
                            unit=THRESHOLD[1])
        out[standard] = float(tables.numbers(path, mine["value"], col, mine.index)[0])
    return out


def _snapshots(nf: NetworkFile) -> pd.DatetimeIndex:
    """The network's hourly snapshots, naive UTC (a trailing Z or +00:00 is dropped)."""
    start = pd.Timestamp(nf.network.snapshots.start)
    if start.tzinfo is not None:
        start = start.tz_convert("UTC").tz_localize(None)
    try:
        return pd.date_range(start, periods=nf.network.snapshots.periods, freq="h")
    except (ValueError, OverflowError):
        raise InputError(nf.path, "snapshots.periods", "reaches past the year 2262, the last "
                         "time pandas can hold") from None


def load(nf: NetworkFile) -> Inputs:
    """Read, check and convert every input of a network file."""
    net = nf.network
    snapshots = _snapshots(nf)
    reader = _Reader(nf, snapshots)

    cost_path = reader.path(Path(net.costs.dir) / f"costs_{net.costs.year}.csv", "(file)",
                            named_here=False)
    costs = read_costs(cost_path, net.costs.discount_rate, net.costs.overrides)

    wind = {key: reader.series(site.profile, f"sites.{key}.profile", "profile")
            for key, site in net.sites.items()}
    offtake, price, ci, ppa = {}, {}, {}, {}
    for key, hub in net.hubs.items():
        if hub.offtake.profile is not None:
            t_per_day = reader.series(hub.offtake.profile, f"hubs.{key}.offtake.profile",
                                      "offtake.profile")
        else:
            t_per_day = np.full(len(snapshots), hub.offtake.t_per_day)
        offtake[key] = t_per_day / 24 * H2_LHV_MWH_PER_T
        if not offtake[key].any():
            raise InputError(nf.path, f"hubs.{key}.offtake",
                             "zero in every snapshot (a hub must deliver hydrogen)")
        if hub.grid.enabled:
            ci[key] = reader.series(hub.grid.carbon_intensity,
                                    f"hubs.{key}.grid.carbon_intensity",
                                    "grid.carbon_intensity") / 1e3
            price[key] = hub.grid.price_multiplier * reader.series(
                hub.grid.price, f"hubs.{key}.grid.price", "grid.price",
            ) + hub.grid.co2_price_eur_per_t * ci[key]
        if hub.ppa.enabled:
            ppa[key] = reader.series(hub.ppa.profile, f"hubs.{key}.ppa.profile", "ppa.profile")

    minerals, supply = pd.DataFrame(), pd.DataFrame()
    mcfg = net.minerals
    if mcfg.intensities is not None:
        mpath = reader.path(mcfg.intensities, "(file)", named_here=False)
        minerals = read_minerals(mpath)
        known = set(minerals.mineral)
        asked = [(f"minerals.caps.{i}.mineral", c.mineral) for i, c in enumerate(mcfg.caps)]
        asked += [(f"minerals.recycled_share.{m}", m) for m in mcfg.recycled_share]
        for where, mineral in asked:
            if mineral not in known:
                raise InputError(nf.path, where, f"mineral {mineral!r} not in {mpath.name} "
                                 f"({', '.join(sorted(known))})")
    if mcfg.supply is not None:
        supply = read_supply(reader.path(mcfg.supply, "(file)", named_here=False))
    thresholds = {}
    if any(h.certification.standards for h in net.hubs.values()):
        thresholds = read_thresholds(reader.path(net.standards, "standards"))

    digest = hashlib.sha256(nf.path.read_bytes())
    for name in sorted(reader.hashes):
        digest.update(reader.hashes[name].encode())
    logger.info(
        "Inputs read: %d snapshots, %d sites, %d hubs, %d files",
        len(snapshots), len(wind), len(net.hubs), len(reader.hashes),
    )

    def frame(d: dict) -> pd.DataFrame:
        return pd.DataFrame(d, index=snapshots, columns=list(d), dtype=float)

    return Inputs(
        snapshots=snapshots, costs=costs, wind_cf=frame(wind), offtake_mw=frame(offtake),
        grid_price=frame(price), grid_ci=frame(ci), ppa_cf=frame(ppa), digest=digest.hexdigest(),
        files=dict(reader.hashes), minerals=minerals, mineral_supply=supply,
        thresholds=thresholds,
    )
