"""Currency harmonisation: express a monetary figure in the model's currency year, EUR2025.

The model's currency year is EUR2025: PyPSA technology-data's ``eur_year`` is 2025, so its
``outputs/costs_*.csv`` are already in EUR2025. Every other figure is converted here from the
verbatim copy ``inputs/raw/finance/currency_harmonisation_compiled.csv``:

- **Euros of year y -> EUR2025**: times the product over k = y+1 .. 2025 of (1 + r_k / 100),
  r_k the Eurostat HICP annual average rate of change (``prc_hicp_aind``) of the **European
  Economic Area** row, the row technology-data's ``prepare_inflation_rate`` applies (not the
  euro-area row). EUR2020 -> EUR2025, for example, is 1.029 x 1.092 x 1.064 x 1.026 x 1.025.
- **GBP or INR of year y -> EUR2025**: divided by the ECB annual average reference rate of year
  y (GBP or INR per EUR; mean of the ECB daily rates of that year), which gives euros of year
  y, then inflated to 2025 as above.

A year or currency the table lacks is refused (:class:`~energymodel.errors.InputError`); no
rate is extrapolated.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from energymodel.errors import InputError

__all__ = ["HICP_QUANTITY", "MODEL_YEAR", "RAW_FILE", "hicp_factor", "per_eur", "to_eur2025"]

RAW_FILE = "finance/currency_harmonisation_compiled.csv"
"""The compiled currency table, relative to ``inputs/raw`` (and to the shared data folder)."""

MODEL_YEAR = 2025
"""The model's currency year (technology-data ``eur_year``)."""

HICP_QUANTITY = ("HICP annual average rate of change, European Economic Area "
                 "(row used by technology-data)")
"""``quantity`` of the HICP rows applied (unit ``% vs previous year``)."""

_RATE_QUANTITY = "EUR/{currency} annual average reference rate"
_RATE_UNIT = "{currency} per EUR"


def _rows(raw: Path, quantity: str, unit: str) -> pd.Series:
    """The values of ``quantity`` indexed by their integer year; the unit must be ``unit``."""
    table = pd.read_csv(raw / RAW_FILE, keep_default_na=False, dtype=str)
    rows = table[table["quantity"] == quantity]
    if rows.empty:
        raise InputError(RAW_FILE, quantity, "row not found")
    if (rows["unit"] != unit).any():
        raise InputError(RAW_FILE, quantity, f"expected unit {unit!r}")
    try:
        years = rows["year_or_basis"].astype(int)
        values = rows["value"].astype(float)
    except ValueError as exc:
        raise InputError(RAW_FILE, quantity, f"year or value not a number: {exc}") from exc
    if years.duplicated().any():
        raise InputError(RAW_FILE, quantity, "a year appears twice")
    return pd.Series(values.to_numpy(), index=years.to_numpy())


def hicp_factor(raw: Path, from_year: int, to_year: int = MODEL_YEAR) -> float:
    """EUR(``to_year``) per EUR(``from_year``) from the EEA HICP annual rates.

    Parameters
    ----------
    raw
        The raw data folder (``inputs/raw``).
    from_year, to_year
        Currency years. The factor is the product over k = from_year+1 .. to_year of
        (1 + rate_k / 100); 1 when the years are equal; the reciprocal when
        ``from_year > to_year``.

    Returns
    -------
    float
        The factor, unrounded.
    """
    if from_year > to_year:
        return 1.0 / hicp_factor(raw, to_year, from_year)
    rates = _rows(raw, HICP_QUANTITY, "% vs previous year")
    factor = 1.0
    for year in range(from_year + 1, to_year + 1):
        if year not in rates.index:
            raise InputError(RAW_FILE, HICP_QUANTITY, f"no HICP rate for {year}")
        factor *= 1.0 + rates[year] / 100.0
    return factor


def per_eur(raw: Path, currency: str, year: int) -> float:
    """ECB annual average reference rate of ``year``: units of ``currency`` per EUR.

    ``per_eur(raw, "GBP", 2024)`` is 0.84662. ``currency`` is an ISO code as the table writes
    it (``GBP``, ``INR``, ``USD``).
    """
    quantity = _RATE_QUANTITY.format(currency=currency)
    rates = _rows(raw, quantity, _RATE_UNIT.format(currency=currency))
    if year not in rates.index:
        raise InputError(RAW_FILE, quantity, f"no annual average rate for {year}")
    return float(rates[year])


def to_eur2025(value: float, currency: str, year: int, raw: Path) -> float:
    """``value`` in ``currency`` of ``year``, expressed in EUR2025.

    ``EUR``: ``value x hicp_factor(year -> 2025)``; any other currency:
    ``value / per_eur(currency, year) x hicp_factor(year -> 2025)``.
    """
    euros = float(value) if currency == "EUR" else float(value) / per_eur(raw, currency, year)
    return euros * hicp_factor(raw, year, MODEL_YEAR)
