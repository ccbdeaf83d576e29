"""Physics and numerics: the ranges every number of an input must lie in, written once.

Two kinds of rule:

- **physics**: a conversion efficiency lies in (0, 1] on an energy basis (hydrogen at its
  lower heating value): an electrolyser, a battery or a cable cannot give out more energy than
  it takes in. A value above 1 is legitimate only for a quantity that is not an energy
  conversion (a heat pump's coefficient of performance, a mass ratio); the model has none, so
  every efficiency above 1 is refused, and so is an electricity input below 1 MWh per MWh of
  hydrogen (its inverse). Lifetimes lie in 1-100 years: the annuity of a shorter or longer life
  divides by nearly zero or says nothing.
- **numerics**: HiGHS treats every number at or above 1e20 as infinite, and an LP whose
  coefficients span much more than about 1e12 is badly scaled (HiGHS then ends "unknown" or
  misjudges feasibility). The magnitudes below are far beyond any real project (a terawatt of
  power, a million euros per kilowatt) and keep every coefficient of the model's LP below
  about 1e13 with the default units (MW, MWh, EUR), so a number past them is a typo or a unit
  mistake, refused with its field named, never handed to the solver.

The network-file schemas (:mod:`energymodel.config.network`) and the readers of the input
tables (:mod:`energymodel.model.inputs`) take their bounds from here; docs/network-file.md
shows them with every field.
"""

from __future__ import annotations

__all__ = [
    "EFFICIENCY", "LIFETIME_YEARS", "MAX_CO2_PRICE_EUR_PER_T", "MAX_COST_PER_UNIT",
    "MAX_DISTANCE_KM", "MAX_EMISSIONS_KG_PER_KG", "MAX_ENERGY_MWH", "MAX_FOM_PCT",
    "MAX_INTENSITY_G_PER_KWH", "MAX_MASS_T", "MAX_MULTIPLIER", "MAX_POWER_MW",
    "MAX_PREMIUM_PCT", "MAX_PRICE_EUR_PER_MWH", "MAX_T_PER_DAY",
]

#: Power: capacities, limits and flows, MW (1 TW).
MAX_POWER_MW = 1e6
#: Energy: storage sizes, MWh (10 TWh).
MAX_ENERGY_MWH = 1e10
#: Distance: cable and pipeline lengths, km (half the Earth's circumference).
MAX_DISTANCE_KM = 2e4
#: Hydrogen offtake, tonnes per day (a million tonnes a day).
MAX_T_PER_DAY = 1e6
#: Electricity prices, EUR/MWh, either sign (day-ahead caps are a few thousand).
MAX_PRICE_EUR_PER_MWH = 1e5
#: Carbon prices, EUR/tCO2.
MAX_CO2_PRICE_EUR_PER_T = 1e5
#: Grid carbon intensity, gCO2/kWh (the dirtiest grids are about 1,000).
MAX_INTENSITY_G_PER_KWH = 2000.0
#: Factors on a series (price multipliers).
MAX_MULTIPLIER = 1e3
#: Investment, fixed and variable costs per unit of the cost table (EUR/kW, EUR/kWh,
#: EUR/MW/km, EUR/MWh).
MAX_COST_PER_UNIT = 1e6
#: Investment of one whole plant or vehicle, or per t/h of capacity, EUR (a ship costs 1e8).
MAX_PLANT_COST = 1e11
#: Fixed operation and maintenance, % of investment per year.
MAX_FOM_PCT = 100.0
#: Investment premium of a generator type, %.
MAX_PREMIUM_PCT = 1e4
#: Lifetimes, years (inclusive).
LIFETIME_YEARS = (1.0, 100.0)
#: Conversion efficiencies on an energy basis: above the first, at most the second.
EFFICIENCY = (0.0, 1.0)
#: Masses: mineral budgets and world supply, tonnes.
MAX_MASS_T = 1e12
#: Emission intensities of hydrogen, kgCO2 per kg H2.
MAX_EMISSIONS_KG_PER_KG = 1e3
