"""The hub tables of a solved network: LCOH and its breakdown, capacities, emissions, dispatch.

Costs come from ``n.statistics`` grouped by bus ``location`` (the hub) and ``carrier``; the
per-hub costs add up to the optimisation objective (``summary.json`` records the check).

LCOH (levelised cost of hydrogen), EUR/kg: the annualised capital cost plus fixed and variable
operating cost of everything that serves the hub (wind sites, export connections,
electrolysers, hydrogen storage, battery, grid imports including any carbon price), divided by
the hydrogen the hub delivers in the year, counted at 33.33 kWh/kg (LHV).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pypsa

from energymodel.carriers import (
    COMPONENTS,
    ELECTROLYSIS,
    H2_STORAGE,
    REVENUES,
    WIND,
    capacity_category,
    nice_name,
    stage,
)
from energymodel.carriers import component as lcoh_component
from energymodel.model.inputs import H2_LHV_MWH_PER_T
from energymodel.results.folder import TOTAL

if TYPE_CHECKING:
    from energymodel.results.minerals import MineralAccounts

logger = logging.getLogger(__name__)


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
    assumptions: pd.DataFrame | None = None
    placement: pd.DataFrame | None = None
    delivered_cost: pd.DataFrame | None = None
    map: pd.DataFrame | None = None
    #: The HiGHS solver that ended each hub's LP (energymodel.model.solve.optimize).
    solver_end: dict | None = None


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


def hub_tables(n: pypsa.Network, hub_names: dict[str, tuple[str, str]],
               grid_ci: pd.DataFrame, charges: dict[str, float] | None = None) -> Results:
    """The hub, LCOH, capacity and dispatch tables of a solved network.

    Parameters
    ----------
    n : pypsa.Network
        Solved network.
    hub_names : dict
        Hub key -> (display name, country).
    grid_ci : pd.DataFrame
        Grid carbon intensity per hub on ``n.snapshots``, tCO2/MWh.
    charges : dict, optional
        Network charges and levies per MWh imported, EUR/MWh, per hub: part of the grid's
        marginal cost, reported as the component ``grid charges``.
    """
    hubs = list(hub_names)
    w = n.snapshot_weightings.generators
    bus_hub = n.buses.location

    costs = _annual_costs(n)
    category = costs.index.get_level_values("carrier").map(lcoh_component)
    cost_by = costs.groupby([costs.index.get_level_values("location"), category]).sum()
    cost_by = cost_by.unstack(fill_value=0.0).reindex(index=hubs, columns=list(COMPONENTS),
                                                      fill_value=0.0)
    for hub, cost in n.meta.get("start_up_cost", {}).items():  # in the objective only
        if hub in cost_by.index:
            cost_by.loc[hub, "electrolysis"] += cost

    gens, links, loads, stores = n.generators, n.links, n.loads, n.stores
    wind = gens.index[gens.carrier.isin(WIND)]
    grid = gens.index[gens.carrier == "grid"]
    elec = links.index[links.carrier.isin(ELECTROLYSIS)]
    loss = gens.index[gens.carrier == "part-load loss"]
    sale = gens.index[gens.carrier == "grid sale"]
    h2s = stores.index[stores.carrier.isin(H2_STORAGE)]
    batt = stores.index[stores.carrier == "battery storage"]
    offtake_i = loads.index[loads.carrier == "H2 offtake"]

    avail = n.generators_t.p_max_pu.reindex(columns=wind).mul(gens.loc[wind, "p_nom_opt"])
    used = n.generators_t.p.reindex(columns=wind)
    gen_hub = gens.bus.map(bus_hub)
    link_hub = links.bus0.map(bus_hub)
    # a store's charging link: hydrogen in, compression electricity from the AC bus at bus2
    store_links = (links["bus2"] if "bus2" in links else pd.Series("", index=links.index)
                   ).map(bus_hub)
    store_hub = stores.bus.map(bus_hub)
    dispatch = {
        "wind_available_mw": _sum_by_hub(avail, gen_hub, hubs),
        "wind_used_mw": _sum_by_hub(used, gen_hub, hubs),
        "grid_import_mw": _sum_by_hub(n.generators_t.p.reindex(columns=grid), gen_hub, hubs),
        "electrolysis_mw": _sum_by_hub(n.links_t.p0.reindex(columns=elec), link_hub, hubs),
        "h2_production_mw": _sum_by_hub(-n.links_t.p1.reindex(columns=elec), link_hub, hubs)
        + _sum_by_hub(n.generators_t.p.reindex(columns=loss), gen_hub, hubs),  # loss <= 0
        "grid_export_mw": -_sum_by_hub(n.generators_t.p.reindex(columns=sale), gen_hub, hubs),
        "h2_offtake_mw": _sum_by_hub(n.loads_t.p.reindex(columns=offtake_i),
                                     loads.bus.map(bus_hub), hubs),
        "h2_storage_level_mwh": _sum_by_hub(n.stores_t.e.reindex(columns=h2s), store_hub, hubs),
        "battery_level_mwh": _sum_by_hub(n.stores_t.e.reindex(columns=batt), store_hub, hubs),
        "compression_mw": _flow(n, "H2 compressor", "p2", store_links, hubs)
        + _flow(n, "H2 tank compression", "p2", store_links, hubs),  # into compression, AC
        "desalination_mw": _flow(n, "desalination", "p0", link_hub, hubs),
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

    # hydrogen and electricity a hub hands to its export chains (energymodel.results.trade)
    exported_t = pd.Series(0.0, index=hubs)
    credit = export_electricity_value(n).reindex(hubs, fill_value=0.0)
    for link in links.index[links.carrier == "export intake"]:
        hub = bus_hub[links.at[link, "bus0"]]
        if hub in exported_t.index:
            exported_t[hub] += float((n.links_t.p0[link] * w).sum()) / H2_LHV_MWH_PER_T
    cost_by["electricity to exports"] -= credit

    charge = pd.Series(charges or {}, dtype=float).reindex(hubs, fill_value=0.0)
    moved = (charge * grid_mwh).reindex(hubs, fill_value=0.0)  # out of the grid's opex
    cost_by["grid charges"] += moved
    cost_by["grid electricity"] -= moved
    annual = cost_by.sum(axis=1)
    made_t = delivered_t + exported_t  # the LCOH's hydrogen: delivered and exported
    revenue = 0.0 - cost_by[list(REVENUES)].sum(axis=1)  # >= 0 (0.0 - : no "-0.0")
    export_mwh = _weighted_sum(dispatch["grid_export_mw"], w)
    table = pd.DataFrame({
        "hub": hubs,
        "name": [hub_names[h][0] for h in hubs],
        "country": [hub_names[h][1] for h in hubs],
        "lcoh_eur_per_kg": (annual / (made_t * 1e3)).to_numpy(),
        "lcoh_gross_eur_per_kg": ((annual + revenue) / (made_t * 1e3)).to_numpy(),
        "annual_cost_eur": annual.to_numpy(),
        "sales_revenue_eur": revenue.to_numpy(),
        "hydrogen_delivered_t_per_yr": delivered_t.to_numpy(),
        "hydrogen_exported_t_per_yr": exported_t.to_numpy(),
        "electrolyser_capacity_factor": (
            _weighted_sum(dispatch["electrolysis_mw"], w)
            / (elec_cap.reindex(hubs, fill_value=0.0) * hours).replace(0, np.nan)
        ).to_numpy(),
        "wind_curtailment_pct": (100 * curtailed_mwh / avail_mwh.replace(0, np.nan)).to_numpy(),
        "grid_import_mwh": grid_mwh.to_numpy(),
        "grid_export_mwh": export_mwh.to_numpy(),
        "co2_t": co2_t.to_numpy(),
        "co2_kg_per_kg_h2": (co2_t / made_t).to_numpy(),
    })
    chains, abroad_t = export_chain_costs(n)  # stages after production, and what arrives
    total = {
        "hub": TOTAL, "name": "All hubs", "country": "",
        # the chains' own costs and the electricity they took from the hubs
        "annual_cost_eur": annual.sum() + credit.sum() + chains,
        "sales_revenue_eur": revenue.sum(),
        "hydrogen_delivered_t_per_yr": delivered_t.sum() + abroad_t,
        "hydrogen_exported_t_per_yr": exported_t.sum(),
        "grid_import_mwh": grid_mwh.sum(), "grid_export_mwh": export_mwh.sum(),
        "co2_t": co2_t.sum(),
        "electrolyser_capacity_factor": (
            _weighted_sum(dispatch["electrolysis_mw"], w).sum() / (elec_cap.sum() * hours)
            if elec_cap.sum() > 0 else np.nan
        ),
        "wind_curtailment_pct": 100 * curtailed_mwh.sum() / avail_mwh.sum()
        if avail_mwh.sum() > 0 else np.nan,
    }
    total["lcoh_eur_per_kg"] = total["annual_cost_eur"] / (total["hydrogen_delivered_t_per_yr"]
                                                           * 1e3)
    total["lcoh_gross_eur_per_kg"] = (total["annual_cost_eur"] + total["sales_revenue_eur"]) / (
        total["hydrogen_delivered_t_per_yr"] * 1e3)
    total["co2_kg_per_kg_h2"] = total["co2_t"] / total["hydrogen_delivered_t_per_yr"]
    table = pd.concat([table, pd.DataFrame([total])], ignore_index=True)

    breakdown = cost_by.stack().rename("annual_cost_eur").reset_index()
    breakdown.columns = ["hub", "component", "annual_cost_eur"]
    breakdown.insert(1, "name", breakdown.hub.map(lambda h: hub_names[h][0]))
    breakdown["lcoh_eur_per_kg"] = breakdown.annual_cost_eur / (
        breakdown.hub.map(made_t) * 1e3)

    return Results(
        hubs=table,
        lcoh_breakdown=breakdown,
        capacities=_capacities(n, hub_names),
        dispatch=_dispatch_long(dispatch, hubs),
        objective=float(n.objective),
    )


def export_electricity_value(n: pypsa.Network, by: str = "hub") -> pd.Series:
    """Electricity that export chains draw from their origin hub's AC bus, valued at its
    hourly marginal price, EUR/yr: by origin ``hub``, or by chain link (``by="link"``).

    An LP's marginal price is what one more MWh at that bus and hour would cost, so the chain
    pays for its electricity what the hub's supply costs at the margin; the hub's LCOH is net
    of it (component ``electricity to exports``) and the chain's stage carries it.
    """
    out: dict[str, float] = {}
    if "bus2" not in n.links or n.buses_t.marginal_price.empty:
        return pd.Series(out, dtype=float)
    w = n.snapshot_weightings.objective
    chain = n.links.index[n.links.carrier.map(stage) != ""]
    for link in chain:
        bus = n.links.at[link, "bus2"]
        if not bus or bus not in n.buses_t.marginal_price or "p2" not in n.links_t:
            continue
        value = float((n.links_t.p2[link] * n.buses_t.marginal_price[bus] * w).sum())
        key = link if by == "link" else n.buses.at[bus, "location"]
        out[key] = out.get(key, 0.0) + value
    return pd.Series(out, dtype=float)


def export_chain_costs(n: pypsa.Network) -> tuple[float, float]:
    """Annual cost of every export chain's components (all stages after production, without
    the electricity they draw, which the hubs' costs hold), EUR/yr, and the hydrogen delivered
    at the chains' ends, t/yr."""
    costs = _annual_costs(n)
    stages = costs.index.get_level_values("carrier").map(stage)
    chain_cost = float(costs[stages != ""].sum())
    loads = n.loads.index[n.loads.carrier == "H2 delivered"]
    w = n.snapshot_weightings.generators
    abroad = float(n.loads_t.p.reindex(columns=loads).mul(w, axis=0).sum().sum())
    return chain_cost, abroad / H2_LHV_MWH_PER_T


