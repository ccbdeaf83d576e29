"""The network file: its pydantic models, and loading with one-line validation errors.

A network file is YAML. Every field is documented here (``Field(description=...)``) with its
unit; ``docs/network-file.md`` is generated from these models (``make docs``).
Relative file paths in a network file are resolved against the folder the file lives in.

The module is long because it is the schema of one file: every model of the network file
but the ``costs`` section (:mod:`energymodel.config.costs`) and the trade sections
(:mod:`energymodel.config.trade`), each field with its type, bounds and description.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

import pandas as pd
from pydantic import Field, ValidationError, field_validator, model_validator

from energymodel.config import limits
from energymodel.config.base import Integer, StrictModel, number, one_line
from energymodel.config.costs import (  # noqa: F401 (re-exported: models of the file)
    COST_BOUNDS,
    TECHNOLOGIES,
    CostParameter,
    Costs,
    CountryCode,
    ElectrolyserBasis,
    GeneratorType,
)
from energymodel.config.safe_yaml import load_yaml
from energymodel.config.trade import (  # noqa: F401 (ShippingRoute: a model of the file)
    Export,
    OffshoreElectrolysis,
    Placement,
    ShippingRoute,
    Trade,
)
from energymodel.errors import InputError

ElectrolysisTech = Literal["alkaline", "pem"]
StorageTech = Literal["salt_cavern", "tank"]
Foundation = Literal["fixed", "floating"]

#: Most snapshots a network may have (about 114 years of hours; guards memory, not modelling).
MAX_SNAPSHOTS = 1_000_000
#: Hub and site keys: they name PyPSA components and dotted paths of scenario files.
KEY_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"
#: Keys no hub may have: ``total`` is the all-hubs row of the result tables.
RESERVED_KEYS = frozenset({"total"})

PowerMW = number(ge=0, le=limits.MAX_POWER_MW)
EnergyMWh = number(ge=0, le=limits.MAX_ENERGY_MWH)


class SeriesRef(StrictModel):
    """A column of a CSV time series: one row per snapshot, in order."""

    file: Path = Field(description="CSV file, relative to the network file's folder.")
    column: str = Field(description="Column holding the values.")


class Snapshots(StrictModel):
    """The modelled hours."""

    start: str = Field("2019-01-01 00:00", description="First snapshot, in UTC without an "
                       "offset (a trailing Z or +00:00 is allowed).")
    periods: Integer = Field(8760, ge=1, le=MAX_SNAPSHOTS,
                             description="Number of hourly snapshots (8,760: one year).")

    @field_validator("start")
    @classmethod
    def _utc_time(cls, value: str) -> str:
        text = str(value).strip()
        offset = re.search(r"([+-]\d\d:?\d\d|Z)$", text)
        if offset and offset.group(1) not in {"Z", "+00:00", "+0000", "-00:00", "-0000"}:
            msg = f"{text!r} has a UTC offset: give the first snapshot in UTC"
            raise ValueError(msg)
        try:
            stamp = pd.Timestamp(text)
        except (ValueError, TypeError, OverflowError):
            msg = f"not a time such as 2019-01-01 00:00 (got {text!r})"
            raise ValueError(msg) from None
        if stamp is pd.NaT or not 1900 <= stamp.year <= 2200:
            msg = f"not a time between 1900 and 2200 (got {text!r})"
            raise ValueError(msg)
        return text


class Solver(StrictModel):
    """Solver settings passed to HiGHS through PyPSA/linopy."""

    name: Literal["highs"] = Field("highs", description="Solver (HiGHS).")
    options: dict[str, Any] = Field(
        default_factory=dict,
        description='HiGHS options, e.g. {solver: simplex} or {run_crossover: "off"} (quote off).',
    )


class Offtake(StrictModel):
    """Hydrogen taken by the hub's customers: a constant rate or an hourly profile."""

    t_per_day: number(ge=0, le=limits.MAX_T_PER_DAY) | None = Field(
        None, description="Constant offtake, tonnes H2 per day.")
    profile: SeriesRef | None = Field(
        None, description="Hourly offtake rate, tonnes H2 per day, one row per snapshot."
    )

    @model_validator(mode="after")
    def _one_of(self) -> Offtake:
        if (self.t_per_day is None) == (self.profile is None):
            msg = "give exactly one of t_per_day or profile"
            raise ValueError(msg)
        return self


