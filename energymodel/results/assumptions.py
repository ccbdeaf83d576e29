"""The assumptions table of a run: settings, costs, hubs, sites, minerals and their sources."""

from __future__ import annotations

import pandas as pd

from energymodel.config import NetworkFile
from energymodel.data.minerals import UNITS as MINERAL_UNITS
from energymodel.model.inputs import Inputs
from energymodel.results.folder import GRID_CHARGES, PLANNING, money_unit

__all__ = ["SENSITIVITIES", "assumptions"]

#: Field of each planning assumption -> the one-at-a-time sensitivity of the shipped scenario
#: file that varies it (networks/scenarios/uk_india.yaml; tests/test_report.py checks each).
SENSITIVITIES = {
    "planning_assumptions.pem_lifetime_years": "oat-pem_lifetime",
    "planning_assumptions.start_up_cost_eur_per_mw": "oat-start_up_cost",
    "planning_assumptions.water_kg_per_kg_h2": "oat-water_use",
    "hubs.*.grid.charges_eur_per_mwh": "oat-grid_charges",
    "costs.discount_rate": "oat-discount_rate",
    "costs.discount_rate_by_country.IN": "oat-discount_rate_india",
}
SCENARIO_FILE = "networks/scenarios/uk_india.yaml"
#: The same for the planning assumptions of placement and exports, varied by the trade
#: network's scenario file.
TRADE_SENSITIVITIES = {
    "planning_assumptions.offshore_platform_station_ratio": "oat-platform",
    "offshore_electrolysis.capex_multiplier": "oat-offshore_capex",
    "planning_assumptions.ship_speed_knots": "oat-ship_speed",
    "planning_assumptions.port_days_per_call": "oat-port_days",
    "planning_assumptions.tank_min_cargoes": "oat-tank_cargoes",
    "planning_assumptions.lh2_boil_off_pct_per_day": "oat-lh2_boil_off",
}
TRADE_SCENARIO_FILE = "networks/scenarios/uk_india_trade.yaml"


def assumptions(nf: NetworkFile, inp: Inputs) -> pd.DataFrame:
    """Key assumptions and data sources of a run, for the report and for the record."""
    net = nf.network
    rows = [
        ("general", "cost year", net.costs.year, "", "PyPSA technology-data projections"),
        ("general", "hydrogen lower heating value", 33.33, "kWh/kg", "LHV convention"),
        ("general", "snapshots", net.snapshots.periods, "hours",
         f"from {net.snapshots.start} UTC; years of different inputs aligned by month, day, hour"),
    ]
    rows += _discount_rates(nf)
    for tech, c in inp.costs.iterrows():
        rows.append(("costs", f"{tech}: investment", round(c.investment, 2), c.unit,
                     f"{c.origin}: {c.source}"[:300]))
        rows.append(("costs", f"{tech}: lifetime / FOM / efficiency",
                     f"{c.lifetime:g} yr / {c.fom_pct:g} %/yr / {c.efficiency:.3f}", "",
                     c.origin))
        rows.append(("costs", f"{tech}: annualised capital + FOM", round(c.capital_cost, 2),
                     f"{c.unit}/yr", f"annuity at {net.costs.discount_rate:g} + FOM (at a "
                     "country's own rate for its hubs: see the discount rates)"))
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
        rows.append((PLANNING, "wind generator investment premium",
                     ", ".join(f"{k} {v:+g} %" for k, v in premium.items()), "%",
                     "network file (costs.generator_premium_pct): no data"))
    rows += _electrolysers(nf, inp) + _grid_charges(nf, inp) + _planning(nf, inp)
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
        for a in mcfg.assumed:
            rows.append((PLANNING, f"mineral intensity: {a.technology} {a.variant}, {a.mineral}",
                         a.kg_per_unit, MINERAL_UNITS[a.technology],
                         f"network file (minerals.assumed): no citable figure; {a.note}".strip(
                             "; ")))
    rows.append(("sources", "input provenance", "inputs/PROVENANCE.md", "",
                 "sources, licences and processing of every input file"))
    table = pd.DataFrame(rows, columns=["group", "parameter", "value", "unit", "source"])
    return table.assign(unit=table["unit"].map(money_unit))  # EUR/MW -> EUR2025/MW


