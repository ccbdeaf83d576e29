"""The cost-basis inputs by hand: currency, electrolysers, part load, grid charges, rerun.

Files: ``inputs/costs/electrolysers.csv``, ``inputs/costs/electrolyser_part_load.csv`` and
``inputs/grid/grid_charges.csv``, derived by ``energymodel prepare inputs`` from
``inputs/raw/hydrogen/electrolyser_stack_compiled.csv``,
``inputs/raw/grid/grid_charges_compiled.csv``,
``inputs/raw/finance/currency_harmonisation_compiled.csv`` and ``inputs/costs/costs_<year>.csv``.
Every expected number below is worked out in its docstring from the raw rows.
"""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import pandas as pd
import pytest

from energymodel.cli import main
from energymodel.data import currency, electrolysers, grid_charges
from energymodel.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ROOT / "inputs"
RAW = INPUTS / "raw"
SHARED = ROOT.parent / "shared" / "data"
#: HICP EEA 2021..2025: 2.9, 9.2, 6.4, 2.6, 2.5 %.
EUR2020_TO_2025 = 1.029 * 1.092 * 1.064 * 1.026 * 1.025  # 1.2573346


@pytest.fixture(scope="module")
def elec() -> pd.DataFrame:
    """``electrolysers.csv`` indexed by (cost_year, technology, basis)."""
    df = pd.read_csv(INPUTS / "costs/electrolysers.csv")
    return df.set_index(["cost_year", "technology", "basis"])


@pytest.fixture(scope="module")
def charges() -> pd.DataFrame:
    """``grid_charges.csv`` indexed by (country, charge)."""
    return pd.read_csv(INPUTS / "grid/grid_charges.csv").set_index(["country", "charge"])


def test_hicp_factor_2020_to_2025_is_the_eea_chain():
    """EUR2020 -> EUR2025 = 1.029 x 1.092 x 1.064 x 1.026 x 1.025 = 1.2573346 (EEA row).

    Cross-check: technology-data's 2030 ``electrolysis`` investment, 1500 EUR2020/kW in its
    manual input, is 1886.0019 EUR2025/kW in costs_2030.csv: 1500 x 1.2573346 = 1886.0019, so
    technology-data applies the same EEA chain. The euro-area chain would give 1.2256.
    """
    assert currency.hicp_factor(RAW, 2020) == pytest.approx(EUR2020_TO_2025, rel=1e-12)
    assert 1500 * currency.hicp_factor(RAW, 2020) == pytest.approx(1886.0019, abs=1e-4)
    assert currency.hicp_factor(RAW, 2025) == 1.0
    assert currency.hicp_factor(RAW, 2025, 2020) == pytest.approx(1 / EUR2020_TO_2025)


def test_exchange_rates_and_refusals():
    """ECB 2024 annual averages: 0.84662 GBP and 90.5563 INR per EUR; 2018 is not in the table
    (rates 2015 and 2019-2025 only), nor HICP for 2009, nor a currency such as JPY."""
    assert currency.per_eur(RAW, "GBP", 2024) == 0.84662
    assert currency.per_eur(RAW, "INR", 2024) == 90.5563
    with pytest.raises(InputError, match="2018"):
        currency.per_eur(RAW, "GBP", 2018)
    with pytest.raises(InputError, match="2009"):
        currency.hicp_factor(RAW, 2008)
    with pytest.raises(InputError, match="row not found"):
        currency.per_eur(RAW, "JPY", 2024)


def test_bsuos_conversion(charges):
    """BSUoS 7.63 GBP/MWh (2024) / 0.84662 GBP per EUR = 9.01230 EUR2024, x 1.025 (HICP 2025)
    = 9.2376 EUR2025/MWh. CCL: 7.75 / 0.84662 x 1.025 = 9.3829. UK default sum 18.6205."""
    assert currency.to_eur2025(7.63, "GBP", 2024, RAW) == pytest.approx(7.63 / 0.84662 * 1.025)
    bsuos = charges.loc[("UK", "BSUoS (Balancing Services Use of System)")]
    assert bsuos["value_eur_per_mwh"] == 9.2376
    assert bool(bsuos["included"]) is True
    assert bsuos["currency_year"] == 2025
    ccl = charges.loc[("UK", "Climate Change Levy, main rate on electricity")]
    assert ccl["value_eur_per_mwh"] == 9.3829
    uk = charges.loc["UK"]
    assert uk.loc[uk["included"], "value_eur_per_mwh"].sum() == pytest.approx(18.6205)


