"""Derive model-ready UK wind and grid inputs from the verbatim raw files in ``inputs/raw``.

``energymodel prepare inputs [--shared ../shared/data]`` (``make inputs``) writes:

- ``wind/uk_offshore_wind_cf_2019.csv``: the 40 renewables.ninja farm series, each hour read back
  to an equivalent wind speed on a reference farm power curve, the speed times one factor that
  brings their capacity-weighted 2019 mean to the GB offshore fleet 2019 mean, and back through
  the curve (``rescale_cf``), so peaks still reach a capacity factor near 1;
- ``wind/uk_weather_years/uk_offshore_wind_cf_<year>.csv``, 2010-2019: the 12-farm series of
  each weather year through the same 2019 factor, without 29 February (``build_uk_weather_years``);
- ``grid/gb_grid_2019.csv``: GB day-ahead price (GBP2019 -> EUR2025) with gaps filled by
  ``fill_gaps``, and ESO carbon intensity;
- ``grid/india_grid_2025.csv``: IEX day-ahead price, 15-min IST blocks averaged to UTC hours
  (INR2025 -> EUR2025), gaps filled by ``fill_gaps``, and the constant CEA grid emission factor;
- ``costs/electrolysers.csv`` and ``costs/electrolyser_part_load.csv``: alkaline and PEM cost,
  stack and consumption figures per cost year on the technology-data and DEA bases, in EUR2025,
  and the SEC part-load curves (:mod:`energymodel.data.electrolysers`);
- ``grid/grid_charges.csv``: UK and India grid import charges per MWh in EUR2025, with the ones
  the model includes by default (:mod:`energymodel.data.grid_charges`);
- ``validation/published_hydrogen_prices.csv``: published hydrogen and ammonia prices (HAR1,
  SECI, H2Global, ...) in EUR2025 per kg of hydrogen (:mod:`energymodel.data.validation`).

Currencies are harmonised to EUR2025 by :mod:`energymodel.data.currency` (Eurostat HICP, EEA
row; ECB annual average exchange rates).

With ``--shared`` the raw files (and the cost tables) are first re-copied from that folder.
Every time series has a ``time_utc`` column and 8,760 hourly rows of its own source year (leap
weather years without 29 February).
"""

from __future__ import annotations

import functools
import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import brentq
from scipy.special import ndtr

from energymodel.errors import InputError

__all__ = [
    "CEA_ITEM",
    "FARM_CURVE_SD",
    "MAX_INTERPOLATION_GAP_H",
    "PRICE_CURRENCIES",
    "RAW_FILES",
    "UK_CORRECTION_FACTOR",
    "UK_WEATHER_YEARS",
    "PowerCurve",
    "build_gb_grid",
    "build_india_grid",
    "build_uk_weather_years",
    "build_uk_wind",
    "copy_shared",
    "farm_power_curve",
    "fill_gaps",
    "hourly_index",
    "iex_utc_hourly",
    "india_grid_intensity",
    "rescale_cf",
    "solve_speed_factor",
    "uk_correction_factor",
    "uk_reference_curve",
    "price_factor",
    "write_timeseries",
]

logger = logging.getLogger(__name__)

RAW_FILES = (
    "uk/uk_offshore_wind_cf_hourly_2019_40farms_renewablesninja_pypsagb.csv",
    "uk/gb_offshore_wind_cf_hourly_2015_2019_national_currentfleet_renewablesninja_eoles.csv",
    "uk/uk_offshore_wind_sites_renewablesninja_pypsagb_metadata_2010_2019.csv",
    "uk/uk_offshore_wind_cf_hourly_2010_2019_12sites_renewablesninja_pypsagb.csv",
    "india/bhavnagar_nasa_power_ws50m_hourly_2025_monthly_windows.csv",
    "india/tuticorin_nasa_power_ws50m_hourly_2025_monthly_windows.csv",
    "india/nasa_power_2025_window_summary.csv",
    "india/published_calibration_figures.csv",
    "grid/gb_day_ahead_price_2019_hourly.csv",
    "grid/gb_carbon_intensity_2019_hourly.csv",
    "grid/iex_dam_mcp_2025_15min.csv",
    "emissions/emission_factors_compiled.csv",
)
"""Files under ``inputs/raw`` (paths relative to the shared data folder), copied verbatim."""

