"""Optimise with HiGHS through PyPSA: one LP per independent hub, in parallel, merged.

Hubs share no bus and no constraint, so the joint LP separates exactly into one LP per hub:
the joint optimum is the sum of the hub optima (tested). Solving them apart is much faster
(interior point needs ~60 instead of ~140 iterations on the default network at 3-hourly
resolution, each on a fifth of the matrix) and lets two cores work at once. An infeasible hub
is then named directly.

The inputs are read once per run (by the caller) and handed to every hub group, in this
process or in a worker. Workers log through the parent: their records travel back on a queue
and are handled by the parent's logging set-up (:func:`energymodel.cli.setup_logging`).
HiGHS prints its banner on the C-level standard output; it is captured and logged at DEBUG.

The module is long because it holds every way the model is solved: the HiGHS call and its
options, the worker pool, and the paired runs (without certification rules, with a placement
forced), which all go through :func:`solve`.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import logging
import logging.handlers
import multiprocessing
import os
import re
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pypsa

from energymodel import config
from energymodel.errors import EnergyModelError, InfeasibleError, InputError
from energymodel.model import aggregate, basis, check, constraints, diagnose, inputs, network, trade
from energymodel.model.constraints import names

logger = logging.getLogger(__name__)

#: HiGHS defaults of this project, chosen by measurement (docs/speed.md): interior point
#: with crossover returns the same vertex optimum as simplex, several times faster on a
#: year of hours. The network file's ``solver.options`` and ``--solver-option`` override.
DEFAULT_OPTIONS: dict[str, object] = {"threads": 1, "solver": "ipm", "run_crossover": "on"}

#: HiGHS options of a solve started from a kept basis (:mod:`energymodel.model.basis`):
#: primal simplex. From the optimal basis of the default network's Humber hub at 3 h, after
#: +5 % on every capital cost, primal took 0.9 s and 242 iterations, dual (HiGHS's choice)
#: 77.5 s and 652; after +10 % offtake as well, 23.6 s against 42.9 s; interior point from
#: scratch 72 s (docs/speed.md, section 7).
WARM_OPTIONS: dict[str, object] = {"solver": "simplex", "simplex_strategy": 4}
#: How a solve started from a kept basis is recorded: ``simplex from basis <folder>``.
WARM_END = "simplex from basis"

_INFEASIBLE = {"infeasible", "infeasible_or_unbounded"}

#: What to try when HiGHS ends neither optimal nor infeasible, by linopy's termination.
_HINTS = {
    "time_limit": "its time_limit was reached; raise solver.options.time_limit, or solve a "
                  "coarser --resolution or --segments first",
    "iteration_limit": "an iteration limit was reached; raise or remove "
                       "simplex_iteration_limit / ipm_iteration_limit in solver.options",
    "unbounded": "the cost can fall without end; look for a negative cost or grid price "
                 "with no limit on the asset it pays for",
    "other": "try --solver-option solver=simplex, and look in the inputs for numbers far "
             "larger or smaller than the rest",
}


#: Called with a hub group's network once its LP is built, before it is solved, and the names
#: of the custom constraints :func:`constraints.apply` added; raises to refuse the network
#: (:func:`energymodel.verify.check_lp`).
Inspect = Callable[[pypsa.Network, list[str]], None]


def optimize(n: pypsa.Network, options: dict | None = None,
             ctx: constraints.Context | None = None, warm: basis.Warm | None = None,
             name: str | None = None, inspect: Inspect | None = None) -> str:
    """Solve capacity expansion and dispatch of ``n`` in place; return the HiGHS solver that
    ended it (``ipm``, ``simplex``, ``choose``, ``simplex after ipm ended <condition>``, or
    ``simplex from basis <folder>``).

    With ``warm`` (:mod:`energymodel.model.basis`), the LP starts primal simplex
    (:data:`WARM_OPTIONS`) from a kept basis of an LP of the same structure named ``name``
    when one is found, and the optimal basis is kept in ``warm.write``. A warm start that
    does not end optimal is solved again cold, so a start can cost time but never change an
    answer.

    Raises
    ------
    InfeasibleError
        HiGHS proved the problem infeasible.
    EnergyModelError
        Any other non-optimal outcome.
    SolutionError
        HiGHS said optimal but the solution breaks a row or a bound of the LP beyond the
        tolerances of :mod:`energymodel.model.check`.
    """
    opts = {**DEFAULT_OPTIONS, **(options or {})}
    name = name or n.name
    status, condition, ended, shape = _highs(n, opts, ctx, warm, name, inspect)
    if ended.startswith(WARM_END) and condition not in {"optimal", *_INFEASIBLE}:
        logger.info("%s from a kept basis ended %s (%s); solving again cold", n.name, status,
                    condition)
        status, condition, ended, shape = _highs(n, opts, ctx, None, name)
    if condition != "optimal" and opts.get("solver") == "ipm" and ended == "ipm":
        # Interior point can misjudge a badly scaled LP (e.g. a 28 GWh tank against hourly
        # MW flows: UK weather year 2013 at 3 h is "infeasible" to IPM, optimal to simplex).
        # Nothing is declared infeasible or failed on IPM's word alone.
        ipm = f"HiGHS interior point ended {status} ({condition}) on {n.name}"
        logger.info("%s; solving again with dual simplex", ipm)
        status, condition, _, shape = _highs(n, {**opts, "solver": "simplex"}, ctx, None,
                                             name)
        ended = f"simplex after ipm ended {condition}"
        if condition == "optimal":  # interior point was wrong: worth a warning
            logger.warning("%s; solving again with dual simplex reached the optimum", ipm)
    if condition in _INFEASIBLE:
        log_iis(n)
        msg = f"network {n.name!r} is infeasible"
        raise InfeasibleError(msg)
    if status != "ok" or condition != "optimal":  # linopy says "ok" at an iteration limit
        hint = _HINTS.get(condition, _HINTS["other"])
        msg = f"{n.name}: HiGHS did not reach an optimum ({status}, {condition}): {hint}"
        raise EnergyModelError(msg)
    check.check(n, n.name)  # every row and bound, from the solution: SolutionError if broken
    if warm is not None and warm.write is not None:
        basis.save(n.model.solver_model, shape, warm.write, name)
    n.model.solver_model = None  # frees HiGHS memory; lets the network be copied and merged
    return ended


def _highs(n: pypsa.Network, opts: dict, ctx: constraints.Context | None,
           warm: basis.Warm | None, name: str, inspect: Inspect | None = None
           ) -> tuple[str, str, str, str]:
    """Build the LP of ``n`` (and ``inspect`` it), solve it (from a kept basis when ``warm``
    has one that fits) and return linopy's status and condition, the solver that ran and the
    LP's :func:`basis.signature`."""
    start = time.perf_counter()
    with _solver_chatter_to_debug():
        n.optimize.create_model(include_objective_constant=False)
        own = set(n.model.constraints)
        constraints.apply(n, n.snapshots, ctx or constraints.Context())
        if inspect is not None:
            inspect(n, sorted(set(n.model.constraints) - own))
        shape = basis.signature(n.model)
        with basis.start(warm, name, shape) as found:
            if found is not None:  # primal simplex: HiGHS's dual was up to 80x slower here
                opts = {**opts, **WARM_OPTIONS}
            status, condition = n.optimize.solve_model(
                solver_name="highs", solver_options=opts, log_to_console=False,
                io_api="direct", warmstart_fn=found[0] if found else None,
                set_names=False)  # the kept bases name columns c0, c1... (HiGHS default)
    ended = str(opts.get("solver", "choose"))
    if found is not None:
        ended = f"{WARM_END} {found[1].parent.parent.name}"
    logger.info("Solved %s in %.1f s with %s: %s (%s), %s", n.name,
                time.perf_counter() - start, ended, status, condition,
                _iterations(n.model.solver_model))
    return status, condition, ended, shape


