"""Build a PyPSA network from a validated network file and its inputs.

Per hub ``h``: an AC bus ``h AC`` and a hydrogen bus ``h H2``; per wind site ``s`` an offshore
bus ``s offshore`` with the wind generator and an export link to ``h AC`` (placement onshore)
and/or electrolysis at sea piped to ``h H2`` (placement offshore), and per export route its
chain (both in :mod:`energymodel.model.trade`). Every bus carries
``location = h``, so results group by hub through PyPSA's ``location`` grouper, and components
are told apart by ``carrier`` only (see :mod:`energymodel.carriers`).

Units: MW and MWh of electricity, MW and MWh of hydrogen (LHV), EUR.
"""

from __future__ import annotations

import logging

import pandas as pd
import pypsa

from energymodel.carriers import CARRIERS
from energymodel.config import Hub, NetworkFile
from energymodel.model import trade
from energymodel.model.inputs import H2_LHV_MWH_PER_T, Inputs

logger = logging.getLogger(__name__)

# Keep PyPSA 1.x's current string handling (object dtype) explicitly, as PyPSA asks.
pypsa.options.api.legacy_string_dtype = True

#: ``p_nom`` of a flow with no capacity cost or limit: unbounded, not a variable.
FREE = float("inf")


def build(nf: NetworkFile, inputs: Inputs, hubs: list[str] | None = None) -> pypsa.Network:
    """Return an unsolved PyPSA network for the network file.

    ``hubs`` limits the network to those hubs and the sites that feed them (hubs share no bus
    or constraint, so each can be built and solved alone).
    """
    net = nf.network
    hub_items = {k: h for k, h in net.hubs.items() if hubs is None or k in hubs}
    site_items = {k: s for k, s in net.sites.items() if s.hub in hub_items}
    n = pypsa.Network(name=net.name)
    n.set_snapshots(inputs.snapshots)
    n.meta = {"certification": {k: h.certification.model_dump() for k, h in hub_items.items()
                                if h.certification.standards}}
    n.add("Carrier", list(CARRIERS), nice_name=[r.nice_name for r in CARRIERS.values()],
          color=[r.colour for r in CARRIERS.values()])  # one call: 46 took 0.4 s per build

    for key, hub in hub_items.items():
        ac, h2 = f"{key} AC", f"{key} H2"
        costs = inputs.costs_for(key)  # annualised at the hub's discount rate
        n.add("Bus", ac, carrier="AC", location=key, x=hub.lon or 0.0, y=hub.lat or 0.0)
        n.add("Bus", h2, carrier="H2", location=key, x=hub.lon or 0.0, y=hub.lat or 0.0,
              unit="MWh_LHV")
        n.add("Load", f"{key} H2 offtake", bus=h2, carrier="H2 offtake",
              p_set=inputs.offtake_mw[key])
        if hub.water.desalination:
            _add_water(n, key, costs, hub.water.tank)
        _add_electrolysers(n, key, hub, inputs, costs,
                           net.planning_assumptions.water_kg_per_kg_h2)
        for tech in hub.storage:
            _add_hydrogen_store(n, key, tech, costs, hub.storage_max_mwh)
        if hub.grid.enabled:
            _add_grid(n, key, hub, inputs)
        if hub.battery.enabled:
            _add_battery(n, key, costs, hub.battery.max_energy_mwh)
        if hub.ppa.enabled:
            wind = costs.loc[f"offwind {hub.ppa.foundation}"]
            station = costs.loc[f"export station {hub.ppa.foundation}"]
            n.add("Generator", f"{key} ppa", bus=ac, carrier="ppa", p_nom_extendable=True,
                  p_nom_max=_limit(hub.ppa.capacity_limit_mw), p_max_pu=inputs.ppa_cf[key],
                  capital_cost=wind.capital_cost + station.capital_cost,
                  marginal_cost=wind.marginal_cost, lifetime=wind.lifetime)
        if needs_grid_account(hub):
            _add_grid_account(n, key, hub.banking.charge_pct if hub.banking.enabled else 0.0)

    for key, site in site_items.items():
        offshore = f"{key} offshore"
        hub, costs = net.hubs[site.hub], inputs.costs_for(site.hub)
        n.add("Bus", offshore, carrier="AC", location=site.hub,
              x=site.lon if site.lon is not None else hub.lon or 0.0,
              y=site.lat if site.lat is not None else hub.lat or 0.0)
        wind = costs.loc[f"offwind {site.foundation}"]
        for variant in site.generators:
            premium = 1 + net.costs.generator_premium_pct.get(variant, 0.0) / 100
            n.add("Generator", wind_name(key, site.generators, variant), bus=offshore,
                  carrier=f"offwind {site.foundation}", type=variant, p_nom_extendable=True,
                  p_nom_max=site.capacity_limit_mw, p_max_pu=inputs.wind_cf[key],
                  capital_cost=wind.capital_cost * premium,
                  marginal_cost=wind.marginal_cost, lifetime=wind.lifetime)
        if "onshore" in site.placement:
            station = costs.loc[f"export station {site.foundation}"]
            cable = costs.loc[f"export cable {site.foundation}"]
            n.add("Link", f"{key} export", bus0=offshore, bus1=f"{site.hub} AC",
                  carrier=f"export {site.foundation}", p_nom_extendable=True,
                  p_nom_max=site.capacity_limit_mw, length=site.distance_to_shore_km,
                  capital_cost=station.capital_cost
                  + cable.capital_cost * site.distance_to_shore_km, lifetime=cable.lifetime)
        if "offshore" in site.placement:
            trade.add_offshore(n, key, nf, costs, net.planning_assumptions.water_kg_per_kg_h2
                               / H2_LHV_MWH_PER_T)
    trade.add_exports(n, inputs.routes, {h: inputs.costs_for(h) for h in net.hubs},
                      {h: inputs.costs_for(h) for h in net.hubs}, set(hub_items))
    for column in [c for c in n.links.columns if c.startswith("efficiency") and c[10:].isdigit()]:
        n.links[column] = n.links[column].fillna(1.0)  # links without that bus: PyPSA's default
    logger.info(
        "Network built: %d buses, %d generators, %d links, %d stores, %d snapshots",
        len(n.buses), len(n.generators), len(n.links), len(n.stores), len(n.snapshots),
    )
    return n


