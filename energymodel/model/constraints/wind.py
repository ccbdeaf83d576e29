"""Wind sites: the generator types of one site share its capacity limit."""

from __future__ import annotations

import pypsa

from energymodel.carriers import WIND
from energymodel.model.constraints import names
from energymodel.model.constraints.context import Context

__all__ = ["site_wind_limit"]


def site_wind_limit(n: pypsa.Network, ctx: Context) -> None:
    r"""The generator types of a wind site share the site's capacity limit.

    .. math:: \sum_{v \in V_s} P^{wind}_{s,v} \le \bar P_s

    One constraint per offshore bus with more than one wind generator; every type carries the
    site's limit :math:`\bar P_s` as its own ``p_nom_max`` (see
    :func:`energymodel.model.network.wind_name`).
    """
    gens = n.generators[n.generators.carrier.isin(WIND) & n.generators.p_nom_extendable]
    shared = gens.groupby("bus").filter(lambda g: len(g) > 1)
    if shared.empty:
        return
    p_nom = n.model["Generator-p_nom"]
    dim = p_nom.dims[0]
    for bus, group in shared.groupby("bus"):
        limit = float(group.p_nom_max.iloc[0])
        n.model.add_constraints(p_nom.sel({dim: group.index}).sum(dim) <= limit,
                                name=names.site_wind_limit(bus))
