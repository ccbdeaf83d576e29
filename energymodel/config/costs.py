"""The network file's ``costs`` section: where costs come from and how they are annualised.

With it, the technology-data rows the model reads (:data:`TECHNOLOGIES`), the bounds every
cost parameter must keep (:data:`COST_BOUNDS`, also the checks of ``costs.overrides``), the
electrolyser cost bases and the wind generator types a premium may be set for. Split from
:mod:`energymodel.config.network` so each schema module holds one section's concern.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator

from energymodel.config import limits
from energymodel.config.base import Number, StrictModel, number

__all__ = ["COST_BOUNDS", "TECHNOLOGIES", "CostParameter", "Costs", "CountryCode",
           "ElectrolyserBasis", "GeneratorType"]

#: Wind generator types: direct-drive permanent magnet, geared doubly-fed, direct-drive
#: electrically excited (see inputs/minerals.csv and docs/minerals.md).
GeneratorType = Literal["dd_pmsg", "gb_dfig", "dd_eesg"]
CostParameter = Literal["investment", "lifetime", "FOM", "VOM", "efficiency", "electricity-input",
                        "compression-electricity-input"]

#: Model technology -> PyPSA technology-data name: the rows of the cost table the model uses,
#: one each. ``costs.overrides`` is keyed by these technology-data names.
TECHNOLOGIES: dict[str, str] = {
    "offwind fixed": "offwind",
    "offwind floating": "offwind-float",
    "export station fixed": "offwind-ac-station",
    "export cable fixed": "offwind-ac-connection-submarine",
    "export station floating": "offwind-float-station",
    "export cable floating": "offwind-float-connection-submarine",
    "H2 salt_cavern": "hydrogen storage underground",
    "H2 tank": "hydrogen storage tank type 1 including compressor",
    "battery storage": "battery storage",
    "battery inverter": "battery inverter",
    "H2 compressor": "hydrogen storage compressor",
    "desalination": "seawater desalination",
    "water tank": "clean water tank storage",
    # export chains (energymodel.model.trade) and offshore electrolysis
    "Haber-Bosch": "Haber-Bosch",
    "air separation unit": "air separation unit",
    "NH3 tank": "NH3 (l) storage tank incl. liquefaction",
    "NH3 ship": "NH3 (l) transport ship",
    "ammonia cracker": "Ammonia cracker",
    "H2 liquefaction": "H2 liquefaction",
    "LH2 tank": "H2 (l) storage tank",
    "LH2 ship": "H2 (l) transport ship",
    "H2 evaporation": "H2 evaporation",
    "H2 pipeline new": "H2 (g) submarine pipeline",
    "H2 pipeline repurposed": "H2 (g) submarine pipeline repurposed",
}
#: Electrolyser cost bases of the electrolyser table (inputs/costs/electrolysers.csv):
#: ``technology-data`` scales technology-data's IEA-based "electrolysis" investment, ``dea``
#: takes the Danish Energy Agency data sheets' own; both use the DEA structure (stack share,
#: replacement interval, degradation, consumption). See docs/costs.md.
ElectrolyserBasis = Literal["technology-data", "dea"]

#: Bounds of the cost parameters, in the units of the cost table (see config/limits.py).
COST_BOUNDS: dict[str, tuple[float, float, bool]] = {  # parameter -> (low, high, low is open)
    "investment": (0.0, limits.MAX_COST_PER_UNIT, False),
    "lifetime": (*limits.LIFETIME_YEARS, False),
    "FOM": (0.0, limits.MAX_FOM_PCT, False),
    "VOM": (0.0, limits.MAX_COST_PER_UNIT, False),
    "efficiency": (*limits.EFFICIENCY, True),
    "electricity-input": (1.0, 100.0, False),
    "compression-electricity-input": (0.0, 1.0, False),
}


#: A country code as the hubs write it (two capital letters, e.g. UK, IN).
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]


class Costs(StrictModel):
    """Where costs come from and how they are annualised."""

    year: Literal[2030, 2040, 2050] = Field(
        2030, description="PyPSA technology-data projection year."
    )
    discount_rate: number(ge=0, le=0.5) = Field(
        0.07,
        description="Real discount rate used to annualise investment (per unit; 0.07 = 7 %) "
        "at the hubs of every country without its own rate in discount_rate_by_country.",
    )
    discount_rate_by_country: dict[CountryCode, number(ge=0, le=0.5)] = Field(
        default_factory=dict,
        description="Real discount rate (cost of capital) per country code of the hubs, "
        "e.g. {IN: 0.0708}: it annualises the investment of every asset of that country's "
        "hubs and of the wind sites that feed them. Countries not listed use discount_rate.",
    )
    dir: Path = Field(
        Path("../inputs/costs"),
        description="Folder of technology-data tables named costs_<year>.csv.",
    )
    overrides: dict[str, dict[CostParameter, Number]] = Field(
        default_factory=dict,
        description=(
            "Replace technology-data values: {technology: {parameter: value}}, in the units "
            "of the cost table (e.g. investment in EUR/kW, FOM in %/year). Ranges: investment "
            "and VOM 0-1e6, lifetime 1-100 years, FOM 0-100 %/year, efficiency above 0 and at "
            "most 1, electricity-input 1-100 MWh per MWh."
        ),
    )
    electrolysers: ElectrolyserBasis = Field(
        "technology-data",
        description="Investment basis of the electrolysers, from electrolysers.csv in the "
        "cost folder: technology-data (its IEA-based 'electrolysis' row, PEM scaled by the "
        "DEA PEMEC/AEC ratio) or dea (the Danish Energy Agency data sheets). Both take stack "
        "share, stack replacement interval, degradation and consumption from the DEA sheets.",
    )
    generator_premium_pct: dict[GeneratorType, number(gt=-100, le=limits.MAX_PREMIUM_PCT)] = Field(
        default_factory=dict,
        description=(
            "Investment premium (+) or discount (-) of a wind generator type over "
            "technology-data's offshore wind, % (default 0 for every type). An assumption: "
            "technology-data has no generator-type split."
        ),
    )

    @field_validator("overrides")
    @classmethod
    def _physical(cls, value: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
        for tech, params in value.items():
            for param, v in params.items():
                low, high, open_ = COST_BOUNDS[param]
                if v <= low if open_ else v < low:
                    than = "greater than" if open_ else "greater than or equal to"
                    problem = f"Input should be {than} {low:g}"
                elif v > high:
                    problem = f"Input should be less than or equal to {high:g}"
                else:
                    continue
                msg = f"costs.overrides.{tech}.{param}: {problem} (got {v:g}; see " \
                      "energymodel/config/limits.py)"
                raise ValueError(msg)
        return value