def _add_electrolysers(n: pypsa.Network, key: str, hub: Hub, inputs: Inputs,
                       costs: pd.DataFrame, water_kg_per_kg: float) -> None:
    """The hub's electrolysers: electricity in, hydrogen (LHV) out, water in when modelled.

    The marginal cost is the stack's wear per MWh of electricity through it; the efficiency
    is at the mean of the stack's degradation (:mod:`energymodel.model.costs`). With part
    load the link's efficiency is the curve's steepest (first) slope and a part-load loss on
    the hydrogen bus takes back what the curve does not give
    (:mod:`energymodel.model.constraints.electrolysis`).

    Water follows the hydrogen made (``water_kg_per_kg`` per kg), at every load:

    - at a flat efficiency the hydrogen made is a fixed share of the electricity, so each
      electrolyser draws its water from the water bus at ``bus2`` (per MWh of electricity:
      efficiency x water per MWh of hydrogen);
    - with part load the hydrogen made per MWh of electricity varies, so electrolysers and
      their part-load loss deliver into the hub's "H2 made" bus and one "electrolysis water"
      link passes that hydrogen on, taking the water per MWh of hydrogen.

    Both give the same optimum at a flat efficiency; the first has one bus and one flow fewer
    per snapshot, which makes the default network's LP faster (docs/speed.md).
    """
    ac, h2, water = f"{key} AC", f"{key} H2", f"{key} water"
    per_mwh_h2 = water_kg_per_kg / H2_LHV_MWH_PER_T  # t = m3 of water per MWh of hydrogen
    part_load = hub.electrolysis_operation.part_load
    if hub.water.desalination and part_load:
        made, h2 = h2, f"{key} H2 made"
        n.add("Bus", h2, carrier="H2", location=key, unit="MWh_LHV")
        n.add("Link", f"{key} electrolysis water", bus0=h2, bus1=made, bus2=water,
              carrier="electrolysis water", p_nom=FREE, efficiency2=-per_mwh_h2)
    for tech in hub.electrolysis:
        c = costs.loc[f"electrolysis {tech}"]
        name = f"{key} electrolysis {tech}"
        curve = inputs.part_load.get(tech) if part_load else None
        efficiency = c.efficiency * (curve.slopes[0] if curve else 1.0)
        water_in = ({"bus2": water, "efficiency2": -per_mwh_h2 * efficiency}
                    if hub.water.desalination and not part_load else {})
        n.add("Link", name, bus0=ac, bus1=h2, carrier=f"electrolysis {tech}",
              p_nom_extendable=True, p_nom_max=_limit(hub.electrolysis_max_mw),
              efficiency=efficiency, capital_cost=c.capital_cost, marginal_cost=c.marginal_cost,
              lifetime=c.lifetime, **water_in)
        if curve:
            n.add("Generator", f"{name} part-load loss", bus=h2, carrier="part-load loss",
                  p_nom=FREE, p_min_pu=-1.0, p_max_pu=0.0)


