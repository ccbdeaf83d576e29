r"""Electrolysis at sea and export chains: their inputs and their PyPSA components.

**Offshore electrolysis** (a site whose ``placement`` allows ``offshore``). The site's wind
bus ``s offshore`` feeds, besides (or instead of) its export cable:

- ``s platform`` (link, carrier ``offshore platform``): the platform, per MW of electricity
  through it, at ``planning_assumptions.offshore_platform_station_ratio`` times the site's
  export station per MW (no published platform cost was found);
- ``s offshore electrolysis`` (link ``offshore electrolysis <tech>``): the hub's electrolyser
  row with its investment and fixed O&M times ``offshore_electrolysis.capex_multiplier``
  (Singlitico et al. 2021), the same stack cost per MWh and efficiency, and the water it
  splits drawn from ``s offshore water``;
- ``s offshore desalination`` (carrier ``desalination``), when the hub models water;
- ``s offshore compressor`` (carrier ``H2 compressor``): technology-data's hydrogen storage
  compressor lifts the electrolyser's hydrogen to pipeline pressure;
- ``s H2 pipeline``: technology-data's submarine hydrogen pipeline per MW and km times the
  site's distance to shore, with its compression electricity per 1000 km, into the hub's
  hydrogen bus.

Electricity for the platform's desalination and compression comes from the platform bus; so
everything at sea runs on the site's own wind.

**Export chains** (``exports``): per route ``e`` from hub ``o`` to hub ``d``, the chain is
solved with the origin hub. Its buses carry ``location = e``, so its costs stay out of every
hub's LCOH and are reported by stage (:mod:`energymodel.results.trade`):

- ``e intake``: hydrogen leaves ``o H2`` (free link);
- ammonia: ``e Haber-Bosch`` (hydrogen in at ``hydrogen-input`` per MWh of NH3, electricity
  for synthesis and for the air separation unit's nitrogen at ``o AC``; the ASU's investment
  per t/h of nitrogen is added per MW), ``e NH3 export`` tank, ``e ship`` (fleet), ``e NH3
  import`` tank, ``e cracker`` (``ammonia-input`` MWh of NH3 per MWh of hydrogen; the heat
  comes from burning part of the ammonia, as technology-data's row assumes);
- liquid hydrogen: ``e liquefaction``, LH2 tanks at both ends, ``e ship``, ``e evaporation``;
- pipeline: ``e pipeline`` (submarine pipeline per MW and km, compression per 1000 km);
- ``e delivered``: a constant load of the delivered hydrogen.

A ship link's capacity is the fleet's delivery rate (MW of cargo energy). One carrier
delivers its cargo :math:`C` (MWh) every round trip

.. math:: T = 2 \, \frac{D}{1.852 \, v} + 2 \cdot 24 \, t_p \quad \text{hours}

(sea distance :math:`D` km, speed :math:`v` knots, :math:`t_p` days per port call), so the
fleet per MW is :math:`T / C` carriers and the capital cost per MW is that times one
carrier's annualised cost (a fractional fleet: the LP's relaxation, reported as such). The
voyage's losses are the link's efficiency: ammonia carriers burn
``nh3_fuel_per_km`` of their cargo and lose ``nh3_boil_off_per_km`` per km of the laden
voyage (PtX-BOA); liquid-hydrogen carriers lose the boil-off per day at sea
(``planning_assumptions.lh2_boil_off_pct_per_day``), burnt as fuel. Carriers fuelled by their
cargo emit no CO2. Ships arrive in batches: each end's tank holds at least
``planning_assumptions.tank_min_cargoes`` cargoes (1: a cargo must be gathered before a
carrier loads, and one unloaded is drawn down until the next arrives; 0: the idealisation of
a continuous flow). At small flows this minimum, not the voyage, dominates the storage stage.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pypsa

from energymodel.config import NetworkFile
from energymodel.errors import InputError
from energymodel.model.inputs import H2_LHV_MWH_PER_T

__all__ = ["NH3_LHV_MWH_PER_T", "Route", "add_exports", "add_offshore", "cargo_mwh",
           "chosen_placement", "read_routes", "site_split", "to_force"]

#: Lower heating value of ammonia, MWh per tonne (18.6 GJ/t).
NH3_LHV_MWH_PER_T = 18.6 / 3.6
#: Kilometres per nautical mile.
KM_PER_NM = 1.852
#: A free flow: no capacity to choose (see energymodel.model.network.FREE).
FREE = float("inf")
#: The chain's technology rows, by chain: conversion, tank, ship, reconversion.
CHAIN_ROWS = {
    "ammonia": ("Haber-Bosch", "NH3 tank", "NH3 ship", "ammonia cracker"),
    "liquid_hydrogen": ("H2 liquefaction", "LH2 tank", "LH2 ship", "H2 evaporation"),
}
#: The carrier (bus) of a chain's cargo.
CARGO = {"ammonia": "NH3", "liquid_hydrogen": "LH2"}


@dataclass(frozen=True)
class Route:
    """An export route with its distance and voyage, resolved from the input tables.

    ``delivered_mw``: hydrogen delivered at the destination, MW (LHV), constant;
    ``distance_km``: the sea route's (or the pipeline's) length; ``round_trip_h`` and
    ``voyage_h``: a carrier's round trip (with port calls) and laden voyage, hours (0 for a
    pipeline); ``loss``: share of the cargo lost at sea (fuel and boil-off).
    """

    key: str
    name: str
    origin: str
    destination: str
    chain: str
    via: str
    distance_km: float
    delivered_mw: float
    round_trip_h: float
    voyage_h: float
    loss: float
    tank_min_cargoes: float = 1.0


def read_routes(nf: NetworkFile, offtake_mw: dict[str, np.ndarray],
                distances: pd.DataFrame | None, shipping: dict[str, float] | None,
                distance_file: Path | None) -> dict[str, Route]:
    """Every export route of the network file, resolved; ``offtake_mw`` is changed in place:
    a route with a ``share`` takes that share of its origin's offtake away from the origin.

    The delivered flow of a share is the share of the origin's mean offtake (a constant flow).
    """
    net, pa = nf.network, nf.network.planning_assumptions
    routes, shares = {}, {}
    for key, ex in net.exports.items():
        base = offtake_mw[ex.origin]
        if ex.share is not None:
            delivered = ex.share * float(np.mean(base))
            shares[ex.origin] = shares.get(ex.origin, 0.0) + ex.share
        else:
            delivered = ex.t_per_day / 24 * H2_LHV_MWH_PER_T
        via, distance, round_trip, voyage, loss = "", float(ex.distance_km or 0.0), 0.0, 0.0, 0.0
        if ex.route is not None:
            r = ex.route
            rows = distances[(distances.origin_locode == r.from_port)
                             & (distances.destination_locode == r.to_port)
                             & (distances.via == r.via)]
            if rows.empty:
                pairs = sorted({f"{a}->{b}" for a, b in zip(distances.origin_locode,
                                                            distances.destination_locode,
                                                            strict=True)})
                raise InputError(nf.path, f"exports.{key}.route",
                                 f"no {r.via} distance from {r.from_port} to {r.to_port} in "
                                 f"{distance_file.name if distance_file else 'the table'} "
                                 f"({', '.join(pairs)})")
            via, distance = r.via, float(rows.km.iloc[0])
            voyage = distance / (KM_PER_NM * pa.ship_speed_knots)
            round_trip = 2 * voyage + 2 * 24 * pa.port_days_per_call
            if ex.chain == "ammonia":
                loss = (shipping["nh3_fuel_per_km"] + shipping["nh3_boil_off_per_km"]) * distance
            else:
                loss = pa.lh2_boil_off_pct_per_day / 100 * voyage / 24
            if not 0 <= loss < 1:
                raise InputError(nf.path, f"exports.{key}.route", f"the voyage would lose "
                                 f"{100 * loss:.0f} % of its cargo")
        routes[key] = Route(key, ex.name, ex.origin, ex.destination, ex.chain, via, distance,
                            delivered, round_trip, voyage, loss, pa.tank_min_cargoes)
    for hub, share in shares.items():
        offtake_mw[hub] = offtake_mw[hub] * (1 - share)
    return routes


def add_offshore(n: pypsa.Network, key: str, nf: NetworkFile, costs: pd.DataFrame,
                 water_per_mwh_h2: float) -> None:
    """Electrolysis at site ``key``'s platform, piped to its hub (module docstring)."""
    net = nf.network
    site, oe = net.sites[key], net.offshore_electrolysis
    hub = site.hub
    wind_bus, platform = f"{key} offshore", f"{key} platform"
    h2, water, inlet = f"{key} offshore H2", f"{key} offshore water", f"{key} pipeline inlet"
    water_on = net.hubs[hub].water.desalination
    xy = {"x": site.lon or 0.0, "y": site.lat or 0.0, "location": hub}
    n.add("Bus", platform, carrier="AC", **xy)
    n.add("Bus", h2, carrier="H2", unit="MWh_LHV", **xy)
    n.add("Bus", inlet, carrier="H2", unit="MWh_LHV", **xy)
    station = costs.loc[f"export station {site.foundation}"]
    n.add("Link", platform, bus0=wind_bus, bus1=platform, carrier="offshore platform",
          p_nom_extendable=True, p_nom_max=site.capacity_limit_mw,
          capital_cost=net.planning_assumptions.offshore_platform_station_ratio
          * station.capital_cost, lifetime=station.lifetime)
    c = costs.loc[f"electrolysis {oe.technology}"]
    water_in = {}
    if water_on:
        desal = costs.loc["desalination"]
        n.add("Bus", water, carrier="water", unit="m3", **xy)
        per_mw = 1 / desal.electricity_input
        n.add("Link", f"{key} offshore desalination", bus0=platform, bus1=water,
              carrier="desalination", efficiency=per_mw, p_nom_extendable=True,
              capital_cost=desal.capital_cost * per_mw,
              marginal_cost=desal.marginal_cost * per_mw, lifetime=desal.lifetime)
        water_in = {"bus2": water, "efficiency2": -water_per_mwh_h2 * c.efficiency}
    n.add("Link", f"{key} offshore electrolysis", bus0=platform, bus1=h2,
          carrier=f"offshore electrolysis {oe.technology}", p_nom_extendable=True,
          efficiency=c.efficiency, capital_cost=oe.capex_multiplier * c.capital_cost,
          marginal_cost=c.marginal_cost, lifetime=c.lifetime, **water_in)
    compressor = costs.loc["H2 compressor"]
    n.add("Link", f"{key} offshore compressor", bus0=h2, bus1=inlet, bus2=platform,
          carrier="H2 compressor", efficiency2=-compressor.electricity_input,
          p_nom_extendable=True, capital_cost=compressor.capital_cost,
          lifetime=compressor.lifetime)
    pipe = costs.loc[f"H2 pipeline {oe.pipeline}"]
    km = site.distance_to_shore_km
    n.add("Link", f"{key} H2 pipeline", bus0=inlet, bus1=f"{hub} H2", bus2=platform,
          carrier="H2 pipeline", efficiency2=-pipe.electricity_input * km / 1000,
          p_nom_extendable=True, length=km, capital_cost=pipe.capital_cost * km,
          lifetime=pipe.lifetime)