def _iterations(h: object) -> str:
    """HiGHS's iteration counts of its last run, e.g. "ipm 61, crossover 812, simplex 0"."""
    try:
        info = h.getInfo()
        return (f"iterations: ipm {info.ipm_iteration_count}, crossover "
                f"{info.crossover_iteration_count}, simplex {info.simplex_iteration_count}")
    except AttributeError:  # no solver object (linopy failed before solving)
        return "no iteration counts"


@functools.cache
def _highs_options() -> dict[str, str]:
    """HiGHS's own option list: name -> type (``bool``, ``integer``, ``double``, ``string``)."""
    with _solver_chatter_to_debug(), tempfile.TemporaryDirectory() as tmp:
        h = _scratch()
        path = Path(tmp) / "options.txt"
        h.writeOptions(str(path))
        text = path.read_text(encoding="utf-8")
    kinds, kind = {}, None
    for line in text.splitlines():
        match = re.match(r"# \[type: (\w+)", line)
        if match:
            kind = match.group(1)
        elif "=" in line and not line.startswith("#") and kind:
            kinds[line.split("=")[0].strip()] = kind
    return kinds


@functools.cache
def _scratch() -> object:
    """A HiGHS instance for checking option values (its banner logged at debug)."""
    import highspy

    with _solver_chatter_to_debug():
        return highspy.Highs()


