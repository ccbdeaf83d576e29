r"""Custom linopy constraints, one function each, applied in one place (:func:`apply`).

Each function receives the network (with its linopy model built) and a :class:`Context` with
what the network itself does not hold: the hubs' certification settings and the grid carbon
intensity on the network's snapshots. Emission rules are written per assessment period P:

.. math:: \sum_{t \in P} w_t \left( c_t \, g_t - \frac{\theta}{LHV} \sum_k \eta_k p_{k,t}
   \right) \le 0

with grid import :math:`g_t` (MW), its carbon intensity :math:`c_t` (tCO2/MWh), electrolyser
input :math:`p_{k,t}` and efficiency :math:`\eta_k`, threshold :math:`\theta` (tCO2/tH2 =
kg/kg) and LHV = 33.33 MWh/t: emissions in the period at most the threshold times the hydrogen
produced in it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
import pypsa
import xarray as xr

from energymodel.config import Certification, MineralCap
from energymodel.inputs import H2_LHV_MWH_PER_T
from energymodel.network import ELECTROLYSIS, EXPORT, WIND

logger = logging.getLogger(__name__)

#: Emission thresholds, kgCO2e per kg H2 (sources: inputs/certification.csv).
THRESHOLDS: dict[str, float] = {"uk_lchs": 2.4, "india_ghs": 2.0, "eu_rfnbo": 3.384}


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


def _at_hub(static: pd.DataFrame, n: pypsa.Network, hub: str, carriers, bus: str = "bus"
            ) -> pd.Index:
    """Components of the given carriers whose bus belongs to the hub."""
    loc = static[bus].map(n.buses.location)
    return static.index[static.carrier.isin(carriers) & (loc == hub)]


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
    links = _at_hub(n.links, n, hub, ELECTROLYSIS, bus="bus0")
    dim = m["Link-p"].dims[1]
    eff = xr.DataArray(n.links.loc[links, "efficiency"].to_numpy(), dims=dim,
                       coords={dim: links})
    produced = (m["Link-p"].sel({dim: links}) * eff).sum(dim)
    grid = _at_hub(n.generators, n, hub, ("grid",))
    expr = -threshold / H2_LHV_MWH_PER_T * produced
    if len(grid):
        gdim = m["Generator-p"].dims[1]
        ci = xr.DataArray(ctx.grid_ci[hub].reindex(n.snapshots).to_numpy(), dims="snapshot",
                          coords={"snapshot": n.snapshots})
        expr = expr + (m["Generator-p"].sel({gdim: grid}) * ci).sum(gdim)
    return expr * w


def _limit_emissions(n: pypsa.Network, ctx: Context, hub: str, standard: str,
                     period: str) -> None:
    expr = emission_balance(n, ctx, hub, THRESHOLDS[standard])
    label = periods(n.snapshots, period)
    name = f"certification-{standard}-{hub}"
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
            _limit_emissions(n, ctx, hub, "uk_lchs", cert.lchs_period)


def india_ghs(n: pypsa.Network, ctx: Context) -> None:
    """Green Hydrogen Standard for India: at most 2.0 kgCO2e/kgH2 over the 12 months.

    Electricity drawn back from grid banking is renewable: it is not grid import, so it adds
    no emissions (see :func:`grid_account` for what may be banked).
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
            n.model.add_constraints(expr <= 0, name=f"emissions_cap-{hub}")


def eu_rfnbo(n: pypsa.Network, ctx: Context) -> None:
    """EU RFNBO: at most 3.384 kgCO2e/kgH2; grid use counts renewable only when PPA-matched.

    Hourly matching: contracted (new, same-country) PPA output reaches the hub in the hour it
    is produced, and every MWh of grid import carries the grid's intensity. Monthly matching:
    PPA surplus may also be deposited in the grid account and drawn back within the month
    (:func:`grid_account` limits deposits to PPA output), so it matches grid use in other
    hours of the month.
    """
    for hub, cert in ctx.certification.items():
        if "eu_rfnbo" in cert.standards:
            _limit_emissions(n, ctx, hub, "eu_rfnbo", "annual")


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
                      name="grid_account-month_end")
    ldim, gdim = m["Link-p"].dims[1], m["Generator-p"].dims[1]
    for store in stores:
        hub = n.buses.at[n.stores.at[store, "bus"], "location"]
        deposit = _at_hub(n.links, n, hub, ("banking deposit",), bus="bus0")
        ppa = _at_hub(n.generators, n, hub, ("ppa",))
        rfnbo = "eu_rfnbo" in ctx.certification.get(hub, Certification()).standards
        renewable = m["Generator-p"].sel({gdim: ppa}).sum(gdim)
        if not rfnbo:
            export = _at_hub(n.links, n, hub, EXPORT, bus="bus1")
            renewable = renewable + m["Link-p"].sel({ldim: export}).sum(ldim)
        lhs = m["Link-p"].sel({ldim: deposit}).sum(ldim) - renewable
        m.add_constraints(lhs <= 0, name=f"grid_account-renewable_deposits-{hub}")


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
                            name="Link-battery_inverter")


def site_wind_limit(n: pypsa.Network, ctx: Context) -> None:
    r"""The generator types of a wind site share the site's capacity limit.

    .. math:: \sum_{v \in V_s} P^{wind}_{s,v} \le \bar P_s

    One constraint per offshore bus with more than one wind generator; every type carries the
    site's limit :math:`\bar P_s` as its own ``p_nom_max`` (see :func:`network.wind_name`).
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
                                name=f"Generator-site_wind_limit-{bus}")


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
    the length), recycled share :math:`r_m` and limit :math:`L_m` (t). Assets whose intensity
    has no citable figure enter with zero and are reported as missing. The dual of the
    constraint, negated, is the shadow price in EUR (of the objective) per kg of primary
    mineral.
    """
    if not ctx.mineral_caps:
        return
    coef = mineral_coefficients(n, ctx.minerals)
    coef = coef[coef.kg_per_unit.fillna(0) > 0]
    m = n.model
    for cap in ctx.mineral_caps:
        name = f"minerals-cap-{cap.mineral}-{cap.country or 'total'}"
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


#: Every custom constraint, in the order it is applied.
CONSTRAINTS: tuple[Callable[[pypsa.Network, Context], None], ...] = (
    battery_inverter, site_wind_limit, grid_account, uk_lchs, india_ghs, eu_rfnbo,
    emissions_cap, mineral_caps,
)


def apply(n: pypsa.Network, snapshots: object = None, ctx: Context | None = None) -> None:
    """PyPSA ``extra_functionality`` hook: add every custom constraint that applies."""
    ctx = ctx or Context()
    if n.meta.get("certification") and not ctx.certification:
        msg = "certification rules need a constraints.Context with the grid carbon intensity"
        raise ValueError(msg)
    for define in CONSTRAINTS:
        define(n, ctx)


def hook(ctx: Context) -> Callable[[pypsa.Network, object], None]:
    """An ``extra_functionality`` callable bound to ``ctx``."""
    return lambda n, snapshots: apply(n, snapshots, ctx)
