"""Tests of the India offshore wind profiles (energymodel.profiles) and their committed CSV."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import spearmanr

from energymodel.data import profiles

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "inputs" / "raw"
COMMITTED = ROOT / "inputs" / "wind" / f"india_offshore_wind_cf_{profiles.YEAR}.csv"
SITES = {site.name: site for site in profiles.SITES}


@pytest.fixture(scope="module")
def committed() -> pd.DataFrame:
    """The committed India profile CSV, indexed by UTC time."""
    df = pd.read_csv(COMMITTED)
    df.index = pd.DatetimeIndex(pd.to_datetime(df.pop("time_utc"), utc=True))
    return df


@pytest.fixture(scope="module")
def windows() -> dict[str, pd.DataFrame]:
    """The raw NASA POWER window of each site."""
    return {name: profiles.load_window(RAW / s.window_file) for name, s in SITES.items()}


@pytest.mark.parametrize("name", list(SITES))
def test_annual_cf_matches_published_target(committed, name):
    """Calibration target: annual mean CF within 0.5 percentage points of the NIWE figure."""
    assert abs(committed[name].mean() - SITES[name].target_cf) <= 0.005


@pytest.mark.parametrize("name", list(SITES))
def test_monthly_pattern_follows_source_wind_speed(committed, windows, name):
    """The season of the real data survives: monthly CF ranks follow the windows' mean speeds.

    A single speed factor and a monotonic power curve (below cut-out) cannot reorder months
    except where whole-day tiling shifts a month's mean; a rank correlation >= 0.9 allows that.
    """
    monthly_cf = committed[name].groupby(committed.index.month).mean()
    window_speed = windows[name].groupby("window_id")["ws50m_ms"].mean()
    rho = spearmanr(monthly_cf.to_numpy(), window_speed.to_numpy()).statistic
    assert rho >= 0.9


def test_regeneration_reproduces_committed_csv(committed):
    """``build_all`` on the raw windows gives the committed CSV to its 4-decimal rounding."""
    rebuilt, _ = profiles.build_all(RAW)
    assert list(rebuilt.columns) == list(committed.columns)
    np.testing.assert_allclose(rebuilt.round(4).to_numpy(), committed.to_numpy(), atol=1e-9)


@pytest.mark.parametrize("name", list(SITES))
def test_each_day_is_a_real_day_of_its_month_in_order(windows, name):
    """Each tiled day is real window day ``d mod n`` of its month, with hours aligned."""
    window = windows[name]
    tiled = profiles.tile_year(window)
    for month in range(1, 13):
        days = profiles.month_days(window, month)
        values = tiled[tiled.index.month == month].to_numpy().reshape(-1, 24)
        for d, day in enumerate(values):
            np.testing.assert_array_equal(day, days[d % len(days)])


@pytest.mark.parametrize("name", list(SITES))
def test_uncalibrated_hours_come_only_from_that_months_window(windows, name):
    """With factor 1, each month's hourly CFs are a subset of its window's transformed hours."""
    window = windows[name]
    cf, factor = profiles.build_profile(window, SITES[name].target_cf, factor=1.0)
    assert factor == 1.0
    for month in range(1, 13):
        speeds = window.loc[window["window_id"] == f"{profiles.YEAR}-{month:02d}", "ws50m_ms"]
        allowed = set(np.round(profiles.capacity_factor(speeds.to_numpy(), 1.0), 12))
        used = set(np.round(cf[cf.index.month == month].to_numpy(), 12))
        assert used <= allowed


def test_factor_rises_with_target(windows):
    """A higher target CF needs a larger wind-speed factor (the calibration is monotonic here)."""
    ws50 = profiles.tile_year(windows["Gulf of Mannar"])
    assert profiles.calibrate(ws50, 0.30) < profiles.calibrate(ws50, 0.48)


def test_turbine_curve_is_available_offline():
    """windpowerlib's bundled OEDB library gives the turbine's curve, peaking at nominal power."""
    turbine = profiles.reference_turbine()
    assert turbine.power_curve["value"].max() == pytest.approx(turbine.nominal_power)
    assert turbine.nominal_power == pytest.approx(9.5e6)