class GridSale(StrictModel):
    """Surplus electricity sold to the grid at the hourly price (off by default)."""

    enabled: bool = Field(False, description="Allow the hub to sell electricity to the grid.")
    export_limit_mw: PowerMW | None = Field(
        None, description="Largest export, MW (null: the import limit, or none without one).")
    discount_pct: number(ge=0, le=100) = Field(
        0.0, description="Share of the hourly price the hub does not get for what it sells, % "
        "(a planning assumption for route-to-market costs and price cannibalisation).")


class Grid(StrictModel):
    """The hub's connection to the public grid: imports, and optionally sales."""

    enabled: bool = Field(True, description="Allow grid imports at this hub.")
    price: SeriesRef | None = Field(None, description="Hourly import price, EUR/MWh.")
    carbon_intensity: SeriesRef | None = Field(
        None, description="Hourly grid carbon intensity, gCO2/kWh."
    )
    import_limit_mw: PowerMW | None = Field(
        None, description="Largest import, MW (null: unlimited)."
    )
    co2_price_eur_per_t: number(ge=0, le=limits.MAX_CO2_PRICE_EUR_PER_T) = Field(
        0.0, description="Carbon price added to the import price, EUR/tCO2."
    )
    price_multiplier: number(ge=0, le=limits.MAX_MULTIPLIER) = Field(
        1.0, description="Factor on the import price series before the carbon price is "
        "added, per unit (1 = the series as given; for sensitivities)."
    )
    charges_eur_per_mwh: number(ge=0, le=limits.MAX_PRICE_EUR_PER_MWH) | None = Field(
        None, description="Network charges and levies on every MWh imported, EUR2025/MWh "
        "(null: the sum of the charges grid_charges lists as included for the hub's country)."
    )
    sale: GridSale = Field(default_factory=lambda: GridSale(),
                           description="Sale of surplus electricity to the grid.")

    @model_validator(mode="after")
    def _series_when_enabled(self) -> Grid:
        if self.enabled and (self.price is None or self.carbon_intensity is None):
            msg = "an enabled grid needs both price and carbon_intensity"
            raise ValueError(msg)
        if self.sale.enabled and not self.enabled:
            msg = "sale.enabled: selling to the grid needs grid.enabled: true"
            raise ValueError(msg)
        return self


class Battery(StrictModel):
    """Optional lithium-ion battery at the hub's AC bus (technology-data battery costs)."""

    enabled: bool = Field(False, description="Allow the optimiser to build a battery.")
    max_energy_mwh: EnergyMWh | None = Field(None, description="Upper limit, MWh (null: none).")


#: Placeholder in a file path that :attr:`Network.weather_year` replaces.
WEATHER_YEAR = "{weather_year}"

Standard = Literal["uk_lchs", "india_ghs", "eu_rfnbo"]
Period = Literal["hourly", "monthly"]


class Certification(StrictModel):
    """Hydrogen standards the hub's output must meet, as constraints (see docs/certification.md).

    Thresholds and their sources are in ``inputs/certification.csv``.
    """

    standards: list[Standard] = Field(
        default_factory=list,
        description="uk_lchs (<= 2.4 kgCO2e/kgH2), india_ghs (<= 2.0, 12-month average), "
        "eu_rfnbo (<= 3.38, grid counted renewable only when matched by a PPA).",
    )
    lchs_period: Period = Field(
        "monthly", description="UK LCHS assessment: each hour, or each calendar month."
    )
    rfnbo_matching: Period = Field(
        "hourly", description="EU RFNBO temporal correlation: hourly (from 2030) or monthly "
        "(until end-2029).",
    )

    @model_validator(mode="after")
    def _unique(self) -> Certification:
        if len(set(self.standards)) != len(self.standards):
            msg = "standards: each standard at most once"
            raise ValueError(msg)
        return self


