"""Result tables of placement and exports: placement.csv, delivered_cost.csv and map.csv.

**Placement** (one row per site): what the optimum built at the site (wind, export cable,
offshore platform and electrolysers, pipeline), where its electricity became hydrogen (the
share of the site's wind used that went through its platform), and, from a paired run that
forces each flexible site to the placement it did not choose
(:func:`energymodel.model.solve.forced_placements`), how much that costs the hub per year.

**Delivered cost** (one row per route and stage), per kg of hydrogen delivered:

- production: the hydrogen entering the chain at the origin hub's LCOH (the hub's costs net of
  the electricity its chains take, over all the hydrogen it makes: delivered and exported);
- conversion, storage, shipping, reconversion: the annualised cost of the chain's components of
  that stage (:data:`energymodel.carriers.CARRIERS` ``stage``), plus the electricity they draw
  at the origin hub valued at its hourly marginal price
  (:func:`energymodel.results.tables.export_electricity_value`).

The stages of all routes plus the hubs' own LCOH times their local deliveries add up to the
optimisation objective (tested).

**Map** (points and lines): hubs, sites and ports with coordinates; cables and pipelines from
each site to its hub with the capacity built; shipping lanes from ``inputs/trade/sea_routes.csv``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pypsa

from energymodel.carriers import ELECTROLYSIS, EXPORT, WIND, stage
from energymodel.config import NetworkFile
from energymodel.model.inputs import H2_LHV_MWH_PER_T, Inputs
from energymodel.model.trade import NO_ENERGY_MWH, chosen_placement, site_split
from energymodel.results.folder import STAGES
from energymodel.results.tables import Results, chain_origins, export_electricity_value

__all__ = ["delivered_cost", "map_table", "placement"]

PLACEMENT_COLUMNS = ["site", "name", "hub", "allowed", "chosen", "wind_mw", "export_cable_mw",
                     "offshore_electrolysis_mw", "pipeline_mw", "offshore_share_pct",
                     "hub_lcoh_eur_per_kg", "forced_placement", "forced_extra_cost_eur",
                     "forced_hub_lcoh_eur_per_kg"]
def _opt(n: pypsa.Network, links: list[str]) -> float:
    present = [k for k in links if k in n.links.index]
    return float(n.links.loc[present, "p_nom_opt"].sum()) if present else 0.0


def placement(n: pypsa.Network, nf: NetworkFile, res: Results,
              forced: dict[tuple[str, str], tuple[float, float]] | None = None) -> pd.DataFrame:
    """The placement table (module docstring); ``forced`` maps (site, placement forced) to
    the hub's (annual cost, LCOH) in the paired run. Empty unless a site allows offshore."""
    net = nf.network
    if not any("offshore" in s.placement for s in net.sites.values()):
        return pd.DataFrame(columns=PLACEMENT_COLUMNS)
    hubs = res.hubs.set_index("hub")
    gens = n.generators[n.generators.carrier.isin(WIND)]
    rows = []
    for key, site in net.sites.items():
        if site.hub not in hubs.index:
            continue
        cable, platform = site_split(n, key)
        wind = float(gens.loc[gens.bus == f"{key} offshore", "p_nom_opt"].sum())
        base = {
            "site": key, "name": site.name, "hub": site.hub,
            "allowed": "+".join(p for p in ("onshore", "offshore") if p in site.placement),
            "chosen": chosen_placement(n, key), "wind_mw": wind,
            "export_cable_mw": _opt(n, [f"{key} export"]),
            "offshore_electrolysis_mw": _opt(n, [f"{key} offshore electrolysis"]),
            "pipeline_mw": _opt(n, [f"{key} H2 pipeline"]),
            "offshore_share_pct": 100 * platform / (cable + platform)
            if cable + platform > NO_ENERGY_MWH else np.nan,
            "hub_lcoh_eur_per_kg": float(hubs.at[site.hub, "lcoh_eur_per_kg"]),
        }
        runs = [(p, v) for (s, p), v in (forced or {}).items() if s == key]
        if not runs:
            rows.append({**base, "forced_placement": "", "forced_extra_cost_eur": np.nan,
                         "forced_hub_lcoh_eur_per_kg": np.nan})
        for forced_to, (cost, lcoh) in runs:
            rows.append({**base, "forced_placement": forced_to,
                         "forced_extra_cost_eur": cost - float(hubs.at[site.hub,
                                                                       "annual_cost_eur"]),
                         "forced_hub_lcoh_eur_per_kg": lcoh})
    return pd.DataFrame(rows, columns=PLACEMENT_COLUMNS)


