"""Read and check every input a network file points at; convert units once.

After :func:`load` nothing downstream reads a file or converts a unit: the model builder gets
time series on the network's snapshots and a cost table in model units (EUR, MW, MWh, per year).
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from pypsa.costs import annuity

from energymodel.config import TECHNOLOGIES, NetworkFile, SeriesRef
from energymodel.data.minerals import STATUSES as MINERAL_STATUS
from energymodel.data.minerals import UNITS as MINERAL_UNITS
from energymodel.errors import InputError

logger = logging.getLogger(__name__)

#: Lower heating value of hydrogen, MWh per tonne (33.33 kWh/kg).
H2_LHV_MWH_PER_T = 33.33

#: Most snapshots a network may have (about 114 years of hours; guards memory, not modelling).
MAX_SNAPSHOTS = 1_000_000

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


def _check_time(path: Path, df: pd.DataFrame) -> None:
    """Refuse a ``time_utc`` column out of order or with repeats.

    Rows are aligned to snapshots by position, so rows in the wrong order would silently
    shift the series; hours (ISO timestamps) or row numbers must strictly increase.
    """
    if "time_utc" not in df.columns or df.empty:
        return
    raw = df["time_utc"]
    t = pd.to_numeric(raw, errors="coerce")
    if t.isna().any():
        t = pd.to_datetime(raw.astype(str), utc=True, errors="coerce", format="ISO8601")
        bad = np.flatnonzero(t.isna())
        if bad.size:
            raise InputError(path, "time_utc", f"value {raw.iloc[bad[0]]!r} in data row "
                             f"{bad[0] + 1} is not a time such as 2019-01-01T00:00:00Z")
        t = pd.Series(pd.DatetimeIndex(t).asi8)
    step = np.diff(t.to_numpy(dtype=float))
    idx = np.flatnonzero(step <= 0)
    if idx.size:
        kind = "repeats" if step[idx[0]] == 0 else "comes before"
        raise InputError(path, "time_utc", f"data row {idx[0] + 2} {kind} row {idx[0] + 1}: "
                         "times must strictly increase (rows are matched to hours in order)")


class _Reader:
    """Reads each CSV once and checks the columns asked of it."""

    def __init__(self, nf: NetworkFile, snapshots: pd.DatetimeIndex) -> None:
        self.nf = nf
        self.snapshots = snapshots
        self.frames: dict[Path, pd.DataFrame] = {}
        self.hashes: dict[str, str] = {}

    def frame(self, path: Path, field_name: str) -> pd.DataFrame:
        if path not in self.frames:
            if not path.is_file():
                raise InputError(self.nf.path, field_name, f"file not found: {path}")
            raw = path.read_bytes()
            self.hashes[str(path)] = hashlib.sha256(raw).hexdigest()
            try:
                df = pd.read_csv(path)
            except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as err:
                raise InputError(path, "(file)", f"not a readable CSV: {err}") from None
            head = list(itertools.islice(csv.reader(io.StringIO(raw.decode(errors="replace"))), 2))
            names = head[0]
            if len(head) == 2 and len(head[1]) != len(names):  # pandas would shift columns
                raise InputError(path, "(header)", f"has {len(names)} names but data row 1 "
                                 f"has {len(head[1])} fields")
            twice = sorted({c for c in names if names.count(c) > 1})
            if twice:
                raise InputError(path, "(header)", f"column {twice[0]!r} appears twice")
            _check_time(path, df)
            self.frames[path] = df
        return self.frames[path]

    def series(
        self, ref: SeriesRef, field_name: str, *, lower: float = 0.0, upper: float = np.inf,
    ) -> np.ndarray:
        """Return a checked column of one row per snapshot."""
        path = self.nf.resolve(ref.file)
        df = self.frame(path, f"{field_name}.file")
        if ref.column not in df.columns:
            raise InputError(
                path, ref.column,
                f"column not found (asked for by {field_name}.column in {self.nf.path.name})",
            )
        n = len(self.snapshots)
        if len(df) != n:
            raise InputError(
                path, ref.column,
                f"has {len(df)} rows but the network has {n} snapshots (one row per hour)",
            )
        values = pd.to_numeric(df[ref.column], errors="coerce").to_numpy(dtype=float)
        bad = np.flatnonzero(~np.isfinite(values))
        if bad.size:
            raise InputError(
                path, ref.column, f"missing or non-numeric value in data row {bad[0] + 1}"
            )
        for test, word, limit in ((values < lower, "below", lower), (values > upper, "above",
                                                                      upper)):
            idx = np.flatnonzero(test)
            if idx.size:
                raise InputError(
                    path, ref.column,
                    f"value {values[idx[0]]:g} in data row {idx[0] + 1} is {word} {limit:g}",
                )
        return values


def read_costs(path: Path, discount_rate: float, overrides: dict) -> pd.DataFrame:
    """Read a technology-data table and convert the model's technologies to model units.

    ``capital_cost = (annuity(r, lifetime) + FOM/100) * investment``; investment per kW or kWh
    is scaled to per MW or MWh. Electrolyser efficiency is ``1 / electricity-input`` when the
    table gives electricity input (an ``efficiency`` override wins). The battery inverter's
    efficiency is technology-data's round trip; each direction gets its square root, as in
    PyPSA-Eur. VOM per MWh of hydrogen is expressed per MWh of electricity.
    """
    if not path.is_file():
        raise InputError(path, "(file)", "cost table not found")
    try:
        df = pd.read_csv(path)
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as err:
        raise InputError(path, "(file)", f"not a readable CSV: {err}") from None
    missing = {"technology", "parameter", "value", "unit"} - set(df.columns)
    if missing:
        raise InputError(path, ", ".join(sorted(missing)), "column not found")
    df = df.drop_duplicates(["technology", "parameter"], keep="first")
    bad = df["value"].notna() & pd.to_numeric(df["value"], errors="coerce").isna()
    if bad.any():
        row = df[bad].iloc[0]
        raise InputError(path, f"{row['technology']}/{row['parameter']}",
                         f"value {row['value']!r} is not a number")
    values = df.set_index(["technology", "parameter"])["value"].astype(float)
    units = df.set_index(["technology", "parameter"])["unit"]
    sources = df.set_index(["technology", "parameter"]).get("source")
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
            if v < 0 or not np.isfinite(v):
                raise InputError(path, f"{td}/{param}", f"negative or infinite value {v:g}")
            return float(v)

        unit = str(units.get((td, "investment"), "")).split(",")[0].strip()
        if unit not in _INVESTMENT_UNITS:
            raise InputError(path, f"{td}/investment", f"unit {unit!r} not understood")
        scale, model_unit = _INVESTMENT_UNITS[unit]
        investment = get("investment") * scale
        if not np.isfinite(investment):
            raise InputError(path, f"{td}/investment", "too large (overflows in model units)")
        lifetime = get("lifetime")
        if lifetime <= 0:
            raise InputError(path, f"{td}/lifetime", "must be positive")
        fom = get("FOM", 0.0)
        explicit = "efficiency" in overrides.get(td, {})
        if (td, "electricity-input") in values.index and not explicit:
            if get("electricity-input") == 0:
                raise InputError(path, f"{td}/electricity-input", "must be positive")
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
    """
    if not path.is_file():
        raise InputError(path, "(file)", "mineral intensity table not found")
    df = pd.read_csv(path)
    need = {"technology", "variant", "mineral", "kg_per_unit", "unit", "status"}
    missing = need - set(df.columns)
    if missing:
        raise InputError(path, ", ".join(sorted(missing)), "column not found")
    for i, row in df.iterrows():
        where = f"row {i + 2} ({row.technology}/{row.variant}/{row.mineral})"
        if row.status not in MINERAL_STATUS:
            raise InputError(path, where, f"status {row.status!r} not one of "
                             f"{', '.join(MINERAL_STATUS)}")
        if MINERAL_UNITS.get(row.technology) != row.unit:
            raise InputError(path, where, f"technology/unit {row.technology}/{row.unit} not "
                             "understood")
        value = row.kg_per_unit
        if row.status == "no citable figure":
            if pd.notna(value):
                raise InputError(path, where, "no citable figure, yet a value is given")
        elif pd.isna(value) or value < 0 or (row.status == "zero by design" and value != 0):
            raise InputError(path, where, f"kg_per_unit {value!r} does not fit {row.status!r}")
    if df.duplicated(["technology", "variant", "mineral"]).any():
        raise InputError(path, "technology, variant, mineral", "duplicate rows")
    return df


