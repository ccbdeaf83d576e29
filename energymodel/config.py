"""The network file: pydantic models, loading, and one-line validation errors.

A network file is YAML. Every field is documented here (``Field(description=...)``) with its
unit; ``docs/network-file.md`` is generated from these models
(``python -m energymodel.schema_doc``).
Relative file paths in a network file are resolved against the folder the file lives in.
"""

from __future__ import annotations

import difflib
import math
import typing
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from energymodel.errors import InputError

ElectrolysisTech = Literal["alkaline", "pem"]
StorageTech = Literal["salt_cavern", "tank"]
Foundation = Literal["fixed", "floating"]
#: Wind generator types: direct-drive permanent magnet, geared doubly-fed, direct-drive
#: electrically excited (see inputs/minerals.csv and docs/minerals.md).
GeneratorType = Literal["dd_pmsg", "gb_dfig", "dd_eesg"]
CostParameter = Literal["investment", "lifetime", "FOM", "VOM", "efficiency", "electricity-input"]

NonNegative = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Positive = Annotated[float, Field(gt=0, allow_inf_nan=False)]


class _Model(BaseModel):
    """Strict base: unknown keys are errors (a typo must never be silently ignored)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _no_nul(cls, data: Any) -> Any:
        """A NUL character (YAML "\\0") in a value would crash the file system calls later."""
        for key, value in data.items() if isinstance(data, dict) else ():
            if isinstance(value, str) and "\0" in value:
                msg = f"{key}: must not contain a NUL character"
                raise ValueError(msg)
        return data


class SeriesRef(_Model):
    """A column of a CSV time series: one row per snapshot, in order."""

    file: Path = Field(description="CSV file, relative to the network file's folder.")
    column: str = Field(description="Column holding the values.")


class Snapshots(_Model):
    """The modelled hours."""

    start: str = Field("2019-01-01 00:00", description="First snapshot, UTC.")
    periods: int = Field(8760, ge=1, description="Number of hourly snapshots (8,760: one year).")


class Costs(_Model):
    """Where costs come from and how they are annualised."""

    year: Literal[2030, 2040, 2050] = Field(
        2030, description="PyPSA technology-data projection year."
    )
    discount_rate: float = Field(
        0.07, ge=0, le=0.5, allow_inf_nan=False,
        description="Real discount rate used to annualise investment (per unit; 0.07 = 7 %).",
    )
    dir: Path = Field(
        Path("../inputs/costs"),
        description="Folder of technology-data tables named costs_<year>.csv.",
    )
    overrides: dict[str, dict[CostParameter, NonNegative]] = Field(
        default_factory=dict,
        description=(
            "Replace technology-data values: {technology: {parameter: value}}, in the units "
            "of the cost table (e.g. investment in EUR/kW, FOM in %/year)."
        ),
    )
    generator_premium_pct: dict[GeneratorType, Annotated[float, Field(
        gt=-100, allow_inf_nan=False)]] = Field(
        default_factory=dict,
        description=(
            "Investment premium (+) or discount (-) of a wind generator type over "
            "technology-data's offshore wind, % (default 0 for every type). An assumption: "
            "technology-data has no generator-type split."
        ),
    )


class Solver(_Model):
    """Solver settings passed to HiGHS through PyPSA/linopy."""

    name: Literal["highs"] = Field("highs", description="Solver (HiGHS).")
    options: dict[str, Any] = Field(
        default_factory=dict,
        description='HiGHS options, e.g. {solver: simplex} or {run_crossover: "off"} (quote off).',
    )


class Offtake(_Model):
    """Hydrogen taken by the hub's customers: a constant rate or an hourly profile."""

    t_per_day: NonNegative | None = Field(None, description="Constant offtake, tonnes H2 per day.")
    profile: SeriesRef | None = Field(
        None, description="Hourly offtake rate, tonnes H2 per day, one row per snapshot."
    )

    @model_validator(mode="after")
    def _one_of(self) -> Offtake:
        if (self.t_per_day is None) == (self.profile is None):
            msg = "give exactly one of t_per_day or profile"
            raise ValueError(msg)
        return self