class Ppa(StrictModel):
    """Contracted new renewable generation in the hub's country, delivered through the grid.

    Its output reaches the hub in the hour it is produced (or, with monthly matching or grid
    banking, within the settlement month); only new (extendable) capacity is modelled, so it
    meets RFNBO additionality.
    """

    enabled: bool = Field(False, description="Allow the optimiser to contract PPA capacity.")
    profile: SeriesRef | None = Field(
        None, description="Hourly capacity factor of the contracted plant, 0..1."
    )
    foundation: Foundation = Field(
        "fixed", description="Offshore wind PPA cost basis (technology-data offwind/-float "
        "plus its substation).",
    )
    capacity_limit_mw: number(gt=0, le=limits.MAX_POWER_MW) | None = Field(
        None, description="Most PPA capacity, MW.")

    @model_validator(mode="after")
    def _profile_when_enabled(self) -> Ppa:
        if self.enabled and self.profile is None:
            msg = "an enabled PPA needs a profile"
            raise ValueError(msg)
        return self


class Banking(StrictModel):
    """Grid banking (India): surplus renewable output deposited with the grid and drawn back
    within the calendar month; the utility keeps ``charge_pct`` of what is deposited."""

    enabled: bool = Field(False, description="Allow banking with the grid.")
    charge_pct: number(ge=0, lt=100) = Field(
        0.0,
        description="Banking charge, % of deposited energy kept by the utility.",
    )


class ElectrolysisOperation(StrictModel):
    """How the electrolysers may run (docs/costs.md: both keep the problem a linear program)."""

    min_load: bool = Field(
        False, description="Electrolysers that run take at least their minimum load (IRENA: "
        "alkaline 15 %, PEM 5 %, from electrolysers.csv) of their online capacity; the "
        "online capacity changes at the start-up cost of planning_assumptions. Off by "
        "default: it slows the hourly run more than 1.5x (docs/costs.md).")
    part_load: bool = Field(
        False, description="Hydrogen output follows the part-load consumption curve of "
        "electrolyser_part_load.csv (concave: more hydrogen per MWh at part load). Off by "
        "default: it slows the hourly run more than 1.5x (docs/costs.md).")


class Water(StrictModel):
    """Water for the electrolysers: seawater desalinated at the hub (docs/costs.md)."""

    desalination: bool = Field(
        True, description="Model the electrolysers' water: a desalination plant at the hub, "
        "sized by the optimiser, with its electricity (false: water is not modelled).")
    tank: bool = Field(
        False, description="With desalination, a clean water tank sized by the optimiser, so "
        "that desalination need not follow the electrolysers hour by hour. Off by default: "
        "on the default network at 3 h it lowered the LCOH by at most 0.02 % and made the "
        "run 1.56x slower (docs/costs.md).")


class Hub(StrictModel):
    """A hydrogen hub: an AC bus where export cables land and an H2 bus with offtake."""

    name: str = Field(min_length=1, description="Display name.")
    country: str = Field(pattern=r"^[A-Z]{2}$",
                         description="Country code, two capital letters, e.g. UK or IN.")
    lat: number(ge=-90, le=90) | None = Field(None, description="Landfall latitude, degrees.")
    lon: number(ge=-180, le=180) | None = Field(None, description="Landfall longitude, degrees.")
    electrolysis: list[ElectrolysisTech] = Field(
        min_length=1, description="Electrolyser technologies the optimiser may build."
    )
    storage: list[StorageTech] = Field(
        default_factory=list,
        description="Hydrogen storage the geology allows: salt_cavern and/or tank.",
    )
    storage_max_mwh: EnergyMWh | None = Field(
        None, description="Upper limit on each hydrogen store, MWh H2 (LHV) (null: none)."
    )
    electrolysis_max_mw: PowerMW | None = Field(
        None, description="Upper limit on each electrolyser technology, MW electric (null: none)."
    )
    offtake: Offtake = Field(description="Hydrogen offtake.")
    grid: Grid = Field(default_factory=lambda: Grid(enabled=False), description="Grid link.")
    battery: Battery = Field(default_factory=Battery, description="Optional battery.")
    certification: Certification = Field(
        default_factory=Certification, description="Hydrogen standards to meet."
    )
    ppa: Ppa = Field(default_factory=Ppa, description="Contracted renewable generation.")
    banking: Banking = Field(default_factory=Banking, description="Grid banking.")
    electrolysis_operation: ElectrolysisOperation = Field(
        default_factory=ElectrolysisOperation, description="Minimum load and part load.")
    water: Water = Field(default_factory=Water, description="Water for the electrolysers.")
    emissions_cap_kg_per_kg: number(ge=0, le=limits.MAX_EMISSIONS_KG_PER_KG) | None = Field(
        None, description="Planning cap on grid emissions over the year, kgCO2 per kg H2 "
        "produced (null: none). A policy lever for cost-emissions trade-offs; the standards "
        "under certification are separate.",
    )

    @model_validator(mode="after")
    def _grid_for_rules(self) -> Hub:
        if (self.ppa.enabled or self.banking.enabled) and not self.grid.enabled:
            msg = "a PPA or grid banking needs grid.enabled: true (both use the grid)"
            raise ValueError(msg)
        cert = self.certification
        if self.banking.enabled and "eu_rfnbo" in cert.standards and \
                cert.rfnbo_matching == "hourly":
            msg = ("grid banking cannot be combined with hourly EU RFNBO matching (banked "
                   "energy would be matched outside its hour)")
            raise ValueError(msg)
        return self