def test_charges_without_a_figure_are_left_empty(charges):
    """TNUoS (per kW at triad), the RO/CfD/CM/FiT levies ('not found'), the Supercharger relief,
    and India's state charges ('not found'): not included, value empty."""
    excluded = charges[~charges["included"]]
    assert excluded["value_eur_per_mwh"].isna().all()
    assert charges.loc[charges["included"], "value_eur_per_mwh"].notna().all()
    names = set(excluded.index)
    assert {("UK", "TNUoS demand tariffs"), ("UK", "RO / CfD / CM / FiT levies"),
            ("UK", "British Industry Supercharger relief"),
            ("IN", "state transmission and wheeling charges (Gujarat, Tamil Nadu)"),
            ("IN", "banking charge (Gujarat, Tamil Nadu)")} <= names


def test_india_ists_and_surcharges_are_zero(charges):
    """ISTS charges: 100 % waiver for green hydrogen (plants commissioned by 31 Dec 2030);
    cross-subsidy and additional surcharges waived (Green Energy Open Access Rules 2022): both
    included at 0, so India's default import charge is 0 EUR/MWh."""
    ists = charges.loc[("IN", "ISTS transmission charges")]
    assert ists["value_eur_per_mwh"] == 0.0
    assert bool(ists["included"]) is True
    india = charges.loc["IN"]
    assert india.loc[india["included"], "value_eur_per_mwh"].sum() == 0.0
    assert bool(india.loc["cross-subsidy surcharge and additional surcharge", "included"])


def test_alkaline_dea_2030_row(elec):
    """DEA AEC 2030: investment 550 EUR2020 x 1.2573346 = 691.534 EUR2025/kW; stack 115.4 x
    1.2573346 = 145.096; share 145.096 / 691.534 = 20.9818 %; stack cost 145.096 x 1000 / 92500
    h = 1.56861 EUR/MWh; sec_mean = 53.57 x (1 + 0.00115 x 92.5 / 2) = 56.4193 kWh/kg;
    efficiency 33.33 / 56.4193 = 0.590756; FOM 4 %, lifetime 25 yr, min load 0.15."""
    row = elec.loc[(2030, "alkaline", "dea")]
    stack = 115.4 * EUR2020_TO_2025
    sec_mean = 53.57 * (1 + 0.00115 * 92.5 / 2)
    assert row["investment_eur_per_kw"] == pytest.approx(550 * EUR2020_TO_2025, rel=1e-5)
    assert row["stack_investment_eur_per_kw"] == pytest.approx(stack, rel=1e-5)
    assert row["stack_share_pct"] == pytest.approx(115.4 / 550 * 100, rel=1e-5)
    assert row["stack_interval_h"] == 92500
    assert row["stack_cost_eur_per_mwh"] == pytest.approx(stack * 1000 / 92500, rel=1e-5)
    assert row["sec_bol_kwh_per_kg"] == 53.57
    assert row["degradation_pct_per_kh"] == 0.115
    assert row["sec_mean_kwh_per_kg"] == pytest.approx(sec_mean, rel=1e-5)
    assert row["efficiency"] == pytest.approx(33.33 / sec_mean, rel=1e-5)
    assert (row["fom_pct"], row["lifetime_years"], row["min_load"]) == (4, 25, 0.15)
    assert row["currency_year"] == 2025


def test_technology_data_2030_rows(elec):
    """Alkaline: 1886.0019 EUR2025/kW (technology-data), stack 21.0 % = 396.060, stack cost
    396.060 x 1000 / 92500 = 4.28173 EUR/MWh. PEM: 1886.0019 x 650 / 550 = 2228.91, stack 34.2 %
    = 762.288, stack cost 762.288 x 1000 / 77500 = 9.83597; sec_mean 56.92 x (1 + 0.00125 x
    77.5 / 2) = 59.6771, efficiency 33.33 / 59.6771 = 0.558506; FOM 2 %."""
    alk = elec.loc[(2030, "alkaline", "technology-data")]
    assert alk["investment_eur_per_kw"] == pytest.approx(1886.0019, rel=1e-5)
    assert alk["stack_share_pct"] == 21.0
    assert alk["stack_cost_eur_per_mwh"] == pytest.approx(0.21 * 1886.0019 / 92.5, rel=1e-5)
    pem = elec.loc[(2030, "pem", "technology-data")]
    investment = 1886.0019 * 650 / 550
    assert pem["investment_eur_per_kw"] == pytest.approx(investment, rel=1e-5)
    assert pem["stack_share_pct"] == 34.2
    assert pem["stack_investment_eur_per_kw"] == pytest.approx(0.342 * investment, rel=1e-5)
    assert pem["stack_cost_eur_per_mwh"] == pytest.approx(0.342 * investment / 77.5, rel=1e-5)
    sec_mean = 56.92 * (1 + 0.00125 * 77.5 / 2)
    assert pem["efficiency"] == pytest.approx(33.33 / sec_mean, rel=1e-5)
    assert pem["fom_pct"] == 2