def _flow(n: pypsa.Network, carrier: str, port: str, link_hub: pd.Series, hubs: list[str],
          sign: float = 1.0) -> pd.DataFrame:
    """Flow of the links of one carrier at one port, summed per hub (AC side, MW)."""
    links = n.links.index[n.links.carrier == carrier]
    flows = n.links_t[port] if port in n.links_t else pd.DataFrame(index=n.snapshots)
    return sign * _sum_by_hub(flows.reindex(columns=links), link_hub, hubs)


def chain_origins(n: pypsa.Network) -> dict[str, str]:
    """Origin hub of each export chain, by the chain's location (its route key)."""
    intake = n.links[n.links.carrier == "export intake"]
    return {n.buses.at[b1, "location"]: n.buses.at[b0, "location"]
            for b0, b1 in zip(intake.bus0, intake.bus1, strict=True)}


def _capacities(n: pypsa.Network, hub_names: dict[str, tuple[str, str]]) -> pd.DataFrame:
    origins = chain_origins(n)
    rows = []
    for comp, attr in (("Generator", "p_nom_opt"), ("Link", "p_nom_opt"), ("Store", "e_nom_opt")):
        static = n.c[comp].static
        bus = static["bus0" if comp == "Link" else "bus"]
        for asset, carrier in static.carrier.items():
            if capacity_category(carrier) is None:
                continue
            category, unit = capacity_category(carrier)
            hub = n.buses.at[bus[asset], "location"]
            hub = origins.get(hub, hub)  # a chain's component: under its origin hub
            rows.append({
                "hub": hub, "name": hub_names[hub][0], "category": category,
                "technology": nice_name(carrier), "asset": asset,
                "capacity": float(static.at[asset, attr]), "unit": unit,
            })
    return pd.DataFrame(rows, columns=["hub", "name", "category", "technology", "asset",
                                       "capacity", "unit"])


def _dispatch_long(dispatch: dict[str, pd.DataFrame], hubs: list[str]) -> pd.DataFrame:
    columns = ["wind_available_mw", "wind_used_mw", "curtailment_mw", "grid_import_mw",
               "grid_export_mw",
               "ppa_mw", "bank_deposit_mw", "bank_withdrawal_mw", "bank_level_mwh",
               "electrolysis_mw", "compression_mw", "desalination_mw", "h2_production_mw",
               "h2_offtake_mw", "h2_storage_level_mwh",
               "battery_charge_mw", "battery_discharge_mw", "battery_level_mwh"]
    frames = []
    for hub in hubs:
        df = pd.DataFrame({c: dispatch[c][hub] for c in columns})
        df.insert(0, "hub", hub)
        frames.append(df)
    out = pd.concat(frames)
    out.index.name = "snapshot"
    return out.reset_index()