#: Python types a HiGHS option of each type takes.
_TYPES = {"bool": (bool,), "integer": (int,), "double": (int, float), "string": (str,)}


def check_options(options: dict, file: str | Path, field: str) -> None:
    """Refuse a HiGHS option HiGHS does not know, or a value it would not take.

    Checked against HiGHS's own option list and its own checks of each value (type and
    range), before anything is built or solved. ``file`` and ``field`` name where the options
    were written (the network file and ``solver.options``, or ``--solver-option``).
    """
    import highspy

    known = _highs_options()
    for key, value in options.items():
        where = f"{field}.{key}" if field else str(key)
        if key not in known:
            close = difflib.get_close_matches(str(key), list(known), n=1)
            hint = f"did you mean {close[0]!r}?" if close else "see HiGHS's option list"
            raise InputError(file, where, f"not a HiGHS option ({hint})")
        kind = known[key]
        if not isinstance(value, _TYPES[kind]) or (kind != "bool" and isinstance(value, bool)):
            quote = ' (quote "off" and "on": YAML reads them as true/false)' \
                if kind == "string" and isinstance(value, bool) else ""
            article = "an" if kind == "integer" else "a"
            raise InputError(file, where, f"HiGHS takes {article} {kind} here, got "
                             f"{value!r}{quote}")
        h = _scratch()
        with _captured_stdout() as said:
            status = h.setOptionValue(key, value)
        h.resetOptions()
        if status == highspy.HighsStatus.kError:
            text = " ".join(said.text.replace("ERROR:", "").split()) or "refused by HiGHS"
            if key == "solver" and value == "hipo":  # HiGHS names missing libraries only
                text = ("HiPO needs the highspy-extras package, published for highspy 1.15 "
                        "only; this project pins highspy 1.16 and uses IPX (docs/speed.md)")
            raise InputError(file, where, f"{value!r}: {text}")


