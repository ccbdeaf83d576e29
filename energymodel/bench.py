"""Benchmark: this project against raw highspy, plain PyPSA and Pyomo on the same LP, in one run.

``python -m energymodel.bench networks/uk_india.yaml [--resolution 3h] [--repeats 3]``

Every side runs in a fresh interpreter, so none inherits another's memory or caches. Repeats
interleave the sides (A B C D E F, A B C D E F) so machine noise hits all alike; medians are
reported. ``W`` is the number of processes :func:`energymodel.solve.solve` uses (``--workers``,
default the machine's cores, at most one per hub group).

``project``
    ``energymodel run`` stage by stage: config + inputs load, :func:`energymodel.solve.solve`
    on ``W`` processes (per hub group: inputs, build, resample, ``n.optimize`` through the
    direct HiGHS interface, netCDF hand-back; then the merge) and the result tables and files.
``project serial``
    the same with ``workers=1``, everything in one process, so the solve stage can be split:
    group inputs, build (+ resample), linopy model creation, linopy solve (model to HiGHS,
    HiGHS run, solution back) and the rest (PyPSA assigning the solution, merge). The split
    wraps the project's functions with timers; it adds microseconds.
``highspy`` / ``highspy serial``
    the exact LPs the project hands to HiGHS, one per hub group: before the measured runs
    each group's network is built and ``n.optimize.create_model`` + ``constraints.apply``
    run as ``n.optimize`` does, then ``n.model.to_file(<group>.mps)``, which writes the very
    matrix of linopy's direct HiGHS interface with HiGHS's own writer. Measured: HiGHS reads
    each file and solves it with the project's options, on ``W`` processes (a spawn pool like
    the project's, started inside the measurement) and serially.
``plain``
    plain PyPSA as a reference: the whole network as one joint LP through
    ``n.optimize(solver_name="highs")`` with HiGHS defaults (dual simplex) but ``threads=1``,
    PyPSA defaults otherwise (LP file interface). The custom constraints and
    ``include_objective_constant=False`` keep the problem and the objective the project's.
    At hourly resolution this takes 10-20 minutes: ``--skip-plain``.
``pyomo``
    the same joint LP written in Pyomo by :mod:`energymodel.verify` from the validated inputs
    (never from the PyPSA network): load (config + inputs), build (``verify.aggregate`` +
    ``verify.build_model``) and solve (``SolverFactory("highs")``, Pyomo's HiGHS interface:
    the model handed to highspy, HiGHS run, solution back) with HiGHS defaults (dual simplex)
    but ``threads=1``, like ``plain``. Before the measured runs, ``verify.check_covered``
    checks (in a fresh interpreter, not timed) that the formulation covers the network; if
    not, the side is skipped and the reason printed. Objective convention: the Pyomo
    objective has no constant; the project solves with ``include_objective_constant=False``,
    whose dropped constant (capital cost x existing capacity of extendable assets) is zero
    anyway, as every asset of :func:`energymodel.network.build` is extendable from zero. The
    two objectives therefore compare as they are. Slow at hourly resolution: ``--skip-pyomo``.

Ratios (all within this run): overhead = project solve / highspy (``W`` processes), target
<= 1.2; serial overhead = project serial solve / highspy serial; plain speed-up = plain
(build + optimize) / project solve (which builds too), target >= 3; Pyomo speed-up = Pyomo
(build + solve) / project solve, target >= 3. All objectives must agree with the project's to
1e-6 (relative). :func:`targets` turns them into PASS / FAIL lines.

Segmentation: after the sides, :func:`segment_report` solves the network at the bench's
resolution and at each ``--segments N`` count (default 1500 and 2000 at hourly resolution,
none at a reduced one), in this process one after another, with per-hub LCOH and capacity
errors and the speed-up; target: some count >= 10x faster with LCOH error <= 2 % in every hub.
``--segments-only`` runs this report alone; ``--no-segments`` skips it.

Scaling (:func:`scaling_series`): ``solve.solve`` alone (fresh interpreter per point, ``W``
processes, one run each) on the same hubs at coarser steps (default 8, 4 and 2 times the
bench's step: 1,095, 2,190 and 4,380 snapshots at hourly; the bench's own step is the project
side's median), and on the first 1, 2, 3 and 5 hubs of the network file at 4 times the bench's
step. ``--no-scaling`` skips it.

Outputs in ``--out`` (default ``results/bench``): ``bench.csv`` (every stage of every
repeat), ``summary.csv`` (one line per side), ``targets.csv``, ``scaling.csv``,
``segments.csv`` + ``segments.json``, ``bench.json`` (all of it) and ``bench.html`` (Plotly
charts, plotly.js inlined: no network requests, see :mod:`energymodel.bench_chart`).

Memory: peak resident set size (VmHWM, all threads) of the side's process during the stage,
reset before each stage through ``/proc/self/clear_refs`` (off Linux: the process peak so far).
Worker processes are counted apart: ``child MB`` is the largest peak of any worker of the stage
(``RUSAGE_CHILDREN``, read after the pool is shut down). With ``W`` workers running at once the
machine-wide peak is at most parent + ``W`` x child.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass
from importlib.metadata import version
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING

# Standard library only at module level: spawned workers import this module, and the raw
# highspy workers must not pay for pandas or PyPSA.
if TYPE_CHECKING:
    import highspy

    from energymodel import config

logger = logging.getLogger(__name__)

#: Overhead ratio this project aims for (issue: "target <= 1.2").
TARGET_RATIO = 1.2
#: Speed-up over the plain PyPSA script and over the Pyomo formulation (issue: ">= 3x").
TARGET_SPEEDUP = 3.0
#: Largest relative difference allowed between two objectives.
OBJECTIVE_RTOL = 1e-6
#: HiGHS options of the plain PyPSA reference: HiGHS defaults, one thread like the project.
PLAIN_OPTIONS: dict[str, object] = {"threads": 1}
#: HiGHS options of the Pyomo side: the same, HiGHS defaults but one thread.
PYOMO_OPTIONS: dict[str, object] = {"threads": 1}
#: Sides in run order within a repeat.
SIDES = ("project", "highspy", "project serial", "highspy serial", "plain", "pyomo")
#: Stage labels, ``"side: stage"`` before ``"stage"``; ``{w}``: the side's processes.
LABELS = {
    "load": "load config + inputs",
    "solve": "solve.solve, {w} process(es)",
    "write": "results + write files",
    "pool": "read + run, {w} processes",
    "read": "read LPs",
    "run": "run LPs",
    "build": "build network (joint)",
    "optimize": "n.optimize (joint LP)",
    "model": "Pyomo model (joint LP)",
    "pyomo: solve": "Pyomo + HiGHS solve",
}
#: Parts of the serial project solve stage (wrapped timers): (key, label).
SERIAL_PARTS = (
    ("inputs", "group inputs"),
    ("build", "build + resample"),
    ("model", "linopy model"),
    ("linopy_solve", "linopy solve"),
    ("highs_run", "  of which HiGHS run"),
    ("other", "assign + merge + other"),
)
_PACKAGES = ("energymodel", "pypsa", "linopy", "highspy", "pyomo", "numpy", "pandas")
_HWM_RESET = Path("/proc/self/clear_refs")


def _status_mb(field: str) -> float | None:
    """A memory field of /proc/self/status (``VmHWM``, ``VmRSS``) in MB; None off Linux."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _rusage_mb(who: str) -> float:
    """``ru_maxrss`` of ``RUSAGE_SELF`` or ``RUSAGE_CHILDREN`` in MB (0 where unavailable)."""
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, kB on Linux
    return resource.getrusage(getattr(resource, who)).ru_maxrss * scale / 2**20


