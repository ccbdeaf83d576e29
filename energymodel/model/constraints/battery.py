"""The battery's inverter: one rating for charging and discharging."""

from __future__ import annotations

import pandas as pd
import pypsa
import xarray as xr

from energymodel.model.constraints import names
from energymodel.model.constraints.context import Context

__all__ = ["battery_inverter"]


def battery_inverter(n: pypsa.Network, ctx: Context) -> None:
    r"""Tie each battery discharger's rating to its charger's (one inverter, both directions).

    .. math:: P^{ch}_{nom} - \eta^{dis} \, P^{dis}_{nom} = 0

    The charger carries the inverter cost; the discharger's AC-side rating
    :math:`\eta^{dis} P^{dis}_{nom}` equals the charger's AC-side rating.
    """
    links = n.links
    chargers = links.index[links.carrier == "battery charger"]
    if chargers.empty:
        return
    by_bus = pd.Series(links.index[links.carrier == "battery discharger"])
    by_bus.index = links.loc[by_bus, "bus0"].to_numpy()
    dischargers = by_bus.loc[links.loc[chargers, "bus1"]].to_numpy()
    p_nom = n.model["Link-p_nom"]
    dim = p_nom.dims[0]
    eff = xr.DataArray(links.loc[dischargers, "efficiency"].to_numpy(), dims=dim,
                       coords={dim: chargers})
    discharge = p_nom.sel({dim: dischargers}).assign_coords({dim: chargers})
    n.model.add_constraints(p_nom.sel({dim: chargers}) - eff * discharge == 0,
                            name=names.BATTERY_INVERTER)