def _add_hydrogen_store(n: pypsa.Network, key: str, tech: str, costs: pd.DataFrame,
                        max_mwh: float | None) -> None:
    """A hydrogen store on its own bus, charged through compression, withdrawn freely.

    A salt cavern is charged through a compressor (technology-data "hydrogen storage
    compressor": its investment per MW of hydrogen and its electricity). technology-data's
    tank "type 1 including compressor" already includes the compressor's investment, so the
    tank's charging link costs nothing but the same compression electricity. Withdrawal (a
    pressure let-down) has no cost or limit. A flow that costs nothing to build has no
    capacity to choose (``p_nom`` :data:`FREE`), so the optimum has no free, arbitrary sizes.
    """
    h2, bus, ac = f"{key} H2", f"{key} H2 {tech}", f"{key} AC"
    c, compressor = costs.loc[f"H2 {tech}"], costs.loc["H2 compressor"]
    n.add("Bus", bus, carrier="H2", location=key, unit="MWh_LHV")
    n.add("Store", f"{key} H2 {tech}", bus=bus, carrier=f"H2 {tech}", e_nom_extendable=True,
          e_nom_max=_limit(max_mwh), e_cyclic=True, capital_cost=c.capital_cost,
          lifetime=c.lifetime)
    cavern = tech == "salt_cavern"
    cost = compressor.capital_cost if cavern else 0.0
    n.add("Link", f"{key} H2 {tech} charging", bus0=h2, bus1=bus, bus2=ac,
          efficiency2=-compressor.electricity_input,
          carrier="H2 compressor" if cavern else "H2 tank compression",
          p_nom_extendable=cost > 0, p_nom=0.0 if cost > 0 else FREE, capital_cost=cost,
          lifetime=compressor.lifetime)
    n.add("Link", f"{key} H2 {tech} withdrawal", bus0=bus, bus1=h2, carrier="H2 withdrawal",
          p_nom=FREE)


def _add_water(n: pypsa.Network, key: str, costs: pd.DataFrame, tank_on: bool) -> None:
    """Seawater desalination (per MW of electricity in) and, with ``tank_on``, a clean water
    tank (per m3); without a tank desalination follows the electrolysers' water use."""
    bus, desal, tank = f"{key} water", costs.loc["desalination"], costs.loc["water tank"]
    n.add("Bus", bus, carrier="water", location=key, unit="m3")
    per_mw = 1 / desal.electricity_input  # m3 of water per MWh of electricity
    n.add("Link", f"{key} desalination", bus0=f"{key} AC", bus1=bus, carrier="desalination",
          efficiency=per_mw, p_nom_extendable=True, capital_cost=desal.capital_cost * per_mw,
          marginal_cost=desal.marginal_cost * per_mw, lifetime=desal.lifetime)
    if tank_on:
        n.add("Store", f"{key} water tank", bus=bus, carrier="water tank",
              e_nom_extendable=True, e_cyclic=True, capital_cost=tank.capital_cost,
              lifetime=tank.lifetime)


