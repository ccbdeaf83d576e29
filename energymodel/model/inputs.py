"""Read and check every input a network file points at; convert units once.

After :func:`load` nothing downstream reads a file or converts a unit: the model builder gets
time series on the network's snapshots and a cost table in model units (EUR, MW, MWh, per year).

The module is long because it is the one reader of every input a network file names (cost
tables, profiles, grid, minerals, standards, charges, export routes), each checked here once.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from energymodel.config import Network, NetworkFile, SeriesRef, limits
from energymodel.data import minerals as mineral_format
from energymodel.errors import InputError
from energymodel.model import costs as cost_tables
from energymodel.model import tables

logger = logging.getLogger(__name__)

#: Lower heating value of hydrogen, MWh per tonne (33.33 kWh/kg).
H2_LHV_MWH_PER_T = 33.33

@dataclass(frozen=True)
class Inputs:
    """Everything the model builder needs, on the network's snapshots and in model units.

    Attributes
    ----------
    snapshots : pd.DatetimeIndex
        Hourly snapshots (UTC).
    costs : pd.DataFrame
        Index: model technology (see :data:`energymodel.config.TECHNOLOGIES` and the
        electrolysers of :mod:`energymodel.model.costs`). Columns: ``capital_cost``
        (annualised investment + fixed O&M per ``unit`` and year), ``unit`` (EUR/MW, EUR/MWh
        or EUR/MW/km),
        ``marginal_cost`` (EUR/MWh of the component's main flow), ``efficiency``,
        ``electricity_input``, ``min_load``, ``investment``, ``lifetime``, ``fom_pct``,
        ``origin`` (table and row), ``source``.
    wind_cf : pd.DataFrame
        Capacity factor per site (columns: site keys).
    offtake_mw : pd.DataFrame
        Hydrogen offtake per hub, MW (LHV).
    grid_price : pd.DataFrame
        Import price per hub (grid enabled), EUR/MWh, carbon price included.
    grid_ci : pd.DataFrame
        Grid carbon intensity per hub (grid enabled), tCO2/MWh.
    ppa_cf : pd.DataFrame
        Capacity factor of the contracted renewable plant per hub (PPA enabled).
    digest : str
        SHA-256 over the network file and every input file read.
    files : dict
        Input files read, path -> SHA-256.
    minerals : pd.DataFrame
        Mineral intensities (``minerals.intensities``): ``technology``, ``variant``,
        ``mineral``, ``kg_per_unit`` (NaN where the table has no citable figure), ``unit``,
        ``status`` (``assumed`` where ``minerals.assumed`` fills a missing figure),
        ``assumption`` (its note); empty without an intensity table.
    mineral_supply : pd.DataFrame
        World supply per mineral (``minerals.supply``), index mineral; empty without one.
    thresholds : dict
        Emissions threshold of each hydrogen standard, kgCO2e/kgH2, from the standards table
        (``standards``); empty when no hub has a standard.
    part_load : dict
        Part-load curve per electrolyser technology (when a hub uses part load).
    grid_charges : dict
        Network charges and levies on imports per hub with a grid, EUR2025/MWh (included in
        ``grid_price``).
    grid_charge_rows : pd.DataFrame
        The rows of the charge table behind the defaults (for the report), with ``included``.
    sale_price : pd.DataFrame
        Price a hub gets for electricity it sells, EUR/MWh, per hub with ``grid.sale``.
    hub_costs : dict
        The cost table of each hub whose discount rate is not the network's (its country's
        ``costs.discount_rate_by_country``); read through :meth:`costs_for`.
    routes : dict
        Export routes by key (:class:`energymodel.model.trade.Route`); a route with a
        ``share`` has already taken it out of its origin's ``offtake_mw``.
    sea_lanes : pd.DataFrame
        Polylines of the routes' sea lanes (``trade.sea_routes``: ``origin_locode``,
        ``destination_locode``, ``via``, ``part``, ``lon``, ``lat``), for the map.
    """

    snapshots: pd.DatetimeIndex
    costs: pd.DataFrame
    wind_cf: pd.DataFrame
    offtake_mw: pd.DataFrame
    grid_price: pd.DataFrame
    grid_ci: pd.DataFrame
    ppa_cf: pd.DataFrame
    digest: str
    files: dict[str, str] = field(default_factory=dict)
    minerals: pd.DataFrame = field(default_factory=pd.DataFrame)
    mineral_supply: pd.DataFrame = field(default_factory=pd.DataFrame)
    thresholds: dict[str, float] = field(default_factory=dict)
    part_load: dict[str, cost_tables.PartLoad] = field(default_factory=dict)
    grid_charges: dict[str, float] = field(default_factory=dict)
    grid_charge_rows: pd.DataFrame = field(default_factory=pd.DataFrame)
    sale_price: pd.DataFrame = field(default_factory=pd.DataFrame)
    hub_costs: dict[str, pd.DataFrame] = field(default_factory=dict)
    routes: dict = field(default_factory=dict)
    sea_lanes: pd.DataFrame = field(default_factory=pd.DataFrame)

    def costs_for(self, hub: str) -> pd.DataFrame:
        """The cost table of ``hub``: :attr:`costs` annualised at the hub's discount rate
        (:func:`discount_rate`); only ``capital_cost`` differs between hubs."""
        return self.hub_costs.get(hub, self.costs)


#: Every column a time series may be asked for, by the field that asks: (lower, upper, unit).
SERIES_BOUNDS: dict[str, tuple[float, float, str]] = {
    "profile": (0.0, 1.0, ""),
    "offtake.profile": (0.0, limits.MAX_T_PER_DAY, "t/day"),
    "grid.price": (-limits.MAX_PRICE_EUR_PER_MWH, limits.MAX_PRICE_EUR_PER_MWH, "EUR/MWh"),
    "grid.carbon_intensity": (0.0, limits.MAX_INTENSITY_G_PER_KWH, "gCO2/kWh"),
    "ppa.profile": (0.0, 1.0, ""),
}

#: The mineral intensity table (inputs/minerals.csv, written by energymodel.data.minerals).
MINERAL_TABLE = tables.Schema("mineral intensity table", (
    tables.Column("technology", "text", choices=tuple(mineral_format.UNITS)),
    tables.Column("variant", "text"), tables.Column("mineral", "text"),
    tables.Column("kg_per_unit", lower=0.0, upper=limits.MAX_COST_PER_UNIT * 10, empty=True,
                  unit="kg per unit"),
    tables.Column("unit", "text", choices=tuple(sorted(set(mineral_format.UNITS.values())))),
    tables.Column("status", "text", choices=mineral_format.STATUSES),
), key=("technology", "variant", "mineral"))
#: The world supply table (inputs/mineral_supply.csv): empty where no figure exists.
SUPPLY_TABLE = tables.Schema("mineral supply table", (
    tables.Column("mineral", "text"),
    tables.Column("world_supply_t_per_yr", lower=0.0, lower_open=True,
                  upper=limits.MAX_MASS_T, empty=True, unit="t/yr"),
), key=("mineral",))
#: The table of the hydrogen standards (inputs/certification.csv).
STANDARDS_TABLE = tables.Schema("standards table", (
    tables.Column("standard", "text"), tables.Column("parameter", "text"),
    tables.Column("value", "text"), tables.Column("unit", "text", empty=True),
    tables.Column("source", "text", empty=True),
))
#: Files of the cost folder beside costs_<year>.csv (written by energymodel.data.electrolysers).
ELECTROLYSER_FILE = "electrolysers.csv"
PART_LOAD_FILE = "electrolyser_part_load.csv"
#: The grid charge table (inputs/grid/grid_charges.csv, written by energymodel.data).
CHARGE_TABLE = tables.Schema("grid charge table", (
    tables.Column("country", "text"), tables.Column("charge", "text"),
    tables.Column("value_eur_per_mwh", lower=0, upper=limits.MAX_PRICE_EUR_PER_MWH, empty=True,
                  unit="EUR/MWh"),
    tables.Column("included", "text", choices=("true", "false")),
    tables.Column("currency_year", lower=2000, upper=2100, empty=True),
    tables.Column("source", "text", empty=True, required=False),
    tables.Column("note", "text", empty=True, required=False),
), key=("country", "charge"))
#: Standards a hub may be certified to: their emissions thresholds come from the table.
STANDARDS = ("uk_lchs", "india_ghs", "eu_rfnbo")
THRESHOLD = ("emissions threshold", "kgCO2e/kgH2")


class _Reader:
    """Reads each CSV once (through :mod:`energymodel.model.tables`) and checks the columns
    asked of it."""

    def __init__(self, nf: NetworkFile, snapshots: pd.DatetimeIndex) -> None:
        self.nf = nf
        self.snapshots = snapshots
        self.frames: dict[Path, pd.DataFrame] = {}
        self.hashes: dict[str, str] = {}

    def path(self, file: Path, field_name: str, *, named_here: bool = True) -> Path:
        """A file named in the network file, resolved and checked, its hash recorded.

        A missing file is an error of the network file's ``field_name`` (``named_here``), or
        of the file itself (tables found by convention, such as the cost table of a year)."""
        path = tables.checked_path(self.nf.resolve(file, field_name),
                                   self.nf.path if named_here else None, field_name)
        if str(path) not in self.hashes:
            self.hashes[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
        return path

    def frame(self, path: Path, field_name: str, schema: tables.Schema | None = None
              ) -> pd.DataFrame:
        if path not in self.frames:
            self.frames[path] = tables.read(path, schema, referrer=self.nf.path,
                                            field=field_name)
        return self.frames[path]

    def series(self, ref: SeriesRef, field_name: str, kind: str) -> np.ndarray:
        """Return a checked column of one row per snapshot (``kind``: a key of
        :data:`SERIES_BOUNDS`)."""
        path = self.path(ref.file, f"{field_name}.file")
        df = self.frame(path, f"{field_name}.file")
        lower, upper, unit = SERIES_BOUNDS[kind]
        col = tables.Column(ref.column, lower=lower, upper=upper, unit=unit)
        return tables.series(path, df, col, len(self.snapshots),
                             f"{field_name}.column in {self.nf.path.name}")


def read_minerals(path: Path) -> pd.DataFrame:
    """Read and check a mineral intensity table (see docs/minerals.md for its columns).

    A ``value`` row needs a non-negative ``kg_per_unit``; ``zero by design`` rows are 0; ``no
    citable figure`` rows must leave it empty (NaN here), so "zero" and "unknown" stay apart.
    Each technology has its own unit (:data:`energymodel.data.minerals.UNITS`).
    """
    df = tables.read(path, MINERAL_TABLE)
    for i, row in enumerate(df.itertuples(index=False), start=1):
        where = f"data row {i} ({row.technology}/{row.variant}/{row.mineral})"
        if mineral_format.UNITS[row.technology] != row.unit:
            raise InputError(path, where, f"unit {row.unit} does not fit technology "
                             f"{row.technology} ({mineral_format.UNITS[row.technology]})")
        value = row.kg_per_unit
        if row.status == "no citable figure":
            if pd.notna(value):
                raise InputError(path, where, "no citable figure, yet a value is given")
        elif pd.isna(value) or (row.status == "zero by design" and value != 0):
            raise InputError(path, where, f"kg_per_unit {value!r} does not fit {row.status!r}")
    return df


def mineral_candidates(net: Network) -> set[tuple[str, str, str]]:
    """``(hub, technology, variant)`` of every capacity the optimiser may build that the
    intensity table covers (wind by generator type, export cables, electrolysers, LFP
    batteries): the network-file side of
    :func:`energymodel.model.constraints.minerals.mineral_assets`, which reads the same from
    a built network (tests/test_minerals.py checks that the two agree)."""
    out = set()
    for site in net.sites.values():
        out |= {(site.hub, "wind", variant) for variant in site.generators}
        out.add((site.hub, "export", "cable"))
    for key, hub in net.hubs.items():
        out |= {(key, "electrolysis", tech) for tech in hub.electrolysis}
        if hub.battery.enabled:
            out.add((key, "battery", "lfp"))
    return out


def _assume_intensities(nf: NetworkFile, table: pd.DataFrame, name: str) -> pd.DataFrame:
    """Fill the ``no citable figure`` rows that ``minerals.assumed`` gives a value for.

    Only a missing figure can be assumed: an assumption on a row with a value (or zero by
    design) is refused, so a cited figure is never overwritten by a guess.
    """
    table = table.assign(assumption="")
    seen = set()
    for i, a in enumerate(nf.network.minerals.assumed):
        where = f"minerals.assumed.{i}"
        key = (a.technology, a.variant, a.mineral)
        if key in seen:
            raise InputError(nf.path, where, f"{'/'.join(key)} is assumed twice")
        seen.add(key)
        hit = ((table.technology == a.technology) & (table.variant == a.variant)
               & (table.mineral == a.mineral))
        if not hit.any():
            raise InputError(nf.path, where, f"{'/'.join(key)} is not a row of {name}")
        status = table.loc[hit, "status"].iloc[0]
        if status != mineral_format.MISSING:
            raise InputError(nf.path, where, f"{name} gives {'/'.join(key)} a figure "
                             f"({status}); only a '{mineral_format.MISSING}' row can be assumed")
        table.loc[hit, ["kg_per_unit", "status", "assumption"]] = [
            float(a.kg_per_unit), mineral_format.ASSUMED, a.note or "planning assumption"]
    return table


def _check_caps_have_figures(nf: NetworkFile, table: pd.DataFrame, name: str) -> None:
    """Refuse a cap on a mineral that a capacity in its scope could carry with no figure.

    Treating the missing figure as zero would let the optimiser meet the cap by building
    the technology whose figure is missing (a 0 t copper cap met by geared turbines). A
    technology without a row for the mineral is taken to contain none (the table's scope).
    """
    net = nf.network
    candidates = mineral_candidates(net)
    missing = table[table.status == mineral_format.MISSING]
    for i, cap in enumerate(net.minerals.caps):
        hubs = {k for k, h in net.hubs.items() if cap.country in (None, h.country)}
        built = {(t, v) for h, t, v in candidates if h in hubs}
        in_scope = np.array([(t, v) in built for t, v in
                             zip(missing.technology, missing.variant, strict=True)], dtype=bool)
        gap = missing[(missing.mineral == cap.mineral).to_numpy() & in_scope]
        if len(gap):
            tech, variant = gap.iloc[0].technology, gap.iloc[0].variant
            raise InputError(nf.path, f"minerals.caps.{i}", f"{cap.mineral}: {name} has no "
                             f"citable figure for {tech} {variant}, which may be built in the "
                             f"cap's scope; state one in minerals.assumed (a missing figure "
                             f"is never taken as zero) or leave {tech} {variant} out")


def read_supply(path: Path) -> pd.DataFrame:
    """Read and check the world supply table: one row per mineral, index mineral."""
    return tables.read(path, SUPPLY_TABLE).set_index("mineral")


def read_thresholds(path: Path) -> dict[str, float]:
    """The emissions threshold of each hydrogen standard, kgCO2e per kg H2, from the
    standards table (rows ``emissions threshold`` in ``kgCO2e/kgH2``)."""
    df = tables.read(path, STANDARDS_TABLE)
    rows = df[(df.parameter == THRESHOLD[0]) & (df.unit == THRESHOLD[1])]
    out = {}
    for standard in STANDARDS:
        mine = rows[rows.standard == standard]
        if len(mine) != 1:
            raise InputError(path, standard, f"needs exactly one '{THRESHOLD[0]}' row in "
                             f"{THRESHOLD[1]} (found {len(mine)})")
        col = tables.Column("value", lower=0.0, upper=limits.MAX_EMISSIONS_KG_PER_KG,
                            unit=THRESHOLD[1])
        out[standard] = float(tables.numbers(path, mine["value"], col, mine.index)[0])
    return out


def _grid_charges(nf: NetworkFile, reader: _Reader) -> tuple[dict[str, float], pd.DataFrame]:
    """Charges on imports per hub with a grid, EUR2025/MWh, and the table rows behind them.

    A hub's ``grid.charges_eur_per_mwh`` wins; else the sum of the charges the table marks
    ``included`` for the hub's country (0 when the table has none: the report says so).
    """
    net = nf.network
    grid_hubs = {k: h for k, h in net.hubs.items() if h.grid.enabled}
    rows = pd.DataFrame()
    if any(h.grid.charges_eur_per_mwh is None for h in grid_hubs.values()):
        path = reader.path(net.grid_charges, "grid_charges")
        rows = reader.frame(path, "grid_charges", CHARGE_TABLE)
        bad = rows[(rows.included == "true") & rows.value_eur_per_mwh.isna()]
        if len(bad):
            raise InputError(path, f"{bad.iloc[0].country}/{bad.iloc[0].charge}",
                             "included, yet value_eur_per_mwh is empty")
    charges = {}
    for key, hub in grid_hubs.items():
        if hub.grid.charges_eur_per_mwh is not None:
            charges[key] = float(hub.grid.charges_eur_per_mwh)
        else:
            mine = rows[(rows.country == hub.country) & (rows.included == "true")]
            charges[key] = float(mine.value_eur_per_mwh.sum())
    return charges, rows


def _check_peak_efficiency(nf: NetworkFile, costs: pd.DataFrame,
                           part_load: dict[str, cost_tables.PartLoad], path: Path) -> None:
    """Refuse an electrolyser whose part-load curve takes it above 100 % efficiency.

    With part load the electrolyser's best efficiency is its efficiency times the curve's
    first (steepest) slope, the hydrogen per MWh at the lowest load: above 1 it would make
    more energy than it takes in. The error names the override when the efficiency is one,
    else the curve.
    """
    techs = {t for h in nf.network.hubs.values() if h.electrolysis_operation.part_load
             for t in h.electrolysis}
    for tech in sorted(techs):
        name = cost_tables.ELECTROLYSERS[tech]
        eta, curve = float(costs.at[name, "efficiency"]), part_load[tech]
        peak = eta * curve.slopes[0]
        if peak <= limits.EFFICIENCY[1] + 1e-9:
            continue
        overridden = "efficiency" in nf.network.costs.overrides.get(name, {})
        where = (nf.path, f"costs.overrides.{name}.efficiency") if overridden else (path, tech)
        source = "costs.overrides" if overridden else costs.at[name, "origin"]
        raise InputError(*where, f"efficiency {eta:g} from {source} times the part-load "
                         f"curve's first slope {curve.slopes[0]:.4g} (output {curve.output[1]:.4g}"
                         f" of nominal at load {curve.loads[1]:g}) is {peak:.4g} at part load: "
                         "above 1, physically impossible")


def _snapshots(nf: NetworkFile) -> pd.DatetimeIndex:
    """The network's hourly snapshots, naive UTC (a trailing Z or +00:00 is dropped)."""
    start = pd.Timestamp(nf.network.snapshots.start)
    if start.tzinfo is not None:
        start = start.tz_convert("UTC").tz_localize(None)
    try:
        return pd.date_range(start, periods=nf.network.snapshots.periods, freq="h")
    except (ValueError, OverflowError):
        raise InputError(nf.path, "snapshots.periods", "reaches past the year 2262, the last "
                         "time pandas can hold") from None


def load(nf: NetworkFile) -> Inputs:
    """Read, check and convert every input of a network file."""
    net = nf.network
    snapshots = _snapshots(nf)
    reader = _Reader(nf, snapshots)

    cost_dir = Path(net.costs.dir)
    cost_path = reader.path(cost_dir / f"costs_{net.costs.year}.csv", "(file)", named_here=False)
    electrolyser_path = reader.path(cost_dir / ELECTROLYSER_FILE, "(file)", named_here=False)

    def cost_table(rate: float) -> pd.DataFrame:
        return pd.concat([
            cost_tables.read_costs(cost_path, rate, net.costs.overrides),
            cost_tables.read_electrolysers(
                electrolyser_path, net.costs.year, net.costs.electrolysers, rate,
                net.planning_assumptions.pem_lifetime_years, net.costs.overrides)])

    costs = cost_table(net.costs.discount_rate)
    cost_tables.required_rows(cost_path, costs, _needed_rows(net))
    by_rate = {rate: cost_table(rate) for rate in set(net.costs.discount_rate_by_country.values())
               if rate != net.costs.discount_rate}
    hub_costs = {key: by_rate[rate] for key, hub in net.hubs.items()
                 if (rate := discount_rate(nf, key)) in by_rate}
    part_load = {}
    if any(h.electrolysis_operation.part_load for h in net.hubs.values()):
        part_path = reader.path(cost_dir / PART_LOAD_FILE, "(file)", named_here=False)
        part_load = cost_tables.read_part_load(part_path)
        missing = {t for h in net.hubs.values() if h.electrolysis_operation.part_load
                   for t in h.electrolysis} - set(part_load)
        if missing:
            raise InputError(part_path, sorted(missing)[0],
                             "no part-load curve for this technology")
        _check_peak_efficiency(nf, costs, part_load, part_path)

    wind = {key: reader.series(site.profile, f"sites.{key}.profile", "profile")
            for key, site in net.sites.items()}
    offtake, price, ci, ppa, sale = {}, {}, {}, {}, {}
    charges, charge_rows = _grid_charges(nf, reader)
    for key, hub in net.hubs.items():
        if hub.offtake.profile is not None:
            t_per_day = reader.series(hub.offtake.profile, f"hubs.{key}.offtake.profile",
                                      "offtake.profile")
        else:
            t_per_day = np.full(len(snapshots), hub.offtake.t_per_day)
        offtake[key] = t_per_day / 24 * H2_LHV_MWH_PER_T
        if not offtake[key].any():
            raise InputError(nf.path, f"hubs.{key}.offtake",
                             "zero in every snapshot (a hub must deliver hydrogen)")
        if hub.grid.enabled:
            ci[key] = reader.series(hub.grid.carbon_intensity,
                                    f"hubs.{key}.grid.carbon_intensity",
                                    "grid.carbon_intensity") / 1e3
            market = hub.grid.price_multiplier * reader.series(
                hub.grid.price, f"hubs.{key}.grid.price", "grid.price")
            price[key] = market + hub.grid.co2_price_eur_per_t * ci[key] + charges[key]
            if hub.grid.sale.enabled:
                sale[key] = market * (1 - hub.grid.sale.discount_pct / 100)
        if hub.ppa.enabled:
            ppa[key] = reader.series(hub.ppa.profile, f"hubs.{key}.ppa.profile", "ppa.profile")

    routes = _routes(nf, reader, offtake)
    lanes = _sea_lanes(nf, reader)

    minerals, supply = pd.DataFrame(), pd.DataFrame()
    mcfg = net.minerals
    if mcfg.intensities is not None:
        mpath = reader.path(mcfg.intensities, "(file)", named_here=False)
        minerals = read_minerals(mpath)
        known = set(minerals.mineral)
        asked = [(f"minerals.caps.{i}.mineral", c.mineral) for i, c in enumerate(mcfg.caps)]
        asked += [(f"minerals.recycled_share.{m}", m) for m in mcfg.recycled_share]
        for where, mineral in asked:
            if mineral not in known:
                raise InputError(nf.path, where, f"mineral {mineral!r} not in {mpath.name} "
                                 f"({', '.join(sorted(known))})")
        minerals = _assume_intensities(nf, minerals, mpath.name)
        _check_caps_have_figures(nf, minerals, mpath.name)
    if mcfg.supply is not None:
        supply = read_supply(reader.path(mcfg.supply, "(file)", named_here=False))
    thresholds = {}
    if any(h.certification.standards for h in net.hubs.values()):
        thresholds = read_thresholds(reader.path(net.standards, "standards"))

    digest = hashlib.sha256(nf.path.read_bytes())
    for name in sorted(reader.hashes):
        digest.update(reader.hashes[name].encode())
    logger.info(
        "Inputs read: %d snapshots, %d sites, %d hubs, %d files",
        len(snapshots), len(wind), len(net.hubs), len(reader.hashes),
    )

    def frame(d: dict) -> pd.DataFrame:
        return pd.DataFrame(d, index=snapshots, columns=list(d), dtype=float)

    return Inputs(
        snapshots=snapshots, costs=costs, wind_cf=frame(wind), offtake_mw=frame(offtake),
        grid_price=frame(price), grid_ci=frame(ci), ppa_cf=frame(ppa), digest=digest.hexdigest(),
        files=dict(reader.hashes), minerals=minerals, mineral_supply=supply,
        thresholds=thresholds, part_load=part_load, grid_charges=charges,
        grid_charge_rows=charge_rows, sale_price=frame(sale), hub_costs=hub_costs,
        routes=routes, sea_lanes=lanes,
    )


def _needed_rows(net: Network) -> dict[str, str]:
    """Cost-table rows of the export chains and offshore sites, by the field that needs them."""
    from energymodel.model import trade

    needed = {}
    for key, site in net.sites.items():
        if "offshore" in site.placement:
            needed[f"H2 pipeline {net.offshore_electrolysis.pipeline}"] = f"sites.{key}.placement"
    for key, ex in net.exports.items():
        rows = (("H2 pipeline new",) if ex.chain == "pipeline" else
                trade.CHAIN_ROWS[ex.chain] + (("air separation unit",)
                                              if ex.chain == "ammonia" else ()))
        needed.update({row: f"exports.{key}.chain" for row in rows})
    return needed


def _routes(nf: NetworkFile, reader: _Reader, offtake: dict) -> dict:
    """The export routes (:func:`energymodel.model.trade.read_routes`); the tables of sea
    distances and ship losses are read only when a route goes by sea."""
    from energymodel.model import trade

    net = nf.network
    distances, shipping, path = None, None, None
    if any(ex.route is not None for ex in net.exports.values()):
        from energymodel.data import trade as trade_data

        path = reader.path(net.trade.sea_distances, "trade.sea_distances")
        distances = trade_data.read_sea_distances(path)
        shipping = trade_data.read_shipping(reader.path(net.trade.shipping, "trade.shipping"))
    return trade.read_routes(nf, offtake, distances, shipping, path)


def _sea_lanes(nf: NetworkFile, reader: _Reader) -> pd.DataFrame:
    """The polylines of the network's sea routes (for the map), or an empty table."""
    net = nf.network
    if net.trade.sea_routes is None or not any(ex.route for ex in net.exports.values()):
        return pd.DataFrame()
    from energymodel.data import trade as trade_data

    return trade_data.read_sea_routes(reader.path(net.trade.sea_routes, "trade.sea_routes"))


def discount_rate(nf: NetworkFile, hub: str) -> float:
    """The real discount rate of a hub: its country's (``costs.discount_rate_by_country``),
    else the network's ``costs.discount_rate``."""
    c = nf.network.costs
    return c.discount_rate_by_country.get(nf.network.hubs[hub].country, c.discount_rate)
