"""India offshore wind capacity-factor profiles from NASA POWER wind-speed windows.

No full-year offshore series for India is public. The raw data are real NASA POWER (MERRA-2)
hourly 50 m wind speeds for one window per month of 2025 at two coastal grid cells. This module:

1. keeps the whole UTC days of each monthly window that fall in that calendar month;
2. fills every day of that month of 2025 by tiling those real days in order (hour of day kept);
3. scales 50 m speed by one factor per site, extrapolates to hub height with windpowerlib's
   Hellman power law and converts to power with a windpowerlib (OEDB) turbine power curve;
4. finds the factor (scipy ``brentq``) at which the annual mean capacity factor equals the
   published NIWE figure for the zone.

Run ``energymodel prepare profiles`` (``make profiles``). The method and the
resulting figures are written down in ``inputs/PROVENANCE.md``.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import brentq
from windpowerlib import WindTurbine
from windpowerlib.power_output import power_curve as windpowerlib_power_curve
from windpowerlib.wind_speed import hellman

__all__ = [
    "HELLMAN_EXPONENT",
    "HUB_HEIGHT_M",
    "MEASUREMENT_HEIGHT_M",
    "SITES",
    "TURBINE_TYPE",
    "YEAR",
    "Site",
    "build_all",
    "build_profile",
    "calibrate",
    "capacity_factor",
    "load_window",
    "reference_turbine",
    "month_days",
    "tile_year",
]

logger = logging.getLogger(__name__)

YEAR = 2025
"""Source year of the NASA POWER windows (non-leap, 8,760 hours)."""

MEASUREMENT_HEIGHT_M = 50.0
"""Height of the NASA POWER ``WS50M`` parameter."""

TURBINE_TYPE = "V164/9500"
"""Vestas V164-9.5 MW, the largest offshore power curve in windpowerlib's bundled OEDB library."""

HUB_HEIGHT_M = 105.0
"""Lower of the two hub heights ('105; 140') the OEDB turbine library lists for the V164/9500."""

HELLMAN_EXPONENT = 0.11
"""Power-law shear exponent over open sea in near-neutral conditions (Hsu, Meindl & Gilhousen
1994, J. Appl. Meteor. 33:757-765). Under the calibration below it only changes the size of the
speed factor, not the calibrated profile: factor and (hub/50)**alpha multiply every hour alike."""

FACTOR_BRACKET = (0.3, 3.0)
"""Search interval of the wind-speed calibration factor."""


@dataclass(frozen=True)
class Site:
    """One Indian offshore zone: its NASA POWER window file and its published target CF."""

    name: str
    window_file: str
    target_cf: float
    target_source: str


SITES = (
    Site(
        name="Gulf of Khambhat",
        window_file="india/bhavnagar_nasa_power_ws50m_hourly_2025_monthly_windows.csv",
        target_cf=0.37,
        target_source="NIWE offshore LiDAR, CUF 37 % (MNRE, Windergy India, Oct 2025)",
    ),
    Site(
        name="Gulf of Mannar",
        window_file="india/tuticorin_nasa_power_ws50m_hourly_2025_monthly_windows.csv",
        target_cf=0.48,
        target_source="NIWE: CUF 45-50 % (MNRE, Oct 2025); ~48 % Dhanushkodi DPR (Nov 2025)",
    ),
)


def load_window(path: Path) -> pd.DataFrame:
    """Read a NASA POWER window file, indexed by UTC time, with ``ws50m_ms`` and ``window_id``."""
    df = pd.read_csv(path, usecols=["time_utc", "ws50m_ms", "window_id"])
    df.index = pd.DatetimeIndex(pd.to_datetime(df.pop("time_utc"), utc=True), name="time_utc")
    return df


def month_days(window: pd.DataFrame, month: int) -> list[np.ndarray]:
    """Whole UTC days (24 hourly speeds, in time order) of ``month``'s window in that month.

    Hours of the window that fall before the first day of the month, and partial days at the
    edges of the window, are dropped.
    """
    wid = f"{YEAR}-{month:02d}"
    sub = window.loc[window["window_id"] == wid, "ws50m_ms"].sort_index()
    sub = sub[(sub.index.month == month) & (sub.index.year == YEAR)]
    days = [g.to_numpy() for _, g in sub.groupby(sub.index.floor("D")) if len(g) == 24]
    if not days:
        msg = f"window {wid} has no whole UTC day in its month"
        raise ValueError(msg)
    return days