def add_exports(n: pypsa.Network, routes: dict[str, Route], origin_costs: dict[str, pd.DataFrame],
                destination_costs: dict[str, pd.DataFrame], hubs: set[str]) -> None:
    """The chain of every route whose origin is among ``hubs`` (module docstring)."""
    for key, r in routes.items():
        if r.origin not in hubs:
            continue
        co, cd = origin_costs[r.origin], destination_costs[r.destination]
        ac, intake, delivered = f"{r.origin} AC", f"{key} intake", f"{key} delivered"
        n.add("Bus", intake, carrier="H2", location=key, unit="MWh_LHV")
        n.add("Bus", delivered, carrier="H2", location=key, unit="MWh_LHV")
        n.add("Link", intake, bus0=f"{r.origin} H2", bus1=intake, carrier="export intake",
              p_nom=FREE)
        n.add("Load", delivered, bus=delivered, carrier="H2 delivered",
              p_set=pd.Series(r.delivered_mw, index=n.snapshots))
        if r.chain == "pipeline":
            pipe = co.loc["H2 pipeline new"]
            n.add("Link", f"{key} pipeline", bus0=intake, bus1=delivered, bus2=ac,
                  carrier="H2 export pipeline",
                  efficiency2=-pipe.electricity_input * r.distance_km / 1000,
                  p_nom_extendable=True, length=r.distance_km,
                  capital_cost=pipe.capital_cost * r.distance_km, lifetime=pipe.lifetime)
            continue
        convert, tank, ship, back = CHAIN_ROWS[r.chain]
        cargo = CARGO[r.chain]
        loading, landing = f"{key} {cargo} export", f"{key} {cargo} import"
        for bus in (loading, landing):
            n.add("Bus", bus, carrier=cargo, location=key, unit="MWh_LHV")
        c = co.loc[convert]
        per_mwh_h2 = 1 / c.hydrogen_input  # MWh of cargo per MWh of hydrogen in
        capital = c.capital_cost
        electricity = c.electricity_input
        if r.chain == "ammonia":  # the ASU's nitrogen for each MWh of ammonia
            asu = co.loc["air separation unit"]
            capital += asu.capital_cost * c.nitrogen_input
            electricity += asu.electricity_input * c.nitrogen_input
        n.add("Link", f"{key} {convert}", bus0=intake, bus1=loading, bus2=ac,
              carrier=convert, efficiency=per_mwh_h2, efficiency2=-electricity * per_mwh_h2,
              p_nom_extendable=True, capital_cost=capital * per_mwh_h2,
              marginal_cost=c.marginal_cost * per_mwh_h2, lifetime=c.lifetime)
        s = co.loc[ship]
        shipload = cargo_mwh(co, r.chain)
        for bus, costs, end in ((loading, co, "export"), (landing, cd, "import")):
            t = costs.loc[tank]
            n.add("Store", f"{key} {tank} {end}", bus=bus, carrier=tank, e_nom_extendable=True,
                  e_nom_min=r.tank_min_cargoes * shipload, e_cyclic=True,
                  capital_cost=t.capital_cost, lifetime=t.lifetime)
        n.add("Link", f"{key} ship", bus0=loading, bus1=landing, carrier=ship,
              efficiency=1 - r.loss, p_nom_extendable=True, length=r.distance_km,
              capital_cost=s.capital_cost * r.round_trip_h / shipload, lifetime=s.lifetime)
        b = cd.loc[back]
        per_cargo = 1 / b.ammonia_input  # MWh of hydrogen per MWh of cargo
        n.add("Link", f"{key} {back}", bus0=landing, bus1=delivered, carrier=back,
              efficiency=per_cargo, p_nom_extendable=True,
              capital_cost=b.capital_cost * per_cargo, lifetime=b.lifetime)


