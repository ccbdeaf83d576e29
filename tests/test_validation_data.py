"""Published hydrogen prices by hand: ``inputs/validation/published_hydrogen_prices.csv``.

Derived by ``energymodel prepare inputs`` (:mod:`energymodel.data.validation`) from
``inputs/raw/validation/published_hydrogen_prices.csv`` and the currency table
``inputs/raw/finance/currency_harmonisation_compiled.csv``. Every expected number below is worked
out in its docstring from the raw rows: ECB annual averages GBP 0.86979 (2023), INR 98.5239
(2025), USD 1.1422 (2020) per EUR; HICP EEA 2021..2025: 2.9, 9.2, 6.4, 2.6, 2.5 %.
"""

from __future__ import annotations

import csv
import filecmp
import shutil
from pathlib import Path

import pandas as pd
import pytest

from energymodel.data import currency, electrolysers, validation
from energymodel.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ROOT / "inputs"
RAW = INPUTS / "raw"
SHARED = ROOT.parent / "shared" / "data"
COMPILED = "trade/uk_india_trade_compiled.csv"


@pytest.fixture(scope="module")
def derived() -> pd.DataFrame:
    """The derived table as shipped, indexed by ``id``."""
    return pd.read_csv(INPUTS / validation.OUT_FILE).set_index("id")


