"""UK weather years 2010-2019: the derived wind files (prepare.build_uk_weather_years) and the
network that picks one of them (networks/uk_weather_years.yaml, field weather_year)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
import yaml

from energymodel import config, pipeline
from energymodel.cli import main
from energymodel.data import prepare
from energymodel.errors import InputError
from energymodel.model import inputs
from tests.networks import REPO

INPUTS = REPO / "inputs"
RAW = INPUTS / "raw"
NETWORK = REPO / "networks" / "uk_weather_years.yaml"
YEARS = prepare.UK_WEATHER_YEARS
FACTOR = prepare.UK_CORRECTION_FACTOR
#: The farms of the source with a value in every hour of 2010-2019.
ALL_YEARS = ["Beatrice Demonstrator", "Scroby Sands", "Lynn", "Thanet", "Robin Rigg West"]


def derived_name(year: int) -> str:
    return f"wind/uk_weather_years/uk_offshore_wind_cf_{year}.csv"


def read(year: int) -> pd.DataFrame:
    """A derived weather-year file indexed by its parsed ``time_utc``."""
    df = pd.read_csv(INPUTS / derived_name(year))
    assert df.columns[0] == "time_utc"
    df.index = pd.DatetimeIndex(pd.to_datetime(df.pop("time_utc"), utc=True))
    return df


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    """The verbatim 12-farm file, indexed by UTC hour."""
    df = pd.read_csv(RAW / prepare.UK_YEARS_FILE)
    df.index = pd.DatetimeIndex(pd.to_datetime(df.pop("time_utc"), utc=True))
    return df


def network_data(year: int | None) -> dict:
    """The weather-years network as loaded YAML, with ``weather_year`` overridden."""
    data = yaml.safe_load(NETWORK.read_text())
    data["weather_year"] = year
    return data


# --- derived files -------------------------------------------------------------------------


@pytest.mark.parametrize("year", YEARS)
def test_year_has_8760_hours_aligned_with_2019(year):
    """8,760 complete rows, all of ``year``, no 29 February; row k has the month, day and hour
    of row k of 2019 (the model's snapshots)."""
    df = read(year)
    assert len(df) == 8760
    assert not df.isna().any().any()
    assert (df.index.year == year).all()
    assert not ((df.index.month == 2) & (df.index.day == 29)).any()
    assert (np.diff(df.index.asi8) > 0).all()
    model = prepare.hourly_index(2019)
    assert list(df.index.strftime("%m-%d %H")) == list(model.strftime("%m-%d %H"))


@pytest.mark.parametrize("year", YEARS)
def test_columns_are_the_farms_complete_that_year(year, raw):
    """Columns: exactly the source farms with a value in every hour of the year, source order."""
    in_year = raw[raw.index.year == year]
    complete = [c for c in raw.columns if in_year[c].notna().all()]
    assert list(read(year).columns) == complete
    assert set(ALL_YEARS) <= set(complete)


def test_farms_enter_in_their_years():
    """Spot checks of coverage: Walney 1 from 2011, Gwynt y Mor from 2015, Hywind from 2017."""
    first = {y: set(read(y).columns) for y in YEARS}
    for farm, start in [("Walney 1", 2011), ("Gwynt y Mor", 2015),
                        ("Hywind Scotland Pilot Park (Hywind 2) Demonstrator", 2017),
                        ("Galloper Wind Farm", 2018)]:
        assert [y for y in YEARS if farm in first[y]] == list(range(start, 2020)), farm
    assert set.intersection(*first.values()) == set(ALL_YEARS)


@pytest.mark.parametrize("year", YEARS)
def test_values_are_the_raw_values_through_the_2019_calibration(year, raw):
    """Every value is the raw value of the same UTC hour through ``prepare.rescale_cf`` with
    the 2019 wind-speed factor, rounded to 4 decimals; the calibration keeps the order of the
    hours (monotone) and the peaks (a raw CF above 0.99 stays above 0.9)."""
    df = read(year)
    source = raw.loc[df.index, df.columns]
    expected = np.round(prepare.rescale_cf(source.to_numpy(), FACTOR), 4)
    np.testing.assert_allclose(df.to_numpy(), expected, atol=1e-9)
    top = source.to_numpy() > 0.99
    assert not top.any() or float(df.to_numpy()[top].min()) > 0.9


@pytest.mark.parametrize("year", [2012, 2016])
def test_leap_year_drops_29_february(year, raw):
    """Hand check: row 1415 is 28 Feb 23:00 and row 1416 is 1 Mar 00:00 UTC (59 x 24 = 1416);
    the last row is 31 Dec 23:00, the source's last hour of the year."""
    text = (INPUTS / derived_name(year)).read_text().splitlines()
    header = text[0].split(",")
    lynn = header.index("Lynn")
    for row, stamp in [(1415, f"{year}-02-28 23:00"), (1416, f"{year}-03-01 00:00"),
                       (8759, f"{year}-12-31 23:00")]:
        fields = text[row + 1].split(",")
        assert fields[0] == pd.Timestamp(stamp).strftime("%Y-%m-%dT%H:%M:%SZ")
        expected = float(prepare.rescale_cf(
            np.array([raw.at[pd.Timestamp(stamp, tz="UTC"), "Lynn"]]), FACTOR)[0])
        assert float(fields[lynn]) == pytest.approx(expected, abs=5e-5 + 1e-12)
    assert len(raw[raw.index.year == year]) == 8784


def test_2019_equals_the_40_farm_file_for_common_farms():
    """Every 12-farm series is also in the 40-farm 2019 file; derived 2019 values are the same
    text in both files (same raw values, factor and rounding)."""
    ours = pd.read_csv(INPUTS / derived_name(2019), dtype=str)
    forty = pd.read_csv(INPUTS / "wind/uk_offshore_wind_cf_2019.csv", dtype=str)
    assert len(ours.columns) == 13
    assert ours.equals(forty[list(ours.columns)])


def test_prepare_reproduces_the_committed_files(tmp_path):
    """`make inputs` writes these ten files byte for byte as committed."""
    for year, df in prepare.build_uk_weather_years(RAW).items():
        name = derived_name(year)
        prepare.write_timeseries(df, tmp_path / name, 4)
        assert (tmp_path / name).read_bytes() == (INPUTS / name).read_bytes(), name


def test_raw_file_is_listed_and_documented():
    """The raw copy is in RAW_FILES; PROVENANCE.md names it and every derived file."""
    assert prepare.UK_YEARS_FILE in prepare.RAW_FILES
    text = (INPUTS / "PROVENANCE.md").read_text()
    assert f"raw/{prepare.UK_YEARS_FILE}" in text
    for year in YEARS:
        assert derived_name(year) in text


# --- network -------------------------------------------------------------------------------


@pytest.mark.parametrize("year", YEARS)
def test_network_validates_for_every_year(year):
    """Each weather year loads; its profiles come from that year's file, the grid from 2019."""
    nf = config.parse(network_data(year), NETWORK)
    inp = inputs.load(nf)
    profile = nf.resolve(nf.network.sites["lynn"].profile.file)
    assert profile == (INPUTS / derived_name(year)).resolve()
    assert nf.resolve(nf.network.hubs["humber"].grid.price.file).name == "gb_grid_2019.csv"
    np.testing.assert_allclose(inp.wind_cf["lynn"].to_numpy(), read(year)["Lynn"].to_numpy())


def test_shipped_network_is_2019_and_the_default_hubs():
    """weather_year 2019; the hub blocks are those of networks/uk_india.yaml."""
    ours = yaml.safe_load(NETWORK.read_text())
    default = yaml.safe_load((REPO / "networks" / "uk_india.yaml").read_text())
    assert ours["weather_year"] == 2019
    assert ours["hubs"] == {k: default["hubs"][k] for k in ("humber", "north_west", "ne_scotland")}


def test_farm_missing_in_a_year_is_one_line(tmp_path, capsys):
    """Hywind has no 2010 series: exit code 2, one line naming the 2010 file and the column."""
    text = NETWORK.read_text().replace("../inputs", str(INPUTS)).replace(
        "weather_year: 2019", "weather_year: 2010").replace(
        "column: Beatrice Demonstrator}",
        "column: Hywind Scotland Pilot Park (Hywind 2) Demonstrator}")
    path = tmp_path / "hywind_2010.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as err:
        inputs.load(config.load(path))
    assert err.value.exit_code == 2
    assert err.value.file.endswith("uk_offshore_wind_cf_2010.csv")
    assert err.value.field == "Hywind Scotland Pilot Park (Hywind 2) Demonstrator"
    assert main(["-q", "validate", str(path)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1
    assert "uk_offshore_wind_cf_2010.csv" in lines[0]
    assert "Hywind Scotland Pilot Park (Hywind 2) Demonstrator: column not found" in lines[0]


def test_placeholder_without_weather_year_is_refused():
    """{weather_year} in a path with weather_year unset: InputError naming the field."""
    data = network_data(None)
    del data["weather_year"]
    with pytest.raises(InputError) as err:
        config.parse(data, NETWORK)
    assert err.value.field == "sites.lynn.profile.file"
    assert "weather_year is not set" in err.value.problem
    assert "\n" not in str(err.value)


@pytest.mark.slow
def test_two_weather_years_give_different_lcoh(tmp_path):
    """2010 and 2019 at 72 h resolution: LCOH differs at every hub; costs add up in both."""
    lcoh = {}
    for year in (2010, 2019):
        nf = config.parse(network_data(year), NETWORK)
        out = pipeline.run(nf, resolution="72h", write_report=False, out=tmp_path / str(year),
                           workers=1)
        summary = json.loads((out / "summary.json").read_text())
        assert summary["costs_add_up"]
        lcoh[year] = {k: h["lcoh_eur_per_kg"] for k, h in summary["hubs"].items()}
    assert set(lcoh[2010]) == {"humber", "north_west", "ne_scotland"}
    for hub in lcoh[2010]:
        assert np.isfinite(lcoh[2010][hub])
        assert lcoh[2010][hub] != pytest.approx(lcoh[2019][hub], rel=1e-3), hub