def delivered_cost(n: pypsa.Network, inp: Inputs, res: Results) -> pd.DataFrame:
    """The delivered-cost table (module docstring); empty without export routes."""
    columns = ["route", "name", "origin", "destination", "chain", "via", "distance_km",
               "delivered_t_per_yr", "stage", "annual_cost_eur", "eur_per_kg",
               "origin_lcoh_eur_per_kg", "destination_lcoh_eur_per_kg"]
    routes = {k: r for k, r in inp.routes.items() if f"{k} intake" in n.links.index}
    if not routes:
        return pd.DataFrame(columns=columns)
    w = n.snapshot_weightings.generators
    kw = {"groupby": ["location", "carrier"], "nice_names": False}
    stats = [s for s in (n.statistics.capex(**kw), n.statistics.opex(**kw)) if not s.empty]
    costs = pd.concat(stats).groupby(level=["location", "carrier"]).sum()
    electricity = export_electricity_value(n, by="link")
    lcoh = res.hubs.set_index("hub").lcoh_eur_per_kg
    rows = []
    for key, r in routes.items():
        intake_t = float((n.links_t.p0[f"{key} intake"] * w).sum()) / H2_LHV_MWH_PER_T
        delivered_t = float((n.loads_t.p[f"{key} delivered"] * w).sum()) / H2_LHV_MWH_PER_T
        by_stage = dict.fromkeys(STAGES, 0.0)
        by_stage["production"] = float(lcoh[r.origin]) * intake_t * 1e3
        mine = costs[costs.index.get_level_values("location") == key]
        for (_, carrier), value in mine.items():
            by_stage[stage(carrier)] += float(value)
        for link, value in electricity.items():
            if n.buses.at[n.links.at[link, "bus0"], "location"] == key:
                by_stage[stage(n.links.at[link, "carrier"])] += float(value)
        dest = float(lcoh[r.destination]) if r.destination in lcoh.index else np.nan
        for name in STAGES:
            rows.append({
                "route": key, "name": r.name, "origin": r.origin,
                "destination": r.destination, "chain": r.chain, "via": r.via,
                "distance_km": r.distance_km, "delivered_t_per_yr": delivered_t, "stage": name,
                "annual_cost_eur": by_stage[name],
                "eur_per_kg": by_stage[name] / (delivered_t * 1e3),
                "origin_lcoh_eur_per_kg": float(lcoh[r.origin]),
                "destination_lcoh_eur_per_kg": dest,
            })
    return pd.DataFrame(rows, columns=columns)


def map_table(n: pypsa.Network, nf: NetworkFile, inp: Inputs) -> pd.DataFrame:
    """Points (hubs, sites, ports) and lines (cables, pipelines, shipping lanes) for the map.

    Empty when no hub has coordinates. Lines from a site to its hub are drawn where the
    optimum built the cable or pipeline (capacity in MW). Shipping lanes come from
    ``inp.sea_lanes`` (inputs/trade/sea_routes.csv); their ends are the ports.
    """
    net = nf.network
    columns = ["layer", "key", "name", "part", "lon", "lat", "capacity", "unit"]
    present = set(n.buses.location)
    hubs = {k: h for k, h in net.hubs.items() if k in present and h.lat is not None
            and h.lon is not None}
    if not hubs:
        return pd.DataFrame(columns=columns)
    rows = []
    elec = n.links[n.links.carrier.isin(ELECTROLYSIS)]
    for key, hub in hubs.items():
        mw = float(elec.loc[elec.bus0.map(n.buses.location) == key, "p_nom_opt"].sum())
        rows.append(("hub", key, hub.name, 0, hub.lon, hub.lat, mw, "MW"))
    gens = n.generators[n.generators.carrier.isin(WIND)]
    cables = n.links[n.links.carrier.isin(EXPORT)]
    for key, site in net.sites.items():
        if site.hub not in hubs or site.lat is None or site.lon is None:
            continue
        hub = hubs[site.hub]
        wind = float(gens.loc[gens.bus == f"{key} offshore", "p_nom_opt"].sum())
        rows.append(("site", key, site.name, 0, site.lon, site.lat, wind, "MW"))
        for layer, link in (("cable", f"{key} export"), ("pipeline", f"{key} H2 pipeline")):
            if link in n.links.index and (link in cables.index or layer == "pipeline"):
                mw = float(n.links.at[link, "p_nom_opt"])
                if mw > 1e-3:
                    rows.append((layer, link, f"{site.name} to {hub.name}", 0, site.lon,
                                 site.lat, mw, "MW"))
                    rows.append((layer, link, f"{site.name} to {hub.name}", 1, hub.lon,
                                 hub.lat, mw, "MW"))
    lanes = inp.sea_lanes if not inp.sea_lanes.empty else None
    origins = chain_origins(n)
    for key, r in inp.routes.items():
        if key not in origins or r.chain == "pipeline":
            continue
        ex = net.exports[key]
        mw = float(n.links.at[f"{key} ship", "p_nom_opt"]) if f"{key} ship" in n.links.index \
            else 0.0
        if lanes is not None:
            lane = lanes[(lanes.origin_locode == ex.route.from_port)
                         & (lanes.destination_locode == ex.route.to_port)
                         & (lanes.via == ex.route.via)].sort_values("part")
            for i, (lon, lat) in enumerate(zip(lane.lon, lane.lat, strict=True)):
                rows.append(("shipping", key, r.name, i, lon, lat, mw, "MW"))
            for port, at in ((ex.route.from_port, 0), (ex.route.to_port, -1)):
                if len(lane) and not any(row[0] == "port" and row[1] == port for row in rows):
                    rows.append(("port", port, port, 0, float(lane.lon.iloc[at]),
                                 float(lane.lat.iloc[at]), np.nan, ""))
    return pd.DataFrame(rows, columns=columns)