RECORD_FILES = ("finance/cost_of_capital_compiled.csv",
                "hydrogen/offshore_electrolysis_compiled.csv")
"""Compiled tables copied verbatim for the record and read by no code: the network files take
their cost of capital (docs/costs.md#cost-of-capital) and the offshore electrolysis figures
(capex multiplier, platform and pipeline costs) from them by hand."""

COST_FILES = ("costs_2030.csv", "costs_2040.csv", "costs_2050.csv")
"""PyPSA technology-data outputs, copied verbatim from ``costs/technology_data_raw``."""

UK_FARMS_FILE, UK_FLEET_FILE, UK_META_FILE, UK_YEARS_FILE = RAW_FILES[:4]
GB_PRICE_FILE, GB_CARBON_FILE, IEX_FILE, EMISSIONS_FILE = RAW_FILES[8:]

UK_YEAR, INDIA_YEAR = 2019, 2025

UK_WEATHER_YEARS = tuple(range(2010, 2020))
"""Weather years of the 12-farm file; one derived wind file each (``build_uk_weather_years``)."""

UK_CORRECTION_FACTOR = 0.8353510
"""Wind-speed factor (alpha) of the UK calibration: every farm hour's equivalent speed on
``uk_reference_curve`` times this factor (``rescale_cf``) brings the capacity-weighted 2019 mean CF
of the 40 renewables.ninja farms (0.48376, REPD 2019-list capacities) to the GB fleet 2019 mean
CF (0.36230, renewables.ninja national current fleet); solved by ``uk_correction_factor``. (Up to
issue 14 this name held a capacity-factor multiplier, 0.74891, which capped every hour at 0.75.)"""

FARM_CURVE_SD = (0.6, 0.2)
"""Gaussian smoothing of the reference farm power curve: standard deviation 0.6 + 0.2 v m/s at
speed v (Staffell & Pfenninger 2016, Energy 114:1224, the renewables.ninja farm curve;
windpowerlib's ``smooth_power_curve`` method 'Staffell_Pfenninger')."""

SPEED_BRACKET = (0.0, 100.0)
"""Search interval (m/s) for the equivalent speed of a capacity factor (the curve is 0.99999 at
100 m/s)."""

FACTOR_BRACKET = (0.5, 1.5)
"""Search interval of the wind-speed factor."""

PRICE_CURRENCIES = {"GB": ("GBP", UK_YEAR), "India": ("INR", INDIA_YEAR)}
"""Currency and currency year of each grid's published day-ahead price: GBP2019 (N2EX via
PyPSA-GB) and INR2025 (IEX). Both are expressed in EUR2025 by
:func:`energymodel.data.currency.to_eur2025`: divided by the ECB annual average rate of the
price's year, then inflated with the HICP (EEA row) to 2025."""

MAX_INTERPOLATION_GAP_H = 3
"""Gaps up to this many hours are interpolated linearly; longer ones copy the previous day."""

CEA_ITEM = ("India (all-India)", "FY2024-25")
"""Region and year of the CEA grid emission factor row in ``emission_factors_compiled.csv``."""


def hourly_index(year: int) -> pd.DatetimeIndex:
    """The 8,760 UTC hours of a non-leap ``year``."""
    index = pd.date_range(f"{year}-01-01", f"{year}-12-31 23:00", freq="h", tz="UTC")
    if len(index) != 8760:
        msg = f"{year} is a leap year; the model expects 8,760 hours"
        raise ValueError(msg)
    return index.rename("time_utc")


def write_timeseries(df: pd.DataFrame, path: Path, decimals: int | dict[str, int]) -> None:
    """Write ``df`` with a first column ``time_utc`` (ISO 8601, ``Z``), rounded to ``decimals``."""
    if len(df) != 8760 or df.isna().any().any():
        msg = f"{path.name}: expected 8,760 complete rows, got {len(df)}"
        raise ValueError(msg)
    out = df.round(decimals)
    out.index = out.index.strftime("%Y-%m-%dT%H:%M:%SZ")
    out.index.name = "time_utc"
    path.parent.mkdir(parents=True, exist_ok=True)
    out.to_csv(path)
    logger.info("wrote %s (%d rows)", path, len(out))