class _Collect(logging.Handler):
    """Keeps the records it is given."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:  # noqa: D102
        self.records.append(record)


class _Said:
    text = ""


@contextlib.contextmanager
def _captured_stdout() -> Iterator[_Said]:
    """What C code writes to file descriptor 1 inside the block (``.text`` afterwards)."""
    said = _Said()
    with tempfile.TemporaryFile() as sink:
        saved = os.dup(1)
        try:
            os.dup2(sink.fileno(), 1)
            yield said
        finally:
            os.dup2(saved, 1)
            os.close(saved)
            sink.seek(0)
            said.text = sink.read().decode(errors="replace").strip()


@contextlib.contextmanager
def _solver_chatter_to_debug() -> Iterator[None]:
    """Log the solver's chatter at DEBUG: HiGHS's banner and linopy's solver reports.

    HiGHS prints its banner on file descriptor 1 when a solver object is made, before any
    option can silence it; on the user's standard output it would mix with the command's own
    output. linopy logs "Optimization potentially failed" at WARNING for every end that is not
    optimal, which :func:`optimize` turns into one clear error of its own. Both are kept and
    logged here at DEBUG (shown with ``-v``), in any process.
    """
    linopy_logger = logging.getLogger("linopy")
    collect, propagate = _Collect(), linopy_logger.propagate
    linopy_logger.addHandler(collect)
    linopy_logger.propagate = False
    try:
        with _captured_stdout() as said:
            yield
    finally:
        linopy_logger.removeHandler(collect)
        linopy_logger.propagate = propagate
        if said.text:
            logger.debug("HiGHS: %s", " | ".join(said.text.splitlines()))
        for record in collect.records:
            logger.debug("linopy: %s", " ".join(record.getMessage().split()))


#: Largest LP (constraint rows) whose irreducible infeasible set is computed for the log.
IIS_MAX_ROWS = 20_000


def log_iis(n: pypsa.Network) -> None:
    """Log HiGHS's irreducible infeasible set of a small infeasible LP, by PyPSA constraint.

    Only at INFO level and for LPs of at most :data:`IIS_MAX_ROWS` rows: HiGHS needs a
    simplex re-solve without presolve to find it. A failure is logged, never raised; the
    error line comes from :mod:`energymodel.model.diagnose` either way.
    """
    m = n.model
    if not logger.isEnabledFor(logging.INFO) or m.ncons > IIS_MAX_ROWS:
        return
    try:
        h = m.solver_model
        h.setOptionValue("solver", "simplex")
        h.setOptionValue("presolve", "off")
        with _solver_chatter_to_debug():
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
        rule = names.parse_certification(name)
        if rule is not None:
            standard, hub = rule
            dual = n.model.constraints[name].dual
            if float(abs(dual).max()) > 1e-9:
                out.setdefault(hub, []).append(standard)
    return out


def mineral_duals(n: pypsa.Network) -> dict[str, float]:
    """Shadow price of each mineral cap, EUR per kg of primary mineral (0 when not binding).

    The cap is ``demand <= limit`` in a minimisation, so its dual is <= 0; the shadow price is
    its negative: what one more kg of primary mineral would save. Keyed by the cap's
    constraint name (:func:`energymodel.model.constraints.names.mineral_cap`).
    """
    return {name: -float(n.model.constraints[name].dual)
            for name in n.model.constraints if names.is_mineral_cap(name)}


def start_up_costs(n: pypsa.Network, ctx: constraints.Context) -> dict[str, float]:
    """Start-up cost of the electrolysers of each hub at the optimum, EUR per year.

    The start-up cost is in the objective but in no PyPSA component, so the result tables
    add it to the hub's electrolysis (:mod:`energymodel.results.tables`).
    """
    if names.ELECTROLYSER_STARTS not in n.model.variables:
        return {}
    started = n.model.variables[names.ELECTROLYSER_STARTS].solution
    dim = started.dims[1]
    out: dict[str, float] = {}
    for link in started.coords[dim].values:
        cost = ctx.min_load[str(link)][1]
        hub = n.buses.at[n.links.at[link, "bus0"], "location"]
        out[hub] = out.get(hub, 0.0) + cost * float(started.sel({dim: link}).sum())
    return out


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


def _init_worker(queue: multiprocessing.Queue, levels: dict[str, int],
                 filters: list) -> None:
    """Send a worker's log records to the parent, with the parent's levels and warning filters.

    Nothing is printed here: the parent's handlers (set up by the command line) decide what is
    shown. C-level standard output goes to standard error, which the parent shares.
    """
    os.dup2(2, 1)
    root = logging.getLogger()
    root.handlers[:] = [logging.handlers.QueueHandler(queue)]
    for name, level in levels.items():
        logging.getLogger(name or None).setLevel(level)
    warnings.filters[:] = filters


def _levels() -> dict[str, int]:
    """The levels of the loggers a worker should copy ("" is the root logger)."""
    named = {"", "energymodel", *(n for n in logging.root.manager.loggerDict
                                  if n.split(".")[0] in {"energymodel", "linopy", "pypsa"})}
    return {n: logging.getLogger(n or None).level for n in sorted(named)
            if logging.getLogger(n or None).level != logging.NOTSET}


class _Forward(logging.Handler):
    """Hand a record that came from a worker to the parent's logger of the same name."""

    def handle(self, record: logging.LogRecord) -> bool:  # noqa: D102
        logger_ = logging.getLogger(record.name)
        if logger_.isEnabledFor(record.levelno):
            logger_.handle(record)
        return True


