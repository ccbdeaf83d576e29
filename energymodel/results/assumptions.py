"""The assumptions table of a run: settings, costs, hubs, sites, minerals and their sources."""

from __future__ import annotations

import pandas as pd

from energymodel.config import NetworkFile
from energymodel.model.inputs import Inputs

__all__ = ["assumptions"]


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