def tile_year(window: pd.DataFrame) -> pd.Series:
    """Hourly 50 m speeds for all of ``YEAR``: each month tiled from its window's whole days.

    Day ``d`` of month ``m`` (0-based) takes real window day ``d mod n_m`` of that month, so the
    real days repeat in their own order and every hour keeps its UTC hour of day.
    """
    index = pd.date_range(f"{YEAR}-01-01", periods=8760, freq="h", tz="UTC", name="time_utc")
    values = np.empty(len(index))
    for month in range(1, 13):
        days = month_days(window, month)
        positions = np.flatnonzero(index.month == month)
        for d in range(len(positions) // 24):
            values[positions[24 * d : 24 * (d + 1)]] = days[d % len(days)]
    return pd.Series(values, index=index, name="ws50m_ms")


@functools.cache
def reference_turbine() -> WindTurbine:
    """The windpowerlib turbine of ``TURBINE_TYPE`` at ``HUB_HEIGHT_M`` (bundled data, offline)."""
    turbine = WindTurbine(turbine_type=TURBINE_TYPE, hub_height=HUB_HEIGHT_M)
    if turbine.power_curve is None:
        msg = f"windpowerlib has no power curve for {TURBINE_TYPE}"
        raise ValueError(msg)
    return turbine


def capacity_factor(
    ws50: np.ndarray, factor: float, turbine: WindTurbine | None = None
) -> np.ndarray:
    """Capacity factor of each hour: scale ``ws50`` by ``factor``, shear to hub, power curve.

    Uses ``windpowerlib.wind_speed.hellman`` and ``windpowerlib.power_output.power_curve``
    (no density correction; zero output outside the curve, i.e. above its 24.5 m/s end).
    """
    turbine = turbine or reference_turbine()
    ws_hub = hellman(
        np.asarray(ws50, dtype=float) * factor,
        MEASUREMENT_HEIGHT_M,
        turbine.hub_height,
        hellman_exponent=HELLMAN_EXPONENT,
    )
    curve = turbine.power_curve
    power = windpowerlib_power_curve(ws_hub, curve["wind_speed"], curve["value"])
    return np.asarray(power, dtype=float) / turbine.nominal_power


def calibrate(ws50_year: pd.Series, target_cf: float, turbine: WindTurbine | None = None) -> float:
    """Wind-speed factor at which the mean capacity factor of ``ws50_year`` is ``target_cf``."""
    turbine = turbine or reference_turbine()
    values = ws50_year.to_numpy()

    def gap(factor: float) -> float:
        return capacity_factor(values, factor, turbine).mean() - target_cf

    return float(brentq(gap, *FACTOR_BRACKET, xtol=1e-10))


def build_profile(
    window: pd.DataFrame, target_cf: float, factor: float | None = None
) -> tuple[pd.Series, float]:
    """Calibrated hourly capacity factor for ``YEAR`` and the wind-speed factor used.

    ``factor=None`` calibrates to ``target_cf``; a given factor is used as is (``1.0`` gives the
    uncalibrated series).
    """
    turbine = reference_turbine()
    ws50 = tile_year(window)
    if factor is None:
        factor = calibrate(ws50, target_cf, turbine)
    cf = pd.Series(capacity_factor(ws50.to_numpy(), factor, turbine), index=ws50.index)
    return cf, factor


def build_all(raw: Path) -> tuple[pd.DataFrame, dict[str, float]]:
    """Profiles of every site in ``SITES`` (one column each) and their calibration factors."""
    columns, factors = {}, {}
    for site in SITES:
        window = load_window(raw / site.window_file)
        columns[site.name], factors[site.name] = build_profile(window, site.target_cf)
        logger.info(
            "%s: factor %.4f, annual CF %.4f (target %.2f)",
            site.name,
            factors[site.name],
            columns[site.name].mean(),
            site.target_cf,
        )
    return pd.DataFrame(columns), factors


def write_profiles(profiles: pd.DataFrame, path: Path) -> None:
    """Write ``profiles`` with a ``time_utc`` ISO 8601 column and 4 decimals."""
    out = profiles.round(4)
    out.index = out.index.strftime("%Y-%m-%dT%H:%M:%SZ")
    out.index.name = "time_utc"
    path.parent.mkdir(parents=True, exist_ok=True)
    out.to_csv(path)
    logger.info("wrote %s (%d rows)", path, len(out))


def write(raw: Path, out: Path) -> Path:
    """Derive ``india_offshore_wind_cf_2025.csv`` in ``out`` from the raw NASA POWER windows."""
    profiles, _ = build_all(raw)
    path = out / f"india_offshore_wind_cf_{YEAR}.csv"
    write_profiles(profiles, path)
    return path