def fill_gaps(series: pd.Series, max_interpolate: int = MAX_INTERPOLATION_GAP_H) -> pd.Series:
    """Fill NaN runs of an hourly series: short runs linearly, long runs from the previous day.

    A run of at most ``max_interpolate`` hours with data on both sides is interpolated linearly
    between its neighbours. Any other run takes the value of the same hour 24 h earlier (24 h
    later if the run starts within the first day). Runs are filled in time order.
    """
    values = series.to_numpy(dtype=float, copy=True)
    missing = np.isnan(values)
    starts = np.flatnonzero(missing & ~np.r_[False, missing[:-1]])
    for start in starts:
        end = start
        while end + 1 < len(values) and missing[end + 1]:
            end += 1
        inside = start > 0 and end < len(values) - 1
        if end - start + 1 <= max_interpolate and inside:
            left, right = values[start - 1], values[end + 1]
            steps = np.arange(1, end - start + 2) / (end - start + 2)
            values[start : end + 1] = left + (right - left) * steps
        else:
            for pos in range(start, end + 1):
                values[pos] = values[pos - 24] if pos >= 24 else values[pos + 24]
        if np.isnan(values[start : end + 1]).any():
            msg = f"gap at {series.index[start]} cannot be filled from a neighbouring day"
            raise ValueError(msg)
    return pd.Series(values, index=series.index, name=series.name)


def _read_hourly(path: Path, time_column: str) -> pd.DataFrame:
    """Read a CSV whose ``time_column`` holds UTC hours; index it by UTC time."""
    df = pd.read_csv(path)
    df.index = pd.DatetimeIndex(pd.to_datetime(df.pop(time_column), utc=True), name="time_utc")
    return df


@dataclass(frozen=True)
class PowerCurve:
    """A capacity-factor curve of wind speed, strictly increasing from CF 0 at 0 m/s towards CF 1,
    and its inverse; both map arrays elementwise (``cf(speed(c)) == c`` for 0 < c < 1)."""

    cf: Callable[[np.ndarray], np.ndarray]
    speed: Callable[[np.ndarray], np.ndarray]


def farm_power_curve(
    speed: np.ndarray,
    points: tuple[np.ndarray, np.ndarray],
    sd: tuple[float, float] = FARM_CURVE_SD,
) -> np.ndarray:
    """Farm capacity factor at ``speed``: a turbine curve smoothed by a Gaussian of wind speeds.

    ``points`` are the turbine curve's speeds (m/s, increasing, the first at most 0) and
    capacity factors (0 at the first point, 1 at the last), linear in between, 0 below and equal
    to the last value above (no cut-out). The result is the exact expectation of that curve at
    ``speed + s Z`` with Z standard normal and s = sd[0] + sd[1] * speed: per linear piece
    p(u) = p_i + k (u - u_i) on [u_i, u_i+1], with t = (u - speed) / s,
    (p_i + k (speed - u_i)) (Phi(t_i+1) - Phi(t_i)) + k s (phi(t_i) - phi(t_i+1)),
    plus p_last (1 - Phi(t_last)) above the last point. The same smoothing as windpowerlib's
    ``smooth_power_curve`` (method 'Staffell_Pfenninger') without its 0.5 m/s discretisation.
    """
    speed = np.asarray(speed, dtype=float)
    u, p = (np.asarray(x, dtype=float) for x in points)
    v = speed.reshape(-1, 1)
    s = sd[0] + sd[1] * v
    t = (u - v) / s
    cdf, pdf = ndtr(t), np.exp(-0.5 * t * t) / np.sqrt(2.0 * np.pi)
    k = np.diff(p) / np.diff(u)
    pieces = (p[:-1] + k * (v - u[:-1])) * np.diff(cdf, axis=1) - k * s * np.diff(pdf, axis=1)
    return (pieces.sum(axis=1) + p[-1] * (1.0 - cdf[:, -1])).reshape(speed.shape)


def _bisect(target: np.ndarray, forward: Callable, lo: float, hi: float) -> np.ndarray:
    """Elementwise x in [lo, hi] with forward(x) = target, for an increasing ``forward``."""
    low, high = np.full(target.shape, float(lo)), np.full(target.shape, float(hi))
    for _ in range(64):
        mid = 0.5 * (low + high)
        below = forward(mid) < target
        low, high = np.where(below, mid, low), np.where(below, high, mid)
    return 0.5 * (low + high)


