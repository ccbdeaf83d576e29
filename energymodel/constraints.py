"""Custom linopy constraints, one function each, applied in one place (:func:`apply`)."""

from __future__ import annotations

import logging

import pandas as pd
import pypsa
import xarray as xr

logger = logging.getLogger(__name__)


def battery_inverter(n: pypsa.Network) -> None:
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
                            name="Link-battery_inverter")

#: Every custom constraint, in the order it is applied.
CONSTRAINTS = (battery_inverter,)


def apply(n: pypsa.Network, snapshots: object = None) -> None:
    """PyPSA ``extra_functionality`` hook: add every custom constraint that applies."""
    for define in CONSTRAINTS:
        define(n)