def _read_supply(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise InputError(path, "(file)", "mineral supply table not found")
    df = pd.read_csv(path)
    if not {"mineral", "world_supply_t_per_yr"} <= set(df.columns):
        raise InputError(path, "mineral, world_supply_t_per_yr", "column not found")
    return df.set_index("mineral")


def load(nf: NetworkFile) -> Inputs:
    """Read, check and convert every input of a network file."""
    net = nf.network
    if net.snapshots.periods > MAX_SNAPSHOTS:
        raise InputError(nf.path, "snapshots.periods", f"more than {MAX_SNAPSHOTS:,} hours")
    try:
        snapshots = pd.date_range(net.snapshots.start, periods=net.snapshots.periods, freq="h")
    except (ValueError, OverflowError, AttributeError):  # AttributeError: start ""
        raise InputError(nf.path, "snapshots.start", "not a start time such as 2019-01-01 "
                         f"00:00 (got {net.snapshots.start!r})") from None
    reader = _Reader(nf, snapshots)

    cost_path = nf.resolve(net.costs.dir) / f"costs_{net.costs.year}.csv"
    costs = read_costs(cost_path, net.costs.discount_rate, net.costs.overrides)
    reader.hashes[str(cost_path)] = hashlib.sha256(cost_path.read_bytes()).hexdigest()

    wind = {
        key: reader.series(site.profile, f"sites.{key}.profile", upper=1.0)
        for key, site in net.sites.items()
    }
    offtake, price, ci, ppa = {}, {}, {}, {}
    for key, hub in net.hubs.items():
        if hub.offtake.profile is not None:
            t_per_day = reader.series(hub.offtake.profile, f"hubs.{key}.offtake.profile")
        else:
            t_per_day = np.full(len(snapshots), hub.offtake.t_per_day)
        offtake[key] = t_per_day / 24 * H2_LHV_MWH_PER_T
        if not offtake[key].any():
            raise InputError(nf.path, f"hubs.{key}.offtake",
                             "zero in every snapshot (a hub must deliver hydrogen)")
        if hub.grid.enabled:
            ci[key] = reader.series(
                hub.grid.carbon_intensity, f"hubs.{key}.grid.carbon_intensity", upper=2000.0
            ) / 1e3
            price[key] = hub.grid.price_multiplier * reader.series(
                hub.grid.price, f"hubs.{key}.grid.price", lower=-np.inf
            ) + hub.grid.co2_price_eur_per_t * ci[key]
            if not np.isfinite(price[key]).all():
                raise InputError(nf.path, f"hubs.{key}.grid.co2_price_eur_per_t",
                                 "too large: the import price overflows")
        if hub.ppa.enabled:
            ppa[key] = reader.series(hub.ppa.profile, f"hubs.{key}.ppa.profile", upper=1.0)

    minerals, supply = pd.DataFrame(), pd.DataFrame()
    mcfg = net.minerals
    if mcfg.intensities is not None:
        mpath = nf.resolve(mcfg.intensities)
        minerals = read_minerals(mpath)
        reader.hashes[str(mpath)] = hashlib.sha256(mpath.read_bytes()).hexdigest()
        known = set(minerals.mineral)
        asked = [(f"minerals.caps.{i}.mineral", c.mineral) for i, c in enumerate(mcfg.caps)]
        asked += [(f"minerals.recycled_share.{m}", m) for m in mcfg.recycled_share]
        for where, mineral in asked:
            if mineral not in known:
                raise InputError(nf.path, where, f"mineral {mineral!r} not in {mpath.name} "
                                 f"({', '.join(sorted(known))})")
    if mcfg.supply is not None:
        spath = nf.resolve(mcfg.supply)
        supply = _read_supply(spath)
        reader.hashes[str(spath)] = hashlib.sha256(spath.read_bytes()).hexdigest()

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
    )