class Grid(_Model):
    """The hub's connection to the public grid (import only)."""

    enabled: bool = Field(True, description="Allow grid imports at this hub.")
    price: SeriesRef | None = Field(None, description="Hourly import price, EUR/MWh.")
    carbon_intensity: SeriesRef | None = Field(
        None, description="Hourly grid carbon intensity, gCO2/kWh."
    )
    import_limit_mw: NonNegative | None = Field(
        None, description="Largest import, MW (null: unlimited)."
    )
    co2_price_eur_per_t: NonNegative = Field(
        0.0, description="Carbon price added to the import price, EUR/tCO2."
    )
    price_multiplier: NonNegative = Field(
        1.0, description="Factor on the import price series before the carbon price is "
        "added, per unit (1 = the series as given; for sensitivities)."
    )

    @model_validator(mode="after")
    def _series_when_enabled(self) -> Grid:
        if self.enabled and (self.price is None or self.carbon_intensity is None):
            msg = "an enabled grid needs both price and carbon_intensity"
            raise ValueError(msg)
        return self


class Battery(_Model):
    """Optional lithium-ion battery at the hub's AC bus (technology-data battery costs)."""

    enabled: bool = Field(False, description="Allow the optimiser to build a battery.")
    max_energy_mwh: NonNegative | None = Field(None, description="Upper limit, MWh (null: none).")


#: Placeholder in a file path that :attr:`Network.weather_year` replaces.
WEATHER_YEAR = "{weather_year}"

Standard = Literal["uk_lchs", "india_ghs", "eu_rfnbo"]
Period = Literal["hourly", "monthly"]


class Certification(_Model):
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


class Ppa(_Model):
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
    capacity_limit_mw: Positive | None = Field(None, description="Most PPA capacity, MW.")

    @model_validator(mode="after")
    def _profile_when_enabled(self) -> Ppa:
        if self.enabled and self.profile is None:
            msg = "an enabled PPA needs a profile"
            raise ValueError(msg)
        return self


class Banking(_Model):
    """Grid banking (India): surplus renewable output deposited with the grid and drawn back
    within the calendar month; the utility keeps ``charge_pct`` of what is deposited."""

    enabled: bool = Field(False, description="Allow banking with the grid.")
    charge_pct: float = Field(
        0.0, ge=0, lt=100, allow_inf_nan=False,
        description="Banking charge, % of deposited energy kept by the utility.",
    )


