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


def uk_capacity_and_fleet_mean(columns) -> tuple[pd.Series, float]:
    """REPD 2019-list capacities of ``columns`` and the GB fleet 2019 mean CF (raw files)."""
    meta = pd.read_csv(RAW / prepare.UK_META_FILE)
    cap = meta[meta["year"] == 2019].set_index("site")["repd_farm_capacity_MW_2019list"]
    fleet = pd.read_csv(RAW / prepare.UK_FLEET_FILE, parse_dates=["time"], index_col="time")
    return cap.reindex(columns), fleet.iloc[:, 0][fleet.index.year == 2019].mean()


def weighted_mean(farms: pd.DataFrame, cap: pd.Series) -> float:
    return float(((farms * cap).sum(axis=1) / cap.sum()).mean())


def test_speed_scaling_by_hand():
    """The calibration on two farms, three hours, and the curve CF = v^2 / (1 + v^2).

    Inverse: v = sqrt(c / (1 - c)); so c goes to a^2 v^2 / (1 + a^2 v^2) = a^2 c / (1 - c + a^2 c)
    under the wind-speed factor a. With a = 1/2 (a^2 = 1/4): 1/4 -> (1/16) / (13/16) = 1/13,
    1/2 -> (1/8) / (5/8) = 1/5, 3/4 -> (3/16) / (7/16) = 3/7; CF 0 stays 0 and CF 1 stays 1.
    Farm A (1 MW) [0, 1/2, 1] -> [0, 1/5, 1], mean 2/5 = 182/455; farm B (3 MW) [1/4, 1/2, 3/4]
    -> [1/13, 1/5, 3/7], mean (35 + 91 + 195) / 1365 = 107/455. Capacity-weighted mean
    (182 + 3 x 107) / (4 x 455) = 503/1820 = 0.27637. The mean rises strictly with a, so the
    factor that gives the target 503/1820 is exactly 1/2.
    """
    curve = prepare.PowerCurve(cf=lambda v: v * v / (1 + v * v),
                               speed=lambda c: np.sqrt(c / (1 - c)))
    farms = pd.DataFrame({"A": [0.0, 0.5, 1.0], "B": [0.25, 0.5, 0.75]})
    cap = pd.Series({"A": 1.0, "B": 3.0})
    factor = prepare.solve_speed_factor(farms, cap, 503 / 1820, curve)
    assert factor == pytest.approx(0.5, abs=1e-9)
    out = prepare.rescale_cf(farms.to_numpy(), 0.5, curve)
    np.testing.assert_allclose(out, [[0, 1 / 13], [1 / 5, 1 / 5], [1, 3 / 7]], atol=1e-12)
    assert weighted_mean(pd.DataFrame(out, columns=["A", "B"]), cap) == pytest.approx(503 / 1820)
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        prepare.rescale_cf(np.array([0.5, np.nan]), 0.5, curve)


def test_farm_power_curve_by_hand():
    """Curve 0 at 0 m/s, linear to 1 at 10 m/s, 1 above; constant s = 1 m/s (sd = (1, 0)).

    At 5 m/s the curve minus 1/2 is odd about 5 m/s, so the smoothed value is exactly 1/2. At
    10 m/s it is 1 - E[max(0, -Z)] / 10 = 1 - phi(0) / 10 = 1 - 1 / (10 sqrt(2 pi)) = 0.9601058
    (the lower end at 0 m/s is 10 s away and adds less than 1e-20).
    """
    points = (np.array([0.0, 10.0]), np.array([0.0, 1.0]))
    out = prepare.farm_power_curve(np.array([5.0, 10.0]), points, sd=(1.0, 0.0))
    np.testing.assert_allclose(out, [0.5, 1 - 1 / (10 * np.sqrt(2 * np.pi))], atol=1e-12)