def _peak_mb() -> float:
    """Peak resident set size of this process since the last reset, MB."""
    peak = _status_mb("VmHWM")
    return peak if peak is not None else _rusage_mb("RUSAGE_SELF")


def _reset_peak() -> None:
    """Reset this process's peak RSS (Linux); elsewhere the peak stays cumulative."""
    with suppress(OSError):
        _HWM_RESET.write_text("5")


@contextmanager
def _stage(record: dict[str, dict[str, float]], name: str) -> Iterator[None]:
    """Time a stage and record wall seconds, peak RSS and the largest worker's peak RSS.

    ``RUSAGE_CHILDREN`` is a running maximum over the process's life: the worker peak is
    only the stage's own in a process with no earlier children (each side runs fresh).
    """
    _reset_peak()
    children = _rusage_mb("RUSAGE_CHILDREN")
    start = time.perf_counter()
    yield
    seconds = time.perf_counter() - start
    child = _rusage_mb("RUSAGE_CHILDREN")
    record[name] = {"seconds": seconds, "peak_mb": _peak_mb(),
                    "child_peak_mb": child if child > children else 0.0}
    logger.info("%s: %.2f s, peak %.0f MB, child peak %.0f MB", name, seconds,
                record[name]["peak_mb"], record[name]["child_peak_mb"])


@contextmanager
def _timers(record: dict[str, float]) -> Iterator[None]:
    """Add the seconds spent in the project's solve steps to ``record`` (one process only)."""
    import linopy

    from energymodel import inputs, network, solve

    def timed(fn: Callable, key: str, after: Callable | None = None) -> Callable:
        def wrapper(*args: object, **kwargs: object) -> object:
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                record[key] = record.get(key, 0.0) + time.perf_counter() - start
                if after is not None:
                    after(*args)
        return wrapper

    def highs_run(model: linopy.Model) -> None:
        h = getattr(model, "solver_model", None)
        if h is not None:
            record["highs_run"] = record.get("highs_run", 0.0) + float(h.getRunTime())

    targets = [(inputs, "load", "inputs", None), (network, "build", "build", None),
               (solve, "resample", "resample", None), (solve, "optimize", "optimize", None),
               (linopy.Model, "solve", "linopy_solve", highs_run)]
    saved = [(owner, name, getattr(owner, name)) for owner, name, _, _ in targets]
    for owner, name, key, after in targets:
        setattr(owner, name, timed(getattr(owner, name), key, after))
    try:
        yield
    finally:
        for owner, name, fn in saved:
            setattr(owner, name, fn)


def solver_options(path: str | Path) -> dict:
    """HiGHS options exactly as :func:`energymodel.solve.optimize` passes them to HiGHS."""
    from energymodel import config, solve

    return {**solve.DEFAULT_OPTIONS, **config.load(path).network.solver.options,
            "log_to_console": False}


def _network_file(path: str, hubs: list[str] | None) -> config.NetworkFile:
    """The network file, limited to ``hubs`` (and the sites feeding them) when given."""
    from energymodel import config

    nf = config.load(path)
    if hubs:
        data = nf.network.model_dump(mode="json", exclude_none=True)
        data["hubs"] = {k: v for k, v in data["hubs"].items() if k in hubs}
        data["sites"] = {k: v for k, v in data["sites"].items() if v["hub"] in hubs}
        nf = config.parse(data, nf.path)
    return nf


def export_lps(path: str, resolution: str | None, hubs: list[str] | None,
               folder: str) -> list[dict]:
    """Write the LP of every hub group as the project builds it; return file and size each.

    Mirrors :func:`energymodel.solve._solve_group` and ``n.optimize``: build, resample,
    consistency check, ``create_model(include_objective_constant=False)``,
    ``constraints.apply``, linopy's zero and infinity sanitising, then HiGHS's MPS writer.
    """
    from energymodel import constraints, inputs, network, solve

    nf = _network_file(path, hubs)
    lps = []
    for i, group in enumerate(solve.hub_groups(nf)):
        inp = inputs.load(nf)
        n = solve.resample(network.build(nf, inp, hubs=group), resolution)
        n.consistency_check(strict=["unknown_buses", "maintenance", "phase_shift_bounds"])
        n.optimize.create_model(consistency_check=False, include_objective_constant=False)
        constraints.apply(n, n.snapshots, solve.context(nf, inp, n))
        n.model.constraints.sanitize_zeros()
        n.model.constraints.sanitize_infinities()
        fn = Path(folder) / f"group{i}.mps"
        n.model.to_file(fn)
        lps.append({"file": str(fn), "hubs": group, "snapshots": len(n.snapshots),
                    "cols": int(n.model.nvars), "rows": int(n.model.ncons)})
    return lps


def project_side(path: str, resolution: str | None, hubs: list[str] | None,
                 workers: int, workdir: str | None) -> dict:
    """Run the project as ``energymodel run`` does; split the solve stage when serial.

    ``workdir`` None skips the results + write stage.
    """
    from energymodel import inputs, pipeline, results, solve

    stages: dict[str, dict[str, float]] = {}
    parts: dict[str, float] = {}
    baseline = _status_mb("VmRSS")
    with _stage(stages, "load"):
        nf = _network_file(path, hubs)
        inp = inputs.load(nf)
    with _stage(stages, "solve"):
        if workers == 1:
            with _timers(parts):
                n = solve.solve(nf, resolution, workers=1)
        else:
            n = solve.solve(nf, resolution, workers=workers)
    if workdir is not None:
        with _stage(stages, "write"):
            hub_names = {k: (h.name, h.country) for k, h in nf.network.hubs.items()}
            res = results.summarise(n, hub_names, solve.aligned(inp.grid_ci, n))
            pipeline.write(Path(workdir) / "results", n, res, nf, inp, resolution or "1h")
    if parts:
        parts["build"] += parts.pop("resample", 0.0)
        parts["model"] = parts["optimize"] - parts["linopy_solve"]
        parts["other"] = (stages["solve"]["seconds"] - parts["inputs"] - parts["build"]
                          - parts.pop("optimize"))
    return {"stages": stages, "parts": parts, "objective": float(n.objective),
            "snapshots": len(n.snapshots), "network": n.name, "baseline_mb": baseline}


def _highs_facts(h: highspy.Highs) -> dict:
    """HiGHS's own run time and the size of the LP it solved."""
    info = h.getInfo()
    return {"highs_run_s": float(h.getRunTime()), "cols": h.getNumCol(), "rows": h.getNumRow(),
            "nonzeros": h.getNumNz(), "simplex_iterations": info.simplex_iteration_count,
            "ipm_iterations": info.ipm_iteration_count}