@contextlib.contextmanager
def _pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """A pool of ``workers`` processes whose log records come back to this process.

    Workers are forked from a fork server that has imported this module (and so PyPSA and
    linopy) once per parent process: each worker starts clean (no thread or state of the
    parent, as with "spawn") without importing PyPSA again. Measured on the tests' tiny
    two-hub networks: see docs/speed.md.
    """
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload([__name__])
    queue = ctx.Queue()
    listener = logging.handlers.QueueListener(queue, _Forward())
    listener.start()
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker,
                                 initargs=(queue, _levels(), list(warnings.filters))) as pool:
            yield pool
    finally:
        listener.stop()


def _solve_group(nf: config.NetworkFile, inp: inputs.Inputs, hubs: list[str],
                 resolution: str | None, options: dict, out: str | None,
                 segments: int | None = None, warm: basis.Warm | None = None,
                 inspect: Inspect | None = None) -> pypsa.Network | str | None:
    """Build and solve the hubs of one group; in a worker, write the network to ``out``."""
    n = aggregate.resample(network.build(nf, inp, hubs=hubs), resolution, segments)
    n.name = f"{nf.network.name}[{', '.join(hubs)}]"
    ctx = constraints.Context.build(nf, inp, n)
    try:
        ended = optimize(n, options, ctx, warm, basis.key(hubs), inspect)
    except InfeasibleError:
        return None
    n.meta["solver_end"] = dict.fromkeys(hubs, ended)
    n.meta["binding_rules"] = binding_rules(n)
    n.meta["mineral_duals"] = mineral_duals(n)
    n.meta["start_up_cost"] = start_up_costs(n, ctx)
    if out is None:
        return n
    n.export_to_netcdf(out)
    return out


