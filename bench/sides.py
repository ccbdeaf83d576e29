"""The sides of the benchmark, each run in a fresh interpreter (:func:`bench.measure.fresh`).

``project`` (energymodel stage by stage), ``highspy`` (the very LPs the project hands to
HiGHS, read from MPS files), ``plain`` (one joint LP through ``n.optimize`` with HiGHS
defaults) and ``pyomo`` (the same joint LP in :mod:`energymodel.verify`). See :mod:`bench`.
"""

from __future__ import annotations

import math
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING

from bench.measure import peak_mb, reset_peak, stage, status_mb, timers

if TYPE_CHECKING:
    import highspy

    from energymodel import config

#: Parts of the serial project solve stage (wrapped timers): (key, label).
SERIAL_PARTS = (
    ("inputs", "group inputs"),
    ("build", "build + resample"),
    ("model", "linopy model"),
    ("linopy_solve", "linopy solve"),
    ("highs_run", "  of which HiGHS run"),
    ("other", "assign + merge + other"),
)
#: HiGHS options of the plain PyPSA reference: HiGHS defaults, one thread like the project.
PLAIN_OPTIONS: dict[str, object] = {"threads": 1}
#: HiGHS options of the Pyomo side: the same, HiGHS defaults but one thread.
PYOMO_OPTIONS: dict[str, object] = {"threads": 1}

def solver_options(path: str | Path) -> dict:
    """HiGHS options exactly as :func:`energymodel.model.solve.optimize` passes them to HiGHS."""
    from energymodel import config
    from energymodel.model import solve

    return {**solve.DEFAULT_OPTIONS, **config.load(path).network.solver.options,
            "log_to_console": False}


def network_file(path: str, hubs: list[str] | None) -> config.NetworkFile:
    """The network file, limited to ``hubs`` (and the sites feeding them) when given."""
    from energymodel import config

    nf = config.load(path)
    if hubs:
        net = nf.network
        nf = config.with_changes(nf, {
            "hubs": {k: v.model_dump(mode="json", exclude_none=True)
                     for k, v in net.hubs.items() if k in hubs},
            "sites": {k: v.model_dump(mode="json", exclude_none=True)
                      for k, v in net.sites.items() if v.hub in hubs}})
    return nf


def export_lps(path: str, resolution: str | None, hubs: list[str] | None,
               folder: str) -> list[dict]:
    """Write the LP of every hub group as the project builds it; return file and size each.

    Mirrors :func:`energymodel.model.solve.solve` per hub group and ``n.optimize``: build,
    resample, consistency check, ``create_model(include_objective_constant=False)``,
    ``constraints.apply``, linopy's zero and infinity sanitising, then HiGHS's MPS writer.
    """
    from energymodel.model import aggregate, constraints, inputs, network, solve

    nf = network_file(path, hubs)
    inp = inputs.load(nf)
    lps = []
    for i, group in enumerate(solve.hub_groups(nf)):
        n = aggregate.resample(network.build(nf, inp, hubs=group), resolution)
        n.consistency_check(strict=["unknown_buses", "maintenance", "phase_shift_bounds"])
        n.optimize.create_model(consistency_check=False, include_objective_constant=False)
        constraints.apply(n, n.snapshots, constraints.Context.build(nf, inp, n))
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
    from energymodel import results
    from energymodel.model import inputs, solve
    from energymodel.results import folder

    stages: dict[str, dict[str, float]] = {}
    parts: dict[str, float] = {}
    baseline = status_mb("VmRSS")
    with stage(stages, "load"):
        nf = network_file(path, hubs)
        inp = inputs.load(nf)
    with stage(stages, "solve"):
        if workers == 1:
            with timers(parts):
                n = solve.solve(nf, resolution, workers=1, inp=inp)
        else:
            n = solve.solve(nf, resolution, workers=workers, inp=inp)
    if workdir is not None:
        with stage(stages, "write"):
            res = results.summarise(n, nf, inp)
            folder.write(Path(workdir) / "results", n, res, nf, inp.digest, resolution or "1h")
    if parts:
        parts.setdefault("inputs", 0.0)  # inputs are read once, in the load stage
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
            "peak_mb": peak_mb()}


def highspy_side(lp_files: list[str], options: dict, workers: int) -> dict:
    """Solve every LP with highspy: serially (read, run) or on a spawn pool of ``workers``."""
    stages: dict[str, dict[str, float]] = {}
    baseline = status_mb("VmRSS")
    if workers == 1:
        import highspy  # noqa: F401  (imported before the clock, as the project side's pypsa)

        reset_peak()
        solved = [highs_solve(lp, options) for lp in lp_files]
        peak = max(s["peak_mb"] for s in solved)
        stages["read"] = {"seconds": sum(s["read_s"] for s in solved), "peak_mb": peak,
                          "child_peak_mb": 0.0}
        stages["run"] = {"seconds": sum(s["run_s"] for s in solved), "peak_mb": peak,
                         "child_peak_mb": 0.0}
    else:
        with stage(stages, "pool"), ProcessPoolExecutor(
                max_workers=workers, mp_context=get_context("spawn")) as pool:
            futures = [pool.submit(highs_solve, lp, options) for lp in lp_files]
            solved = [f.result() for f in futures]
    return {"stages": stages, "objective": math.fsum(s["objective"] for s in solved),
            "groups": [{k: v for k, v in s.items() if k != "peak_mb"} for s in solved],
            "baseline_mb": baseline}


def plain_side(path: str, resolution: str | None, hubs: list[str] | None) -> dict:
    """The whole network as one joint LP through ``n.optimize`` with HiGHS defaults."""
    from energymodel.errors import EnergyModelError
    from energymodel.model import aggregate, constraints, inputs, network

    stages: dict[str, dict[str, float]] = {}
    baseline = status_mb("VmRSS")
    with stage(stages, "load"):
        nf = network_file(path, hubs)
        inp = inputs.load(nf)
    with stage(stages, "build"):
        n = aggregate.resample(network.build(nf, inp), resolution)
    with stage(stages, "optimize"):
        status, condition = n.optimize(solver_name="highs", solver_options=dict(PLAIN_OPTIONS),
                                       extra_functionality=constraints.hook(
                                           constraints.Context.build(nf, inp, n)),
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
        verify.check_covered(network_file(path, hubs), resolution)
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

    from energymodel import verify
    from energymodel.errors import EnergyModelError
    from energymodel.model import inputs

    stages: dict[str, dict[str, float]] = {}
    baseline = status_mb("VmRSS")
    with stage(stages, "load"):
        nf = network_file(path, hubs)
        inp = inputs.load(nf)
    with stage(stages, "model"):
        weights, series = verify.aggregate(inp, resolution)
        m = verify.build_model(nf, inp, weights, series)
    opt = pyo.SolverFactory("highs")
    with stage(stages, "solve"):
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
