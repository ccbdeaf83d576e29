"""Critical-mineral results: demand of the built plan per hub, country and total; caps."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pypsa

from energymodel.config import NetworkFile
from energymodel.data import minerals as mineral_format
from energymodel.model.constraints import names
from energymodel.model.constraints.minerals import mineral_coefficients
from energymodel.model.inputs import Inputs

__all__ = ["MineralAccounts", "minerals"]


@dataclass(frozen=True)
class MineralAccounts:
    """Mineral demand of a solved plan (see :func:`minerals` and docs/minerals.md).

    Attributes
    ----------
    table : pd.DataFrame
        Per hub, technology, variant and mineral: built capacity, intensity, status,
        ``demand_kg`` and ``primary_kg`` (NaN where the intensity has no citable figure).
    totals : pd.DataFrame
        Per scope (each country and ``total``) and mineral: known demand and primary demand,
        whether a figure is missing, world supply and the share of it.
    caps : pd.DataFrame
        Per cap: limit, primary demand in scope, binding, shadow price (EUR/kg).
    """

    table: pd.DataFrame
    totals: pd.DataFrame
    caps: pd.DataFrame




def _variants(rows: pd.DataFrame) -> str:
    """'technology variant' of each distinct pair of ``rows``, joined by '; '."""
    pairs = rows[["technology", "variant"]].drop_duplicates().itertuples(index=False)
    return "; ".join(f"{t} {v}" for t, v in pairs)


_CAPACITY_ATTR = {"Generator": "p_nom_opt", "Link": "p_nom_opt", "Store": "e_nom_opt"}
_CAPACITY_UNIT = {"wind": "MW", "electrolysis": "MW", "battery": "MWh", "export": "MW x km"}


def minerals(n: pypsa.Network, nf: NetworkFile, inp: Inputs) -> MineralAccounts:
    """Mineral demand = built capacity x intensity, per hub, country and in total.

    Primary demand = demand x (1 - recycled share). Intensities with no citable figure give
    NaN demand for the capacity built and are flagged (``missing``) in the totals, never
    counted as zero. The share of annual world supply is demand / supply where the supply table
    has a figure. Shadow prices of mineral caps come from the solve (``n.meta``).
    """
    net = nf.network
    country = {k: h.country for k, h in net.hubs.items()}
    recycled = net.minerals.recycled_share
    coef = mineral_coefficients(n, inp.minerals)
    cap = [float(n.c[c].static.at[a, _CAPACITY_ATTR[c]]) * sc
           for c, a, sc in zip(coef.component, coef.asset, coef.scale, strict=True)]
    coef = coef.assign(capacity=cap)
    coef = coef[coef.capacity > 1e-6]
    table = coef.groupby(["hub", "technology", "variant", "mineral"], as_index=False).agg(
        capacity=("capacity", "sum"), kg_per_unit=("kg_per_unit", "first"),
        intensity_unit=("unit", "first"), status=("status", "first"),
        scale=("scale", "first"))
    table["kg_per_unit"] = table.kg_per_unit / table.scale  # back to the table's own unit
    table = table.drop(columns="scale")
    table.insert(1, "country", table.hub.map(country))
    table.insert(5, "capacity_unit", table.technology.map(_CAPACITY_UNIT))
    table["demand_kg"] = table.capacity * table.kg_per_unit
    table["primary_kg"] = table.demand_kg * (1 - table.mineral.map(recycled).fillna(0.0))
    table = table[["hub", "country", "technology", "variant", "mineral", "capacity",
                   "capacity_unit", "kg_per_unit", "intensity_unit", "status", "demand_kg",
                   "primary_kg"]]

    supply = inp.mineral_supply
    rows = []
    scopes = [*sorted(set(country.values())), names.TOTAL]
    for scope in scopes:
        part = table if scope == names.TOTAL else table[table.country == scope]
        for mineral in dict.fromkeys(inp.minerals.mineral):
            sel = part[part.mineral == mineral]
            gap = sel[sel.status == mineral_format.MISSING]
            assumed = sel[sel.status == mineral_format.ASSUMED]
            ws = (float(supply.at[mineral, "world_supply_t_per_yr"])
                  if mineral in supply.index else np.nan)
            demand = float(sel.demand_kg.sum())
            rows.append({
                "scope": scope, "mineral": mineral, "demand_kg": demand,
                "primary_kg": float(sel.primary_kg.sum()),
                "recycled_share": float(recycled.get(mineral, 0.0)),
                "missing": not gap.empty,
                "missing_for": _variants(gap),
                "assumed": not assumed.empty,
                "assumed_for": _variants(assumed),
                "world_supply_t_per_yr": ws,
                "share_of_world_supply_pct": 100 * demand / (ws * 1e3) if ws > 0 else np.nan,
            })
    totals = pd.DataFrame(rows)

    duals = n.meta.get("mineral_duals", {})
    cap_rows = []
    for c in net.minerals.caps:
        scope = c.country or names.TOTAL
        used = totals[(totals.scope == scope) & (totals.mineral == c.mineral)].primary_kg
        price = float(duals.get(names.mineral_cap(c.mineral, scope), 0.0))
        cap_rows.append({"mineral": c.mineral, "scope": scope, "limit_t": c.limit_t,
                         "primary_kg": float(used.sum()), "binding": abs(price) > 1e-9,
                         "shadow_price_eur_per_kg": price})
    caps = pd.DataFrame(cap_rows, columns=["mineral", "scope", "limit_t", "primary_kg",
                                           "binding", "shadow_price_eur_per_kg"])
    return MineralAccounts(table=table.reset_index(drop=True), totals=totals, caps=caps)