def _discount_rates(nf: NetworkFile) -> list[tuple]:
    """The real discount rate of each country of the hubs: its own
    (``costs.discount_rate_by_country``), else the network's, a planning assumption."""
    c, rows = nf.network.costs, []
    for country in sorted({h.country for h in nf.network.hubs.values()}):
        if country in c.discount_rate_by_country:
            field = f"costs.discount_rate_by_country.{country}"
            rows.append(("general", f"discount rate {country}", c.discount_rate_by_country[country],
                         "per unit, real", f"network file ({field})" + _sensitivity(field)))
        else:
            rows.append((PLANNING, f"discount rate {country}", c.discount_rate, "per unit, real",
                         "costs.discount_rate: no cost of capital for this country in the "
                         "compiled table (docs/costs.md#cost-of-capital)"
                         + _sensitivity("costs.discount_rate")))
    return rows


def _sensitivity(field: str) -> str:
    for table, file in ((SENSITIVITIES, SCENARIO_FILE), (TRADE_SENSITIVITIES,
                                                        TRADE_SCENARIO_FILE)):
        if field in table:
            return f"; sensitivity: scenarios {table[field]}-* of {file}"
    return ""


def _electrolysers(nf: NetworkFile, inp: Inputs) -> list[tuple]:
    """Basis, stack cost and minimum load of the electrolysers, and how each hub runs them."""
    net = nf.network
    techs = sorted({t for h in net.hubs.values() for t in h.electrolysis})
    rows = [("electrolysers", "investment basis", net.costs.electrolysers, "",
             "network file (costs.electrolysers); docs/costs.md: why this basis")]
    for tech in techs:
        c = inp.costs.loc[f"electrolysis {tech}"]
        rows.append(("electrolysers", f"{tech}: stack replacement", round(c.marginal_cost, 3),
                     "EUR/MWh_el", "stack investment / replacement interval (operating hours); "
                     "electrolysers.csv, docs/costs.md"))
        rows.append(("electrolysers", f"{tech}: minimum load", round(100 * c.min_load, 1), "%",
                     "electrolysers.csv (IRENA 2020)"))
    for hub in net.hubs.values():
        op = hub.electrolysis_operation
        rows.append((f"hub {hub.name}", "electrolyser operation",
                     f"minimum load {'on' if op.min_load else 'off'}, part-load curve "
                     f"{'on' if op.part_load else 'off'}", "",
                     "network file (electrolysis_operation); electrolyser_part_load.csv"))
        tank = ", clean water tank" if hub.water.tank else ", no water tank"
        rows.append((f"hub {hub.name}", "water",
                     f"desalinated seawater{tank}" if hub.water.desalination else "not modelled",
                     "", "network file (water.desalination, water.tank)"))
        if hub.grid.enabled:
            sale = hub.grid.sale
            limit = ("the import limit" if sale.export_limit_mw is None
                     else f"{sale.export_limit_mw:g} MW")
            rows.append((f"hub {hub.name}", "grid sale of surplus",
                         f"on, export limit {limit}, price discount {sale.discount_pct:g} %"
                         if sale.enabled else "off", "", "network file (grid.sale)"))
    return rows


def _grid_charges(nf: NetworkFile, inp: Inputs) -> list[tuple]:
    """Charges on grid imports: what each hub pays, and every row of the charge table with
    whether it is included (a charge with no per-MWh figure is 'not included')."""
    net = nf.network
    rows = []
    for key, hub in net.hubs.items():
        if key not in inp.grid_charges:
            continue
        own = hub.grid.charges_eur_per_mwh is not None
        rows.append((GRID_CHARGES, f"{hub.name}: charges on imports",
                     round(inp.grid_charges[key], 4), "EUR2025/MWh",
                     ("network file (grid.charges_eur_per_mwh)" if own else
                      f"sum of the included {hub.country} charges of {net.grid_charges.name}")
                     + _sensitivity("hubs.*.grid.charges_eur_per_mwh")))
    charge_rows = inp.grid_charge_rows
    countries = {h.country for k, h in net.hubs.items() if k in inp.grid_charges}
    if not charge_rows.empty:
        for r in charge_rows[charge_rows.country.isin(countries)].itertuples():
            included = r.included == "true"
            value = (f"{r.value_eur_per_mwh:g}" if included else "not included")
            rows.append((GRID_CHARGES, f"{r.country}: {r.charge}", value,
                         "EUR2025/MWh" if included else "",
                         # basis, note and source are optional columns of the table
                         "; ".join(str(getattr(r, c, "")) for c in ("basis", "note", "source"))
                         [:400]))
    return rows


