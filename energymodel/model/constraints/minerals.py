"""Critical minerals: which capacities carry which minerals, and budgets on primary demand."""

from __future__ import annotations

import logging

import pandas as pd
import pypsa
import xarray as xr

from energymodel.carriers import ELECTROLYSIS, EXPORT, WIND
from energymodel.model.constraints import names
from energymodel.model.constraints.context import Context

__all__ = ["mineral_assets", "mineral_caps", "mineral_coefficients"]

logger = logging.getLogger(__name__)


def mineral_assets(n: pypsa.Network) -> pd.DataFrame:
    """Every capacity that carries minerals, with the intensity table's technology and variant.

    Columns: ``component``, ``asset``, ``hub``, ``technology``, ``variant``, ``carrier``,
    ``scale`` (cable length in km for export connections, else 1). Wind generators are read by
    ``carrier`` and their generator type from PyPSA's ``type``; electrolysers by carrier;
    batteries are LFP (see docs/minerals.md); PPA capacity is not counted.
    """
    rows = []
    gens = n.generators[n.generators.carrier.isin(WIND)]
    for asset, g in gens.iterrows():
        rows.append(("Generator", asset, g.bus, "wind", g.type, g.carrier, 1.0))
    links = n.links[n.links.carrier.isin(ELECTROLYSIS + EXPORT)]
    for asset, lk in links.iterrows():
        if lk.carrier in ELECTROLYSIS:
            rows.append(("Link", asset, lk.bus0, "electrolysis", lk.carrier.split()[-1],
                         lk.carrier, 1.0))
        else:
            rows.append(("Link", asset, lk.bus0, "export", "cable", lk.carrier,
                         float(lk.length)))
    for asset, st in n.stores[n.stores.carrier == "battery storage"].iterrows():
        rows.append(("Store", asset, st.bus, "battery", "lfp", st.carrier, 1.0))
    df = pd.DataFrame(rows, columns=["component", "asset", "bus", "technology", "variant",
                                     "carrier", "scale"])
    df.insert(2, "hub", df.bus.map(n.buses.location))
    return df.drop(columns="bus")


def mineral_coefficients(n: pypsa.Network, table: pd.DataFrame) -> pd.DataFrame:
    """Per asset and mineral: kg per unit of the asset's capacity variable and the status.

    ``kg_per_unit`` is the table's intensity times ``scale`` (per MW x km for cables); rows
    with no citable figure keep NaN.
    """
    assets = mineral_assets(n)
    if table.empty or assets.empty:
        return pd.DataFrame(columns=[*assets.columns, "mineral", "kg_per_unit", "unit",
                                     "status"])
    out = assets.merge(table[["technology", "variant", "mineral", "kg_per_unit", "unit",
                              "status"]], on=["technology", "variant"], how="inner")
    out["kg_per_unit"] = out.kg_per_unit * out.scale
    return out


def mineral_caps(n: pypsa.Network, ctx: Context) -> None:
    r"""Budgets on primary mineral demand, network-wide or per country.

    .. math:: (1 - r_m) \sum_{k \in K} \mu_{k,m} \, P_k \le 1000 \, L_m

    over the capacities :math:`P_k` (MW, MWh) of the assets in scope (all hubs, or the hubs of
    one country), with intensity :math:`\mu_{k,m}` (kg per unit; for cables per MW x km times
    the length), recycled share :math:`r_m` and limit :math:`L_m` (t). A cap whose scope could
    build an asset with no citable figure never reaches here (refused by
    :func:`energymodel.model.inputs.load` unless ``minerals.assumed`` states a value, which
    then enters as the intensity). The dual of the
    constraint, negated, is the shadow price in EUR (of the objective) per kg of primary
    mineral.
    """
    if not ctx.mineral_caps:
        return
    coef = mineral_coefficients(n, ctx.minerals)
    coef = coef[coef.kg_per_unit.fillna(0) > 0]
    m = n.model
    for cap in ctx.mineral_caps:
        name = names.mineral_cap(cap.mineral, cap.country or names.TOTAL)
        sel = coef[coef.mineral == cap.mineral]
        if cap.country is not None:
            sel = sel[sel.hub.map(ctx.hub_country) == cap.country]
        share = 1 - ctx.recycled_share.get(cap.mineral, 0.0)
        terms = []
        for comp, group in sel.groupby("component"):
            var = m[f"{comp}-e_nom" if comp == "Store" else f"{comp}-p_nom"]
            dim = var.dims[0]
            group = group[group.asset.isin(var.coords[dim].to_index())]
            if group.empty:
                continue
            k = xr.DataArray(group.kg_per_unit.to_numpy() * share, dims=dim,
                             coords={dim: group.asset.to_numpy()})
            terms.append((var.sel({dim: group.asset.to_numpy()}) * k).sum(dim))
        if not terms or share == 0:
            logger.warning("%s: no capacity in scope carries %s; cap not added", name,
                           cap.mineral)
            continue
        expr = terms[0]
        for t in terms[1:]:
            expr = expr + t
        m.add_constraints(expr <= cap.limit_t * 1e3, name=name)