def _raw_copy(tmp_path: Path) -> Path:
    """A raw folder holding copies of the two tables the derivation reads."""
    raw = tmp_path / "raw"
    for name in (validation.RAW_FILE, currency.RAW_FILE):
        (raw / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(RAW / name, raw / name)
    return raw


def _edit(raw: Path, row_id: str, **cells: str) -> None:
    """Overwrite ``cells`` of the raw row ``row_id``."""
    path = raw / validation.RAW_FILE
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    [row] = [r for r in rows if r["id"] == row_id]
    row.update(cells)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_constants_are_written_once():
    """HHV 39.41 kWh/kg (141.88 MJ/kg / 3.6); the LHV is the package's 33.33 kWh/kg; hydrogen
    mass fraction of ammonia 3 x 1.008 / (14.007 + 3 x 1.008) = 3.024 / 17.031 = 0.177559."""
    assert validation.HHV_KWH_PER_KG == 39.41
    assert validation.LHV_KWH_PER_KG is electrolysers.LHV_KWH_PER_KG
    assert abs(validation.NH3_MOLAR_MASS - 17.031) < 1e-12
    assert abs(validation.H2_PER_NH3 - 0.1775586) < 1e-7


def test_har1_strike_price_by_hand(derived):
    """HAR1: 241 GBP/MWh_HHV, 2023 prices.

    Per kg: a MWh_HHV of hydrogen is 1000 / 39.41 = 25.37 kg, so 241 GBP/MWh_HHV x 0.03941
    MWh_HHV/kg = 9.49781 GBP2023/kg (Recharge's own conversion, with 39.4 kWh/kg: 9.49).
    GBP2023 -> EUR2023: / 0.86979 GBP per EUR (ECB 2023 annual average) = 10.91966 EUR2023/kg.
    EUR2023 -> EUR2025: x 1.026 (HICP EEA 2024) x 1.025 (2025) = x 1.05165: 11.48366 EUR2025/kg.
    A kilogram is a kilogram on either heating value, so this is also the price per kg on the
    model's LHV basis (it would be 9.71 EUR2025/kg had the 241 been per MWh_LHV).
    """
    per_kg = 241 * 0.03941
    assert per_kg == pytest.approx(9.49781, abs=1e-9)
    eur = per_kg / 0.86979 * 1.026 * 1.025
    assert eur == pytest.approx(11.48366, abs=1e-5)
    row = derived.loc["uk_har1_strike_2023"]
    assert row["low_eur2025_per_kg_lhv"] == row["high_eur2025_per_kg_lhv"] == 11.48
    assert "x 0.03941 MWh_HHV/kg H2" in row["basis_note"]
    assert "/ 0.86979 GBP per EUR (ECB 2023" in row["basis_note"]


def test_seci_green_ammonia_by_hand(derived):
    """SECI SIGHT Mode 2A Tranche I: 50.00-64.74 INR/kg NH3, 2025.

    A kg of NH3 holds 3 x 1.008 / 17.031 = 0.177559 kg of hydrogen, so per kg of hydrogen the
    whole ammonia price is 50.00 / 0.177559 = 281.597 and 64.74 / 0.177559 = 364.612 INR/kg H2
    (an upper bound for the hydrogen: it includes synthesis and delivery). INR2025 -> EUR2025:
    / 98.5239 INR per EUR (ECB 2025), HICP factor 1: 2.85816 and 3.70075 EUR2025/kg H2.
    """
    low, high = 50.00 / (3 * 1.008 / 17.031), 64.74 / (3 * 1.008 / 17.031)
    assert (low, high) == pytest.approx((281.5972, 364.6121), abs=1e-4)
    assert (low / 98.5239, high / 98.5239) == pytest.approx((2.85816, 3.70075), abs=1e-5)
    row = derived.loc["india_seci_sight_2a_t1_2025"]
    assert (row["low_eur2025_per_kg_lhv"], row["high_eur2025_per_kg_lhv"]) == (2.86, 3.70)
    assert "upper bound" in row["basis_note"]
    assert "upper bound" in row["scope"]


def test_h2global_delivered_ammonia_by_hand(derived):
    """H2Global pilot, Fertiglobe: 1000 EUR/t NH3 delivered, awarded 2024.

    1000 EUR/t = 1.000 EUR/kg NH3; / 0.177559 kg H2/kg NH3 = 17.031 / 3.024 = 5.63194 EUR2024/kg
    H2; x 1.025 (HICP EEA 2025) = 5.77274 EUR2025/kg H2: an upper bound (synthesis and shipping
    included).
    """
    eur = 1000 / 1000 * 17.031 / 3.024 * 1.025
    assert eur == pytest.approx(5.77274, abs=1e-5)
    row = derived.loc["eu_h2global_fertiglobe_2024"]
    assert row["low_eur2025_per_kg_lhv"] == row["high_eur2025_per_kg_lhv"] == 5.77


def test_per_kg_rows_by_hand(derived):
    """Prices per kg need only the currency: CEEW 3.6-5.8 USD2020/kg / 1.1422 USD per EUR x
    1.25733 (HICP EEA 2020 -> 2025) = 3.96-6.38; IOCL Panipat 397 INR2025/kg / 98.5239 = 4.03;
    Rystad 5.1 and 3.7 EUR2021/kg x 1.092 x 1.064 x 1.026 x 1.025 (= 1.22190) = 6.23 and 4.52."""
    hicp_2021 = 1.092 * 1.064 * 1.026 * 1.025
    expected = {"india_ceew_2020": (3.6 / 1.1422 * 1.25733, 5.8 / 1.1422 * 1.25733),
                "india_iocl_panipat_2025": (397 / 98.5239,) * 2,
                "uk_rystad_north_sea_2021": (5.1 * hicp_2021,) * 2,
                "uk_rystad_north_sea_2030": (3.7 * hicp_2021,) * 2}
    for key, (low, high) in expected.items():
        row = derived.loc[key]
        assert row["low_eur2025_per_kg_lhv"] == round(low, 2), key
        assert row["high_eur2025_per_kg_lhv"] == round(high, 2), key


def test_derived_file_equals_a_fresh_derivation(tmp_path):
    """Writing the table again from the raw copies reproduces the shipped file byte for byte."""
    path = validation.write(_raw_copy(tmp_path), tmp_path / "out")
    assert filecmp.cmp(path, INPUTS / validation.OUT_FILE, shallow=False)
    assert list(pd.read_csv(path).columns) == validation.COLUMNS


def test_every_raw_row_is_converted(derived):
    """One derived row per raw row, same ids and order; low <= high; every source copied."""
    raw = pd.read_csv(RAW / validation.RAW_FILE, keep_default_na=False, dtype=str)
    assert list(derived.index) == list(raw["id"])
    assert (derived["low_eur2025_per_kg_lhv"] <= derived["high_eur2025_per_kg_lhv"]).all()
    assert list(derived["source"]) == list(raw["source"])


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared data folder not present")
def test_compiled_rows_are_copied_not_paraphrased():
    """The SECI and H2Global rows carry the compiled table's source and note verbatim, and the
    values as the compiled table writes them."""
    compiled = pd.read_csv(SHARED / COMPILED, keep_default_na=False, dtype=str)
    compiled = compiled.set_index("quantity")
    raw = pd.read_csv(RAW / validation.RAW_FILE, keep_default_na=False, dtype=str).set_index("id")
    for key, value in (("india_seci_sight_2a_t1_2025", "50.00-64.74 INR/kg (568-740 USD/t)"),
                       ("eu_h2global_fertiglobe_2024", "1000")):
        row = raw.loc[key]
        source = compiled.loc[row["reference"]]
        assert row["source"] == source["source"]
        assert row["note"].startswith(source["note"])
        assert source["value"] == value
        assert value.startswith(row["value_low"])


@pytest.mark.parametrize(("cells", "field", "problem"), [
    ({"value_low": "about 241"}, "value_low", "'about 241' is not a number"),
    ({"value_high": "-5"}, "value_high", "not a positive finite number"),
    ({"heating_value": "GCV"}, "heating_value", "'GCV' is not one of HHV, LHV, n/a"),
    ({"heating_value": "n/a"}, "heating_value", "a price per MWh needs HHV or LHV"),
    ({"unit": "GBP per MWh"}, "unit", "is not a price per MWh, kg or t"),
    ({"unit": "EUR/MWh"}, "unit", "not in the row's currency 'GBP'"),
    ({"currency_year": "2023/24"}, "currency_year", "is not a year"),
    ({"country": "scotland"}, "country", "is not one of uk, india"),
])
def test_a_malformed_raw_row_is_refused(tmp_path, cells, field, problem):
    """A bad cell in the HAR1 row stops the derivation with one line naming the file, the column,
    the row and the problem."""
    raw = _raw_copy(tmp_path)
    _edit(raw, "uk_har1_strike_2023", **cells)
    with pytest.raises(InputError) as err:
        validation.build(raw)
    assert err.value.field == field
    assert problem in err.value.problem
    assert "'uk_har1_strike_2023'" in err.value.problem
    assert err.value.file.endswith("published_hydrogen_prices.csv")
    assert "\n" not in str(err.value)


def test_a_currency_year_the_table_lacks_is_refused(tmp_path):
    """GBP of 2018: the currency table has no 2018 ECB rate, so no rate is extrapolated."""
    raw = _raw_copy(tmp_path)
    _edit(raw, "uk_har1_strike_2023", currency_year="2018")
    with pytest.raises(InputError, match="no annual average rate for 2018"):
        validation.build(raw)
