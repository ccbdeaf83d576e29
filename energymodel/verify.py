r"""Independent cross-check: the same LP written directly in Pyomo, solved by HiGHS.

The Pyomo model is built from the validated network file and its inputs
(:func:`energymodel.config.load` -> :func:`energymodel.model.inputs.load`), never from the PyPSA
network, and solved as one joint LP (so it checks the hub-by-hub decomposition too). Its
optimum is compared with :func:`energymodel.model.solve.solve`: the objective and every
capacity with a capital cost (wind and export per site; electrolysis, hydrogen storage and the
salt cavern's compressor per technology; desalination and the water tank; battery energy,
charger and the discharger tied to it) must agree to a relative 1e-6 (absolute 1e-6 for
zeros). Capacities without a capital cost or limit (a tank's charging link, whose compressor
is in the tank's cost; the withdrawal links; the part-load loss; an unlimited grid import or
sale; a free desalination plant or water tank) are not compared: any value at least their
largest flow is optimal, so two solvers may report different ones.

The module is long because it writes the whole LP in one place, component by component beside
its equations, so that it can be read against :mod:`energymodel.model.network` and
:mod:`energymodel.model.constraints` (which it mirrors) without either.

Snapshot weights :math:`w_t` are hours (with ``--resolution`` the step length, the time series
averaged over each step as PyPSA's ``n.cluster.temporal.resample`` does). Per hub, with
capacities in capitals and flows per snapshot in lower case (all :math:`\ge 0` unless said):

.. math::

    \min \sum_c k_c P_c + \sum_t w_t \Big( \sum_s m^{w} p_{s,t} + \sum_e m_e q_{e,t}
        + m^{\delta} \delta_t + \pi_t g_t - \sigma_t y_t \Big) + \sum_e c_e \sum_t s_{e,t}

    p_{s,t} \le \mathrm{cf}_{s,t} P^{w}_s, \quad p_{s,t} = x_{s,t} \le X_s, \quad
    q_{e,t} \le Q_e, \quad g_t \le G, \quad y_t \le Y

    \sum_s x_{s,t} + g_t - y_t + \eta\, d^b_t - c^b_t - \sum_e q_{e,t} - \delta_t
    - \kappa \sum_k c_{k,t} = 0 \quad \text{(AC bus)}

    \sum_e (\eta_e a_{e,1} q_{e,t} - \ell_{e,t}) + \sum_k (d_{k,t} - c_{k,t}) = D_t
    \quad \text{(H2 bus)}

    E_{k,t} = E_{k,t-1} + w_t (c_{k,t} - d_{k,t}), \quad E_{k,t} \le S_k, \quad
    c_{k,t} \le K_k \quad \text{(hydrogen store } k \text{ on its own bus)}

    \delta_t / \epsilon - \omega \sum_e (\eta_e a_{e,1} q_{e,t} - \ell_{e,t}) + r^v_t = 0, \quad
    V_t = V_{t-1} - w_t r^v_t, \quad V_t \le \bar V, \quad \delta_t \le \Delta
    \quad \text{(water bus, m3)}

    B_t = B_{t-1} + w_t (\eta\, c^b_t - d^b_t), \quad B_t \le \bar B, \quad
    c^b_t \le C^b, \quad d^b_t \le D^b, \quad C^b = \eta D^b \quad \text{(battery)}

Wind marginal cost :math:`m^w`; electrolyser stack wear :math:`m_e` per MWh of electricity,
nominal efficiency :math:`\eta_e`; grid price :math:`\pi_t` (carbon price and grid charges
included) and sale price :math:`\sigma_t` (the market price less the discount), import limit
:math:`G` and export limit :math:`Y` (the import limit unless given; unbounded without either);
compression electricity :math:`\kappa` per MWh of hydrogen charged (capital cost :math:`K_k`:
the compressor's for a salt cavern, none for a tank, whose cost includes it; withdrawal
:math:`d_{k,t}` unlimited and free); desalination electricity :math:`\epsilon` per m3, its
capital and marginal cost per MW of electricity (:math:`k/\epsilon`, :math:`m/\epsilon`);
water per MWh of hydrogen made :math:`\omega = \mathrm{water}_{kg/kg} / LHV` (water
tank flow :math:`r^v_t` of either sign). Without water modelling the water bus and its terms
are absent. Stores are cyclic (:math:`E_{k,-1} = E_{k,T-1}`).

**Minimum load** (``electrolysis_operation.min_load``; both electrolyser rules as
:mod:`energymodel.model.constraints.electrolysis`): online capacity :math:`u_{e,t}` and
capacity started :math:`s_{e,t}`,

.. math:: u_{e,t} \le Q_e, \quad \mu_e u_{e,t} \le q_{e,t} \le u_{e,t}, \quad
    s_{e,t} \ge u_{e,t} - u_{e,t-1} \ (u_{e,-1} = u_{e,T-1})

with the start-up cost :math:`c_e` per MW (``planning_assumptions``) summed over snapshots
without weights, as the linopy model does (:math:`s` is left out when :math:`c_e = 0`: it is
then free and its rows always hold).

**Part load** (``electrolysis_operation.part_load``): the link's efficiency is
:math:`\eta_e a_{e,1}`, the first slope of the concave curve (segments :math:`k` with slope
:math:`a_k` and intercept :math:`b_k`, :func:`energymodel.model.costs.read_part_load`, else
:math:`a_1 = 1`), and the part-load loss :math:`\ell_{e,t} \ge 0` (PyPSA's generator output
:math:`-\ell`) takes back what the curve does not give:

.. math:: \ell_{e,t} \ge \eta_e \big( (a_1 - a_k) q_{e,t} - b_k C_{e,t} \big), \quad k = 2..K

with :math:`C_{e,t} = u_{e,t}` under minimum load, else :math:`Q_e`.

**Certification**, per hub standard and assessment period :math:`P` (hourly, monthly or the
whole year, as :mod:`energymodel.model.constraints.certification`): grid emissions at most the
threshold :math:`\theta` times the hydrogen made, net of the part-load loss,
:math:`\sum_{t \in P} w_t \big(c_t g_t - \theta / LHV \sum_e (\eta_e a_{e,1} q_{e,t}
- \ell_{e,t})\big) \le 0`.

Anything the network file uses that this model does not cover (a field that differs from its
default and is not in :data:`COVERED`, a component carrier not in :data:`CARRIERS`, a global
constraint or a custom constraint not in :data:`CUSTOM_CONSTRAINTS`) is refused with an
:class:`~energymodel.errors.InputError` (exit code 2) naming it.
"""