class Site(StrictModel):
    """An offshore wind site feeding one hub through its own export connection."""

    name: str = Field(min_length=1, description="Display name.")
    hub: str = Field(description="Key of the hub this site exports to.")
    profile: SeriesRef = Field(description="Hourly capacity factor, 0..1, one row per snapshot.")
    capacity_limit_mw: number(gt=0, le=limits.MAX_POWER_MW) = Field(
        description="Most wind capacity the site can take, MW.")
    distance_to_shore_km: number(ge=0, le=limits.MAX_DISTANCE_KM) = Field(
        description="Export cable length to landfall, km.")
    foundation: Foundation = Field(description="fixed (bottom-fixed) or floating; sets the cost.")
    lat: number(ge=-90, le=90) | None = Field(None, description="Site latitude, degrees (map).")
    lon: number(ge=-180, le=180) | None = Field(None, description="Site longitude, degrees (map).")
    placement: list[Placement] = Field(
        default_factory=lambda: ["onshore"], min_length=1,
        description="Where this site's electricity may become hydrogen: onshore (export cable "
        "to the hub, electrolysers there) and/or offshore (electrolysers on a platform at the "
        "site, hydrogen by submarine pipeline; see offshore_electrolysis). With both, the "
        "optimiser chooses, and may mix.")
    generators: list[GeneratorType] = Field(
        default_factory=lambda: ["dd_pmsg"], min_length=1,
        description=(
            "Wind generator types the optimiser may build here; they share capacity_limit_mw. "
            "dd_pmsg (direct-drive permanent magnet, today's offshore standard), gb_dfig "
            "(geared, doubly-fed), dd_eesg (direct-drive electrically excited, no magnets)."
        ),
    )

    @model_validator(mode="after")
    def _unique_generators(self) -> Site:
        if len(set(self.generators)) != len(self.generators):
            msg = "generators: each type at most once"
            raise ValueError(msg)
        if len(set(self.placement)) != len(self.placement):
            msg = "placement: each placement at most once"
            raise ValueError(msg)
        return self


class MineralCap(StrictModel):
    """A budget on the primary demand for one mineral, network-wide or in one country."""

    mineral: str = Field(description="Mineral, as in the intensity table (e.g. neodymium).")
    limit_t: number(ge=0, le=limits.MAX_MASS_T) = Field(
        description="Most primary demand, tonnes: demand x (1 - recycled share), summed over "
        "all capacity built in scope."
    )
    country: str | None = Field(
        None, description="Country code of the hubs it applies to (null: the whole network)."
    )


class AssumedIntensity(StrictModel):
    """A mineral intensity the sources do not give, stated as a planning assumption."""

    technology: str = Field(description="Technology of the intensity table, e.g. wind.")
    variant: str = Field(description="Variant, e.g. gb_dfig.")
    mineral: str = Field(description="Mineral, e.g. copper.")
    kg_per_unit: number(ge=0, le=1e7) = Field(
        description="Assumed intensity, in the unit of the table's row (kg/MW, kg/MWh or "
        "kg/MW/km).")
    note: str = Field("", description="Why this value (shown in the report).")


