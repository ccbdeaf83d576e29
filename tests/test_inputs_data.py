"""Tests of the derived input files under inputs/ and the rules that made them (prepare.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from energymodel.data import prepare

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ROOT / "inputs"
RAW = INPUTS / "raw"
DERIVED = {
    "wind/uk_offshore_wind_cf_2019.csv": 2019,
    "wind/india_offshore_wind_cf_2025.csv": 2025,
    "grid/gb_grid_2019.csv": 2019,
    "grid/india_grid_2025.csv": 2025,
}
GRID_COLUMNS = ["price_eur_per_mwh", "carbon_intensity_gco2_per_kwh"]


def read(name: str) -> pd.DataFrame:
    """A derived CSV indexed by its parsed ``time_utc`` column."""
    df = pd.read_csv(INPUTS / name)
    assert df.columns[0] == "time_utc"
    df.index = pd.DatetimeIndex(pd.to_datetime(df.pop("time_utc"), utc=True))
    return df


@pytest.mark.parametrize(("name", "year"), DERIVED.items())
def test_derived_file_is_one_complete_hourly_year(name, year):
    """Contract: time_utc first, exactly the 8,760 UTC hours of the source year, no NaN."""
    df = read(name)
    assert len(df) == 8760
    assert df.index.equals(prepare.hourly_index(year).rename(None))
    assert not df.isna().any().any()
    text = (INPUTS / name).read_text().splitlines()[1]
    assert text.startswith(f"{year}-01-01T00:00:00Z,")


@pytest.mark.parametrize("name", [n for n in DERIVED if n.startswith("wind/")])
def test_capacity_factors_are_fractions(name):
    """Capacity factors lie in [0, 1]."""
    df = read(name)
    assert df.min().min() >= 0.0
    assert df.max().max() <= 1.0


def test_uk_farm_columns_are_the_source_farm_names():
    """The UK file keeps the 40 farm names of the renewables.ninja source, in order."""
    source = pd.read_csv(RAW / prepare.UK_FARMS_FILE, nrows=0).columns[1:]
    assert list(read("wind/uk_offshore_wind_cf_2019.csv").columns) == list(source)


def test_uk_correction_constant_matches_its_derivation():
    """UK_CORRECTION_FACTOR is the fleet/farm ratio derived from the raw files."""
    assert prepare.uk_correction_factor(RAW) == pytest.approx(
        prepare.UK_CORRECTION_FACTOR, abs=1e-5
    )


def test_uk_corrected_weighted_mean_equals_fleet_mean():
    """After correction the capacity-weighted 2019 mean of the farms is the GB fleet 2019 mean."""
    farms = read("wind/uk_offshore_wind_cf_2019.csv")
    meta = pd.read_csv(RAW / prepare.UK_META_FILE)
    cap = meta[meta["year"] == 2019].set_index("site")["repd_farm_capacity_MW_2019list"]
    cap = cap.reindex(farms.columns)
    weighted = (farms * cap).sum(axis=1) / cap.sum()
    fleet = pd.read_csv(RAW / prepare.UK_FLEET_FILE, parse_dates=["time"], index_col="time")
    fleet_2019 = fleet.iloc[:, 0][fleet.index.year == 2019].mean()
    assert weighted.mean() == pytest.approx(fleet_2019, abs=1e-3)


def test_fill_gaps_rule_on_a_small_series():
    """Short gaps interpolate linearly; a gap longer than 3 h copies the values 24 h earlier."""
    index = pd.date_range("2019-01-01", periods=72, freq="h", tz="UTC")
    values = np.arange(72, dtype=float)
    values[30:32] = np.nan  # 2 h: interpolate between 29 and 32
    values[50:55] = np.nan  # 5 h: take hours 26..30 (30 itself filled first)
    filled = prepare.fill_gaps(pd.Series(values, index=index))
    assert filled.iloc[30:32].tolist() == pytest.approx([30.0, 31.0])
    assert filled.iloc[50:55].tolist() == pytest.approx([26.0, 27.0, 28.0, 29.0, 30.0])


def test_gb_price_gaps_filled_by_the_stated_rule():
    """Hand-checked: the 2 h gap of 2019-03-31 interpolates; the 24 h gap copies 2019-06-07.

    Raw GBP/MWh: 01:00 = 43.03, 04:00 = 27.38, so 02:00 = 37.8133 and 03:00 = 32.5967 GBP/MWh;
    2019-06-07T12:00 = 37.64 GBP/MWh. Converted at 0.87777 GBP/EUR: 43.08, 37.14 and 42.88.
    """
    raw = pd.read_csv(RAW / prepare.GB_PRICE_FILE)
    assert raw["price_gbp_per_mwh"].isna().sum() == 26
    price = read("grid/gb_grid_2019.csv")["price_eur_per_mwh"]
    assert price["2019-03-31T02:00Z"] == pytest.approx(43.08, abs=0.006)
    assert price["2019-03-31T03:00Z"] == pytest.approx(37.14, abs=0.006)
    assert price["2019-06-08T12:00Z"] == pytest.approx(42.88, abs=0.006)
    assert (
        price["2019-06-07T22:00Z":"2019-06-08T21:00Z"].to_numpy()
        == (price["2019-06-06T22:00Z":"2019-06-07T21:00Z"].to_numpy())
    ).all()


def test_gb_carbon_intensity_is_the_eso_series():
    """Carbon intensity is copied unchanged from the ESO hourly file (it has no gaps)."""
    raw = pd.read_csv(RAW / prepare.GB_CARBON_FILE)["carbon_intensity_gco2_per_kwh"]
    derived = read("grid/gb_grid_2019.csv")["carbon_intensity_gco2_per_kwh"]
    np.testing.assert_allclose(derived.to_numpy(), raw.to_numpy(), atol=0.005)


def test_india_hourly_price_mean_matches_15min_mean():
    """The hourly EUR mean equals the 15-min INR mean / rate within a derived bound.

    The hourly year lacks the IST blocks before 2025-01-01T00:00Z and the two partial-hour blocks
    of 2025-12-31T18:00Z (``b`` hours-equivalent) and adds ``a`` filled hours; each side is a mean
    of prices in [min, max], so |difference| <= max(a*max - b*min, b*max - a*min) / 8760, plus
    0.005 EUR/MWh for rounding.
    """
    blocks = pd.read_csv(RAW / prepare.IEX_FILE)["mcp_inr_per_mwh"]
    complete = prepare.iex_utc_hourly(RAW / prepare.IEX_FILE).notna().sum()
    a, b = 8760 - complete, (len(blocks) - 4 * complete) / 4
    lo, hi = blocks.min(), blocks.max()
    bound = max(a * hi - b * lo, b * hi - a * lo) / 8760 / prepare.INR_PER_EUR_2025 + 0.005
    hourly = read("grid/india_grid_2025.csv")["price_eur_per_mwh"]
    assert a == 6
    assert abs(hourly.mean() - blocks.mean() / prepare.INR_PER_EUR_2025) <= bound


def test_india_hour_is_mean_of_its_four_ist_blocks():
    """2025-06-01T00:00Z is the mean of the IST blocks 05:30-06:15, converted at the rate."""
    raw = pd.read_csv(RAW / prepare.IEX_FILE).set_index("ist_timestamp")["mcp_inr_per_mwh"]
    stamps = [f"2025-06-01T{t}:00+05:30" for t in ("05:30", "05:45", "06:00", "06:15")]
    expected = raw.loc[stamps].mean() / prepare.INR_PER_EUR_2025
    price = read("grid/india_grid_2025.csv")["price_eur_per_mwh"]
    assert price["2025-06-01T00:00Z"] == pytest.approx(expected, abs=0.006)


def test_india_carbon_intensity_is_the_cea_factor():
    """The India intensity is the CEA FY2024-25 factor from the emissions CSV, in gCO2/kWh."""
    intensity = read("grid/india_grid_2025.csv")["carbon_intensity_gco2_per_kwh"]
    assert prepare.india_grid_intensity(RAW) == pytest.approx(711.7)
    assert (intensity == prepare.india_grid_intensity(RAW)).all()


def test_provenance_mentions_every_input_file():
    """inputs/PROVENANCE.md names every file under inputs/ (by its path relative to inputs/)."""
    text = (INPUTS / "PROVENANCE.md").read_text()
    files = [p for p in INPUTS.rglob("*") if p.is_file() and p.name != "PROVENANCE.md"]
    assert files
    missing = [str(p.relative_to(INPUTS)) for p in files if str(p.relative_to(INPUTS)) not in text]
    assert missing == []