from __future__ import annotations

import functools
import logging
import math
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyomo.environ as pyo
import pypsa
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
                          "minerals", "weather_year", "standards", "grid_charges",
                          "planning_assumptions"}),
    # mineral accounting only (tables read after the solve; an assumed intensity fills a row
    # of the table); caps are constraints: not covered
    "Minerals": frozenset({"intensities", "supply", "recycled_share", "assumed"}),
    "AssumedIntensity": frozenset({"technology", "variant", "mineral", "kg_per_unit", "note"}),
    # input numbers (inputs.load) and the start-up cost of the minimum load
    "PlanningAssumptions": frozenset({"pem_lifetime_years", "start_up_cost_eur_per_mw",
                                      "water_kg_per_kg_h2"}),
    "Snapshots": frozenset({"start", "periods"}),
    "Costs": frozenset({"year", "discount_rate", "discount_rate_by_country", "dir",
                        "overrides", "electrolysers"}),
    "Solver": frozenset({"name", "options"}),
    "Hub": frozenset({"name", "country", "lat", "lon", "electrolysis", "storage",
                      "storage_max_mwh", "electrolysis_max_mw", "offtake", "grid", "battery",
                      "certification", "electrolysis_operation", "water"}),
    "ElectrolysisOperation": frozenset({"min_load", "part_load"}),
    "Water": frozenset({"desalination", "tank"}),
    # emission limits; monthly RFNBO matching adds a grid account, refused by its carrier
    "Certification": frozenset({"standards", "lchs_period", "rfnbo_matching"}),
    "Offtake": frozenset({"t_per_day", "profile"}),
    "SeriesRef": frozenset({"file", "column"}),
    # charges are in the import price (inputs.load)
    "Grid": frozenset({"enabled", "price", "carbon_intensity", "import_limit_mw",
                       "co2_price_eur_per_t", "price_multiplier", "charges_eur_per_mwh",
                       "sale"}),
    "GridSale": frozenset({"enabled", "export_limit_mw", "discount_pct"}),
    "Battery": frozenset({"enabled", "max_energy_mwh"}),
    # placement offshore and exports (energymodel.model.trade) are not covered: refused
    "Site": frozenset({"name", "hub", "profile", "capacity_limit_mw", "distance_to_shore_km",
                       "foundation", "lat", "lon"}),
}