@functools.cache
def uk_reference_curve() -> PowerCurve:
    """The reference farm curve of the UK calibration and its inverse.

    The windpowerlib (OEDB) power curve of the India profiles' turbine
    (``profiles.reference_turbine``, Vestas V164-9.5 MW: cut-in 3 m/s, rated at 14 m/s) as a
    fraction of rated power, held at 1 above rated (a capacity factor cannot tell a cut-out
    hour from a calm one, so the curve keeps no cut-out), smoothed by ``farm_power_curve`` as
    renewables.ninja smooths its farm curves. The smoothed curve rises strictly from 8e-10 at
    0 m/s and tends to 1 as speed grows, so every capacity factor strictly between 0 and 1 has
    one equivalent speed (found by bisection on ``SPEED_BRACKET``), also those of hours at or
    near full output.
    """
    from energymodel.data import profiles

    turbine = profiles.reference_turbine()
    curve = turbine.power_curve
    points = (
        curve["wind_speed"].to_numpy(dtype=float),
        curve["value"].to_numpy(dtype=float) / turbine.nominal_power,
    )

    def cf(speed: np.ndarray) -> np.ndarray:
        return farm_power_curve(speed, points)

    def speed(value: np.ndarray) -> np.ndarray:
        return _bisect(np.asarray(value, dtype=float), cf, *SPEED_BRACKET)

    return PowerCurve(cf=cf, speed=speed)


def rescale_cf(cf: np.ndarray, factor: float, curve: PowerCurve | None = None) -> np.ndarray:
    """Each hour's capacity factor after its equivalent wind speed is multiplied by ``factor``.

    ``curve.cf(factor * curve.speed(c))`` for 0 < c < 1 (``curve`` defaults to
    ``uk_reference_curve``). CF 0 stays 0 (no output at any scaled speed) and CF 1 stays 1 (on a
    curve that reaches 1 only as speed tends to infinity, CF 1 means an unbounded speed). The
    map is increasing, so every farm keeps the order of its hours. Computed once per distinct
    value.
    """
    curve = curve or uk_reference_curve()
    values = np.asarray(cf, dtype=float)
    if not ((values >= 0.0) & (values <= 1.0)).all():
        msg = "capacity factors must lie in [0, 1] (no NaN)"
        raise ValueError(msg)
    unique, inverse = np.unique(values.ravel(), return_inverse=True)
    out = unique.copy()
    inner = (unique > 0.0) & (unique < 1.0)
    out[inner] = curve.cf(factor * curve.speed(unique[inner]))
    return out[inverse].reshape(values.shape)


def solve_speed_factor(
    farms: pd.DataFrame, capacity: pd.Series, target: float, curve: PowerCurve | None = None
) -> float:
    """Wind-speed factor at which the capacity-weighted mean CF of ``rescale_cf(farms)`` is
    ``target`` (scipy ``brentq`` on ``FACTOR_BRACKET``; the mean rises with the factor)."""
    curve = curve or uk_reference_curve()
    values = farms.to_numpy(dtype=float)
    weights = capacity.reindex(farms.columns).to_numpy(dtype=float)
    cell = np.broadcast_to(weights / weights.sum() / len(farms), values.shape)
    unique, inverse = np.unique(values.ravel(), return_inverse=True)
    weight = np.bincount(inverse, weights=cell.ravel(), minlength=len(unique))
    inner = (unique > 0.0) & (unique < 1.0)
    speeds = curve.speed(unique[inner])
    saturated = weight[unique >= 1.0].sum()

    def gap(factor: float) -> float:
        return float(weight[inner] @ curve.cf(factor * speeds)) + saturated - target

    return float(brentq(gap, *FACTOR_BRACKET, xtol=1e-12))


def _uk_calibration_inputs(raw: Path) -> tuple[pd.DataFrame, pd.Series, float]:
    """The 40 farm series of 2019, their REPD 2019-list capacities and the GB fleet 2019 mean."""
    farms = _read_hourly(raw / UK_FARMS_FILE, "time_utc")
    meta = pd.read_csv(raw / UK_META_FILE)
    capacity = meta[meta["year"] == UK_YEAR].set_index("site")["repd_farm_capacity_MW_2019list"]
    missing = set(farms.columns) - set(capacity.index)
    if missing:
        raise InputError(UK_META_FILE, "site", f"no {UK_YEAR} capacity for {sorted(missing)}")
    fleet = _read_hourly(raw / UK_FLEET_FILE, "time").iloc[:, 0]
    fleet_mean = float(fleet[fleet.index.year == UK_YEAR].mean())
    return farms, capacity.reindex(farms.columns), fleet_mean