class Minerals(StrictModel):
    """Critical-mineral accounting and budgets (see docs/minerals.md)."""

    intensities: Path | None = Field(
        None, description="Intensity table, kg per MW or MWh by technology variant "
        "(inputs/minerals.csv); null: no mineral accounting."
    )
    supply: Path | None = Field(
        None, description="World supply table (inputs/mineral_supply.csv), for shares of "
        "annual world supply; null: none."
    )
    recycled_share: dict[str, number(ge=0, le=1)] = Field(
        default_factory=dict,
        description="Share of each mineral's demand met from secondary (recycled) supply, per "
        "unit (default 0); caps apply to the rest.",
    )
    caps: list[MineralCap] = Field(
        default_factory=list,
        description="Budgets on primary mineral demand, as linear constraints.",
    )
    assumed: list[AssumedIntensity] = Field(
        default_factory=list,
        description="Values for intensities the table marks 'no citable figure'. A cap on a "
        "mineral is refused while a technology that could be built in its scope has no figure "
        "for it, unless one is assumed here (a missing figure is never zero).",
    )

    @model_validator(mode="after")
    def _caps_need_table(self) -> Minerals:
        if (self.caps or self.recycled_share) and self.intensities is None:
            msg = "minerals.intensities: caps and recycled shares need an intensity table"
            raise ValueError(msg)
        seen = set()
        for cap in self.caps:
            if (cap.mineral, cap.country) in seen:
                msg = (f"minerals.caps: {cap.mineral} capped twice for "
                       f"{cap.country or 'the whole network'}")
                raise ValueError(msg)
            seen.add((cap.mineral, cap.country))
        return self


#: Water per kilogram of hydrogen by stoichiometry, kg: H2O (18.015 g/mol) -> H2 (2.016 g/mol).
STOICHIOMETRIC_WATER_KG_PER_KG = 18.015 / 2.016
#: The least water a network file may state, kg per kg H2: the stoichiometric figure as stated
#: (8.936, the default); less would split more water than there is.
MIN_WATER_KG_PER_KG = round(STOICHIOMETRIC_WATER_KG_PER_KG, 3)


class PlanningAssumptions(StrictModel):
    """Numbers the model needs that no source of inputs/ gives: each is a planning assumption,
    shown as such in the report, with a sensitivity in networks/scenarios/uk_india.yaml."""

    pem_lifetime_years: number(ge=limits.LIFETIME_YEARS[0], le=limits.LIFETIME_YEARS[1]) = Field(
        25.0, description="Lifetime of a PEM electrolysis plant, years: the compiled DEA data "
        "hold no PEMEC lifetime row; assumed equal to the AEC sheet's 25 years.")
    start_up_cost_eur_per_mw: dict[ElectrolysisTech, number(
        ge=0, le=limits.MAX_COST_PER_UNIT)] = Field(
        default_factory=dict, description="Cost of bringing 1 MW of electrolyser capacity "
        "online (stack wear per start), EUR2025/MW; no citable figure, so 0 unless stated. "
        "Used with electrolysis_operation.min_load.")
    water_kg_per_kg_h2: number(ge=MIN_WATER_KG_PER_KG, le=100) = Field(
        MIN_WATER_KG_PER_KG, description="Fresh water per kilogram of hydrogen, kg: the "
        "stoichiometric 18.015 / 2.016 = 8.936 kg unless stated (no citable plant figure; "
        "purification losses would add to it); less is physically impossible.")

    offshore_platform_station_ratio: number(ge=0, le=10) = Field(
        1.0, description="Investment of an offshore electrolysis platform per kW of "
        "electrolyser, as a multiple of the site's export station per kW (technology-data "
        "offwind-ac-station / offwind-float-station): no published platform cost per kW was "
        "found (inputs/raw/hydrogen/offshore_electrolysis_compiled.csv).")
    ship_speed_knots: number(gt=0, le=50) = Field(
        16.0, description="Service speed of ammonia and liquid-hydrogen carriers, knots: sets "
        "the voyage time and so the fleet; technology-data's ship rows give none.")
    port_days_per_call: number(ge=0, le=30) = Field(
        2.0, description="Days in port per call (loading or discharging), added to each "
        "round trip.")
    tank_min_cargoes: number(ge=0, le=100) = Field(
        1.0, description="Least size of each export and import tank of a shipping route, in "
        "carrier cargoes (technology-data's ship capacity): ships load and unload whole "
        "cargoes; 0 models the flow as continuous.")
    lh2_boil_off_pct_per_day: number(ge=0, le=10) = Field(
        0.2, description="Boil-off of a liquid-hydrogen carrier at sea, % of the cargo per "
        "day, burnt as its fuel; no figure in inputs/.")

    @field_validator("water_kg_per_kg_h2", mode="before")
    @classmethod
    def _stoichiometric(cls, value: Any) -> Any:
        """Say why a figure below stoichiometry is refused (the bound alone would not)."""
        if isinstance(value, int | float) and not isinstance(value, bool) \
                and value < MIN_WATER_KG_PER_KG:
            msg = (f"below the stoichiometric {MIN_WATER_KG_PER_KG:g} kg of water per kg of "
                   "hydrogen (18.015 / 2.016 by molar mass): physically impossible")
            raise ValueError(msg)
        return value