def highs_solve(lp_file: str, options: dict) -> dict:
    """Read one LP with highspy, set the project's options, solve; seconds of both steps."""
    import highspy

    from energymodel.errors import EnergyModelError

    start = time.perf_counter()
    h = highspy.Highs()
    for key, value in options.items():
        h.setOptionValue(key, value)
    h.readModel(lp_file)
    read = time.perf_counter()
    h.run()
    done = time.perf_counter()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        status = h.modelStatusToString(h.getModelStatus())
        msg = f"bench: highspy did not solve {lp_file}: {status}"
        raise EnergyModelError(msg)
    return {"read_s": read - start, "run_s": done - read,
            "objective": float(h.getInfo().objective_function_value), **_highs_facts(h),
            "peak_mb": _peak_mb()}


def highspy_side(lp_files: list[str], options: dict, workers: int) -> dict:
    """Solve every LP with highspy: serially (read, run) or on a spawn pool of ``workers``."""
    stages: dict[str, dict[str, float]] = {}
    baseline = _status_mb("VmRSS")
    if workers == 1:
        import highspy  # noqa: F401  (imported before the clock, as the project side's pypsa)

        _reset_peak()
        solved = [highs_solve(lp, options) for lp in lp_files]
        peak = max(s["peak_mb"] for s in solved)
        stages["read"] = {"seconds": sum(s["read_s"] for s in solved), "peak_mb": peak,
                          "child_peak_mb": 0.0}
        stages["run"] = {"seconds": sum(s["run_s"] for s in solved), "peak_mb": peak,
                         "child_peak_mb": 0.0}
    else:
        with _stage(stages, "pool"), ProcessPoolExecutor(
                max_workers=workers, mp_context=get_context("spawn")) as pool:
            futures = [pool.submit(highs_solve, lp, options) for lp in lp_files]
            solved = [f.result() for f in futures]
    return {"stages": stages, "objective": math.fsum(s["objective"] for s in solved),
            "groups": [{k: v for k, v in s.items() if k != "peak_mb"} for s in solved],
            "baseline_mb": baseline}


def plain_side(path: str, resolution: str | None, hubs: list[str] | None) -> dict:
    """The whole network as one joint LP through ``n.optimize`` with HiGHS defaults."""
    from energymodel import constraints, inputs, network, solve
    from energymodel.errors import EnergyModelError

    stages: dict[str, dict[str, float]] = {}
    baseline = _status_mb("VmRSS")
    with _stage(stages, "load"):
        nf = _network_file(path, hubs)
        inp = inputs.load(nf)
    with _stage(stages, "build"):
        n = solve.resample(network.build(nf, inp), resolution)
    with _stage(stages, "optimize"):
        status, condition = n.optimize(solver_name="highs", solver_options=dict(PLAIN_OPTIONS),
                                       extra_functionality=constraints.hook(
                                           solve.context(nf, inp, n)),
                                       include_objective_constant=False, log_to_console=False)
    if status != "ok":
        msg = f"bench: plain PyPSA did not solve {n.name}: {status} ({condition})"
        raise EnergyModelError(msg)
    return {"stages": stages, "objective": float(n.objective),
            "highs_run_s": float(n.model.solver_model.getRunTime()),
            "cols": int(n.model.nvars), "rows": int(n.model.ncons), "baseline_mb": baseline}


def pyomo_coverage(path: str, resolution: str | None, hubs: list[str] | None) -> dict:
    """:func:`energymodel.verify.check_covered` on the benchmarked network (not timed).

    Returns ``{}`` when the Pyomo formulation covers it, else ``{"refused": [file, field,
    problem]}`` (an :class:`~energymodel.errors.InputError` does not cross processes).
    """
    from energymodel import verify
    from energymodel.errors import InputError

    try:
        verify.check_covered(_network_file(path, hubs), resolution)
    except InputError as err:
        return {"refused": [err.file, err.field, err.problem]}
    return {}


def pyomo_side(path: str, resolution: str | None, hubs: list[str] | None) -> dict:
    """The whole network as one joint LP in Pyomo (:mod:`energymodel.verify`), solved by HiGHS.

    Stages: load (config + inputs), model (``verify.aggregate`` + ``verify.build_model``) and
    solve (Pyomo's HiGHS interface with HiGHS defaults but :data:`PYOMO_OPTIONS`: the model
    handed to highspy, the HiGHS run, the solution loaded back).
    """
    import pyomo.environ as pyo

    from energymodel import inputs, verify
    from energymodel.errors import EnergyModelError

    stages: dict[str, dict[str, float]] = {}
    baseline = _status_mb("VmRSS")
    with _stage(stages, "load"):
        nf = _network_file(path, hubs)
        inp = inputs.load(nf)
    with _stage(stages, "model"):
        weights, series = verify.aggregate(inp, resolution)
        m = verify.build_model(nf, inp, weights, series)
    opt = pyo.SolverFactory("highs")
    with _stage(stages, "solve"):
        result = opt.solve(m, solver_options=dict(PYOMO_OPTIONS))
    condition = str(result.solver.termination_condition)
    if condition != "optimal":
        msg = f"bench: Pyomo/HiGHS did not solve {nf.network.name}: {condition}"
        raise EnergyModelError(msg)
    h = getattr(opt, "_solver_model", None)  # the highspy.Highs of Pyomo's interface
    facts = ({"highs_run_s": float(h.getRunTime()), "cols": int(h.getNumCol()),
              "rows": int(h.getNumRow())} if h is not None
             else {"highs_run_s": math.nan, "cols": 0, "rows": 0})
    return {"stages": stages, "objective": float(pyo.value(m.objective)),
            "snapshots": len(weights), "baseline_mb": baseline, **facts}


def _init_worker(level: int) -> None:
    from energymodel.cli import setup_logging

    os.dup2(2, 1)  # HiGHS's banner and any C-level output to stderr: stdout is for the table
    setup_logging(verbose=level < logging.INFO, quiet=level > logging.INFO)


def _fresh(fn: Callable[..., dict], *args: object) -> dict:
    """Run ``fn(*args)`` in a fresh interpreter (so its peak memory is its own)."""
    with ProcessPoolExecutor(1, mp_context=get_context("spawn"), initializer=_init_worker,
                             initargs=(logging.getLogger().getEffectiveLevel(),)) as pool:
        return pool.submit(fn, *args).result()


def _rel_diff(a: float, b: float) -> float:
    return abs(a - b) / max(abs(b), 1.0)


def _hours(step: str | None, option: str = "--resolution") -> int:
    """Hours of a time step such as ``"3h"`` (None: hourly); an InputError names ``option``."""
    from energymodel import pipeline
    from energymodel.errors import InputError

    try:
        checked = pipeline.check_resolution(step)
    except InputError as err:
        raise InputError(option, str(step), err.problem) from None
    return int((checked or "1h")[:-1])