def solve(nf: config.NetworkFile, resolution: str | None = None, options: dict | None = None,
          workers: int | None = None, hubs: list[str] | None = None,
          segments: int | None = None, inp: inputs.Inputs | None = None,
          warm: basis.Warm | None = None, inspect: Inspect | None = None) -> pypsa.Network:
    """Solve every hub group (or only ``hubs``) and return one merged, solved network.

    Parameters
    ----------
    workers : int, optional
        Processes for hub groups solved at once (default: the machine's cores). With one
        worker or one group everything runs in this process.
    segments : int, optional
        Segment each hub group's year into this many variable-length snapshots (each group
        separately; merged on the union of their boundaries, see
        :mod:`energymodel.model.aggregate`).
    inp : Inputs, optional
        The network file's inputs, read once by the caller (read here when not given).
    warm : basis.Warm, optional
        Where each hub group looks for a kept basis to start from, and keeps its own
        (:mod:`energymodel.model.basis`).
    inspect : Inspect, optional
        Called with each group's built LP before it is solved (picklable when groups run
        on several processes).

    Raises
    ------
    InfeasibleError
        Naming every hub whose group is infeasible.
    """
    inp = inp if inp is not None else inputs.load(nf)
    groups = hub_groups(nf, hubs)
    opts = {**nf.network.solver.options, **(options or {})}
    workers = min(workers or os.cpu_count() or 1, len(groups))
    args = [(nf, inp, g, resolution, opts) for g in groups]
    start = time.perf_counter()
    if workers == 1:
        solved = [_solve_group(*a, None, segments, warm, inspect) for a in args]
    else:
        logger.info("Solving %d hub groups on %d processes", len(groups), workers)
        with tempfile.TemporaryDirectory(prefix="energymodel-") as tmp, _pool(workers) as pool:
            futures = [pool.submit(_solve_group, *a, str(Path(tmp) / f"{i}.nc"), segments,
                                   warm, inspect) for i, a in enumerate(args)]
            paths = [f.result() for f in futures]
            solved = [pypsa.Network(p) if p else None for p in paths]
    bad = [h for g, n in zip(groups, solved, strict=True) if n is None for h in g]
    if bad:
        msg = diagnose.explain(nf, inp, bad)
        raise InfeasibleError(msg)
    if segments:
        solved = aggregate.common_snapshots(solved)
    merged = solved[0]
    for other in solved[1:]:
        merged = merged.merge(other, components_to_skip=["Carrier"])
    merged.name = nf.network.name
    merged._objective = sum(n.objective for n in solved)
    merged.meta = {"start_up_cost": {k: v for n in solved
                                     for k, v in n.meta.get("start_up_cost", {}).items()},
                   "certification": {k: v for n in solved
                                     for k, v in n.meta.get("certification", {}).items()},
                   "binding_rules": {k: v for n in solved
                                     for k, v in n.meta.get("binding_rules", {}).items()},
                   "mineral_duals": {k: v for n in solved
                                     for k, v in n.meta.get("mineral_duals", {}).items()},
                   "solver_end": {k: v for n in solved
                                  for k, v in n.meta.get("solver_end", {}).items()}}
    logger.info("Solved %d hub groups in %.1f s, objective %.6g EUR", len(groups),
                time.perf_counter() - start, merged.objective)
    return merged


def without_rules(nf: config.NetworkFile, n: pypsa.Network, resolution: str | None,
                  options: dict | None = None, workers: int | None = None,
                  segments: int | None = None, inp: inputs.Inputs | None = None
                  ) -> tuple[config.NetworkFile, pypsa.Network] | None:
    """The hubs of ``n`` whose certification rules bind, solved again without the rules.

    Only hubs with a binding rule (non-zero dual, :func:`binding_rules`) are solved again:
    for the others the optimum without the rule is the same (convex LP), so their cost of
    compliance is zero. Returns the network file without those rules and the solved network
    (which holds every hub of their groups), or None when no rule binds.
    """
    hubs = sorted(n.meta.get("binding_rules", {}))
    if not hubs:
        return None
    logger.info("Paired run without certification rules for %s", ", ".join(hubs))
    free = config.with_changes(nf, {f"hubs.{h}.certification.standards": [] for h in hubs})
    return free, solve(free, resolution, options, workers, hubs=hubs, segments=segments,
                       inp=inp)


def forced_placements(nf: config.NetworkFile, n: pypsa.Network, resolution: str | None,
                      options: dict | None = None, segments: int | None = None,
                      inp: inputs.Inputs | None = None) -> dict[tuple[str, str], pypsa.Network]:
    """Paired runs for the cost of placement: each site that may place its electrolysers
    onshore or offshore, forced to each placement the optimum did not use alone
    (:func:`energymodel.model.trade.to_force`), its hub group solved again. Only with the
    network file's ``placement_costs``; keys (site, placement forced)."""
    if not nf.network.placement_costs:
        return {}
    out = {}
    for site, where in trade.to_force(n, nf):
        hub = nf.network.sites[site].hub
        logger.info("Paired run: site %s forced %s (hub %s)", site, where, hub)
        forced = config.with_changes(nf, {f"sites.{site}.placement": [where]})
        out[(site, where)] = solve(forced, resolution, options, 1, hubs=[hub],
                                   segments=segments, inp=inp)
    return out
