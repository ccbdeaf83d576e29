"""Build a PyPSA network from a validated network file and its inputs.

Per hub ``h``: an AC bus ``h AC`` and a hydrogen bus ``h H2``; per wind site ``s`` an offshore
bus ``s offshore`` with the wind generator and an export link to ``h AC``. Every bus carries
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
from energymodel.model.inputs import Inputs

logger = logging.getLogger(__name__)

# Keep PyPSA 1.x's current string handling (object dtype) explicitly, as PyPSA asks.
pypsa.options.api.legacy_string_dtype = True


def build(nf: NetworkFile, inputs: Inputs, hubs: list[str] | None = None) -> pypsa.Network:
    """Return an unsolved PyPSA network for the network file.

    ``hubs`` limits the network to those hubs and the sites that feed them (hubs share no bus
    or constraint, so each can be built and solved alone).
    """
    net = nf.network
    hub_items = {k: h for k, h in net.hubs.items() if hubs is None or k in hubs}
    site_items = {k: s for k, s in net.sites.items() if s.hub in hub_items}
    costs = inputs.costs
    n = pypsa.Network(name=net.name)
    n.set_snapshots(inputs.snapshots)
    n.meta = {"certification": {k: h.certification.model_dump() for k, h in hub_items.items()
                                if h.certification.standards}}
    for carrier, row in CARRIERS.items():
        n.add("Carrier", carrier, nice_name=row.nice_name, color=row.colour)

    for key, hub in hub_items.items():
        ac, h2 = f"{key} AC", f"{key} H2"
        n.add("Bus", ac, carrier="AC", location=key, x=hub.lon or 0.0, y=hub.lat or 0.0)
        n.add("Bus", h2, carrier="H2", location=key, x=hub.lon or 0.0, y=hub.lat or 0.0,
              unit="MWh_LHV")
        n.add("Load", f"{key} H2 offtake", bus=h2, carrier="H2 offtake",
              p_set=inputs.offtake_mw[key])
        for tech in hub.electrolysis:
            c = costs.loc[f"electrolysis {tech}"]
            n.add("Link", f"{key} electrolysis {tech}", bus0=ac, bus1=h2,
                  carrier=f"electrolysis {tech}", p_nom_extendable=True,
                  p_nom_max=_limit(hub.electrolysis_max_mw), efficiency=c.efficiency,
                  capital_cost=c.capital_cost, marginal_cost=c.marginal_cost,
                  lifetime=c.lifetime)
        for tech in hub.storage:
            c = costs.loc[f"H2 {tech}"]
            n.add("Store", f"{key} H2 {tech}", bus=h2, carrier=f"H2 {tech}",
                  e_nom_extendable=True, e_nom_max=_limit(hub.storage_max_mwh), e_cyclic=True,
                  capital_cost=c.capital_cost, lifetime=c.lifetime)
        if hub.grid.enabled:
            limit = hub.grid.import_limit_mw
            n.add("Generator", f"{key} grid", bus=ac, carrier="grid",
                  p_nom=0.0 if limit is None else limit, p_nom_extendable=limit is None,
                  marginal_cost=inputs.grid_price[key])
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
        hub = net.hubs[site.hub]
        n.add("Bus", offshore, carrier="AC", location=site.hub, x=hub.lon or 0.0,
              y=hub.lat or 0.0)
        wind = costs.loc[f"offwind {site.foundation}"]
        for variant in site.generators:
            premium = 1 + net.costs.generator_premium_pct.get(variant, 0.0) / 100
            n.add("Generator", wind_name(key, site.generators, variant), bus=offshore,
                  carrier=f"offwind {site.foundation}", type=variant, p_nom_extendable=True,
                  p_nom_max=site.capacity_limit_mw, p_max_pu=inputs.wind_cf[key],
                  capital_cost=wind.capital_cost * premium,
                  marginal_cost=wind.marginal_cost, lifetime=wind.lifetime)
        station = costs.loc[f"export station {site.foundation}"]
        cable = costs.loc[f"export cable {site.foundation}"]
        n.add("Link", f"{key} export", bus0=offshore, bus1=f"{site.hub} AC",
              carrier=f"export {site.foundation}", p_nom_extendable=True,
              p_nom_max=site.capacity_limit_mw, length=site.distance_to_shore_km,
              capital_cost=station.capital_cost + cable.capital_cost * site.distance_to_shore_km,
              lifetime=cable.lifetime)
    logger.info(
        "Network built: %d buses, %d generators, %d links, %d stores, %d snapshots",
        len(n.buses), len(n.generators), len(n.links), len(n.stores), len(n.snapshots),
    )
    return n


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
