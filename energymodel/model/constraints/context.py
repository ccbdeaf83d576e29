"""What every custom constraint receives besides the network, and how it finds components."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import pypsa

from energymodel.config import Certification, MineralCap, NetworkFile
from energymodel.model import aggregate
from energymodel.model.costs import PartLoad
from energymodel.model.inputs import Inputs

__all__ = ["Context", "at_hub"]


@dataclass(frozen=True)
class Context:
    """What the constraints need beyond the network."""

    certification: dict[str, Certification] = field(default_factory=dict)
    grid_ci: pd.DataFrame = field(default_factory=pd.DataFrame)  # tCO2/MWh, on n.snapshots
    minerals: pd.DataFrame = field(default_factory=pd.DataFrame)  # intensity table (inputs)
    mineral_caps: tuple[MineralCap, ...] = ()
    recycled_share: dict[str, float] = field(default_factory=dict)  # mineral -> per unit
    hub_country: dict[str, str] = field(default_factory=dict)
    emission_caps: dict[str, float] = field(default_factory=dict)  # hub -> kgCO2/kgH2
    thresholds: dict[str, float] = field(default_factory=dict)  # standard -> kgCO2e/kgH2
    #: electrolyser link -> (minimum load, per unit; start-up cost, EUR/MW)
    min_load: dict[str, tuple[float, float]] = field(default_factory=dict)
    #: electrolyser link -> (nominal efficiency, part-load curve)
    part_load: dict[str, tuple[float, PartLoad]] = field(default_factory=dict)

    @classmethod
    def build(cls, nf: NetworkFile, inp: Inputs, n: pypsa.Network) -> Context:
        """The context of a built network: certification settings, grid intensity on its
        snapshots, mineral budgets and the electrolysers' operating limits."""
        cert = {h: nf.network.hubs[h].certification for h in n.buses.location.unique()
                if h in nf.network.hubs and nf.network.hubs[h].certification.standards}
        mcfg = nf.network.minerals
        return cls(
            certification=cert, grid_ci=aggregate.aligned(inp.grid_ci, n),
            minerals=inp.minerals, mineral_caps=tuple(mcfg.caps),
            recycled_share=dict(mcfg.recycled_share),
            hub_country={k: h.country for k, h in nf.network.hubs.items()},
            emission_caps={k: h.emissions_cap_kg_per_kg for k, h in nf.network.hubs.items()
                           if h.emissions_cap_kg_per_kg is not None},
            thresholds=dict(inp.thresholds), **_electrolysers(nf, inp, n))


def _electrolysers(nf: NetworkFile, inp: Inputs, n: pypsa.Network) -> dict:
    """Minimum load and part-load curve of every electrolyser link of ``n`` that uses them."""
    start = nf.network.planning_assumptions.start_up_cost_eur_per_mw
    min_load, part_load = {}, {}
    for key in set(n.buses.location) & set(nf.network.hubs):
        hub = nf.network.hubs[key]
        for tech in hub.electrolysis:
            link, row = f"{key} electrolysis {tech}", inp.costs.loc[f"electrolysis {tech}"]
            if hub.electrolysis_operation.min_load:
                min_load[link] = (float(row.min_load), float(start.get(tech, 0.0)))
            if hub.electrolysis_operation.part_load:
                part_load[link] = (float(row.efficiency), inp.part_load[tech])
    return {"min_load": min_load, "part_load": part_load}


def at_hub(static: pd.DataFrame, n: pypsa.Network, hub: str, carriers, bus: str = "bus"
            ) -> pd.Index:
    """Components of the given carriers whose bus belongs to the hub."""
    loc = static[bus].map(n.buses.location)
    return static.index[static.carrier.isin(carriers) & (loc == hub)]