#: Component carriers of the PyPSA network that the Pyomo formulation models.
CARRIERS = frozenset({
    "AC", "H2", "battery", "offwind fixed", "offwind floating", "export fixed",
    "export floating", "electrolysis alkaline", "electrolysis pem", "H2 salt_cavern", "H2 tank",
    "grid", "battery storage", "battery charger", "battery discharger", "H2 offtake",
    "part-load loss", "H2 compressor", "H2 tank compression", "H2 withdrawal", "water",
    "desalination", "water tank", "grid sale", "electrolysis water",
})

_NOT_COVERED = "not covered by the Pyomo cross-check (energymodel/verify.py); cannot verify"

#: Families of custom linopy constraints (:mod:`energymodel.model.constraints.names`) that
#: the formulation mirrors.
CUSTOM_CONSTRAINTS = frozenset({"battery_inverter", "certification", "electrolyser_min_load",
                                "electrolyser_part_load"})


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

    Checks the network file's fields against their defaults (:func:`check_fields`), then
    builds (without solving) the PyPSA network and its linopy model and checks it with
    :func:`check_lp`. :func:`run` makes the same checks on the LPs it solves instead of
    building them twice.

    Raises
    ------
    InputError
        Naming the first feature not covered (exit code 2).
    """
    check_fields(nf)
    inp = inp if inp is not None else inputs.load(nf)
    n = resample(network.build(nf, inp), resolution)
    n.optimize.create_model(include_objective_constant=False)
    own = set(n.model.constraints)
    constraints.apply(n, n.snapshots, constraints.Context.build(nf, inp, n))
    check_lp(nf.path, n, sorted(set(n.model.constraints) - own))


def check_fields(nf: config.NetworkFile) -> None:
    """Refuse a network file field set away from its default that :data:`COVERED` lacks."""
    for where in _fields(nf.network, ""):
        raise InputError(nf.path, where, f"set in the network file but {_NOT_COVERED}")


def check_lp(path: str | Path, n: pypsa.Network, added: list[str]) -> None:
    """Refuse a built LP with a component carrier, a global constraint or a custom constraint
    (``added`` by :func:`energymodel.model.constraints.apply`) that the Pyomo formulation does
    not model; ``path`` is the network file named in the error (a
    :data:`energymodel.model.solve.Inspect` once bound to it)."""
    for c in n.components:
        if c.name in {"Carrier", "SubNetwork"} or c.static.empty or "carrier" not in c.static:
            continue
        extra = sorted(set(c.static.carrier) - CARRIERS)
        if extra:
            raise InputError(path, f"{c.name} carrier {extra[0]!r}", _NOT_COVERED)
    if not n.global_constraints.empty:
        raise InputError(path, f"GlobalConstraint {n.global_constraints.index[0]!r}",
                         _NOT_COVERED)
    extra = [c for c in added if names.family(c) not in CUSTOM_CONSTRAINTS]
    if extra:
        raise InputError(path, f"custom constraint {extra[0]!r}", _NOT_COVERED)


def aggregate(inp: inputs.Inputs, resolution: str | None) -> tuple[pd.Series, dict]:
    """Snapshot weights (hours) and time series averaged over each step of ``resolution``.

    Mirrors ``n.cluster.temporal.resample``: per calendar year, weights are the sum of the
    hourly weights in each step and time series their mean.
    """
    frames = {"wind_cf": inp.wind_cf, "offtake_mw": inp.offtake_mw,
              "grid_price": inp.grid_price, "grid_ci": inp.grid_ci,
              "sale_price": inp.sale_price}
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


class _LP:
    """The Pyomo model being built: its variables, its cost terms, the capacities compared."""

    def __init__(self, name: str, weights: pd.Series) -> None:
        self.m = pyo.ConcreteModel(name=name)
        self.w = weights.to_numpy()
        self.m.T = pyo.Set(initialize=range(len(self.w)), ordered=True)
        self.capital: list[tuple[float, pyo.Var]] = []  # (EUR per unit and year, capacity)
        self.running: list[tuple[np.ndarray, pyo.Var]] = []  # (EUR/MWh per step, flow), x w_t
        self.events: list[tuple[float, pyo.Var]] = []  # (EUR per unit, var), summed, no w_t
        self.m.caps = {}  # component name -> capacity variable compared with PyPSA
        self.m.units = {}  # component name -> unit of its capacity

    def prev(self, t: int) -> int:
        """The previous snapshot, cyclic (the last one before the first)."""
        return t - 1 if t > 0 else len(self.w) - 1

    def add(self, name: str, obj: pyo.Component) -> pyo.Component:
        self.m.add_component(name.replace(" ", "_").replace("-", "_"), obj)
        return obj

    def flow(self, name: str, upper: float | None = None) -> pyo.Var:
        """A non-negative flow per snapshot (MW, or m3/h on a water bus)."""
        return self.add(f"p {name}", pyo.Var(self.m.T, within=pyo.NonNegativeReals,
                                             bounds=(0, upper)))

    def capacity(self, name: str, cost: float, upper: float | None = None, unit: str = "MW",
                 *, compare: bool | None = None) -> pyo.Var:
        """An extendable capacity at ``cost`` per unit and year, at most ``upper``.

        Compared with PyPSA's when it has a cost (``compare`` overrides): a free capacity
        is any value at least its largest flow, so two solvers may report different ones.
        """
        v = self.add(f"cap {name}", pyo.Var(within=pyo.NonNegativeReals, bounds=(0, upper)))
        if cost:
            self.capital.append((float(cost), v))
        if (cost > 0) if compare is None else compare:
            self.m.caps[name] = v
            self.m.units[name] = unit
        return v

    def rated(self, name: str, flow: pyo.Var, cap: pyo.Var) -> None:
        """``flow_t <= cap`` in every snapshot."""
        self.add(f"rating {name}", pyo.Constraint(self.m.T, rule=lambda _, t: flow[t] <= cap))

    def level(self, name: str, cap: pyo.Var, terms: list[tuple[float, pyo.Var]]) -> None:
        r"""A cyclic store: :math:`e_t = e_{t-1} + w_t \sum a v_t`, :math:`e_t \le` ``cap``."""
        e = self.add(f"e {name}", pyo.Var(self.m.T, within=pyo.NonNegativeReals))
        self.add(f"level {name}", pyo.Constraint(self.m.T, rule=lambda _, t: e[t] <= cap))
        self.add(f"balance {name}", pyo.Constraint(
            self.m.T, rule=lambda _, t: e[t] == e[self.prev(t)]
            + self.w[t] * sum(a * v[t] for a, v in terms)))

    def balance(self, name: str, terms: list[tuple[float, pyo.Var]],
                rhs: np.ndarray | None = None) -> None:
        """A bus: the signed flows into it sum to ``rhs`` (0 without) in every snapshot."""
        self.add(f"bus {name}", pyo.Constraint(
            self.m.T, rule=lambda _, t: sum(a * v[t] for a, v in terms)
            == (0 if rhs is None else float(rhs[t]))))

    def objective(self) -> None:
        steps = range(len(self.w))
        self.m.objective = pyo.Objective(
            expr=sum(cost * v for cost, v in self.capital)
            + sum(self.w[t] * mc[t] * v[t] for mc, v in self.running for t in steps
                  if mc[t] != 0)
            + sum(cost * v[t] for cost, v in self.events for t in steps),
            sense=pyo.minimize)


@dataclass
class _Hub:
    """The signed flows into a hub's buses (as ``(coefficient, variable)``) while it is built,
    and the hydrogen its electrolysers make (for the emission limits)."""

    ac: list = field(default_factory=list)
    h2: list = field(default_factory=list)
    water: list = field(default_factory=list)
    made: list = field(default_factory=list)
    grid: pyo.Var | None = None


def build_model(nf: config.NetworkFile, inp: inputs.Inputs, weights: pd.Series,
                series: dict) -> pyo.ConcreteModel:
    """The joint LP of every hub in Pyomo (see the module docstring for the maths).

    Capacity variables are indexed by the PyPSA component names of
    :func:`energymodel.model.network.build`, so results compare name by name.
    """
    net = nf.network
    lp = _LP(net.name, weights)
    col = {k: {c: i for i, c in enumerate(v.columns)} for k, v in series.items()}
    data = {k: v.to_numpy() for k, v in series.items()}
    for key, hub in net.hubs.items():
        bus = _Hub()
        for s, site in net.sites.items():
            if site.hub == key:
                _site(lp, inp, s, site, data["wind_cf"][:, col["wind_cf"][s]], bus)
        _electrolysers(lp, nf, inp, key, hub, bus)
        for tech in hub.storage:
            _hydrogen_store(lp, inp, key, tech, hub.storage_max_mwh, bus)
        if hub.water.desalination:
            _water(lp, inp, key, hub.water.tank, bus)
        if hub.grid.enabled:
            _grid(lp, key, hub, data["grid_price"][:, col["grid_price"][key]],
                  data["sale_price"][:, col["sale_price"][key]] if hub.grid.sale.enabled
                  else None, bus)
        if hub.battery.enabled:
            _battery(lp, inp, key, hub.battery.max_energy_mwh, bus)
        for standard in hub.certification.standards:
            period = assessment_period(standard, hub.certification)
            ci = data["grid_ci"][:, col["grid_ci"][key]] if hub.grid.enabled else None
            _emission_limit(lp, f"{key} {standard}", weights.index, ci, bus,
                            inp.thresholds[standard], period)
        lp.balance(f"{key} AC", bus.ac)
        lp.balance(f"{key} H2", bus.h2, data["offtake_mw"][:, col["offtake_mw"][key]])
        if hub.water.desalination:
            lp.balance(f"{key} water", bus.water)
    lp.objective()
    return lp.m


def _site(lp: _LP, inp: inputs.Inputs, s: str, site: config.Site, cf: np.ndarray,
          bus: _Hub) -> None:
    """Wind at a site and its export connection to the hub."""
    costs = inp.costs_for(site.hub)
    wind = costs.loc[f"offwind {site.foundation}"]
    station = costs.loc[f"export station {site.foundation}"]
    cable = costs.loc[f"export cable {site.foundation}"]
    pw = lp.capacity(f"{s} wind", wind.capital_cost, site.capacity_limit_mw)
    px = lp.capacity(f"{s} export", station.capital_cost
                     + cable.capital_cost * site.distance_to_shore_km, site.capacity_limit_mw)
    p, x = lp.flow(f"{s} wind"), lp.flow(f"{s} export")
    lp.add(f"avail {s}", pyo.Constraint(lp.m.T, rule=lambda _, t: p[t] <= cf[t] * pw))
    lp.add(f"offshore {s}", pyo.Constraint(lp.m.T, rule=lambda _, t: p[t] == x[t]))
    lp.rated(f"{s} export", x, px)
    lp.running.append((np.full(len(lp.w), wind.marginal_cost), p))
    bus.ac.append((1.0, x))


def _electrolysers(lp: _LP, nf: config.NetworkFile, inp: inputs.Inputs, key: str,
                   hub: config.Hub, bus: _Hub) -> None:
    """Electrolysers with their water, minimum load, start-ups and part-load loss."""
    start_up = nf.network.planning_assumptions.start_up_cost_eur_per_mw
    omega = nf.network.planning_assumptions.water_kg_per_kg_h2 / inputs.H2_LHV_MWH_PER_T
    operation = hub.electrolysis_operation
    for tech in hub.electrolysis:
        c = inp.costs_for(key).loc[f"electrolysis {tech}"]
        name, eta = f"{key} electrolysis {tech}", float(c.efficiency)
        curve = inp.part_load[tech] if operation.part_load else None
        slope = curve.slopes[0] if curve else 1.0
        cap = lp.capacity(name, c.capital_cost, hub.electrolysis_max_mw)
        q = lp.flow(name)
        lp.rated(name, q, cap)
        lp.running.append((np.full(len(lp.w), c.marginal_cost), q))
        bus.ac.append((-1.0, q))
        bus.h2.append((eta * slope, q))
        bus.made.append((eta * slope, q))
        if hub.water.desalination:  # water per MWh of hydrogen made, at every load
            bus.water.append((-omega * eta * slope, q))
        online = None
        if operation.min_load:
            low, cost = float(c.min_load), float(start_up.get(tech, 0.0))
            u = lp.add(f"online {name}", pyo.Var(lp.m.T, within=pyo.NonNegativeReals))
            lp.rated(f"{name} online", u, cap)
            lp.add(f"min load {name}", pyo.Constraint(lp.m.T, rule=lambda _, t, q=q, u=u,
                                                      low=low: q[t] >= low * u[t]))
            lp.add(f"online use {name}", pyo.Constraint(lp.m.T, rule=lambda _, t, q=q, u=u:
                                                        q[t] <= u[t]))
            if cost > 0:  # without a cost the started capacity is free: PyPSA's rows hold
                s = lp.add(f"started {name}", pyo.Var(lp.m.T, within=pyo.NonNegativeReals))
                lp.add(f"start up {name}", pyo.Constraint(
                    lp.m.T, rule=lambda _, t, s=s, u=u: s[t] >= u[t] - u[lp.prev(t)]))
                lp.events.append((cost, s))
            online = u
        if curve:
            loss = lp.flow(f"{name} part-load loss")  # PyPSA's generator output is -loss
            bus.h2.append((-1.0, loss))
            bus.made.append((-1.0, loss))
            if hub.water.desalination:
                bus.water.append((omega, loss))
            segments = range(1, len(curve.slopes))
            a = {k: eta * (curve.slopes[0] - curve.slopes[k]) for k in segments}
            b = {k: eta * curve.intercepts[k] for k in segments}

            def part_load(_: pyo.ConcreteModel, t: int, k: int, q=q, loss=loss, a=a, b=b,
                          online=online, cap=cap) -> object:
                capacity = cap if online is None else online[t]
                return loss[t] >= a[k] * q[t] - b[k] * capacity

            lp.add(f"part load {name}", pyo.Constraint(lp.m.T, list(segments), rule=part_load))


def _hydrogen_store(lp: _LP, inp: inputs.Inputs, key: str, tech: str, max_mwh: float | None,
                    bus: _Hub) -> None:
    """A hydrogen store on its own bus: charged through compression, withdrawn freely."""
    costs = inp.costs_for(key)
    c, compressor = costs.loc[f"H2 {tech}"], costs.loc["H2 compressor"]
    name = f"{key} H2 {tech}"
    store = lp.capacity(name, c.capital_cost, max_mwh, "MWh")
    charge, withdraw = lp.flow(f"{name} charging"), lp.flow(f"{name} withdrawal")
    if tech == "salt_cavern" and compressor.capital_cost:  # a tank's compressor: in its cost
        lp.rated(f"{name} charging", charge,
                 lp.capacity(f"{name} charging", compressor.capital_cost))
    lp.level(name, store, [(1.0, charge), (-1.0, withdraw)])
    bus.h2 += [(-1.0, charge), (1.0, withdraw)]
    if compressor.electricity_input:
        bus.ac.append((-float(compressor.electricity_input), charge))


def _water(lp: _LP, inp: inputs.Inputs, key: str, tank_on: bool, bus: _Hub) -> None:
    """Seawater desalination (per MW of electricity) and, optionally, a clean water tank."""
    costs = inp.costs_for(key)
    desal, tank = costs.loc["desalination"], costs.loc["water tank"]
    per_mw = 1 / float(desal.electricity_input)  # m3 of water per MWh of electricity
    name = f"{key} desalination"
    cap = lp.capacity(name, desal.capital_cost * per_mw)
    d = lp.flow(name)
    lp.rated(name, d, cap)
    lp.running.append((np.full(len(lp.w), desal.marginal_cost * per_mw), d))
    bus.ac.append((-1.0, d))
    bus.water.append((per_mw, d))
    if tank_on:
        volume = lp.capacity(f"{key} water tank", tank.capital_cost, unit="m3")
        r = lp.add(f"p {key} water tank", pyo.Var(lp.m.T, within=pyo.Reals))
        lp.level(f"{key} water tank", volume, [(-1.0, r)])
        bus.water.append((1.0, r))


def _grid(lp: _LP, key: str, hub: config.Hub, price: np.ndarray, sale: np.ndarray | None,
          bus: _Hub) -> None:
    """Imports at the hourly price (carbon price and charges included); optionally sales."""
    limit = hub.grid.import_limit_mw
    g = lp.flow(f"{key} grid", limit)
    lp.running.append((price, g))
    bus.ac.append((1.0, g))
    bus.grid = g
    if sale is not None:
        export = hub.grid.sale.export_limit_mw
        y = lp.flow(f"{key} grid sale", export if export is not None else limit)
        lp.running.append((-sale, y))  # PyPSA's generator output is -y: a revenue
        bus.ac.append((-1.0, y))


def _battery(lp: _LP, inp: inputs.Inputs, key: str, max_mwh: float | None, bus: _Hub) -> None:
    """Battery store with charger and discharger; one inverter rating both ways."""
    costs = inp.costs_for(key)
    store, inv = costs.loc["battery storage"], costs.loc["battery inverter"]
    eta = float(inv.efficiency)
    energy = lp.capacity(f"{key} battery", store.capital_cost, max_mwh, "MWh")
    charger = lp.capacity(f"{key} battery charger", inv.capital_cost)
    discharger = lp.capacity(f"{key} battery discharger", 0.0, compare=True)
    ch, dis = lp.flow(f"{key} battery charger"), lp.flow(f"{key} battery discharger")
    lp.rated(f"{key} charger", ch, charger)
    lp.rated(f"{key} discharger", dis, discharger)
    lp.level(f"{key} battery", energy, [(eta, ch), (-1.0, dis)])
    lp.add(f"inverter {key}", pyo.Constraint(expr=charger - eta * discharger == 0))
    bus.ac += [(eta, dis), (-1.0, ch)]


def _emission_limit(lp: _LP, name: str, snapshots: pd.DatetimeIndex, ci: np.ndarray | None,
                    bus: _Hub, threshold: float, period: str) -> None:
    r"""Certification: per period P, :math:`\sum_{t \in P} w_t (c_t g_t - \theta / LHV
    (\sum_e \eta_e a_{e,1} q_{e,t} - \sum_e \ell_{e,t})) \le 0` (grid emissions at most the
    threshold times the hydrogen made, net of the part-load loss)."""
    labels = periods(snapshots, period).to_numpy()
    groups: dict[object, list[int]] = {}
    for t, label in enumerate(labels):
        groups.setdefault(label, []).append(t)
    w, grid = lp.w, bus.grid

    def rule(_: pyo.ConcreteModel, label: object) -> object:
        expr = sum(w[t] * (-threshold / inputs.H2_LHV_MWH_PER_T
                           * sum(a * v[t] for a, v in bus.made)
                           + (ci[t] * grid[t] if grid is not None else 0))
                   for t in groups[label])
        return expr <= 0

    lp.add(f"limit {name}", pyo.Constraint(list(groups), rule=rule))


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
    check_fields(nf)
    t0 = time.perf_counter()  # each LP is checked (check_lp) once built, before it is solved
    n = solve.solve(nf, resolution, workers=workers, inp=inp,
                    inspect=functools.partial(check_lp, nf.path))
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
        unit = m.units[name]
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
