"""Custom linopy constraints, one function each, applied in one place (:func:`apply`)."""

from __future__ import annotations

import logging

import pypsa

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
    dischargers = links.index[links.carrier == "battery discharger"]
    by_bus = dict(zip(links.loc[dischargers, "bus0"], dischargers, strict=True))
    p_nom = n.model["Link-p_nom"]
    dim = p_nom.dims[0]
    for charger in chargers:
        discharger = by_bus[links.at[charger, "bus1"]]
        eff = links.at[discharger, "efficiency"]
        lhs = p_nom.sel({dim: charger}) - eff * p_nom.sel({dim: discharger})
        n.model.add_constraints(lhs == 0, name=f"battery_inverter-{charger}")


#: Every custom constraint, in the order it is applied.
CONSTRAINTS = (battery_inverter,)


def apply(n: pypsa.Network, snapshots: object = None) -> None:
    """PyPSA ``extra_functionality`` hook: add every custom constraint that applies."""
    for define in CONSTRAINTS:
        define(n)
