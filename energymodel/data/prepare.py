"""Derive model-ready UK wind and grid inputs from the verbatim raw files in ``inputs/raw``.

``energymodel prepare inputs [--shared ../shared/data]`` (``make inputs``) writes:

- ``wind/uk_offshore_wind_cf_2019.csv``: the 40 renewables.ninja farm series times one correction
  factor that brings their capacity-weighted 2019 mean to the GB offshore fleet 2019 mean;
- ``wind/uk_weather_years/uk_offshore_wind_cf_<year>.csv``, 2010-2019: the 12-farm series of
  each weather year times the same factor, without 29 February (``build_uk_weather_years``);
- ``grid/gb_grid_2019.csv``: GB day-ahead price (GBP -> EUR) with gaps filled by ``fill_gaps``,
  and ESO carbon intensity;
- ``grid/india_grid_2025.csv``: IEX day-ahead price, 15-min IST blocks averaged to UTC hours
  (INR -> EUR), gaps filled by ``fill_gaps``, and the constant CEA grid emission factor;
- ``costs/electrolysers.csv`` and ``costs/electrolyser_part_load.csv``: alkaline and PEM cost,
  stack and consumption figures per cost year on the technology-data and DEA bases, in EUR2025,
  and the SEC part-load curves (:mod:`energymodel.data.electrolysers`);
- ``grid/grid_charges.csv``: UK and India grid import charges per MWh in EUR2025, with the ones
  the model includes by default (:mod:`energymodel.data.grid_charges`).

Currencies are harmonised to EUR2025 by :mod:`energymodel.data.currency` (Eurostat HICP, EEA
row; ECB annual average exchange rates).

With ``--shared`` the raw files (and the cost tables) are first re-copied from that folder.
Every time series has a ``time_utc`` column and 8,760 hourly rows of its own source year (leap
weather years without 29 February).
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from energymodel.errors import InputError

__all__ = [
    "CEA_ITEM",
    "GBP_PER_EUR_2019",
    "INR_PER_EUR_2025",
    "MAX_INTERPOLATION_GAP_H",
    "RAW_FILES",
    "UK_CORRECTION_FACTOR",
    "UK_WEATHER_YEARS",
    "build_gb_grid",
    "build_india_grid",
    "build_uk_weather_years",
    "build_uk_wind",
    "copy_shared",
    "fill_gaps",
    "hourly_index",
    "iex_utc_hourly",
    "india_grid_intensity",
    "uk_correction_factor",
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

COST_FILES = ("costs_2030.csv", "costs_2040.csv", "costs_2050.csv")
"""PyPSA technology-data outputs, copied verbatim from ``costs/technology_data_raw``."""

UK_FARMS_FILE, UK_FLEET_FILE, UK_META_FILE, UK_YEARS_FILE = RAW_FILES[:4]
GB_PRICE_FILE, GB_CARBON_FILE, IEX_FILE, EMISSIONS_FILE = RAW_FILES[8:]

UK_YEAR, INDIA_YEAR = 2019, 2025

UK_WEATHER_YEARS = tuple(range(2010, 2020))
"""Weather years of the 12-farm file; one derived wind file each (``build_uk_weather_years``)."""

UK_CORRECTION_FACTOR = 0.74891
"""GB fleet 2019 mean CF (0.36230, renewables.ninja national current fleet) / capacity-weighted
2019 mean CF of the 40 renewables.ninja farms (0.48376, REPD 2019-list capacities); see
``uk_correction_factor``. PyPSA-Eur's offshore correction factor is 0.8855, for comparison."""

GBP_PER_EUR_2019 = 0.87777
"""ECB euro foreign exchange reference rate, pound sterling, 2019 annual average (mean of the 255
daily 2019 fixings; ECB series EXR.A.GBP.EUR.SP00.A). Checked against the daily rates in the ECB
file eurofxref-hist.csv (copy in h0tbird/eurofxref, commit 1be77cd): mean 0.877771."""