@dataclass(frozen=True)
class Scaling:
    """What the scaling series measures (:func:`scaling_plan`, :func:`scaling_series`).

    ``steps``: time steps at which every benchmarked hub is solved (the bench's own step is
    always added, from the project side); ``hub_counts``: solve the first K benchmarked hubs
    (network-file order) at ``hub_resolution``.
    """

    steps: tuple[str, ...] = ()
    hub_counts: tuple[int, ...] = (1, 2, 3, 5)
    hub_resolution: str | None = None

    @classmethod
    def default(cls, resolution: str | None) -> Scaling:
        """8, 4 and 2 times the bench's step (hourly: 1,095, 2,190 and 4,380 snapshots);
        1, 2, 3 and 5 hubs at 4 times the bench's step."""
        hours = _hours(resolution)
        return cls(steps=tuple(f"{k * hours}h" for k in (8, 4, 2)), hub_counts=(1, 2, 3, 5),
                   hub_resolution=f"{4 * hours}h")


def scaling_plan(hubs: list[str], resolution: str | None, scaling: Scaling) -> list[dict]:
    """The points of the scaling series, in table order (snapshots, then hubs, both growing).

    ``hubs`` are the benchmarked hubs in network-file order. Each point has ``series``
    (``"snapshots"`` or ``"hubs"``), ``hubs`` (the hubs solved), ``resolution`` (``"Nh"``)
    and ``reuse``: True for every hub at the bench's own step, which the project side has
    measured already (its median is used). Hub counts above the number of hubs are cut to it.

    Raises
    ------
    InputError
        A step that is not a whole number of hours, or a hub count below 1.
    """
    from energymodel.errors import InputError

    base = f"{_hours(resolution)}h"
    bad = [k for k in scaling.hub_counts if k < 1]
    if bad:
        option = "--scaling-hubs"
        raise InputError(option, str(bad[0]), "must be at least 1")
    steps = {f"{_hours(s, '--scaling-steps')}h" for s in scaling.steps} | {base}
    hub_step = (f"{_hours(scaling.hub_resolution, '--scaling-resolution')}h"
                if scaling.hub_resolution else base)
    points = [{"series": "snapshots", "hubs": list(hubs), "resolution": s, "reuse": s == base}
              for s in sorted(steps, key=_hours, reverse=True)]
    points += [{"series": "hubs", "hubs": list(hubs[:k]), "resolution": hub_step,
                "reuse": k == len(hubs) and hub_step == base}
               for k in sorted({min(k, len(hubs)) for k in scaling.hub_counts})]
    return points


def scaling_point(path: str, hubs: list[str], resolution: str, workers: int | None) -> dict:
    """Time :func:`energymodel.solve.solve` on ``hubs`` at ``resolution`` (fresh interpreter)."""
    from energymodel import solve

    nf = _network_file(path, hubs)
    procs = min(workers or os.cpu_count() or 1, len(solve.hub_groups(nf)))
    stages: dict[str, dict[str, float]] = {}
    with _stage(stages, "solve"):
        n = solve.solve(nf, None if resolution == "1h" else resolution, workers=procs)
    return {"snapshots": len(n.snapshots), "workers": procs, **stages["solve"],
            "objective": float(n.objective)}


#: Columns of scaling.csv.
SCALING_COLUMNS = ("series", "hubs", "hub_names", "resolution", "snapshots", "workers",
                   "seconds", "time_x", "size_x", "peak_mb", "child_peak_mb", "objective",
                   "source")


def scaling_series(path: str | Path, plan: list[dict], workers: int | None,
                   project: dict | None = None) -> list[dict]:
    """Measure the points of :func:`scaling_plan` once each, every one in a fresh interpreter.

    ``project``: the project side's figures (snapshots, workers, seconds, peak_mb,
    child_peak_mb, objective) for the points marked ``reuse``. A point shared by both series
    is measured once. ``time_x`` and ``size_x`` are the seconds and the size (snapshots, or
    hubs) relative to the series' first row.
    """
    measured: dict[tuple, dict] = {}
    rows = []
    for point in plan:
        key = (tuple(point["hubs"]), point["resolution"])
        if key not in measured:
            if point["reuse"] and project is not None:
                measured[key] = {**project, "source": "project side"}
            else:
                logger.info("Scaling: %d hub(s) at %s", len(point["hubs"]), point["resolution"])
                measured[key] = {**_fresh(scaling_point, str(path), point["hubs"],
                                          point["resolution"], workers), "source": "measured"}
        rows.append({"series": point["series"], "hubs": len(point["hubs"]),
                     "hub_names": "+".join(point["hubs"]), "resolution": point["resolution"],
                     **{k: v for k, v in measured[key].items() if k in SCALING_COLUMNS}})
    for series in ("snapshots", "hubs"):
        chosen = [r for r in rows if r["series"] == series]
        for r in chosen:
            r["time_x"] = r["seconds"] / chosen[0]["seconds"] if chosen[0]["seconds"] else math.nan
            r["size_x"] = r[series] / chosen[0][series]
    return [{k: r.get(k) for k in SCALING_COLUMNS} for r in rows]


def targets(doc: dict) -> list[dict]:
    """The issue's targets, judged on the figures of one run: PASS, FAIL or SKIPPED each.

    Reads ``plain_speedup``, ``pyomo_speedup`` (None when the side was skipped),
    ``overhead_ratio``, ``objective_rel_diff`` (side -> relative difference to the project's
    objective) and ``segments`` (:func:`segment_report`'s document, or None). A speed-up or
    overhead only passes when that side reached the project's optimum (<= :data:`OBJECTIVE_RTOL`).
    """
    diffs = doc["objective_rel_diff"]
    skipped = doc.get("skipped", {})

    def same(side: str) -> bool:
        return diffs.get(side, math.inf) <= OBJECTIVE_RTOL

    def row(key: str, label: str, goal: str, value: float | None, ok: bool, shown: str,
            detail: str = "") -> dict:
        status = "SKIPPED" if value is None else "PASS" if ok else "FAIL"
        return {"target": key, "label": label, "goal": goal, "value": value, "shown": shown,
                "status": status, "detail": detail}

    rows = []
    for side, label in (("plain", "plain PyPSA (build + optimize) / project solve"),
                        ("pyomo", "Pyomo (model + solve) / project solve")):
        v = doc.get(f"{side}_speedup")
        detail = ("" if v is None or same(side)
                  else f"objective differs by {diffs.get(side, math.nan):.1e}")
        rows.append(row(f"{side}_speedup", label, f">= {TARGET_SPEEDUP:g}x", v,
                        v is not None and v >= TARGET_SPEEDUP and same(side),
                        f"{v:.2f}x" if v is not None else skipped.get(side, "skipped"),
                        detail))
    v = doc.get("overhead_ratio")
    rows.append(row("overhead_ratio", "project solve / highspy, same processes",
                    f"<= {TARGET_RATIO:g}", v,
                    v is not None and v <= TARGET_RATIO and same("highspy"),
                    f"{v:.3f}" if v is not None else "skipped"))
    seg = doc.get("segments")
    t = SEGMENT_TARGET
    goal = f">= {t['speedup']:g}x and LCOH error <= {t['lcoh_error']:.0%} per hub"
    runs = seg["runs"][1:] if seg else []
    if runs:
        met = [r for r in runs if r["meets_target"]]
        best = (max(met, key=lambda r: r["speedup"]) if met
                else min(runs, key=lambda r: r["max_lcoh_error"]))
        detail = "; ".join(f"{r['segments']} segments: {r['speedup']:.1f}x, "
                           f"{r['max_lcoh_error']:.1%}" for r in runs)
        rows.append(row("segments", "segmented run: speed-up, largest hub LCOH error", goal,
                        best["speedup"], bool(met),
                        f"{best['segments']} seg: {best['speedup']:.1f}x, "
                        f"{best['max_lcoh_error']:.1%}", detail))
    else:
        rows.append(row("segments", "segmented run: speed-up, largest hub LCOH error", goal,
                        None, False, skipped.get("segments", "skipped")))
    worst = max(diffs.values()) if diffs else math.nan
    rows.append(row("same_optimum", "same optimum, every side vs project", f"<= {OBJECTIVE_RTOL:g}",
                    worst, worst <= OBJECTIVE_RTOL, f"{worst:.1e}",
                    ", ".join(f"{s} {d:.1e}" for s, d in diffs.items() if s != "project")))
    return rows