class Network(StrictModel):
    """A whole network file."""

    name: str = Field(
        pattern=r"^[A-Za-z0-9_.-]+$",
        description="Run name; results go to results/<name>/ (letters, digits, _ . -).",
    )
    title: str = Field("", description="Human-readable title for reports.")
    snapshots: Snapshots = Field(default_factory=Snapshots, description="Modelled hours.")
    costs: Costs = Field(default_factory=Costs, description="Cost data and annualisation.")
    solver: Solver = Field(default_factory=Solver, description="Solver settings.")
    hubs: dict[str, Hub] = Field(min_length=1, description="Hydrogen hubs by key.")
    sites: dict[str, Site] = Field(min_length=1, description="Wind sites by key.")
    minerals: Minerals = Field(default_factory=Minerals,
                               description="Critical-mineral accounting and budgets.")
    grid_charges: Path = Field(
        Path("../inputs/grid/grid_charges.csv"),
        description="Table of network charges and levies on grid imports by country "
        "(inputs/grid/grid_charges.csv); read for hubs whose grid.charges_eur_per_mwh is null.",
    )
    planning_assumptions: PlanningAssumptions = Field(
        default_factory=PlanningAssumptions,
        description="Numbers no input source gives, stated as planning assumptions.")
    standards: Path = Field(
        Path("../inputs/certification.csv"),
        description="Table of the hydrogen standards: the emissions threshold of each "
        "(rows 'emissions threshold' in kgCO2e/kgH2) and their sources; read when a hub has a "
        "standard.",
    )
    offshore_electrolysis: OffshoreElectrolysis = Field(
        default_factory=OffshoreElectrolysis,
        description="Electrolysis at sea, for sites whose placement allows offshore.")
    exports: dict[str, Export] = Field(
        default_factory=dict, description="Hydrogen delivered from one hub to another, by "
        "route key (docs/trade.md).")
    trade: Trade = Field(default_factory=Trade, description="Input tables of the exports.")
    placement_costs: bool = Field(
        False, description="Solve each hub again with each site that may place its "
        "electrolysers onshore or offshore forced to the placement it did not choose: the "
        "cost of forcing it, per site (placement.csv). One paired run per such site.")
    weather_year: Integer | None = Field(
        None, ge=1979, le=2100,
        description="Weather year: replaces {weather_year} in every file path of the network "
        "(e.g. ../inputs/wind/uk_weather_years/uk_offshore_wind_cf_{weather_year}.csv); "
        "null: paths are used as written.",
    )

    @model_validator(mode="after")
    def _references(self) -> Network:
        for kind, keys in (("hubs", self.hubs), ("sites", self.sites)):
            for key in keys:
                if not re.match(KEY_PATTERN, key):
                    msg = (f"{kind}.{key}: a key may hold only letters, digits, _ and - (it "
                           "names model components and scenario-file paths)")
                    raise ValueError(msg)
        for key in RESERVED_KEYS & set(self.hubs):
            msg = f"hubs.{key}: {key!r} is reserved (the all-hubs row of the result tables)"
            raise ValueError(msg)
        for key, site in self.sites.items():
            if site.hub not in self.hubs:
                msg = f"sites.{key}.hub: unknown hub {site.hub!r} (hubs: {', '.join(self.hubs)})"
                raise ValueError(msg)
        for key in self.hubs:
            if not any(s.hub == key for s in self.sites.values()):
                msg = f"hubs.{key}: no wind site feeds this hub"
                raise ValueError(msg)
        self._check_exports()
        countries = {h.country for h in self.hubs.values()}
        for country in self.costs.discount_rate_by_country:
            if country not in countries:
                msg = (f"costs.discount_rate_by_country.{country}: no hub in {country!r} "
                       f"(countries: {', '.join(sorted(countries))})")
                raise ValueError(msg)
        for i, cap in enumerate(self.minerals.caps):
            if cap.country is not None and cap.country not in countries:
                msg = (f"minerals.caps.{i}.country: no hub in {cap.country!r} "
                       f"(countries: {', '.join(sorted(countries))})")
                raise ValueError(msg)
        if self.name in {".", ".."}:
            msg = "name: must not be '.' or '..'"
            raise ValueError(msg)
        if self.weather_year is None:
            for where, ref in self.series():
                if WEATHER_YEAR in str(ref.file):
                    msg = f"{where}.file: uses {WEATHER_YEAR} but weather_year is not set"
                    raise ValueError(msg)
        return self

    def _check_exports(self) -> None:
        shares: dict[str, float] = {}
        for key, ex in self.exports.items():
            if not re.match(KEY_PATTERN, key) or key in self.hubs or key in self.sites:
                msg = (f"exports.{key}: a route key must be letters, digits, _ and - and no "
                       "hub's or site's key (it names model components)")
                raise ValueError(msg)
            for end in ("origin", "destination"):
                if getattr(ex, end) not in self.hubs:
                    msg = (f"exports.{key}.{end}: unknown hub {getattr(ex, end)!r} (hubs: "
                           f"{', '.join(self.hubs)})")
                    raise ValueError(msg)
            if ex.origin == ex.destination:
                msg = f"exports.{key}.destination: the same hub as the origin"
                raise ValueError(msg)
            if ex.share is not None:
                shares[ex.origin] = shares.get(ex.origin, 0.0) + ex.share
                if shares[ex.origin] > 1 + 1e-9:
                    msg = (f"exports.{key}.share: the shares of hub {ex.origin!r} add up to "
                           f"{shares[ex.origin]:g}, more than all of its offtake")
                    raise ValueError(msg)

    def series(self) -> list[tuple[str, SeriesRef]]:
        """Every time-series reference of the network, with its dotted field path."""
        refs = [(f"sites.{k}.profile", s.profile) for k, s in self.sites.items()]
        for k, h in self.hubs.items():
            refs += [(f"hubs.{k}.{name}", ref) for name, ref in (
                ("offtake.profile", h.offtake.profile), ("grid.price", h.grid.price),
                ("grid.carbon_intensity", h.grid.carbon_intensity),
                ("ppa.profile", h.ppa.profile)) if ref is not None]
        return refs


