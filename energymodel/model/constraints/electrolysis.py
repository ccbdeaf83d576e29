r"""Electrolysers: minimum load of the online capacity, and efficiency at part load.

**Minimum load** (``hubs.<h>.electrolysis_operation.min_load``) is the committed-capacity form
of PyPSA's linearised unit commitment, with the capacity :math:`P` a variable: for each
electrolyser with minimum load :math:`m`, online capacity :math:`u_t` and capacity started
:math:`s_t` (MW),

.. math:: u_t \le P, \qquad m \, u_t \le p_t \le u_t, \qquad
   s_t \ge u_t - u_{t-1}, \qquad s_t \ge 0

(:math:`u_{-1} = u_{T-1}`: the year is cyclic), and the objective adds
:math:`c \sum_t s_t` for a start-up cost :math:`c` per MW. With a fixed capacity this is exactly
PyPSA's linear relaxation (:math:`u_t = \text{status}_t \, P`); PyPSA's own formulation of an
extendable committable needs a big-M, which this avoids. Without a start-up cost and without
part load the minimum load never binds (:math:`u_t = p_t` is always allowed): it matters
through the part-load curve (the online stacks decide the load) and through start-up costs.

**Part load** (``electrolysis_operation.part_load``): hydrogen out at input :math:`p_t` is at
most :math:`\eta \min_k (a_k p_t + b_k C_t)`, the concave curve of
:func:`energymodel.model.costs.read_part_load` (segments :math:`k` with slope :math:`a_k` and
intercept :math:`b_k`, nominal efficiency :math:`\eta`), of the online capacity
:math:`C_t = u_t` (or :math:`P` without minimum load). The link gives :math:`\eta a_1 p_t`; the
part-load loss :math:`\ell_t \le 0` on the hydrogen bus takes back the rest:

.. math:: -\ell_t \ge \eta \left( (a_1 - a_k) \, p_t - b_k \, C_t \right), \qquad k = 2..K
"""

from __future__ import annotations

import numpy as np
import pypsa
import xarray as xr

from energymodel.model.constraints import names
from energymodel.model.constraints.context import Context

__all__ = ["electrolyser_min_load", "electrolyser_part_load"]


def electrolyser_min_load(n: pypsa.Network, ctx: Context) -> None:
    """Online capacity, minimum load and start-ups of the electrolysers that have one."""
    links = [name for name in ctx.min_load if name in n.links.index]
    if not links:
        return
    m = n.model
    dim = m["Link-p"].dims[1]
    p = m["Link-p"].sel({dim: links})
    p_nom = m["Link-p_nom"].sel({m["Link-p_nom"].dims[0]: links}).rename(
        {m["Link-p_nom"].dims[0]: dim})
    coords = [n.snapshots, xr.DataArray(links, dims=dim).to_index()]
    online = m.add_variables(lower=0, coords=coords, dims=["snapshot", dim],
                             name=names.ELECTROLYSER_ONLINE)
    started = m.add_variables(lower=0, coords=coords, dims=["snapshot", dim],
                              name=names.ELECTROLYSER_STARTS)
    low = xr.DataArray([ctx.min_load[k][0] for k in links], dims=dim, coords={dim: links})
    m.add_constraints(online - p_nom <= 0, name=names.ELECTROLYSER_ONLINE_LIMIT)
    m.add_constraints(p - low * online >= 0, name=names.ELECTROLYSER_MIN_LOAD)
    m.add_constraints(p - online <= 0, name=names.ELECTROLYSER_ONLINE_USE)
    m.add_constraints(started - online + online.roll(snapshot=1) >= 0,
                      name=names.ELECTROLYSER_START_UP)
    cost = np.array([ctx.min_load[k][1] for k in links])
    if (cost > 0).any():
        price = xr.DataArray(cost, dims=dim, coords={dim: links})
        m.add_objective(m.objective.expression + (price * started).sum(), overwrite=True)


def electrolyser_part_load(n: pypsa.Network, ctx: Context) -> None:
    """The part-load loss of each electrolyser with a part-load curve (module docstring)."""
    links = [name for name in ctx.part_load if name in n.links.index]
    if not links:
        return
    m = n.model
    ldim, gdim = m["Link-p"].dims[1], m["Generator-p"].dims[1]
    has_online = names.ELECTROLYSER_ONLINE in m.variables
    online = m.variables[names.ELECTROLYSER_ONLINE] if has_online else None
    for link in links:
        eta, curve = ctx.part_load[link]
        seg = xr.DataArray(np.arange(1, len(curve.slopes)), dims="segment")
        a = xr.DataArray(eta * (curve.slopes[0] - np.array(curve.slopes[1:])), coords=[seg])
        b = xr.DataArray(eta * np.array(curve.intercepts[1:]), coords=[seg])
        p = m["Link-p"].sel({ldim: link}, drop=True)
        loss = m["Generator-p"].sel({gdim: f"{link} part-load loss"}, drop=True)
        if online is not None and link in ctx.min_load:
            capacity = online.sel({online.dims[1]: link}, drop=True)
        else:
            capacity = m["Link-p_nom"].sel({m["Link-p_nom"].dims[0]: link}, drop=True)
        m.add_constraints(-loss - a * p + b * capacity >= 0,
                          name=names.electrolyser_part_load(link))