class Hub(_Model):
    """A hydrogen hub: an AC bus where export cables land and an H2 bus with offtake."""

    name: str = Field(description="Display name.")
    country: str = Field(description="Country code, e.g. UK or IN.")
    lat: float | None = Field(None, ge=-90, le=90, description="Landfall latitude, degrees.")
    lon: float | None = Field(None, ge=-180, le=180, description="Landfall longitude, degrees.")
    electrolysis: list[ElectrolysisTech] = Field(
        min_length=1, description="Electrolyser technologies the optimiser may build."
    )
    storage: list[StorageTech] = Field(
        default_factory=list,
        description="Hydrogen storage the geology allows: salt_cavern and/or tank.",
    )
    storage_max_mwh: NonNegative | None = Field(
        None, description="Upper limit on each hydrogen store, MWh H2 (LHV) (null: none)."
    )
    electrolysis_max_mw: NonNegative | None = Field(
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
    emissions_cap_kg_per_kg: NonNegative | None = Field(
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


class Site(_Model):
    """An offshore wind site feeding one hub through its own export connection."""

    name: str = Field(description="Display name.")
    hub: str = Field(description="Key of the hub this site exports to.")
    profile: SeriesRef = Field(description="Hourly capacity factor, 0..1, one row per snapshot.")
    capacity_limit_mw: Positive = Field(description="Most wind capacity the site can take, MW.")
    distance_to_shore_km: NonNegative = Field(description="Export cable length to landfall, km.")
    foundation: Foundation = Field(description="fixed (bottom-fixed) or floating; sets the cost.")
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
        return self


class MineralCap(_Model):
    """A budget on the primary demand for one mineral, network-wide or in one country."""

    mineral: str = Field(description="Mineral, as in the intensity table (e.g. neodymium).")
    limit_t: NonNegative = Field(
        description="Most primary demand, tonnes: demand x (1 - recycled share), summed over "
        "all capacity built in scope."
    )
    country: str | None = Field(
        None, description="Country code of the hubs it applies to (null: the whole network)."
    )


class Minerals(_Model):
    """Critical-mineral accounting and budgets (see docs/minerals.md)."""

    intensities: Path | None = Field(
        None, description="Intensity table, kg per MW or MWh by technology variant "
        "(inputs/minerals.csv); null: no mineral accounting."
    )
    supply: Path | None = Field(
        None, description="World supply table (inputs/mineral_supply.csv), for shares of "
        "annual world supply; null: none."
    )
    recycled_share: dict[str, Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]] = Field(
        default_factory=dict,
        description="Share of each mineral's demand met from secondary (recycled) supply, per "
        "unit (default 0); caps apply to the rest.",
    )
    caps: list[MineralCap] = Field(
        default_factory=list,
        description="Budgets on primary mineral demand, as linear constraints.",
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


class Network(_Model):
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
    weather_year: int | None = Field(
        None, ge=1979, le=2100,
        description="Weather year: replaces {weather_year} in every file path of the network "
        "(e.g. ../inputs/wind/uk_weather_years/uk_offshore_wind_cf_{weather_year}.csv); "
        "null: paths are used as written.",
    )

    @model_validator(mode="after")
    def _references(self) -> Network:
        for key, site in self.sites.items():
            if site.hub not in self.hubs:
                msg = f"sites.{key}.hub: unknown hub {site.hub!r} (hubs: {', '.join(self.hubs)})"
                raise ValueError(msg)
        for key in self.hubs:
            if not any(s.hub == key for s in self.sites.values()):
                msg = f"hubs.{key}: no wind site feeds this hub"
                raise ValueError(msg)
        countries = {h.country for h in self.hubs.values()}
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

    def series(self) -> list[tuple[str, SeriesRef]]:
        """Every time-series reference of the network, with its dotted field path."""
        refs = [(f"sites.{k}.profile", s.profile) for k, s in self.sites.items()]
        for k, h in self.hubs.items():
            refs += [(f"hubs.{k}.{name}", ref) for name, ref in (
                ("offtake.profile", h.offtake.profile), ("grid.price", h.grid.price),
                ("grid.carbon_intensity", h.grid.carbon_intensity),
                ("ppa.profile", h.ppa.profile)) if ref is not None]
        return refs


class NetworkFile(_Model):
    """A validated network plus where it came from (for resolving paths and messages)."""

    path: Path
    network: Network

    def resolve(self, p: Path) -> Path:
        """Resolve a path written in the network file against the file's folder, with
        ``{weather_year}`` replaced by the network's weather year."""
        year = self.network.weather_year
        if year is not None and WEATHER_YEAR in str(p):
            p = Path(str(p).replace(WEATHER_YEAR, str(year)))
        return p if p.is_absolute() else (self.path.parent / p).resolve()


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """Field names of the model found by following ``loc`` from ``model`` (dict keys and list
    indices are stepped over); [] when the path leads nowhere."""
    t: Any = model
    for part in loc:
        while True:  # strip Optional/Annotated, step into dict values and list items
            args = [a for a in typing.get_args(t) if a is not type(None)]
            origin = typing.get_origin(t)
            if origin in (dict, list) and args:
                if origin is dict and not isinstance(part, str):
                    return []
                t = args[-1]
                break
            if args and not (isinstance(t, type) and issubclass(t, BaseModel)):
                t = args[0]
                continue
            if isinstance(t, type) and issubclass(t, BaseModel) and part in t.model_fields:
                t = t.model_fields[part].annotation
                break
            return []
    while typing.get_args(t) and not (isinstance(t, type) and issubclass(t, BaseModel)):
        t = [a for a in typing.get_args(t) if a is not type(None)][0]
    return list(t.model_fields) if isinstance(t, type) and issubclass(t, BaseModel) else []


def _one_line(err: ValidationError, model: type[BaseModel] | None = None,
              doc: str = "docs/network-file.md") -> tuple[str, str]:
    """Turn pydantic's errors into one (field, problem); a typo (unknown key) comes first.

    A typo's suggestion is the closest missing field, else the closest field of the model at
    that place (``model`` is the validated model, default :class:`Network`).
    """
    errors = sorted(err.errors(), key=lambda e: e["type"] != "extra_forbidden")
    e = errors[0]
    loc = ".".join(str(p) for p in e["loc"])
    msg = e["msg"]
    if e["type"] == "extra_forbidden":
        missing = [x["loc"][-1] for x in errors
                   if x["type"] == "missing" and x["loc"][:-1] == e["loc"][:-1]]
        known = missing or _fields_at(model or Network, e["loc"][:-1])
        close = difflib.get_close_matches(str(e["loc"][-1]), [str(m) for m in known], n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"see {doc}"
        msg = f"unknown field ({hint})"
    elif msg.startswith("Value error, "):
        msg = msg.removeprefix("Value error, ")
        head, sep, rest = msg.partition(": ")
        if sep and head.count(".") >= 1:
            loc, msg = head, rest
        elif sep and head.isidentifier():  # "generators: ..." of the model at loc
            loc, msg = f"{loc}.{head}" if loc else head, rest
    value = e.get("input")
    if e["type"] not in {"extra_forbidden", "missing"} and isinstance(value, int | float | str):
        if isinstance(value, float) and math.isnan(value):
            value = "NaN"
        msg = f"{msg} (got {value!r})"
    return loc or "(top level)", msg


def parse(data: Any, path: Path) -> NetworkFile:
    """Validate already-loaded YAML data; raise InputError with one line on failure."""
    if not isinstance(data, dict):
        raise InputError(path, "(top level)", "expected a mapping of network fields")
    try:
        network = Network.model_validate(data)
    except ValidationError as err:
        field, problem = _one_line(err)
        raise InputError(path, field, problem) from None
    return NetworkFile(path=path.resolve(), network=network)


#: Most YAML nodes a network file may expand to through aliases (the default network has ~600).
MAX_YAML_NODES = 100_000


class _StrictLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that refuses alias bombs and duplicate keys.

    Aliases (``*name``) are allowed, but the document may expand to at most
    :data:`MAX_YAML_NODES` nodes counting every alias as a copy, and may not contain itself: an
    alias bomb ("billion laughs") would otherwise expand into billions of nodes when validated
    or dumped. The count is memoised on the composed node graph, so it costs linear time. A
    repeated key would otherwise silently replace the first (a second hub ``h:``).
    """

    def compose_document(self) -> Any:  # noqa: D102
        node = super().compose_document()
        sizes: dict[int, int] = {}

        def size(n: Any) -> int:
            if id(n) in sizes:
                if sizes[id(n)] < 0:
                    raise yaml.composer.ComposerError(None, None, "an alias refers to a node "
                                                      "that contains it", n.start_mark)
                return sizes[id(n)]
            sizes[id(n)] = -1
            children = n.value if isinstance(n, yaml.SequenceNode) else \
                [c for kv in n.value for c in kv] if isinstance(n, yaml.MappingNode) else []
            total = 1 + sum(size(c) for c in children)
            if total > MAX_YAML_NODES:
                problem = (f"expands to more than {MAX_YAML_NODES:,} values through aliases "
                           "(*name): an alias bomb?")
                raise yaml.composer.ComposerError(None, None, problem, n.start_mark)
            sizes[id(n)] = total
            return total

        if node is not None:
            size(node)
        return node

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:  # noqa: D102
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str | int | float):
                continue
            if key in seen:
                problem = f"duplicate key {key!r}"
                raise yaml.constructor.ConstructorError(None, None, problem, key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def load(path: str | Path) -> NetworkFile:
    """Read and validate a network file.

    Raises
    ------
    InputError
        When the file is missing, is not YAML, or breaks the schema.
    """
    path = Path(path)
    return parse(load_yaml(path), path)


def load_yaml(path: Path) -> Any:
    """Read a YAML file safely (see :class:`_StrictLoader`); one-line InputError on failure."""
    if not path.is_file():
        raise InputError(path, "(file)", "not found")
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)  # noqa: S506
    except (UnicodeDecodeError, RecursionError, OSError) as err:
        problem = "nested too deeply" if isinstance(err, RecursionError) else str(err)
        raise InputError(path, "(file)", f"not readable as UTF-8 YAML: {problem}") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "(file)"
        raise InputError(path, where, f"not valid YAML: {getattr(err, 'problem', err)}") from None
    return data
