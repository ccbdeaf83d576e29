r"""Independent cross-check: the same LP written directly in Pyomo, solved by HiGHS.

The Pyomo model is built from the validated network file and its inputs
(:func:`energymodel.config.load` -> :func:`energymodel.model.inputs.load`), never from the PyPSA
network, and solved as one joint LP (so it checks the hub-by-hub decomposition too). Its
optimum is compared with :func:`energymodel.model.solve.solve`: the objective and every capacity
(wind and export per site, electrolysis and hydrogen storage per technology, battery energy
and charger) must agree to a relative 1e-6 (absolute 1e-6 MW or MWh for zeros).

The formulation mirrors :mod:`energymodel.model.network` and
:mod:`energymodel.model.constraints`, with snapshot weights :math:`w_t` (hours; with
``--resolution`` the step length, the time series averaged over each step as PyPSA's
``n.cluster.temporal.resample`` does):

.. math::

    \min \sum_c k_c P_c + \sum_t w_t \Big( \sum_s m^{w} p_{s,t} + \sum_e m_e q_{e,t}
        + \sum_h \pi_{h,t} g_{h,t} \Big)

    p_{s,t} \le \mathrm{cf}_{s,t} P^{w}_s, \quad p_{s,t} = x_{s,t} \le X_s, \quad
    q_{e,t} \le Q_e, \quad g_{h,t} \le G_h

    \sum_{s \in h} x_{s,t} + g_{h,t} + \eta\, d_{h,t} - \sum_{e \in h} q_{e,t} - c_{h,t} = 0
    \quad \text{(AC bus)}

    \sum_{e \in h} \eta_e q_{e,t} + \sum_{k \in h} r_{k,t} = D_{h,t}, \quad
    E_{k,t} = E_{k,t-1} - w_t r_{k,t}, \quad E_{k,-1} = E_{k,T-1}, \quad E_{k,t} \le S_k

    \eta\, c_{h,t} - d_{h,t} + r^{b}_{h,t} = 0, \quad c_{h,t} \le C_h, \quad d_{h,t} \le B_h,
    \quad C_h - \eta B_h = 0 \quad \text{(battery)}

plus, per hub certification standard and assessment period :math:`P` (hourly, monthly or the
whole year, as :mod:`energymodel.model.constraints`), grid emissions at most the threshold
:math:`\theta` times the hydrogen made:
:math:`\sum_{t \in P} w_t (c_t g_{h,t} - \theta / LHV \sum_e \eta_e q_{e,t}) \le 0`.

Anything the network file uses that this model does not cover (a field that differs from its
default and is not in :data:`COVERED`, a component carrier not in :data:`CARRIERS`, a global
constraint or a custom constraint not in :data:`CUSTOM_CONSTRAINTS`) is refused with an
:class:`~energymodel.errors.InputError` (exit code 2) naming it.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyomo.environ as pyo
from pydantic import BaseModel

from energymodel import config, pipeline
from energymodel.errors import EnergyModelError, InputError
from energymodel.model import constraints, inputs, network, solve
from energymodel.model.aggregate import resample
from energymodel.model.constraints import names
from energymodel.model.constraints.certification import assessment_period, periods

logger = logging.getLogger(__name__)

#: Relative tolerance of the comparison, and the absolute floor (MW, MWh, EUR) for zeros.
RTOL = 1e-6
ATOL = 1e-6

#: Fields of each network-file model that the Pyomo formulation covers. Any other field whose
#: value differs from its default makes :func:`check_covered` refuse the network.
COVERED: dict[str, frozenset[str]] = {
    "Network": frozenset({"name", "title", "snapshots", "costs", "solver", "hubs", "sites",
                          "minerals", "weather_year", "standards"}),
    # mineral accounting only (tables read after the solve); caps are constraints: not covered
    "Minerals": frozenset({"intensities", "supply", "recycled_share"}),
    "Snapshots": frozenset({"start", "periods"}),
    "Costs": frozenset({"year", "discount_rate", "dir", "overrides"}),
    "Solver": frozenset({"name", "options"}),
    "Hub": frozenset({"name", "country", "lat", "lon", "electrolysis", "storage",
                      "storage_max_mwh", "electrolysis_max_mw", "offtake", "grid", "battery",
                      "certification"}),
    # emission limits; monthly RFNBO matching adds a grid account, refused by its carrier
    "Certification": frozenset({"standards", "lchs_period", "rfnbo_matching"}),
    "Offtake": frozenset({"t_per_day", "profile"}),
    "SeriesRef": frozenset({"file", "column"}),
    "Grid": frozenset({"enabled", "price", "carbon_intensity", "import_limit_mw",
                       "co2_price_eur_per_t", "price_multiplier"}),
    "Battery": frozenset({"enabled", "max_energy_mwh"}),
    "Site": frozenset({"name", "hub", "profile", "capacity_limit_mw", "distance_to_shore_km",
                       "foundation"}),
}

#: Component carriers of the PyPSA network that the Pyomo formulation models.
CARRIERS = frozenset({
    "AC", "H2", "battery", "offwind fixed", "offwind floating", "export fixed",
    "export floating", "electrolysis alkaline", "electrolysis pem", "H2 salt_cavern", "H2 tank",
    "grid", "battery storage", "battery charger", "battery discharger", "H2 offtake",
})

#: Families of custom linopy constraints (:mod:`energymodel.model.constraints.names`) that
#: the formulation mirrors.
CUSTOM_CONSTRAINTS = frozenset({"battery_inverter", "certification"})


def _fields(obj: BaseModel, path: str) -> Iterator[str]:
    """Yield the dotted path of every non-default field that :data:`COVERED` does not list."""
    covered = COVERED.get(type(obj).__name__, frozenset())
    for name, info in type(obj).model_fields.items():
        value = getattr(obj, name)
        where = f"{path}.{name}" if path else name
        if name not in covered:
            if value != info.get_default(call_default_factory=True):
                yield where
            continue
        items = (value.items() if isinstance(value, dict)
                 else enumerate(value) if isinstance(value, list) else [(None, value)])
        for key, item in items:
            if isinstance(item, BaseModel):
                yield from _fields(item, where if key is None else f"{where}.{key}")


def check_covered(nf: config.NetworkFile, resolution: str | None = None,
                  inp: inputs.Inputs | None = None) -> None:
    """Refuse a network that uses anything the Pyomo formulation does not model.

    Checks the network file's fields against their defaults, then builds (without solving)
    the PyPSA network and its linopy model and checks component carriers, global constraints
    and the custom constraints :func:`energymodel.model.constraints.apply` adds.

    Raises
    ------
    InputError
        Naming the first feature not covered (exit code 2).
    """
    why = "not covered by the Pyomo cross-check (energymodel/verify.py); cannot verify"
    for where in _fields(nf.network, ""):
        raise InputError(nf.path, where, f"set in the network file but {why}")
    inp = inp if inp is not None else inputs.load(nf)
    n = resample(network.build(nf, inp), resolution)
    for c in n.components:
        if c.name in {"Carrier", "SubNetwork"} or c.static.empty or "carrier" not in c.static:
            continue
        extra = sorted(set(c.static.carrier) - CARRIERS)
        if extra:
            raise InputError(nf.path, f"{c.name} carrier {extra[0]!r}", why)
    if not n.global_constraints.empty:
        raise InputError(nf.path, f"GlobalConstraint {n.global_constraints.index[0]!r}", why)
    n.optimize.create_model(include_objective_constant=False)
    before = set(n.model.constraints)
    constraints.apply(n, n.snapshots, solve.context(nf, inp, n))
    extra = sorted(c for c in set(n.model.constraints) - before
                   if names.family(c) not in CUSTOM_CONSTRAINTS)
    if extra:
        raise InputError(nf.path, f"custom constraint {extra[0]!r}", why)


def aggregate(inp: inputs.Inputs, resolution: str | None) -> tuple[pd.Series, dict]:
    """Snapshot weights (hours) and time series averaged over each step of ``resolution``.

    Mirrors ``n.cluster.temporal.resample``: per calendar year, weights are the sum of the
    hourly weights in each step and time series their mean.
    """
    frames = {"wind_cf": inp.wind_cf, "offtake_mw": inp.offtake_mw,
              "grid_price": inp.grid_price, "grid_ci": inp.grid_ci}
    ones = pd.Series(1.0, index=inp.snapshots)
    if not resolution or resolution == "1h":
        return ones, frames
    years = inp.snapshots.year

    def by_year(obj: pd.Series | pd.DataFrame, how: str) -> pd.Series | pd.DataFrame:
        return pd.concat([getattr(obj[years == y].resample(resolution), how)()
                          for y in years.unique()])

    weights = by_year(ones, "sum")
    weights = weights[weights != 0]
    return weights, {k: by_year(v, "mean").reindex(weights.index) for k, v in frames.items()}


def build_model(nf: config.NetworkFile, inp: inputs.Inputs, weights: pd.Series,
                series: dict) -> pyo.ConcreteModel:
    """The joint LP of every hub in Pyomo (see the module docstring for the maths).

    Capacity variables are indexed by the PyPSA component names of
    :func:`energymodel.model.network.build`, so results compare name by name.
    """
    net, costs = nf.network, inp.costs
    w = weights.to_numpy()
    steps = range(len(w))
    cf, offtake, price = (series[k].to_numpy() for k in ("wind_cf", "offtake_mw", "grid_price"))
    site_col = {s: i for i, s in enumerate(series["wind_cf"].columns)}
    hub_col = {h: i for i, h in enumerate(series["offtake_mw"].columns)}
    price_col = {h: i for i, h in enumerate(series["grid_price"].columns)}

    def prev(t: int) -> int:
        return t - 1 if t > 0 else len(w) - 1  # cyclic

    m = pyo.ConcreteModel(name=net.name)
    m.T = pyo.Set(initialize=steps, ordered=True)
    cap_cost: list[tuple[float, pyo.Var]] = []
    run_cost: list[tuple[np.ndarray, object]] = []  # (EUR/MWh per step, indexed flow var)
    m.caps = {}  # component name -> capacity variable (for results)

    def add(name: str, obj: pyo.Component) -> pyo.Component:
        m.add_component(name.replace(" ", "_"), obj)
        return obj

    def capacity(name: str, upper: float | None, cost: float) -> pyo.Var:
        v = add(f"cap {name}", pyo.Var(within=pyo.NonNegativeReals, bounds=(0, upper)))
        m.caps[name] = v
        cap_cost.append((cost, v))
        return v

    for key, hub in net.hubs.items():
        sites = [s for s, site in net.sites.items() if site.hub == key]
        supply, demand, h2 = [], [], []  # AC in / AC out / H2 in, as (coefficient, var)
        for s in sites:
            site = net.sites[s]
            wind = costs.loc[f"offwind {site.foundation}"]
            station = costs.loc[f"export station {site.foundation}"]
            cable = costs.loc[f"export cable {site.foundation}"]
            pw = capacity(f"{s} wind", site.capacity_limit_mw, wind.capital_cost)
            px = capacity(f"{s} export", site.capacity_limit_mw,
                          station.capital_cost + cable.capital_cost * site.distance_to_shore_km)
            p = add(f"p {s} wind", pyo.Var(m.T, within=pyo.NonNegativeReals))
            x = add(f"p {s} export", pyo.Var(m.T, within=pyo.NonNegativeReals))
            col = site_col[s]
            add(f"avail {s}", pyo.Constraint(m.T, rule=lambda _, t, p=p, pw=pw, col=col:
                                             p[t] <= cf[t, col] * pw))
            add(f"offshore {s}", pyo.Constraint(m.T, rule=lambda _, t, p=p, x=x: p[t] == x[t]))
            add(f"export {s}", pyo.Constraint(m.T, rule=lambda _, t, x=x, px=px: x[t] <= px))
            run_cost.append((np.full(len(w), wind.marginal_cost), p))
            supply.append((1.0, x))
        for tech in hub.electrolysis:
            c = costs.loc[f"electrolysis {tech}"]
            name = f"{key} electrolysis {tech}"
            cap = capacity(name, hub.electrolysis_max_mw, c.capital_cost)
            q = add(f"p {name}", pyo.Var(m.T, within=pyo.NonNegativeReals))
            add(f"rating {name}", pyo.Constraint(m.T, rule=lambda _, t, q=q, cap=cap:
                                                 q[t] <= cap))
            run_cost.append((np.full(len(w), c.marginal_cost), q))
            demand.append((1.0, q))
            h2.append((float(c.efficiency), q))
        stores = [(f"{key} H2 {tech}", costs.loc[f"H2 {tech}"].capital_cost,
                   hub.storage_max_mwh) for tech in hub.storage]
        if hub.battery.enabled:
            stores.append((f"{key} battery", costs.loc["battery storage"].capital_cost,
                           hub.battery.max_energy_mwh))
        release = {}
        for name, cost, upper in stores:
            cap = capacity(name, upper, cost)
            e = add(f"e {name}", pyo.Var(m.T, within=pyo.NonNegativeReals))
            r = add(f"p {name}", pyo.Var(m.T, within=pyo.Reals))
            add(f"level {name}", pyo.Constraint(m.T, rule=lambda _, t, e=e, cap=cap:
                                                e[t] <= cap))
            add(f"balance {name}", pyo.Constraint(m.T, rule=lambda _, t, e=e, r=r:
                                                  e[t] == e[prev(t)] - w[t] * r[t]))
            release[name] = r
        h2 += [(1.0, r) for name, r in release.items() if name != f"{key} battery"]
        if hub.grid.enabled:
            limit = hub.grid.import_limit_mw
            g = add(f"p {key} grid", pyo.Var(m.T, within=pyo.NonNegativeReals,
                                             bounds=(0, limit)))
            run_cost.append((price[:, price_col[key]], g))
            supply.append((1.0, g))
        if hub.battery.enabled:
            inv = costs.loc["battery inverter"]
            eta = float(inv.efficiency)
            charger = capacity(f"{key} battery charger", None, inv.capital_cost)
            discharger = capacity(f"{key} battery discharger", None, 0.0)
            ch = add(f"p {key} battery charger", pyo.Var(m.T, within=pyo.NonNegativeReals))
            dis = add(f"p {key} battery discharger", pyo.Var(m.T, within=pyo.NonNegativeReals))
            r = release[f"{key} battery"]
            add(f"rating {key} charger", pyo.Constraint(m.T, rule=lambda _, t, v=ch, c=charger:
                                                        v[t] <= c))
            add(f"rating {key} discharger", pyo.Constraint(
                m.T, rule=lambda _, t, v=dis, c=discharger: v[t] <= c))
            add(f"bus {key} battery", pyo.Constraint(
                m.T, rule=lambda _, t, ch=ch, dis=dis, r=r, eta=eta:
                eta * ch[t] - dis[t] + r[t] == 0))
            add(f"inverter {key}", pyo.Constraint(expr=charger - eta * discharger == 0))
            supply.append((eta, dis))
            demand.append((1.0, ch))
        for standard in hub.certification.standards:
            period = assessment_period(standard, hub.certification)
            _emission_limit(m, f"{key} {standard}", weights, series["grid_ci"].get(key),
                            m.component(f"p_{key}_grid") if hub.grid.enabled else None,
                            h2, inp.thresholds[standard], period)
        col = hub_col[key]
        add(f"bus {key} AC", pyo.Constraint(m.T, rule=lambda _, t, sup=supply, dem=demand:
                                            sum(a * v[t] for a, v in sup)
                                            - sum(a * v[t] for a, v in dem) == 0))
        add(f"bus {key} H2", pyo.Constraint(m.T, rule=lambda _, t, h2=h2, col=col:
                                            sum(a * v[t] for a, v in h2) == offtake[t, col]))
    m.objective = pyo.Objective(
        expr=sum(cost * v for cost, v in cap_cost)
        + sum(w[t] * mc[t] * v[t] for mc, v in run_cost for t in steps if mc[t] != 0),
        sense=pyo.minimize)
    return m


def _emission_limit(m: pyo.ConcreteModel, name: str, weights: pd.Series,
                    ci: pd.Series | None, grid: pyo.Var | None, h2: list, threshold: float,
                    period: str) -> None:
    r"""Certification: per period P, :math:`\sum_{t \in P} w_t (c_t g_t - \theta / LHV
    \sum_e \eta_e q_{e,t}) \le 0` (grid emissions at most the threshold times the hydrogen
    made; stores excluded from ``h2``)."""
    snapshots = weights.index
    labels = periods(snapshots, period).to_numpy()
    groups: dict[object, list[int]] = {}
    for t, label in enumerate(labels):
        groups.setdefault(label, []).append(t)
    w = weights.to_numpy()
    made = [(a, v) for a, v in h2 if v.name.startswith("p_") and "electrolysis" in v.name]
    c = None if ci is None else ci.to_numpy()

    def rule(_: pyo.ConcreteModel, label: object) -> object:
        expr = sum(w[t] * (-threshold / inputs.H2_LHV_MWH_PER_T * sum(a * v[t] for a, v in made)
                           + (c[t] * grid[t] if grid is not None else 0))
                   for t in groups[label])
        return expr <= 0

    m.add_component(f"limit_{name.replace(' ', '_')}",
                    pyo.Constraint(list(groups), rule=rule))


def solve_model(m: pyo.ConcreteModel) -> float:
    """Solve with HiGHS (its default LP method) through Pyomo; return the objective.

    One thread, as every HiGHS run of the project: HiGHS sizes its task scheduler once per
    process at the first run, and a later run that asks for another thread count fails some
    tasks (an irreducible infeasible set could no longer be computed after a default run).
    """
    result = pyo.SolverFactory("highs").solve(m, solver_options={"threads": 1})
    condition = str(result.solver.termination_condition)
    if condition != "optimal":
        msg = f"Pyomo/HiGHS did not reach an optimum: {condition}"
        raise EnergyModelError(msg)
    return float(pyo.value(m.objective))


@dataclass(frozen=True)
class Comparison:
    """PyPSA and Pyomo optima side by side."""

    network: str
    resolution: str
    snapshots: int
    objective: tuple[float, float]  # (PyPSA, Pyomo), EUR
    capacities: pd.DataFrame  # hub, asset, unit, pypsa, pyomo, rel_diff, agrees
    seconds: tuple[float, float]

    @property
    def objective_rel_diff(self) -> float:
        """Relative difference of the objectives."""
        return rel_diff(*self.objective)

    @property
    def passed(self) -> bool:
        """True when the objective and every capacity agree."""
        return agrees(*self.objective) and bool(self.capacities.agrees.all())


def rel_diff(a: float, b: float) -> float:
    """|a - b| relative to the larger magnitude (0 when both are 0)."""
    scale = max(abs(a), abs(b))
    return abs(a - b) / scale if scale else 0.0


def agrees(a: float, b: float) -> bool:
    """Equal to :data:`RTOL` relative, or :data:`ATOL` absolute."""
    return math.isclose(a, b, rel_tol=RTOL, abs_tol=ATOL)


def run(path: str | Path, *, resolution: str | None = None, cost_year: int | None = None,
        workers: int | None = None) -> Comparison:
    """Solve a network with PyPSA (:func:`energymodel.model.solve.solve`) and with Pyomo; compare.

    Raises
    ------
    InputError
        Bad input, or a feature the Pyomo formulation does not cover (exit code 2).
    """
    nf = pipeline.with_overrides(config.load(path), cost_year)
    resolution = config.check_resolution(resolution)
    inp = inputs.load(nf)
    check_covered(nf, resolution, inp)
    t0 = time.perf_counter()
    n = solve.solve(nf, resolution, workers=workers, inp=inp)
    t1 = time.perf_counter()
    weights, series = aggregate(inp, resolution)
    m = build_model(nf, inp, weights, series)
    objective = solve_model(m)
    t2 = time.perf_counter()
    logger.info("PyPSA %.1f s, Pyomo build + solve %.1f s", t1 - t0, t2 - t1)
    if len(weights) != len(n.snapshots) or not np.allclose(
            weights.to_numpy(), n.snapshot_weightings.objective.to_numpy()):
        msg = ("Pyomo and PyPSA snapshots or weights differ (verify.aggregate vs "
               "model.aggregate.resample)")
        raise EnergyModelError(msg)
    caps = pd.concat([n.generators.p_nom_opt, n.links.p_nom_opt, n.stores.e_nom_opt])
    hub_of = {**{f"{s} {x}": site.hub for s, site in nf.network.sites.items()
                 for x in ("wind", "export")}}
    rows = []
    for name, var in m.caps.items():
        a, b = float(caps[name]), float(pyo.value(var))
        hub = hub_of.get(name, name.split(" ")[0])
        unit = "MWh" if name in n.stores.index else "MW"
        rows.append({"hub": hub, "asset": name, "unit": unit, "pypsa": a, "pyomo": b,
                     "rel_diff": rel_diff(a, b), "agrees": agrees(a, b)})
    return Comparison(network=nf.network.name, resolution=resolution or "1h",
                      snapshots=len(weights), objective=(float(n.objective), objective),
                      capacities=pd.DataFrame(rows), seconds=(t1 - t0, t2 - t1))


def table(cmp: Comparison) -> str:
    """The comparison as a plain-text table with its verdict."""
    pypsa_obj, pyomo_obj = cmp.objective
    ok = {True: "ok", False: "DIFF"}
    lines = [
        f"{cmp.network}: resolution {cmp.resolution}, {cmp.snapshots} snapshots; PyPSA "
        f"(solve.solve, {cmp.seconds[0]:.1f} s) vs Pyomo + HiGHS ({cmp.seconds[1]:.1f} s)",
        f"{'':12} {'':34} {'':4} {'PyPSA':>16} {'Pyomo':>16} {'rel diff':>9}",
        f"{'objective':12} {'':34} {'EUR':4} {pypsa_obj:16.6f} {pyomo_obj:16.6f} "
        f"{cmp.objective_rel_diff:9.1e} {ok[agrees(pypsa_obj, pyomo_obj)]}",
    ]
    for r in cmp.capacities.itertuples():
        lines.append(f"{r.hub:12} {r.asset:34} {r.unit:4} {r.pypsa:16.6f} {r.pyomo:16.6f} "
                     f"{r.rel_diff:9.1e} {ok[r.agrees]}")
    bad = int((~cmp.capacities.agrees).sum()) + (not agrees(pypsa_obj, pyomo_obj))
    verdict = (f"PASS: objective and {len(cmp.capacities)} capacities agree"
               if cmp.passed else f"FAIL: {bad} value(s) differ")
    lines.append(f"{verdict} (relative {RTOL:g}, absolute {ATOL:g})")
    return "\n".join(lines)