def _label(side: str, stage: str, procs: int) -> str:
    return LABELS.get(f"{side}: {stage}", LABELS[stage]).format(
        w=1 if "serial" in side else procs)


def run(path: str | Path, *, resolution: str | None = None, hubs: list[str] | None = None,
        repeats: int = 1, workers: int | None = None, plain: bool = True, pyomo: bool = True,
        segments: Sequence[int] = (), scaling: Scaling | None = None,
        out: str | Path = Path("results/bench"), chart: bool = True) -> dict:
    """Measure every side ``repeats`` times, interleaved; then the scaling series and the
    segmentation report; judge the targets; write the files (module docstring).

    Parameters
    ----------
    workers : int, optional
        Processes of the project's solve and of the raw highspy side (default: the machine's
        cores, at most one per hub group, as :func:`energymodel.solve.solve`). With one, the
        serial sides are the project and highspy sides themselves and are not run twice.
    plain, pyomo : bool
        Include the plain PyPSA and the Pyomo joint solves (slow at hourly resolution).
    segments : sequence of int
        Segment counts of :func:`segment_report` (none: no report).
    scaling : Scaling, optional
        The scaling series to measure (None: none).
    chart : bool
        Write ``bench.html``.
    """
    import pandas as pd

    from energymodel import config, pipeline, solve
    from energymodel.errors import InputError

    started = time.perf_counter()
    path, out = Path(path).resolve(), Path(out)
    resolution = pipeline.check_resolution(resolution)
    known = config.load(path).network.hubs
    unknown = set(hubs or ()) - set(known)
    if unknown:
        option, msg = "--hubs", f"not a hub (hubs: {', '.join(known)})"
        raise InputError(option, ", ".join(sorted(unknown)), msg)
    if workers is not None and workers < 1:
        option, msg = "--workers", "must be at least 1"
        raise InputError(option, str(workers), msg)
    for k in segments:
        pipeline.check_segments(k, None)
    selected = [h for h in known if not hubs or h in hubs]
    plan = scaling_plan(selected, resolution, scaling) if scaling else []
    groups = solve.hub_groups(_network_file(str(path), hubs))
    procs = min(workers or os.cpu_count() or 1, len(groups))  # as solve.solve decides
    options = solver_options(path)
    skipped: dict[str, str] = {}
    if not plain:
        skipped["plain"] = "skipped (--skip-plain)"
    if not segments:
        skipped["segments"] = "skipped (no --segments)"
    if pyomo:
        refused = _fresh(pyomo_coverage, str(path), resolution, hubs).get("refused")
        if refused:
            skipped["pyomo"] = f"skipped: {refused[1]}: {refused[2]}"
            logger.warning("Pyomo side %s", skipped["pyomo"])
    else:
        skipped["pyomo"] = "skipped (--skip-pyomo)"
    sides = [s for s in SIDES if (procs > 1 or "serial" not in s) and s not in skipped]
    runs: dict[str, list[dict]] = {s: [] for s in sides}
    with tempfile.TemporaryDirectory(prefix="energymodel-bench-") as tmp:
        logger.info("Exporting the LPs of %d hub groups", len(groups))
        lps = _fresh(export_lps, str(path), resolution, hubs, tmp)
        files = [lp["file"] for lp in lps]
        calls: dict[str, tuple] = {
            "project": (project_side, str(path), resolution, hubs, procs, tmp),
            "highspy": (highspy_side, files, options, procs),
            "project serial": (project_side, str(path), resolution, hubs, 1, None),
            "highspy serial": (highspy_side, files, options, 1),
            "plain": (plain_side, str(path), resolution, hubs),
            "pyomo": (pyomo_side, str(path), resolution, hubs),
        }
        for i in range(repeats):
            for side in sides:
                logger.info("Repeat %d of %d: %s", i + 1, repeats, side)
                runs[side].append(_fresh(*calls[side]))
    if procs == 1:  # the serial sides are the measured sides themselves
        runs["project serial"], runs["highspy serial"] = runs["project"], runs["highspy"]

    def med(side: str, stage: str, key: str = "seconds") -> float:
        return statistics.median(r["stages"][stage][key] for r in runs[side])

    def counted(side: str) -> tuple[str, ...]:  # the stages that make a side's solve seconds
        if side == "plain":
            return ("build", "optimize")
        if side == "pyomo":
            return ("model", "solve")
        if side.startswith("project"):
            return ("solve",)
        return ("pool",) if "pool" in runs[side][0]["stages"] else ("read", "run")

    def seconds(side: str) -> float:
        return sum(med(side, s) for s in counted(side))

    def speedup(side: str, over: str) -> float | None:
        return seconds(side) / seconds(over) if side in sides else None

    rows = [{"repeat": i + 1, "side": side, "stage": stage, **values}
            for side in sides for i, r in enumerate(runs[side])
            for stage, values in r["stages"].items()]
    objectives = {side: runs[side][0]["objective"] for side in sides}
    diffs = {side: _rel_diff(obj, objectives["project"]) for side, obj in objectives.items()}
    ratio = seconds("project") / seconds("highspy")
    serial = runs["project serial"]
    summary = [{"side": side, "processes": procs if side in ("project", "highspy") else 1,
                "stages": " + ".join(counted(side)), "seconds": seconds(side),
                "vs_project": seconds(side) / seconds("project"),
                "peak_mb": max(med(side, s, "peak_mb") for s in runs[side][0]["stages"]),
                "child_peak_mb": max(med(side, s, "child_peak_mb")
                                     for s in runs[side][0]["stages"]),
                "objective": objectives[side], "objective_rel_diff": diffs[side]}
               for side in sides]
    doc = {
        "network": runs["project"][0]["network"], "network_file": str(path),
        "resolution": resolution or "1h", "snapshots": runs["project"][0]["snapshots"],
        "hubs": hubs or "all", "hub_groups": groups, "workers": procs, "repeats": repeats,
        "solver_options": options, "plain_solver_options": PLAIN_OPTIONS if plain else None,
        "pyomo_solver_options": PYOMO_OPTIONS if "pyomo" in sides else None,
        "plain": "plain" in sides, "pyomo": "pyomo" in sides, "skipped": skipped,
        "stages": {f"{side}: {stage}": {
            "label": _label(side, stage, procs),
            **{k: med(side, stage, k) for k in ("seconds", "peak_mb", "child_peak_mb")}}
            for side in sides for stage in runs[side][0]["stages"]},
        "serial_solve_parts": {k: statistics.median(r["parts"].get(k, 0.0) for r in serial)
                               for k, _ in SERIAL_PARTS},
        "baseline_mb": {side: runs[side][0]["baseline_mb"] for side in runs},
        "lps": [{**lp, **g, "pool_run_s": statistics.median(
            r["groups"][i]["run_s"] for r in runs["highspy"])}
            for i, (lp, g) in enumerate(zip(lps, runs["highspy serial"][0]["groups"],
                                            strict=True))],
        **{f"{side}_lp": ({k: runs[side][0][k] for k in ("cols", "rows", "highs_run_s")}
                          if side in sides else None) for side in ("plain", "pyomo")},
        "summary": summary,
        "objectives": objectives, "objective_rel_diff": diffs,
        "objective_agrees": all(d <= OBJECTIVE_RTOL for d in diffs.values()),
        "objective_convention": "every side's objective without PyPSA's objective constant "
                                "(include_objective_constant=False); the constant is zero "
                                "here (every asset extendable from zero), and the Pyomo "
                                "objective has none, so they compare as they are",
        "overhead_ratio": ratio,
        "serial_overhead_ratio": seconds("project serial") / seconds("highspy serial"),
        "end_to_end_ratio": sum(med("project", s) for s in ("load", "solve", "write"))
        / seconds("highspy"),
        "plain_speedup": speedup("plain", "project"),
        "plain_speedup_serial": speedup("plain", "project serial"),
        "pyomo_speedup": speedup("pyomo", "project"),
        "pyomo_speedup_serial": speedup("pyomo", "project serial"),
        "definitions": {
            "overhead_ratio": "project solve.solve / highspy read + run of the same LPs, both "
                              "on W processes (pool start included), medians",
            "serial_overhead_ratio": "project solve.solve with workers=1 / highspy read + run "
                                     "of every LP one after another, medians",
            "end_to_end_ratio": "project (load + solve + write) / highspy on W processes",
            "plain_speedup": "plain PyPSA (build + optimize of the joint LP) / project solve",
            "plain_speedup_serial": "plain PyPSA (build + optimize) / project serial solve",
            "pyomo_speedup": "Pyomo (model build + solve of the joint LP) / project solve",
            "pyomo_speedup_serial": "Pyomo (model + solve) / project serial solve",
            "peak_mb": "peak resident set size of the side's process during the stage",
            "child_peak_mb": "largest peak resident set size of any worker process of the "
                             "stage (RUSAGE_CHILDREN); machine-wide peak <= peak + W x child",
            "baseline_mb": "resident set size of each side's process after imports, repeat 1",
            "scaling": "solve.solve seconds per point, one run each in a fresh interpreter; "
                       "time_x / size_x: relative to the series' first row",
        },
        "target_ratio": TARGET_RATIO, "target_speedup": TARGET_SPEEDUP,
        "pass": ratio <= TARGET_RATIO,
        "versions": {p: version(p) for p in _PACKAGES},
        "machine": {"nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                    else os.cpu_count(), "platform": platform.platform(),
                    "python": platform.python_version()},
    }
    project = {"snapshots": doc["snapshots"], "workers": procs,
               **{k: med("project", "solve", k) for k in ("seconds", "peak_mb",
                                                          "child_peak_mb")},
               "objective": objectives["project"]}
    doc["scaling"] = scaling_series(path, plan, workers, project) if plan else []
    doc["scaling_spec"] = asdict(scaling) if scaling else None
    doc["segments"] = None
    if segments:
        seg = segment_report(path, list(segments), resolution=resolution, workers=workers,
                             out=out, hubs=hubs)
        doc["segments"] = {k: v for k, v in seg.items() if k != "versions"}
    doc["targets"] = targets(doc)
    out.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(rows, columns=["repeat", "side", "stage", "seconds", "peak_mb",
                                "child_peak_mb"]).to_csv(out / "bench.csv", index=False,
                                                         float_format="%.4f")
    pd.DataFrame(summary).to_csv(out / "summary.csv", index=False, float_format="%.10g")
    pd.DataFrame(doc["targets"]).to_csv(out / "targets.csv", index=False, float_format="%.6g")
    pd.DataFrame(doc["scaling"], columns=list(SCALING_COLUMNS)).to_csv(
        out / "scaling.csv", index=False, float_format="%.10g")
    doc["wall_seconds"] = time.perf_counter() - started
    doc["files"] = [f for f in FILES if segments or not f.startswith("segments.")]
    if chart:
        from energymodel import bench_chart

        bench_chart.write(doc, out / "bench.html")
    else:
        doc["files"].remove("bench.html")
    (out / "bench.json").write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    return doc


