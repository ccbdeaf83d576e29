"""Optimise with HiGHS through PyPSA: one LP per independent hub, in parallel, merged.

Hubs share no bus and no constraint, so the joint LP separates exactly into one LP per hub:
the joint optimum is the sum of the hub optima (tested). Solving them apart is much faster
(interior point needs ~60 instead of ~140 iterations on the default network at 3-hourly
resolution, each on a fifth of the matrix) and lets two cores work at once. An infeasible hub
is then named directly.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd
import pypsa

from energymodel import config, constraints, diagnose, inputs, network
from energymodel import segments as seg
from energymodel.errors import EnergyModelError, InfeasibleError

logger = logging.getLogger(__name__)

#: HiGHS defaults of this project, chosen by measurement (README "Speed"): interior point
#: with crossover returns the same vertex optimum as simplex, several times faster on a
#: year of hours. The network file's ``solver.options`` and ``--solver-option`` override.
DEFAULT_OPTIONS: dict[str, object] = {"threads": 1, "solver": "ipm", "run_crossover": "on"}

_INFEASIBLE = {"infeasible", "infeasible_or_unbounded"}


def optimize(n: pypsa.Network, options: dict | None = None,
             ctx: constraints.Context | None = None) -> None:
    """Solve capacity expansion and dispatch of ``n`` in place.

    Raises
    ------
    InfeasibleError
        HiGHS proved the problem infeasible.
    EnergyModelError
        Any other non-optimal outcome.
    """
    opts = {**DEFAULT_OPTIONS, **(options or {})}
    status, condition = _highs(n, opts, ctx)
    if condition != "optimal" and opts.get("solver") == "ipm":
        # Interior point can misjudge a badly scaled LP (e.g. a 28 GWh tank against hourly
        # MW flows: UK weather year 2013 at 3 h is "infeasible" to IPM, optimal to simplex).
        # Nothing is declared infeasible or failed on IPM's word alone.
        logger.warning("HiGHS interior point ended %s (%s) on %s; solving again with dual "
                       "simplex", status, condition, n.name)
        status, condition = _highs(n, {**opts, "solver": "simplex"}, ctx)
    if condition in _INFEASIBLE:
        log_iis(n)
        msg = f"network {n.name!r} is infeasible"
        raise InfeasibleError(msg)
    if status != "ok" or condition != "optimal":  # linopy says "ok" at an iteration limit
        msg = f"solver did not reach an optimum: {status} ({condition})"
        raise EnergyModelError(msg)
    n.model.solver_model = None  # frees HiGHS memory; lets the network be copied and merged


def _highs(n: pypsa.Network, opts: dict, ctx: constraints.Context | None) -> tuple[str, str]:
    start = time.perf_counter()
    status, condition = n.optimize(
        solver_name="highs",
        solver_options=opts,
        extra_functionality=constraints.hook(ctx or constraints.Context()),
        include_objective_constant=False,
        log_to_console=False,
        io_api="direct",
    )
    logger.info("Solved %s in %.1f s with %s: %s (%s)", n.name, time.perf_counter() - start,
                opts.get("solver", "choose"), status, condition)
    return status, condition


#: Largest LP (constraint rows) whose irreducible infeasible set is computed for the log.
IIS_MAX_ROWS = 20_000


def log_iis(n: pypsa.Network) -> None:
    """Log HiGHS's irreducible infeasible set of a small infeasible LP, by PyPSA constraint.

    Only at INFO level and for LPs of at most :data:`IIS_MAX_ROWS` rows: HiGHS needs a
    simplex re-solve without presolve to find it. A failure is logged, never raised; the
    error line comes from :mod:`energymodel.diagnose` either way.
    """
    m = n.model
    if not logger.isEnabledFor(logging.INFO) or m.ncons > IIS_MAX_ROWS:
        return
    try:
        h = m.solver_model
        h.setOptionValue("solver", "simplex")
        h.setOptionValue("presolve", "off")
        h.run()
        rows = [m.constraints.get_label_position(label) for label in m.compute_infeasibilities()]
    except Exception as err:  # noqa: BLE001 - a diagnosis aid only
        logger.info("No irreducible infeasible set for %s: %s", n.name, err)
        return
    names = sorted({f"{c} {' '.join(str(v) for v in where.values())}" for c, where in rows})
    logger.info("Irreducible infeasible set of %s (%d rows): %s", n.name, len(names),
                "; ".join(names))


def binding_rules(n: pypsa.Network) -> dict[str, list[str]]:
    """Certification rules whose constraint has a non-zero dual at the optimum, by hub.

    A rule with all duals zero does not change the optimum (the LP is convex: the solution
    stays optimal without it), so its cost of compliance is zero without a paired run.
    """
    out: dict[str, list[str]] = {}
    for name in n.model.constraints:
        if name.startswith("certification-"):
            _, standard, hub = name.split("-", 2)
            dual = n.model.constraints[name].dual
            if float(abs(dual).max()) > 1e-9:
                out.setdefault(hub, []).append(standard)
    return out


def mineral_duals(n: pypsa.Network) -> dict[str, float]:
    """Shadow price of each mineral cap, EUR per kg of primary mineral (0 when not binding).

    The cap is ``demand <= limit`` in a minimisation, so its dual is <= 0; the shadow price is
    its negative: what one more kg of primary mineral would save.
    """
    return {name: -float(n.model.constraints[name].dual)
            for name in n.model.constraints if name.startswith("minerals-cap-")}


def aligned(frame: pd.DataFrame, n: pypsa.Network) -> pd.DataFrame:
    """Average an hourly input frame onto the (possibly aggregated) snapshots of ``n``."""
    if len(frame.index) == len(n.snapshots):
        return frame.set_axis(n.snapshots)
    step = n.snapshots.searchsorted(frame.index, side="right") - 1
    return frame.groupby(n.snapshots[step]).mean()


def context(nf: config.NetworkFile, inp: inputs.Inputs, n: pypsa.Network) -> constraints.Context:
    """The constraint context of a built network: certification settings, grid intensity and
    mineral budgets."""
    cert = {h: nf.network.hubs[h].certification for h in n.buses.location.unique()
            if h in nf.network.hubs and nf.network.hubs[h].certification.standards}
    mcfg = nf.network.minerals
    return constraints.Context(
        certification=cert, grid_ci=aligned(inp.grid_ci, n), minerals=inp.minerals,
        mineral_caps=tuple(mcfg.caps), recycled_share=dict(mcfg.recycled_share),
        hub_country={k: h.country for k, h in nf.network.hubs.items()},
        emission_caps={k: h.emissions_cap_kg_per_kg for k, h in nf.network.hubs.items()
                       if h.emissions_cap_kg_per_kg is not None})


def resample(n: pypsa.Network, resolution: str | None,
             segments: int | None = None) -> pypsa.Network:
    """Aggregate snapshots with PyPSA's own temporal clustering (e.g. ``"3h"``).

    ``segments`` instead cuts the year into that many variable-length segments
    (:func:`energymodel.segments.segment`); the two are mutually exclusive.
    """
    if segments:
        if resolution and resolution != "1h":
            msg = "give a resolution or a number of segments, not both"
            raise ValueError(msg)
        return seg.segment(n, segments)
    if not resolution or resolution == "1h":
        return n
    m = n.cluster.temporal.resample(resolution)
    logger.info("Resampled %s to %s: %d snapshots", n.name, resolution, len(m.snapshots))
    return m


def hub_groups(nf: config.NetworkFile, hubs: list[str] | None = None) -> list[list[str]]:
    """Sets of hubs that must be solved together, largest first.

    Hubs are independent except through mineral caps: a network-wide cap couples every hub, a
    per-country cap the hubs of that country. Each group is a connected set of hubs under these
    couplings, so the joint LP separates exactly into the groups. With ``hubs``, every group
    holding one of them is returned whole (a cap must see all the hubs it covers). Groups are
    ordered by size (sites plus storage options), so the slowest LPs start first.
    """
    net = nf.network
    size = {h: sum(s.hub == h for s in net.sites.values()) + len(hub.storage)
            for h, hub in net.hubs.items()}
    group = {h: h for h in net.hubs}  # union-find

    def root(h: str) -> str:
        while group[h] != h:
            h = group[h]
        return h

    for cap in net.minerals.caps:
        members = [h for h, hub in net.hubs.items()
                   if cap.country is None or hub.country == cap.country]
        for h in members[1:]:
            group[root(h)] = root(members[0])
    groups: dict[str, list[str]] = {}
    for h in net.hubs:
        groups.setdefault(root(h), []).append(h)
    chosen = [g for g in groups.values() if hubs is None or any(h in hubs for h in g)]
    return sorted(chosen, key=lambda g: -sum(size[h] for h in g))


def _init_worker(level: int) -> None:
    """Log in a worker as in the parent; HiGHS's banner goes to stderr, not stdout."""
    import warnings

    os.dup2(2, 1)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        datefmt="%H:%M:%S")
    for noisy in ("linopy", "pypsa", "numexpr", "matplotlib"):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))
    if level > logging.DEBUG:
        warnings.filterwarnings("ignore", category=FutureWarning)
        warnings.filterwarnings("ignore", category=DeprecationWarning)


