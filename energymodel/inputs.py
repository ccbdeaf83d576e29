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

from energymodel.config import NetworkFile, SeriesRef
from energymodel.errors import InputError

logger = logging.getLogger(__name__)

#: Lower heating value of hydrogen, MWh per tonne (33.33 kWh/kg).
H2_LHV_MWH_PER_T = 33.33

#: Model technology -> PyPSA technology-data name. The model's cost table has one row each.
TECHNOLOGIES: dict[str, str] = {
    "offwind fixed": "offwind",
    "offwind floating": "offwind-float",
    "export station fixed": "offwind-ac-station",
    "export cable fixed": "offwind-ac-connection-submarine",
    "export station floating": "offwind-float-station",
    "export cable floating": "offwind-float-connection-submarine",
    "electrolysis alkaline": "Alkaline electrolyzer large size",
    "electrolysis pem": "PEM electrolyzer small size",
    "H2 salt_cavern": "hydrogen storage underground",
    "H2 tank": "hydrogen storage tank type 1 including compressor",
    "battery storage": "battery storage",
    "battery inverter": "battery inverter",
}

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
                self.frames[path] = pd.read_csv(path)
            except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as err:
                raise InputError(path, "(file)", f"not a readable CSV: {err}") from None
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
    df = pd.read_csv(path)
    missing = {"technology", "parameter", "value", "unit"} - set(df.columns)
    if missing:
        raise InputError(path, ", ".join(sorted(missing)), "column not found")
    df = df.drop_duplicates(["technology", "parameter"], keep="first")
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
            if v < 0:
                raise InputError(path, f"{td}/{param}", f"negative value {v:g}")
            return float(v)

        unit = str(units.get((td, "investment"), "")).split(",")[0].strip()
        if unit not in _INVESTMENT_UNITS:
            raise InputError(path, f"{td}/investment", f"unit {unit!r} not understood")
        scale, model_unit = _INVESTMENT_UNITS[unit]
        investment = get("investment") * scale
        lifetime = get("lifetime")
        if lifetime <= 0:
            raise InputError(path, f"{td}/lifetime", "must be positive")
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
            "capital_cost": (float(annuity(discount_rate, lifetime)) + fom / 100) * investment,
            "marginal_cost": vom,
            "efficiency": efficiency,
            "source": "" if sources is None else str(sources.get((td, "investment"), "")),
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def load(nf: NetworkFile) -> Inputs:
    """Read, check and convert every input of a network file."""
    net = nf.network
    snapshots = pd.date_range(net.snapshots.start, periods=net.snapshots.periods, freq="h")
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
        if hub.grid.enabled:
            ci[key] = reader.series(
                hub.grid.carbon_intensity, f"hubs.{key}.grid.carbon_intensity", upper=2000.0
            ) / 1e3
            price[key] = reader.series(
                hub.grid.price, f"hubs.{key}.grid.price", lower=-np.inf
            ) + hub.grid.co2_price_eur_per_t * ci[key]
        if hub.ppa.enabled:
            ppa[key] = reader.series(hub.ppa.profile, f"hubs.{key}.ppa.profile", upper=1.0)

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
        files=dict(reader.hashes),
    )