def uk_correction_factor(raw: Path) -> float:
    """Wind-speed factor at which the capacity-weighted 2019 mean CF of the 40 farm series, through
    ``rescale_cf``, is the GB fleet 2019 mean CF (``UK_CORRECTION_FACTOR`` pins it)."""
    farms, capacity, fleet_mean = _uk_calibration_inputs(raw)
    return solve_speed_factor(farms, capacity, fleet_mean)


def _calibrated(farms: pd.DataFrame) -> pd.DataFrame:
    """``farms`` through ``rescale_cf`` with ``UK_CORRECTION_FACTOR``."""
    values = rescale_cf(farms.to_numpy(dtype=float), UK_CORRECTION_FACTOR)
    return pd.DataFrame(values, index=farms.index, columns=farms.columns)


def build_uk_wind(raw: Path) -> pd.DataFrame:
    """The 40 farm CF series of 2019 through ``rescale_cf`` with ``UK_CORRECTION_FACTOR``, after
    checking that constant against its derivation (``uk_correction_factor``, to 1e-7)."""
    derived = uk_correction_factor(raw)
    if abs(derived - UK_CORRECTION_FACTOR) > 1e-7:
        msg = f"derived factor {derived:.7f} differs from UK_CORRECTION_FACTOR"
        raise InputError(UK_FLEET_FILE, "GB_offshore_wind_cf_current_fleet", msg)
    farms = _read_hourly(raw / UK_FARMS_FILE, "time_utc")
    return _calibrated(farms.reindex(hourly_index(UK_YEAR)))


def build_uk_weather_years(raw: Path) -> dict[int, pd.DataFrame]:
    """Per weather year, the 12-farm CF series through ``rescale_cf`` with ``UK_CORRECTION_FACTOR``.

    Method: take the hours of the year (the source's ``time_utc`` is UTC); in a leap year drop
    the 24 hours of 29 February, so row k of every year has the month, day and hour of row k of
    the model's 2019 snapshots (8,760 rows); keep the farms with a value in every hour of the
    year (farms enter the source list in different years; a farm with only part of a year is
    refused). The 2019 factor is applied to every year, so the years differ by weather only.
    """
    farms = _read_hourly(raw / UK_YEARS_FILE, "time_utc")
    years = {}
    for year in UK_WEATHER_YEARS:
        index = pd.date_range(f"{year}-01-01", f"{year}-12-31 23:00", freq="h", tz="UTC")
        index = index[~((index.month == 2) & (index.day == 29))].rename("time_utc")
        df = farms.reindex(index)
        present = df.notna().all()
        partial = df.columns[df.notna().any() & ~present]
        if len(partial):
            raise InputError(UK_YEARS_FILE, partial[0], f"only part of {year} has values")
        years[year] = _calibrated(df.loc[:, present])
    return years


def build_gb_fleet(raw: Path) -> pd.DataFrame:
    """The GB offshore fleet's 2019 hourly CF (renewables.ninja current fleet), unscaled.

    Used as the profile of a contracted offshore wind PPA for the UK hubs: a plant anywhere in
    the GB bidding zone, delivered through the grid. It is already the fleet's level, so no
    correction factor applies.
    """
    fleet = _read_hourly(raw / UK_FLEET_FILE, "time").iloc[:, 0]
    fleet = fleet[fleet.index.year == UK_YEAR].reindex(hourly_index(UK_YEAR))
    return fleet.rename("GB offshore fleet").to_frame()


def price_factor(raw: Path, grid: str) -> float:
    """EUR2025 per unit of ``grid``'s published price currency (``PRICE_CURRENCIES``)."""
    from energymodel.data import currency

    code, year = PRICE_CURRENCIES[grid]
    return currency.to_eur2025(1.0, code, year, raw)