def _planning(nf: NetworkFile, inp: Inputs) -> list[tuple]:
    """The planning assumptions the run uses (``planning_assumptions`` of the network file)."""
    net, pa = nf.network, nf.network.planning_assumptions
    rows = []
    uses = {t for h in net.hubs.values() for t in h.electrolysis}
    if "pem" in uses and "planning assumption" in str(inp.costs.at["electrolysis pem", "source"]):
        rows.append((PLANNING, "PEM electrolysis plant lifetime", pa.pem_lifetime_years, "years",
                     "planning_assumptions.pem_lifetime_years: the DEA sheets give no PEMEC "
                     "lifetime (default: the AEC sheet's)" + _sensitivity(
                         "planning_assumptions.pem_lifetime_years")))
    if any(h.electrolysis_operation.min_load for h in net.hubs.values()):
        start = ", ".join(f"{t} {pa.start_up_cost_eur_per_mw.get(t, 0.0):g}"
                          for t in sorted(uses))
        rows.append((PLANNING, "electrolyser start-up cost", start, "EUR2025/MW started",
                     "planning_assumptions.start_up_cost_eur_per_mw: no citable figure"
                     + _sensitivity("planning_assumptions.start_up_cost_eur_per_mw")))
    if any(h.water.desalination for h in net.hubs.values()):
        rows.append((PLANNING, "water per kg of hydrogen", pa.water_kg_per_kg_h2, "kg/kg",
                     "planning_assumptions.water_kg_per_kg_h2: stoichiometric 18.015/2.016 "
                     "unless stated; no citable plant figure"
                     + _sensitivity("planning_assumptions.water_kg_per_kg_h2")))
    rows += _trade(nf)
    for hub in net.hubs.values():
        if hub.grid.enabled and hub.grid.sale.enabled:
            rows.append((PLANNING, f"{hub.name}: discount on the price of electricity sold",
                         hub.grid.sale.discount_pct, "%", "network file (grid.sale.discount_pct)"))
    return rows


def _trade(nf: NetworkFile) -> list[tuple]:
    """The planning assumptions of electrolysis at sea and of shipping, when the run uses them."""
    net, pa = nf.network, nf.network.planning_assumptions
    rows = []
    field = "planning_assumptions.{}".format
    if any("offshore" in s.placement for s in net.sites.values()):
        rows.append((PLANNING, "offshore electrolysis platform, per kW of electrolyser",
                     pa.offshore_platform_station_ratio, "x export station per kW",
                     f"{field('offshore_platform_station_ratio')}: no published platform "
                     "cost per kW (inputs/raw/hydrogen/offshore_electrolysis_compiled.csv)"
                     + _sensitivity(field("offshore_platform_station_ratio"))))
        rows.append(("offshore electrolysis", "investment relative to onshore",
                     net.offshore_electrolysis.capex_multiplier, "x",
                     "offshore_electrolysis.capex_multiplier: Singlitico et al. (2021)"
                     + _sensitivity("offshore_electrolysis.capex_multiplier")))
    chains = {ex.chain for ex in net.exports.values() if ex.route is not None}
    if chains:
        for name, value, unit, why in (
                ("ship service speed", pa.ship_speed_knots, "knots",
                 "technology-data's ship rows give no speed"),
                ("days in port per call", pa.port_days_per_call, "days", "no figure in inputs/"),
                ("least tank size at each end", pa.tank_min_cargoes, "cargoes",
                 "whole cargoes are loaded and unloaded")):
            key = {"ship service speed": "ship_speed_knots",
                   "days in port per call": "port_days_per_call",
                   "least tank size at each end": "tank_min_cargoes"}[name]
            rows.append((PLANNING, name, value, unit,
                         f"{field(key)}: {why}" + _sensitivity(field(key))))
    if "liquid_hydrogen" in chains:
        rows.append((PLANNING, "liquid hydrogen boil-off at sea", pa.lh2_boil_off_pct_per_day,
                     "% of cargo per day", f"{field('lh2_boil_off_pct_per_day')}: no figure in "
                     "inputs/; burnt as the carrier's fuel"
                     + _sensitivity(field("lh2_boil_off_pct_per_day"))))
    return rows