def test_reference_curve_is_windpowerlib_smoothing_without_cut_out():
    """The reference curve equals windpowerlib's Staffell-Pfenninger smoothing of the V164 curve
    up to rated speed (14 m/s) within 1e-3 (windpowerlib sums in 0.5 m/s blocks and cuts out at
    25 m/s); it rises strictly from 0 to 1 and its inverse returns the speed."""
    from windpowerlib.power_curves import smooth_power_curve

    from energymodel.data import profiles

    turbine = profiles.reference_turbine()
    pc = turbine.power_curve
    smooth = smooth_power_curve(pc["wind_speed"], pc["value"],
                                standard_deviation_method="Staffell_Pfenninger")
    smooth = smooth[smooth["wind_speed"] <= 14.0]
    curve = prepare.uk_reference_curve()
    ours = curve.cf(smooth["wind_speed"].to_numpy())
    np.testing.assert_allclose(ours, smooth["value"] / turbine.nominal_power, atol=1e-3)
    speeds = np.linspace(0.0, 100.0, 2001)
    cf = curve.cf(speeds)
    assert (np.diff(cf) > 0).all()
    assert cf[0] < 1e-9
    assert cf[-1] > 0.99999
    np.testing.assert_allclose(curve.speed(cf[1:]), speeds[1:], rtol=1e-9)


def test_uk_correction_constant_matches_its_derivation():
    """UK_CORRECTION_FACTOR is the wind-speed factor solved from the raw files (to 1e-7)."""
    assert prepare.uk_correction_factor(RAW) == pytest.approx(
        prepare.UK_CORRECTION_FACTOR, abs=1e-7
    )


def test_uk_weighted_mean_equals_fleet_mean():
    """The capacity-weighted 2019 mean of the calibrated farms is the GB fleet 2019 mean: to 1e-6
    before rounding, to 1e-5 in the file (4 decimals)."""
    built = prepare.build_uk_wind(RAW)
    cap, fleet_2019 = uk_capacity_and_fleet_mean(built.columns)
    assert weighted_mean(built, cap) == pytest.approx(fleet_2019, abs=1e-6)
    assert weighted_mean(read("wind/uk_offshore_wind_cf_2019.csv"), cap) == pytest.approx(
        fleet_2019, abs=1e-5
    )


def test_uk_peaks_are_kept():
    """Every farm whose raw series reaches 0.99 peaks above 0.95 after calibration; no farm's
    peak falls by more than 0.04 (the factor 0.749 capped every farm at 0.748); the
    capacity-weighted series peaks above 0.95 (fleet: 0.984)."""
    ours = read("wind/uk_offshore_wind_cf_2019.csv")
    raw = pd.read_csv(RAW / prepare.UK_FARMS_FILE, index_col=0)
    reach = raw.columns[raw.max() >= 0.99]
    assert len(reach) == 34
    assert (ours[reach].max() > 0.95).all()
    assert (ours.max().to_numpy() >= raw.max().to_numpy() - 0.04).all()
    cap, _ = uk_capacity_and_fleet_mean(ours.columns)
    assert ((ours * cap).sum(axis=1) / cap.sum()).max() > 0.95


def test_uk_calibration_keeps_the_order_of_hours():
    """Per farm, an hour with a higher raw CF never gets a lower calibrated CF, and equal raw
    values stay equal (the map is one increasing function of the value)."""
    ours = read("wind/uk_offshore_wind_cf_2019.csv")
    raw = pd.read_csv(RAW / prepare.UK_FARMS_FILE, index_col=0)
    for farm in raw.columns:
        order = np.argsort(raw[farm].to_numpy(), kind="stable")
        assert (np.diff(ours[farm].to_numpy()[order]) >= 0).all(), farm
        assert ours[farm].groupby(raw[farm].to_numpy()).nunique().max() == 1, farm


