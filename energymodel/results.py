"""Result tables from a solved network: LCOH and its breakdown, capacities, emissions, dispatch.

Costs come from ``n.statistics`` grouped by bus ``location`` (the hub) and ``carrier``; the
per-hub costs add up to the optimisation objective (checked in :func:`summarise`).

LCOH (levelised cost of hydrogen), EUR/kg: the annualised capital cost plus fixed and variable
operating cost of everything that serves the hub (wind sites, export connections,
electrolysers, hydrogen storage, battery, grid imports including any carbon price), divided by
the hydrogen the hub delivers in the year, counted at 33.33 kWh/kg (LHV).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pypsa

from energymodel.config import NetworkFile
from energymodel.constraints import THRESHOLDS, mineral_coefficients, periods
from energymodel.inputs import H2_LHV_MWH_PER_T, Inputs
from energymodel.network import CARRIERS, ELECTROLYSIS, H2_STORAGE, WIND

logger = logging.getLogger(__name__)

#: LCOH components in report order.
COMPONENTS = ("wind", "export connection", "electrolysis", "storage", "grid electricity",
              "contracted renewables", "other")

LCOH_DEFINITION = (
    "Levelised cost of hydrogen (EUR/kg): annualised capital cost plus fixed and variable "
    "operating cost of everything that serves the hub (wind sites, export connections, "
    "electrolysers, hydrogen storage, battery, grid imports including any carbon price), "
    "divided by the hydrogen delivered in the year at 33.33 kWh/kg (LHV)."
)

_CAPACITY_CATEGORY = {
    **dict.fromkeys(WIND, ("wind", "MW")),
    "export fixed": ("export connection", "MW"),
    "export floating": ("export connection", "MW"),
    **dict.fromkeys(ELECTROLYSIS, ("electrolysis", "MW")),
    **dict.fromkeys(H2_STORAGE, ("hydrogen storage", "MWh")),
    "battery charger": ("battery power", "MW"),
    "battery storage": ("battery energy", "MWh"),
    "grid": ("grid connection", "MW"),
    "ppa": ("contracted renewables", "MW"),
}


@dataclass(frozen=True)
class Results:
    """The result tables of one run (see the module docstring and README for columns)."""

    hubs: pd.DataFrame
    lcoh_breakdown: pd.DataFrame
    capacities: pd.DataFrame
    dispatch: pd.DataFrame
    objective: float
    certification: pd.DataFrame | None = None
    minerals: MineralAccounts | None = None


@dataclass(frozen=True)
class MineralAccounts:
    """Mineral demand of a solved plan (see :func:`minerals` and docs/minerals.md).

    Attributes
    ----------
    table : pd.DataFrame
        Per hub, technology, variant and mineral: built capacity, intensity, status,
        ``demand_kg`` and ``primary_kg`` (NaN where the intensity has no citable figure).
    totals : pd.DataFrame
        Per scope (each country and ``total``) and mineral: known demand and primary demand,
        whether a figure is missing, world supply and the share of it.
    caps : pd.DataFrame
        Per cap: limit, primary demand in scope, binding, shadow price (EUR/kg).
    """

    table: pd.DataFrame
    totals: pd.DataFrame
    caps: pd.DataFrame


def _annual_costs(n: pypsa.Network) -> pd.Series:
    """Capital plus operating cost per (location, carrier), from ``n.statistics``."""
    kw = {"groupby": ["location", "carrier"], "nice_names": False}
    stats = [s for s in (n.statistics.capex(**kw), n.statistics.opex(**kw)) if not s.empty]
    return pd.concat(stats).groupby(level=["location", "carrier"]).sum()


def _weighted_sum(df: pd.DataFrame, w: pd.Series) -> pd.Series:
    return df.mul(w, axis=0).sum()


def _sum_by_hub(df: pd.DataFrame, hub_of: pd.Series, hubs: list[str]) -> pd.DataFrame:
    """Sum columns (components) of a time-series frame into one column per hub."""
    out = df.T.groupby(hub_of.reindex(df.columns)).sum().T if not df.empty else df
    return out.reindex(columns=hubs, fill_value=0.0)


def summarise(n: pypsa.Network, hub_names: dict[str, tuple[str, str]],
              grid_ci: pd.DataFrame) -> Results:
    """Build every result table from a solved network.

    Parameters
    ----------
    n : pypsa.Network
        Solved network.
    hub_names : dict
        Hub key -> (display name, country).
    grid_ci : pd.DataFrame
        Grid carbon intensity per hub on ``n.snapshots``, tCO2/MWh.
    """
    hubs = list(hub_names)
    w = n.snapshot_weightings.generators
    bus_hub = n.buses.location

    costs = _annual_costs(n)
    category = costs.index.get_level_values("carrier").map(lambda c: CARRIERS[c][2] or "other")
    cost_by = costs.groupby([costs.index.get_level_values("location"), category]).sum()
    cost_by = cost_by.unstack(fill_value=0.0).reindex(index=hubs, columns=list(COMPONENTS),
                                                      fill_value=0.0)

    gens, links, loads, stores = n.generators, n.links, n.loads, n.stores
    wind = gens.index[gens.carrier.isin(WIND)]
    grid = gens.index[gens.carrier == "grid"]
    elec = links.index[links.carrier.isin(ELECTROLYSIS)]
    h2s = stores.index[stores.carrier.isin(H2_STORAGE)]
    batt = stores.index[stores.carrier == "battery storage"]
    offtake_i = loads.index[loads.carrier == "H2 offtake"]

    avail = n.generators_t.p_max_pu.reindex(columns=wind).mul(gens.loc[wind, "p_nom_opt"])
    used = n.generators_t.p.reindex(columns=wind)
    gen_hub = gens.bus.map(bus_hub)
    link_hub = links.bus0.map(bus_hub)
    store_hub = stores.bus.map(bus_hub)
    dispatch = {
        "wind_available_mw": _sum_by_hub(avail, gen_hub, hubs),
        "wind_used_mw": _sum_by_hub(used, gen_hub, hubs),
        "grid_import_mw": _sum_by_hub(n.generators_t.p.reindex(columns=grid), gen_hub, hubs),
        "electrolysis_mw": _sum_by_hub(n.links_t.p0.reindex(columns=elec), link_hub, hubs),
        "h2_production_mw": _sum_by_hub(-n.links_t.p1.reindex(columns=elec), link_hub, hubs),
        "h2_offtake_mw": _sum_by_hub(n.loads_t.p.reindex(columns=offtake_i),
                                     loads.bus.map(bus_hub), hubs),
        "h2_storage_level_mwh": _sum_by_hub(n.stores_t.e.reindex(columns=h2s), store_hub, hubs),
        "battery_level_mwh": _sum_by_hub(n.stores_t.e.reindex(columns=batt), store_hub, hubs),
        "battery_charge_mw": _flow(n, "battery charger", "p0", link_hub, hubs),
        "battery_discharge_mw": _flow(n, "battery discharger", "p1", link_hub, hubs, -1.0),
        "ppa_mw": _sum_by_hub(n.generators_t.p.reindex(columns=gens.index[gens.carrier == "ppa"]),
                              gen_hub, hubs),
        "bank_deposit_mw": _flow(n, "banking deposit", "p0", link_hub, hubs),
        "bank_withdrawal_mw": _flow(n, "banking withdrawal", "p1", link_hub, hubs, -1.0),
        "bank_level_mwh": _sum_by_hub(n.stores_t.e.reindex(
            columns=stores.index[stores.carrier == "grid account"]), store_hub, hubs),
    }
    dispatch["curtailment_mw"] = (dispatch["wind_available_mw"] - dispatch["wind_used_mw"]).clip(
        lower=0.0)

    elec_cap = links.loc[elec, "p_nom_opt"].groupby(link_hub.reindex(elec)).sum()
    delivered_t = _weighted_sum(dispatch["h2_offtake_mw"], w) / H2_LHV_MWH_PER_T
    grid_mwh = _weighted_sum(dispatch["grid_import_mw"], w)
    ci = grid_ci.reindex(index=n.snapshots, columns=hubs, fill_value=0.0)
    co2_t = _weighted_sum(dispatch["grid_import_mw"] * ci, w)
    avail_mwh = _weighted_sum(dispatch["wind_available_mw"], w)
    curtailed_mwh = _weighted_sum(dispatch["curtailment_mw"], w)
    hours = float(w.sum())

    annual = cost_by.sum(axis=1)
    table = pd.DataFrame({
        "hub": hubs,
        "name": [hub_names[h][0] for h in hubs],
        "country": [hub_names[h][1] for h in hubs],
        "lcoh_eur_per_kg": (annual / (delivered_t * 1e3)).to_numpy(),
        "annual_cost_eur": annual.to_numpy(),
        "hydrogen_delivered_t_per_yr": delivered_t.to_numpy(),
        "electrolyser_capacity_factor": (
            _weighted_sum(dispatch["electrolysis_mw"], w)
            / (elec_cap.reindex(hubs, fill_value=0.0) * hours).replace(0, np.nan)
        ).to_numpy(),
        "wind_curtailment_pct": (100 * curtailed_mwh / avail_mwh.replace(0, np.nan)).to_numpy(),
        "grid_import_mwh": grid_mwh.to_numpy(),
        "co2_t": co2_t.to_numpy(),
        "co2_kg_per_kg_h2": (co2_t / delivered_t).to_numpy(),
    })
    total = {
        "hub": "total", "name": "All hubs", "country": "",
        "annual_cost_eur": annual.sum(),
        "hydrogen_delivered_t_per_yr": delivered_t.sum(),
        "grid_import_mwh": grid_mwh.sum(), "co2_t": co2_t.sum(),
        "electrolyser_capacity_factor": (
            _weighted_sum(dispatch["electrolysis_mw"], w).sum() / (elec_cap.sum() * hours)
            if elec_cap.sum() > 0 else np.nan
        ),
        "wind_curtailment_pct": 100 * curtailed_mwh.sum() / avail_mwh.sum()
        if avail_mwh.sum() > 0 else np.nan,
    }
    total["lcoh_eur_per_kg"] = total["annual_cost_eur"] / (total["hydrogen_delivered_t_per_yr"]
                                                           * 1e3)
    total["co2_kg_per_kg_h2"] = total["co2_t"] / total["hydrogen_delivered_t_per_yr"]
    table = pd.concat([table, pd.DataFrame([total])], ignore_index=True)

    breakdown = cost_by.stack().rename("annual_cost_eur").reset_index()
    breakdown.columns = ["hub", "component", "annual_cost_eur"]
    breakdown.insert(1, "name", breakdown.hub.map(lambda h: hub_names[h][0]))
    breakdown["lcoh_eur_per_kg"] = breakdown.annual_cost_eur / (
        breakdown.hub.map(delivered_t) * 1e3)

    return Results(
        hubs=table,
        lcoh_breakdown=breakdown,
        capacities=_capacities(n, hub_names),
        dispatch=_dispatch_long(dispatch, hubs),
        objective=float(n.objective),
    )


def _flow(n: pypsa.Network, carrier: str, port: str, link_hub: pd.Series, hubs: list[str],
          sign: float = 1.0) -> pd.DataFrame:
    """Flow of the links of one carrier at one port, summed per hub (AC side, MW)."""
    links = n.links.index[n.links.carrier == carrier]
    return sign * _sum_by_hub(n.links_t[port].reindex(columns=links), link_hub, hubs)


def _capacities(n: pypsa.Network, hub_names: dict[str, tuple[str, str]]) -> pd.DataFrame:
    rows = []
    for comp, attr in (("Generator", "p_nom_opt"), ("Link", "p_nom_opt"), ("Store", "e_nom_opt")):
        static = n.c[comp].static
        bus = static["bus0" if comp == "Link" else "bus"]
        for asset, carrier in static.carrier.items():
            if carrier not in _CAPACITY_CATEGORY:
                continue
            category, unit = _CAPACITY_CATEGORY[carrier]
            hub = n.buses.at[bus[asset], "location"]
            rows.append({
                "hub": hub, "name": hub_names[hub][0], "category": category,
                "technology": CARRIERS[carrier][0], "asset": asset,
                "capacity": float(static.at[asset, attr]), "unit": unit,
            })
    return pd.DataFrame(rows, columns=["hub", "name", "category", "technology", "asset",
                                       "capacity", "unit"])


def _dispatch_long(dispatch: dict[str, pd.DataFrame], hubs: list[str]) -> pd.DataFrame:
    columns = ["wind_available_mw", "wind_used_mw", "curtailment_mw", "grid_import_mw",
               "ppa_mw", "bank_deposit_mw", "bank_withdrawal_mw", "bank_level_mwh",
               "electrolysis_mw", "h2_production_mw", "h2_offtake_mw", "h2_storage_level_mwh",
               "battery_charge_mw", "battery_discharge_mw", "battery_level_mwh"]
    frames = []
    for hub in hubs:
        df = pd.DataFrame({c: dispatch[c][hub] for c in columns})
        df.insert(0, "hub", hub)
        frames.append(df)
    out = pd.concat(frames)
    out.index.name = "snapshot"
    return out.reset_index()


def certification(res: Results, n: pypsa.Network, grid_ci: pd.DataFrame,
                  lcoh_without: dict[str, float] | None = None) -> pd.DataFrame:
    """Achieved intensity against each hub's standards, compliance and cost of compliance.

    Intensity per assessment period = grid import x carbon intensity / hydrogen produced
    (kgCO2e/kgH2); the achieved value is the worst period with hydrogen production.
    ``lcoh_without`` holds the LCOH of a paired run without the rules, for hubs where a rule
    binds; where no rule binds the optimum is the same without it (cost of compliance 0).
    """
    cert = n.meta.get("certification", {})
    binding = n.meta.get("binding_rules", {})
    w = n.snapshot_weightings.generators
    lcoh = res.hubs.set_index("hub").lcoh_eur_per_kg
    rows = []
    for hub, settings in cert.items():
        d = res.dispatch[res.dispatch.hub == hub].set_index("snapshot")
        ci = grid_ci[hub] if hub in grid_ci else pd.Series(0.0, index=n.snapshots)
        emitted = d.grid_import_mw * ci.reindex(n.snapshots).to_numpy() * w.to_numpy()
        produced = d.h2_production_mw * w.to_numpy() / H2_LHV_MWH_PER_T
        for standard in settings["standards"]:
            period = {"uk_lchs": settings["lchs_period"]}.get(standard, "annual")
            label = periods(n.snapshots, period).to_numpy()
            by = pd.DataFrame({"e": emitted.to_numpy(), "h": produced.to_numpy(), "p": label})
            by = by.groupby("p").sum()
            by = by[by.h > 1e-9]
            worst = float((by.e / by.h).max()) if len(by) else 0.0
            without = (lcoh_without or {}).get(hub, lcoh[hub])
            rows.append({
                "hub": hub, "standard": standard, "assessment": period,
                "matching": settings["rfnbo_matching"] if standard == "eu_rfnbo" else "",
                "threshold_kg_per_kg": THRESHOLDS[standard],
                "achieved_kg_per_kg": worst,
                "annual_kg_per_kg": float(emitted.sum() / produced.sum()),
                "compliant": bool(worst <= THRESHOLDS[standard] * (1 + 1e-6) + 1e-9),
                "binding": standard in binding.get(hub, []),
                "lcoh_eur_per_kg": float(lcoh[hub]),
                "lcoh_without_rules_eur_per_kg": float(without),
                "cost_of_compliance_eur_per_kg": float(lcoh[hub] - without),
            })
    return pd.DataFrame(rows, columns=[
        "hub", "standard", "assessment", "matching", "threshold_kg_per_kg",
        "achieved_kg_per_kg", "annual_kg_per_kg", "compliant", "binding", "lcoh_eur_per_kg",
        "lcoh_without_rules_eur_per_kg", "cost_of_compliance_eur_per_kg"])


_CAPACITY_ATTR = {"Generator": "p_nom_opt", "Link": "p_nom_opt", "Store": "e_nom_opt"}
_CAPACITY_UNIT = {"wind": "MW", "electrolysis": "MW", "battery": "MWh", "export": "MW x km"}


def minerals(n: pypsa.Network, nf: NetworkFile, inp: Inputs) -> MineralAccounts:
    """Mineral demand = built capacity x intensity, per hub, country and in total.

    Primary demand = demand x (1 - recycled share). Intensities with no citable figure give
    NaN demand for the capacity built and are flagged (``missing``) in the totals, never
    counted as zero. The share of annual world supply is demand / supply where the supply table
    has a figure. Shadow prices of mineral caps come from the solve (``n.meta``).
    """
    net = nf.network
    country = {k: h.country for k, h in net.hubs.items()}
    recycled = net.minerals.recycled_share
    coef = mineral_coefficients(n, inp.minerals)
    cap = [float(n.c[c].static.at[a, _CAPACITY_ATTR[c]]) * sc
           for c, a, sc in zip(coef.component, coef.asset, coef.scale, strict=True)]
    coef = coef.assign(capacity=cap)
    coef = coef[coef.capacity > 1e-6]
    table = coef.groupby(["hub", "technology", "variant", "mineral"], as_index=False).agg(
        capacity=("capacity", "sum"), kg_per_unit=("kg_per_unit", "first"),
        intensity_unit=("unit", "first"), status=("status", "first"),
        scale=("scale", "first"))
    table["kg_per_unit"] = table.kg_per_unit / table.scale  # back to the table's own unit
    table = table.drop(columns="scale")
    table.insert(1, "country", table.hub.map(country))
    table.insert(5, "capacity_unit", table.technology.map(_CAPACITY_UNIT))
    table["demand_kg"] = table.capacity * table.kg_per_unit
    table["primary_kg"] = table.demand_kg * (1 - table.mineral.map(recycled).fillna(0.0))
    table = table[["hub", "country", "technology", "variant", "mineral", "capacity",
                   "capacity_unit", "kg_per_unit", "intensity_unit", "status", "demand_kg",
                   "primary_kg"]]

    supply = inp.mineral_supply
    rows = []
    scopes = [*sorted(set(country.values())), "total"]
    for scope in scopes:
        part = table if scope == "total" else table[table.country == scope]
        for mineral in dict.fromkeys(inp.minerals.mineral):
            sel = part[part.mineral == mineral]
            gap = sel[sel.status == "no citable figure"]
            ws = (float(supply.at[mineral, "world_supply_t_per_yr"])
                  if mineral in supply.index else np.nan)
            demand = float(sel.demand_kg.sum())
            rows.append({
                "scope": scope, "mineral": mineral, "demand_kg": demand,
                "primary_kg": float(sel.primary_kg.sum()),
                "recycled_share": float(recycled.get(mineral, 0.0)),
                "missing": not gap.empty,
                "missing_for": "; ".join(f"{t} {v}" for t, v in
                                         gap[["technology", "variant"]].drop_duplicates()
                                         .itertuples(index=False)),
                "world_supply_t_per_yr": ws,
                "share_of_world_supply_pct": 100 * demand / (ws * 1e3) if ws > 0 else np.nan,
            })
    totals = pd.DataFrame(rows)

    duals = n.meta.get("mineral_duals", {})
    cap_rows = []
    for c in net.minerals.caps:
        scope = c.country or "total"
        used = totals[(totals.scope == scope) & (totals.mineral == c.mineral)].primary_kg
        price = float(duals.get(f"minerals-cap-{c.mineral}-{scope}", 0.0))
        cap_rows.append({"mineral": c.mineral, "scope": scope, "limit_t": c.limit_t,
                         "primary_kg": float(used.sum()), "binding": abs(price) > 1e-9,
                         "shadow_price_eur_per_kg": price})
    caps = pd.DataFrame(cap_rows, columns=["mineral", "scope", "limit_t", "primary_kg",
                                           "binding", "shadow_price_eur_per_kg"])
    return MineralAccounts(table=table.reset_index(drop=True), totals=totals, caps=caps)


def assumptions(nf: NetworkFile, inp: Inputs) -> pd.DataFrame:
    """Key assumptions and data sources of a run, for the report and for the record."""
    net = nf.network
    rows = [
        ("general", "cost year", net.costs.year, "", "PyPSA technology-data projections"),
        ("general", "discount rate", net.costs.discount_rate, "per unit",
         "network file (costs.discount_rate)"),
        ("general", "hydrogen lower heating value", 33.33, "kWh/kg", "LHV convention"),
        ("general", "snapshots", net.snapshots.periods, "hours",
         f"from {net.snapshots.start} UTC; years of different inputs aligned by month, day, hour"),
    ]
    for tech, c in inp.costs.iterrows():
        rows.append(("costs", f"{tech}: investment", round(c.investment, 2), c.unit,
                     f"technology-data '{c.technology_data}': {c.source}"[:300]))
        rows.append(("costs", f"{tech}: lifetime / FOM / efficiency",
                     f"{c.lifetime:g} yr / {c.fom_pct:g} %/yr / {c.efficiency:.3f}", "",
                     f"technology-data '{c.technology_data}'"))
        rows.append(("costs", f"{tech}: annualised capital + FOM", round(c.capital_cost, 2),
                     f"{c.unit}/yr", "annuity at the discount rate + FOM"))
    for key, hub in net.hubs.items():
        offtake = (f"{hub.offtake.t_per_day:g}" if hub.offtake.t_per_day is not None
                   else f"profile {hub.offtake.profile.file}:{hub.offtake.profile.column}")
        rows.append((f"hub {hub.name}", "hydrogen offtake", offtake, "t/day", "network file"))
        rows.append((f"hub {hub.name}", "electrolysis options", ", ".join(hub.electrolysis), "",
                     "network file"))
        rows.append((f"hub {hub.name}", "hydrogen storage options",
                     ", ".join(hub.storage) or "none", "", "network file (geology)"))
        grid = hub.grid
        rows.append((f"hub {hub.name}", "grid import",
                     (f"limit {grid.import_limit_mw:g} MW" if grid.import_limit_mw is not None
                      else "unlimited") if grid.enabled else "off", "",
                     f"{grid.price.file}" if grid.enabled else "network file"))
        if grid.enabled:
            rows.append((f"hub {hub.name}", "grid price (mean)",
                         round(float(inp.grid_price[key].mean()), 2), "EUR/MWh",
                         f"{grid.price.file}, carbon price {grid.co2_price_eur_per_t:g} EUR/t"))
            rows.append((f"hub {hub.name}", "grid carbon intensity (mean)",
                         round(float(inp.grid_ci[key].mean() * 1e3), 1), "gCO2/kWh",
                         str(grid.carbon_intensity.file)))
    for key, site in net.sites.items():
        rows.append((f"site {site.name}", "hub / foundation / capacity limit / distance",
                     f"{net.hubs[site.hub].name} / {site.foundation} / "
                     f"{site.capacity_limit_mw:g} MW / {site.distance_to_shore_km:g} km", "",
                     "network file"))
        rows.append((f"site {site.name}", "mean capacity factor",
                     round(float(inp.wind_cf[key].mean()), 4), "per unit",
                     f"{site.profile.file} [{site.profile.column}]"))
    premium = net.costs.generator_premium_pct
    for site in net.sites.values():
        rows.append((f"site {site.name}", "wind generator types", ", ".join(site.generators), "",
                     "network file (sites.generators)"))
    if premium:
        rows.append(("costs", "wind generator investment premium",
                     ", ".join(f"{k} {v:+g} %" for k, v in premium.items()), "%",
                     "network file (costs.generator_premium_pct): assumption, no data"))
    mcfg = net.minerals
    if mcfg.intensities is not None:
        rows.append(("minerals", "intensity table", str(mcfg.intensities), "",
                     "docs/minerals.md; inputs/PROVENANCE.md"))
        for mineral, share in mcfg.recycled_share.items():
            rows.append(("minerals", f"recycled share: {mineral}", share, "per unit",
                         "network file (planning assumption)"))
        for cap in mcfg.caps:
            rows.append(("minerals", f"cap: {cap.mineral} ({cap.country or 'whole network'})",
                         cap.limit_t, "t primary", "network file"))
    rows.append(("sources", "input provenance", "inputs/PROVENANCE.md", "",
                 "sources, licences and processing of every input file"))
    return pd.DataFrame(rows, columns=["group", "parameter", "value", "unit", "source"])