#: Files :func:`run` writes into its output folder (segments.* only with a segment report).
FILES = ["bench.csv", "summary.csv", "targets.csv", "scaling.csv", "segments.csv",
         "segments.json", "bench.json", "bench.html"]


def table(doc: dict) -> str:
    """The benchmark as plain text: sides, ratios, scaling, segments and the targets."""
    w = doc["workers"]
    skipped = doc.get("skipped", {})
    lines = [f"{doc['network']}: resolution {doc['resolution']}, {doc['snapshots']} snapshots, "
             f"hubs {doc['hubs']} in {len(doc['hub_groups'])} groups, W = {w} process(es), "
             f"{doc['repeats']} repeat(s) (medians)",
             f"HiGHS options: project and highspy {doc['solver_options']}; plain "
             + (f"{doc['plain_solver_options']}" if doc["plain"] else skipped.get("plain", "-"))
             + "; Pyomo "
             + (f"{doc['pyomo_solver_options']}" if doc["pyomo"] else skipped.get("pyomo", "-"))
             + " (else HiGHS defaults)",
             f"{'side':15} {'stage':26} {'seconds':>9} {'peak MB':>9} {'child MB':>9}"]
    for key, s in doc["stages"].items():
        side, stage = key.split(": ")
        child = f"{s['child_peak_mb']:9.0f}" if s["child_peak_mb"] else f"{'-':>9}"
        lines.append(f"{side:15} {s['label']:26} {s['seconds']:9.2f} {s['peak_mb']:9.0f} {child}")
        if stage == "solve" and (side == "project serial" or (side == "project" and w == 1)):
            lines += [f"{'':15} {'  ' + label:26} {doc['serial_solve_parts'][k]:9.2f}"
                      for k, label in SERIAL_PARTS]
    lines.append(f"LPs (cols x rows, ipm iterations, run s serial / on {w} processes): "
                 + "; ".join(f"{'+'.join(lp['hubs'])} {lp['cols']}x{lp['rows']} "
                             f"{lp['ipm_iterations']} it {lp['run_s']:.2f}/{lp['pool_run_s']:.2f}"
                             for lp in doc["lps"]))
    for side, name in (("plain", "plain"), ("pyomo", "Pyomo")):
        if doc[side]:
            p = doc[f"{side}_lp"]
            lines.append(f"{name} joint LP: {p['cols']}x{p['rows']}, HiGHS run "
                         f"{p['highs_run_s']:.2f} s")
    obj = doc["objectives"]
    bad = [s for s, d in doc["objective_rel_diff"].items() if d > OBJECTIVE_RTOL]
    lines.append(f"objective: project {obj['project']:.10g}; relative difference " + ", ".join(
        f"{s} {d:.1e}" for s, d in doc["objective_rel_diff"].items() if s != "project")
        + ("  OK" if not bad else f"  FAIL (> {OBJECTIVE_RTOL:g}: {', '.join(bad)})"))
    lines += [
        f"overhead ratio project solve / highspy, {w} process(es): {doc['overhead_ratio']:.3f}",
        f"serial overhead ratio project solve / highspy, 1 process: "
        f"{doc['serial_overhead_ratio']:.3f}",
        f"end-to-end ratio project (load + solve + write) / highspy, {w} process(es): "
        f"{doc['end_to_end_ratio']:.3f}",
    ]
    for side, name, stages in (("plain", "plain PyPSA", "build + optimize"),
                               ("pyomo", "Pyomo", "model + solve")):
        if doc[side]:
            lines.append(f"{name} speed-up: {side} ({stages}) / project solve = "
                         f"{doc[f'{side}_speedup']:.2f}x ({w} process(es)), "
                         f"{doc[f'{side}_speedup_serial']:.2f}x (1 process)")
        else:
            lines.append(f"{name} reference: {skipped.get(side, 'skipped').upper()}")
    lines.append("memory: peak MB = the side's own process; child MB = largest worker process "
                 f"(RUSAGE_CHILDREN); all at once <= peak + {w} x child")
    if doc["repeats"] < 3:
        lines.append("note: fewer than 3 repeats; on a shared machine use --repeats 3 or more")
    if doc.get("scaling"):
        lines += ["", scaling_table(doc["scaling"])]
    if doc.get("segments"):
        lines += ["", segment_table(doc["segments"])]
    lines += ["", targets_table(doc["targets"])]
    if "wall_seconds" in doc:
        lines.append(f"bench wall time: {doc['wall_seconds'] / 60:.1f} min")
    return "\n".join(lines)