def cargo_mwh(costs: pd.DataFrame, chain: str) -> float:
    """One carrier's cargo, MWh (LHV), from technology-data's ship capacity in tonnes."""
    _, _, ship, _ = CHAIN_ROWS[chain]
    lhv = NH3_LHV_MWH_PER_T if chain == "ammonia" else H2_LHV_MWH_PER_T
    return float(costs.at[ship, "capacity"]) * lhv


#: Below this share (%) of a site's wind used, a placement counts as not chosen.
CHOSEN_PCT = 0.5
#: A site whose wind delivers less than this in the year (MWh) is not used: solver noise.
NO_ENERGY_MWH = 1.0


def site_split(n: pypsa.Network, site: str) -> tuple[float, float]:
    """Energy of a site's wind that left by cable and by its platform, MWh/yr."""
    w = n.snapshot_weightings.generators
    out = []
    for link in (f"{site} export", f"{site} platform"):
        flows = n.links_t.p0.get(link)
        out.append(float((flows * w).sum()) if flows is not None else 0.0)
    return out[0], out[1]


def chosen_placement(n: pypsa.Network, site: str) -> str:
    """``onshore``, ``offshore``, ``mix`` or ``none`` (no wind used) for one site."""
    cable, platform = site_split(n, site)
    total = cable + platform
    if total <= NO_ENERGY_MWH:
        return "none"
    offshore = 100 * platform / total
    if offshore < CHOSEN_PCT:
        return "onshore"
    return "offshore" if offshore > 100 - CHOSEN_PCT else "mix"


def to_force(n: pypsa.Network, nf: NetworkFile) -> list[tuple[str, str]]:
    """(site, placement) pairs a paired run should force: for each site that allows both,
    each placement the optimum did not use alone (both when it mixed)."""
    pairs = []
    for key, site in nf.network.sites.items():
        if set(site.placement) != {"onshore", "offshore"} or f"{key} offshore" not in n.buses.index:
            continue
        chosen = chosen_placement(n, key)
        if chosen != "none":  # a site left unbuilt costs nothing to force either way
            pairs += [(key, p) for p in ("onshore", "offshore") if p != chosen]
    return pairs
