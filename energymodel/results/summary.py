"""One summary of a solved network: every result table, for any caller.

:func:`summarise` is the only function that turns a solved network into
:class:`~energymodel.results.tables.Results`; a run, the paired certification run, the mineral
trade-off and the benchmarks all call it.
"""

from __future__ import annotations

from dataclasses import replace

import pypsa

from energymodel.config import NetworkFile
from energymodel.model.aggregate import aligned
from energymodel.model.inputs import Inputs
from energymodel.results import trade
from energymodel.results.assumptions import assumptions
from energymodel.results.certification import certification
from energymodel.results.minerals import minerals
from energymodel.results.tables import Results, hub_tables

__all__ = ["summarise"]


def _hub_names(nf: NetworkFile, n: pypsa.Network) -> dict[str, tuple[str, str]]:
    """Display name and country of every hub of ``nf`` that ``n`` holds, in file order."""
    present = set(n.buses.location)
    return {k: (h.name, h.country) for k, h in nf.network.hubs.items() if k in present}


def summarise(n: pypsa.Network, nf: NetworkFile, inp: Inputs,
              without: tuple[NetworkFile, pypsa.Network] | None = None,
              forced: dict[tuple[str, str], pypsa.Network] | None = None) -> Results:
    """Every result table of a solved network.

    Parameters
    ----------
    n : pypsa.Network
        The solved network.
    nf, inp : NetworkFile, Inputs
        Its network file and inputs.
    without : (NetworkFile, pypsa.Network), optional
        The paired run without binding certification rules
        (:func:`energymodel.model.solve.without_rules`): the cost of compliance of the hubs it
        holds. Hubs with certification but no binding rule cost nothing extra.
    forced : dict, optional
        The paired runs of :func:`energymodel.model.solve.forced_placements`, by (site,
        placement forced): the cost of forcing the placement a site did not choose.
    """
    res = hub_tables(n, _hub_names(nf, n), aligned(inp.grid_ci, n), inp.grid_charges)
    if n.meta.get("certification"):
        lcoh_without = {}
        if without is not None:
            free_nf, m = without
            table = hub_tables(m, _hub_names(free_nf, m), aligned(inp.grid_ci, m),
                               inp.grid_charges).hubs
            lcoh = table.set_index("hub").lcoh_eur_per_kg
            lcoh_without = {h: float(lcoh[h]) for h in n.meta.get("binding_rules", {})}
        res = replace(res, certification=certification(res, n, aligned(inp.grid_ci, n),
                                                        inp.thresholds, lcoh_without))
    if not inp.minerals.empty:
        res = replace(res, minerals=minerals(n, nf, inp))
    paired = {}
    for (site, where), m in (forced or {}).items():
        hub = nf.network.sites[site].hub
        row = hub_tables(m, _hub_names(nf, m), aligned(inp.grid_ci, m),
                         inp.grid_charges).hubs.set_index("hub").loc[hub]
        paired[(site, where)] = (float(row.annual_cost_eur), float(row.lcoh_eur_per_kg))
    return replace(res, assumptions=assumptions(nf, inp),
                   placement=trade.placement(n, nf, res, paired),
                   delivered_cost=trade.delivered_cost(n, inp, res),
                   map=trade.map_table(n, nf, inp),
                   solver_end=dict(n.meta.get("solver_end", {})))