def scaling_table(rows: list[dict]) -> str:
    """The scaling series as plain text."""
    lines = ["scaling: solve.solve seconds (one run per point, fresh interpreter; x = relative "
             "to the series' first row)",
             f"{'series':10} {'hubs':>4} {'step':>5} {'snapshots':>9} {'W':>2} {'seconds':>9} "
             f"{'time x':>7} {'size x':>7} {'peak MB':>8} {'child MB':>8}  hubs solved"]
    for r in rows:
        src = "  (project side)" if r["source"] == "project side" else ""
        lines.append(f"{r['series']:10} {r['hubs']:4d} {r['resolution']:>5} {r['snapshots']:9d} "
                     f"{r['workers']:2d} {r['seconds']:9.2f} {r['time_x']:7.2f} "
                     f"{r['size_x']:7.2f} {r['peak_mb']:8.0f} {r['child_peak_mb']:8.0f}  "
                     f"{r['hub_names']}{src}")
    return "\n".join(lines)


def targets_table(rows: list[dict]) -> str:
    """The targets of :func:`targets` as plain text, one PASS / FAIL / SKIPPED line each."""
    lines = ["targets (issue 5, ratios measured in this run):"]
    for r in rows:
        lines.append(f"  {r['label']:48} {r['goal']:42} {r['shown']:28} {r['status']}")
        if r["detail"] and r["status"] != "PASS":
            lines.append(f"  {'':48} {r['detail']}")
    return "\n".join(lines)


#: Capacity categories of the segmentation error report (results.capacities categories).
SEGMENT_CATEGORIES = ("electrolysis", "hydrogen storage", "wind")
#: Segmentation target of issue 5: at least this speed-up with at most this LCOH error per hub.
SEGMENT_TARGET = {"speedup": 10.0, "lcoh_error": 0.02}


def _hub_figures(nf: config.NetworkFile, n: object, grid_ci: object) -> dict[str, dict]:
    """LCOH (EUR/kg) and capacities by category per hub of a solved network."""
    from energymodel import results, solve

    hub_names = {k: (h.name, h.country) for k, h in nf.network.hubs.items()}
    res = results.summarise(n, hub_names, solve.aligned(grid_ci, n))
    hubs = res.hubs.set_index("hub")
    caps = res.capacities.groupby(["hub", "category"]).capacity.sum()
    return {h: {"lcoh_eur_per_kg": float(hubs.at[h, "lcoh_eur_per_kg"]),
                **{c: float(caps.get((h, c), 0.0)) for c in SEGMENT_CATEGORIES}}
            for h in nf.network.hubs}


def segment_report(path: str | Path, segments: list[int], *, resolution: str | None = None,
                   workers: int | None = None, out: Path = Path("results/bench"),
                   hubs: list[str] | None = None) -> dict:
    """Segmented runs against the full-resolution run, all measured in this process.

    For each hub (all, or ``hubs``): LCOH and capacities (electrolysis, hydrogen storage,
    wind) at each segment count, their relative errors against the reference (hourly, or
    ``resolution``), and the speed-up of :func:`energymodel.solve.solve` (segmentation
    included). Writes ``segments.csv`` and ``segments.json`` into ``out``.
    """
    import pandas as pd

    from energymodel import inputs, pipeline, solve
    from energymodel.errors import InputError

    nf = _network_file(str(path), hubs)
    resolution = pipeline.check_resolution(resolution)
    for k in segments:
        pipeline.check_segments(k, None)
    if workers is not None and workers < 1:
        option = "--workers"
        raise InputError(option, str(workers), "must be at least 1")
    inp = inputs.load(nf)
    runs = []
    for k in [None, *segments]:
        logger.info("Segment report: %s", f"{k} segments" if k else resolution or "1h")
        start = time.perf_counter()
        n = solve.solve(nf, resolution if k is None else None, workers=workers, segments=k)
        seconds = time.perf_counter() - start
        runs.append({"segments": k, "seconds": seconds, "snapshots": len(n.snapshots),
                     "objective": float(n.objective), "hubs": _hub_figures(nf, n, inp.grid_ci)})
    ref = runs[0]
    rows = []
    for r in runs:
        for hub, fig in r["hubs"].items():
            for metric, value in fig.items():
                base = ref["hubs"][hub][metric]
                rows.append({"segments": r["segments"] or 0, "hub": hub, "metric": metric,
                             "value": value, "reference": base,
                             "rel_error": (value - base) / base if base else 0.0})
    frame = pd.DataFrame(rows)
    for r in runs:
        r["speedup"] = ref["seconds"] / r["seconds"]
        lcoh = [abs(row["rel_error"]) for row in rows
                if row["segments"] == (r["segments"] or 0) and row["metric"] == "lcoh_eur_per_kg"]
        r["max_lcoh_error"] = max(lcoh)
        r["meets_target"] = (r["segments"] is not None
                             and r["speedup"] >= SEGMENT_TARGET["speedup"]
                             and r["max_lcoh_error"] <= SEGMENT_TARGET["lcoh_error"])
    doc = {"network": nf.network.name, "network_file": str(path),
           "reference": resolution or "1h", "workers": workers, "runs": runs,
           "target": SEGMENT_TARGET, "versions": {p: version(p) for p in (*_PACKAGES, "tsam")}}
    out.mkdir(parents=True, exist_ok=True)
    frame.to_csv(out / "segments.csv", index=False, float_format="%.6g")
    (out / "segments.json").write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    return doc


