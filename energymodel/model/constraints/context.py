"""What every custom constraint receives besides the network, and how it finds components."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import pypsa

from energymodel.config import Certification, MineralCap

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


def at_hub(static: pd.DataFrame, n: pypsa.Network, hub: str, carriers, bus: str = "bus"
            ) -> pd.Index:
    """Components of the given carriers whose bus belongs to the hub."""
    loc = static[bus].map(n.buses.location)
    return static.index[static.carrier.isin(carriers) & (loc == hub)]
