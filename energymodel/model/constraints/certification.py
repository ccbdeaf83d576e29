r"""Emission rules: the hydrogen standards and the planning emissions cap.

Each rule is written per assessment period P (:func:`assessment_period`, :func:`periods`):

.. math:: \sum_{t \in P} w_t \left( c_t \, g_t - \frac{\theta}{LHV} \sum_k \eta_k p_{k,t}
   \right) \le 0

with grid import :math:`g_t` (MW), its carbon intensity :math:`c_t` (tCO2/MWh), electrolyser
input :math:`p_{k,t}` and efficiency :math:`\eta_k`, threshold :math:`\theta` (tCO2/tH2 =
kg/kg) and LHV = 33.33 MWh/t: emissions in the period at most the threshold times the hydrogen
produced in it.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import pypsa
import xarray as xr

from energymodel.carriers import ELECTROLYSIS
from energymodel.config import Certification
from energymodel.model.constraints import names
from energymodel.model.constraints.context import Context, at_hub
from energymodel.model.inputs import H2_LHV_MWH_PER_T

__all__ = ["assessment_period", "emission_balance", "emissions_cap", "eu_rfnbo",
           "india_ghs", "periods", "uk_lchs"]

def assessment_period(standard: str, cert: Certification | Mapping) -> str:
    """The period over which ``standard`` is assessed: ``hourly``, ``monthly`` or ``annual``.

    The UK LCHS is assessed each hour or each calendar month (``lchs_period``); India's GHS
    and EU RFNBO over the year. ``cert`` is a hub's certification settings, as a model or as
    the dict a solved network keeps in ``n.meta``.
    """
    if standard != "uk_lchs":
        return "annual"
    return cert["lchs_period"] if isinstance(cert, Mapping) else cert.lchs_period


def periods(snapshots: pd.DatetimeIndex, period: str) -> pd.Series:
    """Label each snapshot with its assessment period: hourly, monthly or annual."""
    if period == "hourly":
        labels = range(len(snapshots))
    elif period == "monthly":
        labels = snapshots.month
    else:
        labels = [0] * len(snapshots)
    return pd.Series(list(labels), index=snapshots)


def emission_balance(n: pypsa.Network, ctx: Context, hub: str, threshold: float):
    """Per snapshot: w_t (c_t g_t - threshold / LHV x hydrogen produced), a linopy expression."""
    m = n.model
    w = xr.DataArray(n.snapshot_weightings.generators.to_numpy(), dims="snapshot",
                     coords={"snapshot": n.snapshots})
    links = at_hub(n.links, n, hub, ELECTROLYSIS, bus="bus0")
    dim = m["Link-p"].dims[1]
    eff = xr.DataArray(n.links.loc[links, "efficiency"].to_numpy(), dims=dim,
                       coords={dim: links})
    produced = (m["Link-p"].sel({dim: links}) * eff).sum(dim)
    loss = at_hub(n.generators, n, hub, ("part-load loss",))
    gdim = m["Generator-p"].dims[1]
    if len(loss):  # hydrogen the part-load curve takes back (<= 0)
        produced = produced + m["Generator-p"].sel({gdim: loss}).sum(gdim)
    grid = at_hub(n.generators, n, hub, ("grid",))
    expr = -threshold / H2_LHV_MWH_PER_T * produced
    if len(grid):
        ci = xr.DataArray(ctx.grid_ci[hub].reindex(n.snapshots).to_numpy(), dims="snapshot",
                          coords={"snapshot": n.snapshots})
        expr = expr + (m["Generator-p"].sel({gdim: grid}) * ci).sum(gdim)
    return expr * w


def _limit_emissions(n: pypsa.Network, ctx: Context, hub: str, standard: str,
                     period: str) -> None:
    expr = emission_balance(n, ctx, hub, ctx.thresholds[standard])
    label = periods(n.snapshots, period)
    name = names.certification(standard, hub)
    if period == "hourly":
        n.model.add_constraints(expr <= 0, name=name)
        return
    group = xr.DataArray(label.to_numpy(), dims="snapshot", coords={"snapshot": n.snapshots},
                         name="period")
    n.model.add_constraints(expr.groupby(group).sum() <= 0, name=name)


def uk_lchs(n: pypsa.Network, ctx: Context) -> None:
    """UK Low Carbon Hydrogen Standard: at most 2.4 kgCO2e/kgH2 each hour or calendar month."""
    for hub, cert in ctx.certification.items():
        if "uk_lchs" in cert.standards:
            _limit_emissions(n, ctx, hub, "uk_lchs", assessment_period("uk_lchs", cert))


def india_ghs(n: pypsa.Network, ctx: Context) -> None:
    """Green Hydrogen Standard for India: at most 2.0 kgCO2e/kgH2 over the 12 months.

    Electricity drawn back from grid banking is renewable: it is not grid import, so it adds
    no emissions (see :func:`~energymodel.model.constraints.grid_account.grid_account` for
    what may be banked).
    """
    for hub, cert in ctx.certification.items():
        if "india_ghs" in cert.standards:
            _limit_emissions(n, ctx, hub, "india_ghs", "annual")


def emissions_cap(n: pypsa.Network, ctx: Context) -> None:
    """Planning cap on a hub's grid emissions over the year, kgCO2 per kg H2 produced
    (``hubs.<hub>.emissions_cap_kg_per_kg``); the same form as the annual standards."""
    hubs = set(n.buses.location)
    for hub, cap in ctx.emission_caps.items():
        if hub in hubs:
            expr = emission_balance(n, ctx, hub, cap).sum()
            n.model.add_constraints(expr <= 0, name=names.emissions_cap(hub))


def eu_rfnbo(n: pypsa.Network, ctx: Context) -> None:
    """EU RFNBO: at most 3.384 kgCO2e/kgH2; grid use counts renewable only when PPA-matched.

    Hourly matching: contracted (new, same-country) PPA output reaches the hub in the hour it
    is produced, and every MWh of grid import carries the grid's intensity. Monthly matching:
    PPA surplus may also be deposited in the grid account and drawn back within the month
    (:func:`~energymodel.model.constraints.grid_account.grid_account` limits deposits to PPA
    output), so it matches grid use in other
    hours of the month.
    """
    for hub, cert in ctx.certification.items():
        if "eu_rfnbo" in cert.standards:
            _limit_emissions(n, ctx, hub, "eu_rfnbo", "annual")