def _add_grid(n: pypsa.Network, key: str, hub: Hub, inputs: Inputs) -> None:
    """Imports at the hourly price plus carbon price and charges; optionally sales."""
    limit, ac = hub.grid.import_limit_mw, f"{key} AC"
    n.add("Generator", f"{key} grid", bus=ac, carrier="grid",
          p_nom=0.0 if limit is None else limit, p_nom_extendable=limit is None,
          marginal_cost=inputs.grid_price[key])
    sale = hub.grid.sale
    if sale.enabled:
        export = sale.export_limit_mw if sale.export_limit_mw is not None else limit
        n.add("Generator", f"{key} grid sale", bus=ac, carrier="grid sale",
              p_nom=0.0 if export is None else export, p_nom_extendable=export is None,
              p_min_pu=-1.0, p_max_pu=0.0, marginal_cost=inputs.sale_price[key])


def wind_name(site: str, generators: list[str], variant: str) -> str:
    """Name of a site's wind generator: ``s wind``, or ``s wind <type>`` with several types.

    Names are labels only: code selects wind by ``carrier`` and the generator type by PyPSA's
    ``type`` attribute. Every type of a site carries the site's limit as ``p_nom_max``;
    :func:`energymodel.model.constraints.wind.site_wind_limit` makes them share it.
    """
    return f"{site} wind" if len(generators) == 1 else f"{site} wind {variant}"


def needs_grid_account(hub: Hub) -> bool:
    """Grid banking, or EU RFNBO with monthly matching, keeps a monthly account with the grid."""
    cert = hub.certification
    rfnbo_monthly = "eu_rfnbo" in cert.standards and cert.rfnbo_matching == "monthly"
    return hub.banking.enabled or rfnbo_monthly


def _add_grid_account(n: pypsa.Network, hub: str, charge_pct: float) -> None:
    """A virtual store with the grid: renewable surplus in, drawn back within the month.

    :func:`energymodel.model.constraints.grid_account.grid_account` empties it at every month
    end and limits deposits to renewable output. The banking charge is energy kept by the utility.
    """
    bus = f"{hub} grid account"
    n.add("Bus", bus, carrier="grid account", location=hub, unit="MWh")
    n.add("Store", bus, bus=bus, carrier="grid account", e_nom_extendable=True,
          e_cyclic=False, e_initial=0.0)
    n.add("Link", f"{hub} banking deposit", bus0=f"{hub} AC", bus1=bus,
          carrier="banking deposit", p_nom_extendable=True, efficiency=1 - charge_pct / 100)
    n.add("Link", f"{hub} banking withdrawal", bus0=bus, bus1=f"{hub} AC",
          carrier="banking withdrawal", p_nom_extendable=True)


def _limit(value: float | None) -> float:
    return float("inf") if value is None else float(value)


def _add_battery(n: pypsa.Network, hub: str, costs: pd.DataFrame, max_mwh: float | None) -> None:
    """Battery as store plus charger and discharger links (PyPSA-Eur's layout).

    The inverter cost sits on the charger;
    :func:`energymodel.model.constraints.battery.battery_inverter` ties the discharger's rating
    to the charger's.
    """
    bus = f"{hub} battery"
    store, inverter = costs.loc["battery storage"], costs.loc["battery inverter"]
    n.add("Bus", bus, carrier="battery", location=hub, unit="MWh")
    n.add("Store", f"{hub} battery", bus=bus, carrier="battery storage", e_cyclic=True,
          e_nom_extendable=True, e_nom_max=_limit(max_mwh), capital_cost=store.capital_cost,
          lifetime=store.lifetime)
    n.add("Link", f"{hub} battery charger", bus0=f"{hub} AC", bus1=bus,
          carrier="battery charger", p_nom_extendable=True, efficiency=inverter.efficiency,
          capital_cost=inverter.capital_cost, lifetime=inverter.lifetime)
    n.add("Link", f"{hub} battery discharger", bus0=bus, bus1=f"{hub} AC",
          carrier="battery discharger", p_nom_extendable=True, efficiency=inverter.efficiency,
          lifetime=inverter.lifetime)