def _solve_group(data: dict, path: str, hubs: list[str], resolution: str | None,
                 options: dict, out: str | None,
                 segments: int | None = None) -> pypsa.Network | str | None:
    """Build and solve the hubs of one group; in a worker, write the network to ``out``."""
    nf = config.parse(data, Path(path))
    inp = inputs.load(nf)
    n = resample(network.build(nf, inp, hubs=hubs), resolution, segments)
    n.name = f"{nf.network.name}[{', '.join(hubs)}]"
    try:
        optimize(n, options, context(nf, inp, n))
    except InfeasibleError:
        return None
    n.meta["binding_rules"] = binding_rules(n)
    n.meta["mineral_duals"] = mineral_duals(n)
    if out is None:
        return n
    n.export_to_netcdf(out)
    return out


def solve(nf: config.NetworkFile, resolution: str | None = None, options: dict | None = None,
          workers: int | None = None, hubs: list[str] | None = None,
          segments: int | None = None) -> pypsa.Network:
    """Solve every hub group (or only ``hubs``) and return one merged, solved network.

    Parameters
    ----------
    workers : int, optional
        Processes for hub groups solved at once (default: the machine's cores). With one
        worker or one group everything runs in this process.
    segments : int, optional
        Segment each hub group's year into this many variable-length snapshots (each group
        separately; merged on the union of their boundaries, see :mod:`energymodel.segments`).

    Raises
    ------
    InfeasibleError
        Naming every hub whose group is infeasible.
    """
    groups = hub_groups(nf, hubs)
    opts = {**nf.network.solver.options, **(options or {})}
    workers = min(workers or os.cpu_count() or 1, len(groups))
    data = nf.network.model_dump(mode="json", exclude_none=True)
    args = [(data, str(nf.path), g, resolution, opts) for g in groups]
    start = time.perf_counter()
    if workers == 1:
        solved = [_solve_group(*a, None, segments) for a in args]
    else:
        logger.info("Solving %d hub groups on %d processes", len(groups), workers)
        with tempfile.TemporaryDirectory(prefix="energymodel-") as tmp:
            ctx = multiprocessing.get_context("spawn")
            level = logging.getLogger("energymodel").getEffectiveLevel()
            with ProcessPoolExecutor(max_workers=workers, mp_context=ctx,
                                     initializer=_init_worker, initargs=(level,)) as pool:
                futures = [pool.submit(_solve_group, *a, str(Path(tmp) / f"{i}.nc"), segments)
                           for i, a in enumerate(args)]
                paths = [f.result() for f in futures]
            solved = [pypsa.Network(p) if p else None for p in paths]
    bad = [h for g, n in zip(groups, solved, strict=True) if n is None for h in g]
    if bad:
        msg = diagnose.explain(nf, inputs.load(nf), bad)
        raise InfeasibleError(msg)
    if segments:
        solved = seg.common_snapshots(solved)
    merged = solved[0]
    for other in solved[1:]:
        merged = merged.merge(other, components_to_skip=["Carrier"])
    merged.name = nf.network.name
    merged._objective = sum(n.objective for n in solved)
    merged.meta = {"certification": {k: v for n in solved
                                     for k, v in n.meta.get("certification", {}).items()},
                   "binding_rules": {k: v for n in solved
                                     for k, v in n.meta.get("binding_rules", {}).items()},
                   "mineral_duals": {k: v for n in solved
                                     for k, v in n.meta.get("mineral_duals", {}).items()}}
    logger.info("Solved %d hub groups in %.1f s, objective %.6g EUR", len(groups),
                time.perf_counter() - start, merged.objective)
    return merged