def test_uk_site_means_keep_their_order():
    """The UK sites of networks/uk_india.yaml keep the order of their mean CF; of the 40 farms,
    every pair whose raw means differ by more than 0.01 keeps its order (25 near-equal pairs,
    raw means at most 0.008 apart, swap: one factor on speed changes farms of different
    distributions slightly differently)."""
    import yaml

    network = yaml.safe_load((ROOT / "networks" / "uk_india.yaml").read_text())
    profiles = [s["profile"] for s in network["sites"].values()]
    sites = [p["column"] for p in profiles if p["file"].endswith("uk_offshore_wind_cf_2019.csv")]
    assert len(sites) == 9
    ours = read("wind/uk_offshore_wind_cf_2019.csv").mean()
    raw = pd.read_csv(RAW / prepare.UK_FARMS_FILE, index_col=0).mean()
    assert list(ours[sites].sort_values().index) == list(raw[sites].sort_values().index)
    gap = raw.to_numpy()[:, None] - raw.to_numpy()[None, :]
    same_order = np.sign(gap) == np.sign(ours.to_numpy()[:, None] - ours.to_numpy()[None, :])
    assert same_order[np.abs(gap) > 0.01].all()


def test_uk_weather_years_use_the_2019_factor():
    """A weather year is its raw 12-farm series through the same 2019 factor (2010 checked)."""
    raw = pd.read_csv(RAW / prepare.UK_YEARS_FILE)
    raw.index = pd.DatetimeIndex(pd.to_datetime(raw.pop("time_utc"), utc=True))
    ours = read("wind/uk_weather_years/uk_offshore_wind_cf_2010.csv")
    source = raw.loc[ours.index, ours.columns].to_numpy()
    expected = prepare.rescale_cf(source, prepare.UK_CORRECTION_FACTOR)
    np.testing.assert_allclose(ours.to_numpy(), np.round(expected, 4), atol=1e-9)


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
    2019-06-07T12:00 = 37.64 GBP/MWh. GBP2019 -> EUR2025: / 0.87777 GBP/EUR (ECB 2019 annual
    average) x 1.007 x 1.029 x 1.092 x 1.064 x 1.026 x 1.025 (HICP, EEA, 2020-2025) = x 1.442446:
    54.54, 47.02 and 54.29 EUR2025/MWh.
    """
    assert prepare.price_factor(RAW, "GB") == pytest.approx(
        1.007 * 1.029 * 1.092 * 1.064 * 1.026 * 1.025 / 0.87777, rel=1e-12)
    raw = pd.read_csv(RAW / prepare.GB_PRICE_FILE)
    assert raw["price_gbp_per_mwh"].isna().sum() == 26
    price = read("grid/gb_grid_2019.csv")["price_eur_per_mwh"]
    assert price["2019-03-31T02:00Z"] == pytest.approx(54.54, abs=0.006)
    assert price["2019-03-31T03:00Z"] == pytest.approx(47.02, abs=0.006)
    assert price["2019-06-08T12:00Z"] == pytest.approx(54.29, abs=0.006)
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
    rate = 98.5239  # INR per EUR, ECB 2025 annual average; INR2025 needs no inflation
    assert prepare.price_factor(RAW, "India") == pytest.approx(1 / rate, rel=1e-12)
    bound = max(a * hi - b * lo, b * hi - a * lo) / 8760 / rate + 0.005
    hourly = read("grid/india_grid_2025.csv")["price_eur_per_mwh"]
    assert a == 6
    assert abs(hourly.mean() - blocks.mean() / rate) <= bound


def test_india_hour_is_mean_of_its_four_ist_blocks():
    """2025-06-01T00:00Z is the mean of the IST blocks 05:30-06:15, / 98.5239 INR per EUR."""
    raw = pd.read_csv(RAW / prepare.IEX_FILE).set_index("ist_timestamp")["mcp_inr_per_mwh"]
    stamps = [f"2025-06-01T{t}:00+05:30" for t in ("05:30", "05:45", "06:00", "06:15")]
    expected = raw.loc[stamps].mean() / 98.5239
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