def build_gb_grid(raw: Path) -> pd.DataFrame:
    """GB 2019 hourly day-ahead price in EUR2025/MWh (gaps filled) and carbon intensity."""
    index = hourly_index(UK_YEAR)
    price = _read_hourly(raw / GB_PRICE_FILE, "utc_timestamp")["price_gbp_per_mwh"]
    carbon = _read_hourly(raw / GB_CARBON_FILE, "utc_timestamp")["carbon_intensity_gco2_per_kwh"]
    price, carbon = price.reindex(index), carbon.reindex(index)
    logger.info("GB price: %d missing hours filled", price.isna().sum())
    return pd.DataFrame(
        {
            "price_eur_per_mwh": fill_gaps(price) * price_factor(raw, "GB"),
            "carbon_intensity_gco2_per_kwh": fill_gaps(carbon),
        }
    )


def iex_utc_hourly(path: Path, year: int = INDIA_YEAR) -> pd.Series:
    """IEX 15-min IST prices averaged over each UTC hour of ``year``; NaN unless 4 blocks."""
    df = pd.read_csv(path)
    start = pd.to_datetime(df["ist_timestamp"], utc=True)
    hour = pd.DatetimeIndex(start).floor("h")
    grouped = df["mcp_inr_per_mwh"].groupby(hour)
    hourly = grouped.mean().where(grouped.count() == 4)
    return hourly.reindex(hourly_index(year)).rename("mcp_inr_per_mwh")


def india_grid_intensity(raw: Path) -> float:
    """CEA all-India grid emission factor (``CEA_ITEM``) in gCO2/kWh, read from the CSV."""
    ef = pd.read_csv(raw / EMISSIONS_FILE)
    row = ef[(ef["region"] == CEA_ITEM[0]) & (ef["year"] == CEA_ITEM[1])]
    if len(row) != 1 or row["unit"].iloc[0] != "tCO2/MWh":
        raise InputError(EMISSIONS_FILE, "value", f"expected one tCO2/MWh row for {CEA_ITEM}")
    return float(row["value"].iloc[0]) * 1000.0


def build_india_grid(raw: Path) -> pd.DataFrame:
    """India 2025 hourly IEX price in EUR2025/MWh (gaps filled) and the constant CEA intensity."""
    price = iex_utc_hourly(raw / IEX_FILE)
    logger.info("IEX price: %d UTC hours without 4 blocks filled", price.isna().sum())
    intensity = india_grid_intensity(raw)
    return pd.DataFrame(
        {
            "price_eur_per_mwh": fill_gaps(price) * price_factor(raw, "India"),
            "carbon_intensity_gco2_per_kwh": np.full(len(price), intensity),
        },
        index=price.index,
    )


def copy_shared(shared: Path, raw: Path, costs: Path) -> None:
    """Re-copy ``RAW_FILES`` into ``raw`` and ``COST_FILES`` into ``costs``, unchanged."""
    pairs = [(shared / name, raw / name) for name in RAW_FILES]
    pairs += [(shared / "costs/technology_data_raw" / n, costs / n) for n in COST_FILES]
    for source, target in pairs:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    logger.info("copied %d files from %s", len(pairs), shared)


def write_all(raw: Path, out: Path, shared: Path | None = None) -> list[Path]:
    """Refresh the raw copies from ``shared`` (optional), then write every derived UK wind and
    grid input, the electrolyser cost basis, the grid charges and the published hydrogen prices
    into ``out``; return the files written."""
    from energymodel.data import electrolysers, grid_charges, trade, validation

    if shared is not None:
        copy_shared(shared, raw, out / "costs")
        for name in dict.fromkeys((*electrolysers.RAW_FILES, *grid_charges.RAW_FILES,
                                   *trade.RAW_FILES, *RECORD_FILES)):
            (raw / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(shared / name, raw / name)
    price_decimals = {"price_eur_per_mwh": 2, "carbon_intensity_gco2_per_kwh": 2}
    tables = [(build_uk_wind(raw), "wind/uk_offshore_wind_cf_2019.csv", 4),
              (build_gb_fleet(raw), "wind/gb_offshore_fleet_cf_2019.csv", 4)]
    tables += [(df, f"wind/uk_weather_years/uk_offshore_wind_cf_{year}.csv", 4)
               for year, df in build_uk_weather_years(raw).items()]
    tables += [(build_gb_grid(raw), "grid/gb_grid_2019.csv", price_decimals),
               (build_india_grid(raw), "grid/india_grid_2025.csv", price_decimals)]
    for df, name, decimals in tables:
        write_timeseries(df, out / name, decimals)
    written = [out / name for _, name, _ in tables]
    return [*written, *electrolysers.write(raw, out), grid_charges.write(raw, out),
            validation.write(raw, out)]
