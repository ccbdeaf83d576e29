"""The grid account of grid banking and monthly EU RFNBO matching."""

from __future__ import annotations

import pandas as pd
import pypsa

from energymodel.carriers import EXPORT
from energymodel.config import Certification
from energymodel.model.constraints import names
from energymodel.model.constraints.context import Context, at_hub

__all__ = ["grid_account"]


def grid_account(n: pypsa.Network, ctx: Context) -> None:
    r"""The grid account (banking, monthly matching) empties at each month end; deposits
    come only from renewable output.

    .. math:: e_{\text{last hour of month}} = 0, \qquad d_t \le r_t

    where :math:`r_t` is the hub's offshore wind delivered plus PPA output (banking), or PPA
    output alone when the hub is certified to EU RFNBO (only contracted generation matches).
    """
    stores = n.stores.index[n.stores.carrier == "grid account"]
    if stores.empty:
        return
    m = n.model
    ends = pd.Series(n.snapshots, index=n.snapshots).groupby(n.snapshots.month).max()
    sdim = m["Store-e"].dims[1]
    m.add_constraints(m["Store-e"].sel({sdim: stores, "snapshot": ends.to_numpy()}) == 0,
                      name=names.GRID_ACCOUNT_MONTH_END)
    ldim, gdim = m["Link-p"].dims[1], m["Generator-p"].dims[1]
    for store in stores:
        hub = n.buses.at[n.stores.at[store, "bus"], "location"]
        deposit = at_hub(n.links, n, hub, ("banking deposit",), bus="bus0")
        ppa = at_hub(n.generators, n, hub, ("ppa",))
        rfnbo = "eu_rfnbo" in ctx.certification.get(hub, Certification()).standards
        renewable = m["Generator-p"].sel({gdim: ppa}).sum(gdim)
        if not rfnbo:
            export = at_hub(n.links, n, hub, EXPORT, bus="bus1")
            renewable = renewable + m["Link-p"].sel({ldim: export}).sum(ldim)
        lhs = m["Link-p"].sel({ldim: deposit}).sum(ldim) - renewable
        m.add_constraints(lhs <= 0, name=names.grid_account_deposits(hub))