def test_pem_lifetime_is_left_empty(elec):
    """The compiled table has no PEMEC 'Technical lifetime' row: every PEM lifetime is empty
    and the source says so; every alkaline row has the DEA AEC 25 years."""
    df = elec.reset_index()
    pem, alk = df[df["technology"] == "pem"], df[df["technology"] == "alkaline"]
    assert pem["lifetime_years"].isna().all()
    assert pem["source"].str.contains("no DEA PEMEC 100 MW Technical lifetime row").all()
    assert (alk["lifetime_years"] == 25).all()
    assert len(df) == 12


def test_min_load():
    """IRENA 2020: AEL 15-100 % (2050 target 5-300 %) -> 0.15 in 2030/2040, 0.05 in 2050;
    PEM 5-130 % (2050: 5-300 %) -> 0.05 every year."""
    df = pd.read_csv(INPUTS / "costs/electrolysers.csv")
    got = df.groupby(["technology", "cost_year"])["min_load"].unique()
    assert {k: list(v) for k, v in got.items()} == {
        ("alkaline", 2030): [0.15], ("alkaline", 2040): [0.15], ("alkaline", 2050): [0.05],
        ("pem", 2030): [0.05], ("pem", 2040): [0.05], ("pem", 2050): [0.05],
    }
    assert electrolysers.min_load("15-100% (2050: 5-300%)", 2040) == 0.15


def test_part_load_rows():
    """NEMGLO curves, load 0 / 0.2 / 0.4 / 0.6 / 0.8 / 1.0: alkaline 0.8068 / 0.8068 / 0.8181 /
    0.8523 / 0.9091 / 1.0; PEM 0.8383 / 0.8383 / 0.8598 / 0.8982 / 0.9315 / 1.0101 (as in the
    source: not 1.0 at full load)."""
    df = pd.read_csv(INPUTS / "costs/electrolyser_part_load.csv")
    assert list(df.columns) == electrolysers.PART_LOAD_COLUMNS
    loads = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
    expected = {"alkaline": [0.8068, 0.8068, 0.8181, 0.8523, 0.9091, 1.0],
                "pem": [0.8383, 0.8383, 0.8598, 0.8982, 0.9315, 1.0101]}
    for tech, secs in expected.items():
        part = df[df["technology"] == tech]
        assert part["load"].tolist() == loads
        assert part["sec_relative"].tolist() == secs


def test_a_not_found_figure_is_refused(tmp_path):
    """A DEA row whose value reads 'not found' stops the derivation instead of being filled."""
    raw = tmp_path / "raw"
    for name in electrolysers.RAW_FILES:
        (raw / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(RAW / name, raw / name)
    path = raw / electrolysers.RAW_FILE
    text = path.read_text()
    path.write_text(text.replace("0.145 / 0.13 / 0.115 / 0.11 / 0.10", "not found"))
    with pytest.raises(InputError, match="not found"):
        electrolysers.build_electrolysers(raw, INPUTS / "costs")


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared data folder not present")
def test_raw_copies_are_verbatim():
    """The raw copies equal the shared data files byte for byte."""
    names = {*electrolysers.RAW_FILES, *grid_charges.RAW_FILES}
    assert all(filecmp.cmp(RAW / n, SHARED / n, shallow=False) for n in names)


def test_prepare_inputs_reproduces_every_derived_file(tmp_path, capsys):
    """``energymodel prepare inputs`` without --shared, run on a copy of inputs/, rewrites every
    derived file it writes byte for byte, the three cost-basis files among them."""
    copy = tmp_path / "inputs"
    shutil.copytree(INPUTS, copy)
    derived = ["costs/electrolysers.csv", "costs/electrolyser_part_load.csv",
               "grid/grid_charges.csv"]
    for name in derived:
        (copy / name).unlink()
    capsys.readouterr()
    assert main(["-q", "prepare", "inputs", "--raw", str(copy / "raw"), "--out", str(copy)]) == 0
    lines = capsys.readouterr().out.splitlines()
    written = [Path(line.removeprefix("wrote ")).relative_to(copy).as_posix() for line in lines]
    assert set(derived) <= set(written)
    different = [n for n in written if not filecmp.cmp(copy / n, INPUTS / n, shallow=False)]
    assert different == []
    raw = [p.relative_to(copy) for p in (copy / "raw").rglob("*") if p.is_file()]
    assert all(filecmp.cmp(copy / n, INPUTS / n, shallow=False) for n in raw)