class NetworkFile(StrictModel):
    """A validated network plus where it came from (for resolving paths and messages)."""

    path: Path
    network: Network

    def resolve(self, p: Path, field: str = "(path)") -> Path:
        """Resolve a path written in the network file against the file's folder, with
        ``{weather_year}`` replaced by the network's weather year. A path that cannot be
        followed (a symbolic-link loop) is an InputError naming ``field``."""
        year = self.network.weather_year
        if year is not None and WEATHER_YEAR in str(p):
            p = Path(str(p).replace(WEATHER_YEAR, str(year)))
        if p.is_absolute():
            return p
        try:
            return (self.path.parent / p).resolve()
        except (RuntimeError, OSError) as err:  # Python 3.11: a loop raises RuntimeError
            raise InputError(self.path, field, f"{p}: cannot be followed ({err})") from None


def parse(data: Any, path: Path) -> NetworkFile:
    """Validate already-loaded YAML data; raise InputError with one line on failure."""
    if not isinstance(data, dict):
        raise InputError(path, "(top level)", "expected a mapping of network fields")
    try:
        network = Network.model_validate(data)
    except ValidationError as err:
        field, problem = one_line(err, Network)
        raise InputError(path, field, problem) from None
    try:
        resolved = path.resolve()
    except (RuntimeError, OSError) as err:
        raise InputError(path, "(file)", f"cannot be followed ({err})") from None
    return NetworkFile(path=resolved, network=network)


def load(path: str | Path) -> NetworkFile:
    """Read and validate a network file.

    Raises
    ------
    InputError
        When the file is missing, is not YAML, or breaks the schema.
    """
    path = Path(path)
    return parse(load_yaml(path), path)