def segment_table(doc: dict) -> str:
    """The segmentation error report as plain text."""
    ref = doc["runs"][0]
    lines = [f"{doc['network']}: segmented runs vs the {doc['reference']} reference "
             f"({ref['snapshots']} snapshots, solve.solve {ref['seconds']:.1f} s, "
             f"workers {doc['workers'] or 'cores'}); errors relative to the reference"]
    head = f"{'hub':12} {'metric':18} {'reference':>12}"
    for r in doc["runs"][1:]:
        head += f" {str(r['segments']) + ' seg':>10} {'error':>7}"
    lines.append(head)
    metrics = ("lcoh_eur_per_kg", *SEGMENT_CATEGORIES)
    for hub in ref["hubs"]:
        for metric in metrics:
            base = ref["hubs"][hub][metric]
            line = f"{hub:12} {metric:18} {base:12.4g}"
            for r in doc["runs"][1:]:
                v = r["hubs"][hub][metric]
                err = f"{(v - base) / base:+7.1%}" if base else f"{'-':>7}"
                line += f" {v:10.4g} {err}"
            lines.append(line)
    lines.append(f"{'':12} {'snapshots':18} {ref['snapshots']:12d}"
                 + "".join(f" {r['snapshots']:10d} {'':7}" for r in doc["runs"][1:]))
    lines.append(f"{'':12} {'solve s':18} {ref['seconds']:12.1f}"
                 + "".join(f" {r['seconds']:10.1f} {'':7}" for r in doc["runs"][1:]))
    lines.append(f"{'':12} {'speed-up':18} {1.0:12.1f}"
                 + "".join(f" {r['speedup']:9.1f}x {'':7}" for r in doc["runs"][1:]))
    lines.append(f"{'':12} {'max LCOH error':18} {'':12}"
                 + "".join(f" {r['max_lcoh_error']:10.1%} {'':7}" for r in doc["runs"][1:]))
    t = doc["target"]
    ok = [r["segments"] for r in doc["runs"][1:] if r["meets_target"]]
    lines.append(f"target: speed-up >= {t['speedup']:g}x with LCOH error <= "
                 f"{t['lcoh_error']:.0%} in every hub: "
                 + (f"MET at {', '.join(map(str, ok))} segments" if ok else "NOT MET"))
    return "\n".join(lines)


#: Segment counts of the default (hourly) bench run: the counts docs/speed.md found to meet
#: the target (>= 10x, LCOH error <= 2 % per hub) on the default network.
DEFAULT_SEGMENTS = (1500, 2000)


def main(argv: list[str] | None = None) -> int:
    """Command line of ``make bench``."""
    from energymodel.cli import setup_logging
    from energymodel.errors import EnergyModelError

    p = argparse.ArgumentParser(prog="python -m energymodel.bench", description=__doc__.split(
        "\n")[0], epilog="Full hourly run on 2 cores: about 50 minutes (docs/speed.md).")
    p.add_argument("network", type=Path, help="network YAML file, e.g. networks/uk_india.yaml")
    p.add_argument("--resolution", metavar="STEP", help="resample, e.g. 3h (default: hourly)")
    p.add_argument("--repeats", type=int, default=1, help="interleaved repeats (default 1)")
    p.add_argument("--workers", type=int, metavar="N",
                   help="processes of the project solve and of highspy (default: cores)")
    p.add_argument("--skip-plain", action="store_true",
                   help="skip the plain PyPSA joint solve (10-20 minutes at hourly resolution)")
    p.add_argument("--skip-pyomo", action="store_true",
                   help="skip the Pyomo joint solve (about 15 minutes at hourly resolution)")
    p.add_argument("--out", type=Path, default=Path("results/bench"), metavar="DIR",
                   help="output folder (default results/bench)")
    p.add_argument("--hubs", nargs="+", metavar="HUB", help="only these hubs (quick look)")
    seg = p.add_mutually_exclusive_group()
    seg.add_argument("--segments", type=int, nargs="+", metavar="N",
                     help="segment counts of the segmentation report: segmented runs vs the "
                     "run at the bench's resolution, LCOH and capacity errors per hub, speed-up "
                     f"(default: {' '.join(map(str, DEFAULT_SEGMENTS))} at hourly resolution, "
                     "none at a reduced one)")
    seg.add_argument("--no-segments", action="store_true", help="no segmentation report")
    p.add_argument("--segments-only", action="store_true",
                   help="only the segmentation report (no timing sides, no scaling)")
    p.add_argument("--no-scaling", action="store_true", help="no scaling series")
    p.add_argument("--scaling-steps", nargs="+", metavar="STEP",
                   help="steps of the snapshot series, all hubs (default: 8, 4 and 2 times the "
                   "bench's step; the bench's own step comes from the project side)")
    p.add_argument("--scaling-hubs", type=int, nargs="+", metavar="K",
                   help="hub counts of the hub series, first K hubs (default: 1 2 3 5)")
    p.add_argument("--scaling-resolution", metavar="STEP",
                   help="step of the hub series (default: 4 times the bench's step)")
    p.add_argument("-q", "--quiet", action="store_true", help="warnings and errors only")
    args = p.parse_args(argv)
    if args.repeats < 1:
        p.error("--repeats must be at least 1")
    if args.segments_only and args.no_segments:
        p.error("--segments-only and --no-segments exclude each other")
    setup_logging(verbose=False, quiet=args.quiet)
    hourly = args.resolution in (None, "1h")
    segments = ([] if args.no_segments else args.segments
                or (list(DEFAULT_SEGMENTS) if hourly or args.segments_only else []))
    try:
        if args.segments_only:
            doc = segment_report(args.network, segments, resolution=args.resolution,
                                 workers=args.workers, out=args.out, hubs=args.hubs)
            print(segment_table(doc))
            print(f"written: {args.out / 'segments.csv'}, {args.out / 'segments.json'}")
            return 0
        scaling = None
        if not args.no_scaling:
            base = Scaling.default(args.resolution)
            scaling = Scaling(
                steps=tuple(args.scaling_steps) if args.scaling_steps else base.steps,
                hub_counts=tuple(args.scaling_hubs) if args.scaling_hubs else base.hub_counts,
                hub_resolution=args.scaling_resolution or base.hub_resolution)
        for flag, name in (("skip_plain", "Plain PyPSA"), ("skip_pyomo", "Pyomo")):
            if getattr(args, flag):
                logger.warning("%s reference skipped (--%s)", name, flag.replace("_", "-"))
        doc = run(args.network, resolution=args.resolution, hubs=args.hubs,
                  repeats=args.repeats, workers=args.workers, plain=not args.skip_plain,
                  pyomo=not args.skip_pyomo, segments=segments, scaling=scaling, out=args.out)
    except EnergyModelError as err:
        print(f"error: {err}", file=sys.stderr)
        return err.exit_code
    print(table(doc))
    print(f"written to {args.out}: {', '.join(doc['files'])}")
    return 0 if doc["objective_agrees"] and math.isfinite(doc["overhead_ratio"]) else 1


if __name__ == "__main__":
    from energymodel import bench  # workers must pickle energymodel.bench.*, not __main__.*

    sys.exit(bench.main())