INR_PER_EUR_2025 = 96.0755
"""ECB euro foreign exchange reference rate, Indian rupee, of 9 May 2025 (eurofxref-hist.csv, same
copy). NOT the 2025 annual average, which could not be obtained here: replace it with ECB series
EXR.A.INR.EUR.SP00.A for 2025 when available (see inputs/PROVENANCE.md)."""

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


def uk_correction_factor(raw: Path) -> float:
    """GB fleet 2019 mean CF / capacity-weighted 2019 mean CF of the 40 farm series."""
    farms = _read_hourly(raw / UK_FARMS_FILE, "time_utc")
    meta = pd.read_csv(raw / UK_META_FILE)
    capacity = meta[meta["year"] == UK_YEAR].set_index("site")["repd_farm_capacity_MW_2019list"]
    missing = set(farms.columns) - set(capacity.index)
    if missing:
        raise InputError(UK_META_FILE, "site", f"no {UK_YEAR} capacity for {sorted(missing)}")
    capacity = capacity.reindex(farms.columns)
    weighted = farms.mul(capacity, axis=1).sum(axis=1) / capacity.sum()
    fleet = _read_hourly(raw / UK_FLEET_FILE, "time").iloc[:, 0]
    fleet_mean = fleet[fleet.index.year == UK_YEAR].mean()
    return float(fleet_mean / weighted.mean())


def build_uk_wind(raw: Path) -> pd.DataFrame:
    """The 40 farm CF series of 2019 times ``UK_CORRECTION_FACTOR``, clipped to [0, 1]."""
    derived = uk_correction_factor(raw)
    if abs(derived - UK_CORRECTION_FACTOR) > 1e-4:
        msg = f"derived factor {derived:.5f} differs from UK_CORRECTION_FACTOR"
        raise InputError(UK_FLEET_FILE, "GB_offshore_wind_cf_current_fleet", msg)
    farms = _read_hourly(raw / UK_FARMS_FILE, "time_utc")
    farms = farms.reindex(hourly_index(UK_YEAR))
    return (farms * UK_CORRECTION_FACTOR).clip(0.0, 1.0)


def build_uk_weather_years(raw: Path) -> dict[int, pd.DataFrame]:
    """Per weather year, the 12-farm CF series times ``UK_CORRECTION_FACTOR``, clipped to [0, 1].

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
        years[year] = (df.loc[:, present] * UK_CORRECTION_FACTOR).clip(0.0, 1.0)
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


def build_gb_grid(raw: Path) -> pd.DataFrame:
    """GB 2019 hourly day-ahead price in EUR/MWh (gaps filled) and carbon intensity."""
    index = hourly_index(UK_YEAR)
    price = _read_hourly(raw / GB_PRICE_FILE, "utc_timestamp")["price_gbp_per_mwh"]
    carbon = _read_hourly(raw / GB_CARBON_FILE, "utc_timestamp")["carbon_intensity_gco2_per_kwh"]
    price, carbon = price.reindex(index), carbon.reindex(index)
    logger.info("GB price: %d missing hours filled", price.isna().sum())
    return pd.DataFrame(
        {
            "price_eur_per_mwh": fill_gaps(price) / GBP_PER_EUR_2019,
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
    """India 2025 hourly IEX price in EUR/MWh (gaps filled) and the constant CEA intensity."""
    price = iex_utc_hourly(raw / IEX_FILE)
    logger.info("IEX price: %d UTC hours without 4 blocks filled", price.isna().sum())
    intensity = india_grid_intensity(raw)
    return pd.DataFrame(
        {
            "price_eur_per_mwh": fill_gaps(price) / INR_PER_EUR_2025,
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
    grid input, the electrolyser cost basis and the grid charges into ``out``; return the files
    written."""
    from energymodel.data import electrolysers, grid_charges

    if shared is not None:
        copy_shared(shared, raw, out / "costs")
        for name in dict.fromkeys((*electrolysers.RAW_FILES, *grid_charges.RAW_FILES)):
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
    return [*written, *electrolysers.write(raw, out), grid_charges.write(raw, out)]
