"""Benchmark: this project's build, solve and write against the same LP solved by highspy alone.

``python -m energymodel.bench networks/uk_india.yaml [--resolution 3h] [--repeats 3]``

Two sides, each measured in a fresh process so neither inherits the other's memory or caches:

``project``
    config + inputs load, network build (and resample), linopy model creation, the PyPSA solve
    call (linopy writes the LP, HiGHS reads and solves it, the solution is assigned back) and
    the result tables and files. Model creation and solve call together are exactly what
    :func:`energymodel.solve.optimize` runs through ``n.optimize(...)``, split in two.
``highspy``
    the LP the project side handed to HiGHS, written by linopy's own writer, read by
    ``highspy.Highs`` with the same options and solved.

Overhead ratio = project (model + solve) / highspy (read + run): the time to get the LP into
HiGHS, solve it and bring the answer back, against HiGHS doing the same from the file. The
solve-call ratio compares the PyPSA solve call with the bare HiGHS run. Repeats interleave the
sides (A B A B) so machine noise hits both alike; medians are reported. Peak memory is the peak
resident set size (VmHWM, all threads, C and Python alike) of the stage, reset before each stage
through ``/proc/self/clear_refs``; without it (not Linux) it is the process peak so far.
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
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager, suppress
from importlib.metadata import version
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    import highspy

logger = logging.getLogger(__name__)

#: Overhead ratio this project aims for (issue: "target <= 1.2").
TARGET_RATIO = 1.2
#: Largest relative difference allowed between the two objectives.
OBJECTIVE_RTOL = 1e-6
#: Stages in table order: (side, stage, label).
STAGES = (
    ("project", "load", "load config + inputs"),
    ("project", "build", "build network"),
    ("project", "model", "create linopy model"),
    ("project", "solve", "PyPSA solve call"),
    ("project", "write", "results + write files"),
    ("highspy", "read", "read LP"),
    ("highspy", "run", "run"),
)
_PACKAGES = ("energymodel", "pypsa", "linopy", "highspy", "numpy", "pandas")
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


def _peak_mb() -> float:
    """Peak resident set size of this process since the last reset, MB."""
    peak = _status_mb("VmHWM")
    if peak is not None:
        return peak
    import resource  # not on Windows; only reached off Linux

    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, kB on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20


@contextmanager
def _stage(record: dict[str, dict[str, float]], name: str) -> Iterator[None]:
    """Time a stage and record its wall seconds and peak RSS under ``name``."""
    with suppress(OSError):  # reset the peak (Linux); elsewhere the peak is cumulative
        _HWM_RESET.write_text("5")
    start = time.perf_counter()
    yield
    record[name] = {"seconds": time.perf_counter() - start, "peak_mb": _peak_mb()}
    logger.info("%s: %.2f s, peak %.0f MB", name, record[name]["seconds"], record[name]["peak_mb"])


def solver_options(path: str | Path) -> dict:
    """HiGHS options exactly as :func:`energymodel.solve.optimize` passes them."""
    from energymodel import config, solve

    return {**solve.DEFAULT_OPTIONS, **config.load(path).network.solver.options,
            "log_to_console": False}


def _highs_facts(h: highspy.Highs) -> dict:
    """HiGHS's own run time and the size of the LP it solved (the two sides must match)."""
    info = h.getInfo()
    return {"highs_run_s": float(h.getRunTime()),
            "lp": {"cols": h.getNumCol(), "rows": h.getNumRow(), "nonzeros": h.getNumNz(),
                   "simplex_iterations": info.simplex_iteration_count,
                   "ipm_iterations": info.ipm_iteration_count}}


def project_side(path: str, resolution: str | None, hubs: list[str] | None,
                 lp_file: str | None, workdir: str) -> dict:
    """Run this project end to end, stage by stage; optionally write the LP it solved."""
    from energymodel import config, constraints, inputs, network, pipeline, results
    from energymodel.errors import EnergyModelError

    stages: dict[str, dict[str, float]] = {}
    baseline = _status_mb("VmRSS")
    with _stage(stages, "load"):
        nf = config.load(path)
        if hubs:
            data = nf.network.model_dump(mode="json", exclude_none=True)
            data["hubs"] = {k: v for k, v in data["hubs"].items() if k in hubs}
            data["sites"] = {k: v for k, v in data["sites"].items() if v["hub"] in hubs}
            nf = config.parse(data, nf.path)
        inp = inputs.load(nf)
    with _stage(stages, "build"):
        n = pipeline.resample(network.build(nf, inp), resolution)
    options = solver_options(path)
    with _stage(stages, "model"):  # n.optimize(...) in PyPSA 1.4, first half
        n.consistency_check(strict=["unknown_buses", "maintenance", "phase_shift_bounds"])
        n.optimize.create_model(consistency_check=False, include_objective_constant=False)
        constraints.apply(n)
    with _stage(stages, "solve"):  # second half: linopy -> LP file -> HiGHS -> assign
        log = options.pop("log_to_console")
        status, condition = n.optimize.solve_model(solver_name="highs", solver_options=options,
                                                   log_to_console=log)
    if status != "ok":
        msg = f"bench: {n.name} did not solve: {status} ({condition})"
        raise EnergyModelError(msg)
    highs = _highs_facts(n.model.solver_model)
    with _stage(stages, "write"):
        hub_names = {k: (h.name, h.country) for k, h in nf.network.hubs.items()}
        res = results.summarise(n, hub_names, pipeline.aligned(inp.grid_ci, n))
        pipeline.write(Path(workdir) / "results", n, res, nf, inp, resolution or "1h")
    if lp_file:  # after the solve: the constraints as linopy sanitised and wrote them
        n.model.to_file(Path(lp_file), progress=False)
    return {"stages": stages, "objective": float(n.objective), **highs,
            "snapshots": len(n.snapshots), "network": n.name, "baseline_mb": baseline}


def highspy_side(lp_file: str, options: dict) -> dict:
    """Read the LP with highspy, set the same options as linopy does, and solve."""
    import highspy

    from energymodel.errors import EnergyModelError

    stages: dict[str, dict[str, float]] = {}
    baseline = _status_mb("VmRSS")
    with _stage(stages, "read"):
        h = highspy.Highs()
        for key, value in options.items():
            h.setOptionValue(key, value)
        h.readModel(lp_file)
    with _stage(stages, "run"):
        h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        msg = f"bench: highspy did not solve {lp_file}: {h.modelStatusToString(h.getModelStatus())}"
        raise EnergyModelError(msg)
    return {"stages": stages, "objective": float(h.getInfo().objective_function_value),
            **_highs_facts(h), "baseline_mb": baseline}


def _init_worker(level: int) -> None:
    from energymodel.cli import _setup_logging

    os.dup2(2, 1)  # HiGHS's banner and any C-level output to stderr: stdout is for the table
    _setup_logging(verbose=level < logging.INFO, quiet=level > logging.INFO)


def _fresh(fn: Callable[..., dict], *args: object) -> dict:
    """Run ``fn(*args)`` in a fresh interpreter (so its peak memory is its own)."""
    with ProcessPoolExecutor(1, mp_context=get_context("spawn"), initializer=_init_worker,
                             initargs=(logging.getLogger().getEffectiveLevel(),)) as pool:
        return pool.submit(fn, *args).result()


def _median(runs: list[dict], stage: str, key: str) -> float:
    return statistics.median(r["stages"][stage][key] for r in runs)


def run(path: str | Path, *, resolution: str | None = None, hubs: list[str] | None = None,
        repeats: int = 1, out: str | Path = Path("results/bench")) -> dict:
    """Measure both sides ``repeats`` times, interleaved; write bench.csv and bench.json."""
    from energymodel import config
    from energymodel.errors import InputError

    path, out = Path(path).resolve(), Path(out)
    unknown = set(hubs or ()) - set(config.load(path).network.hubs)
    if unknown:
        option, known = "--hubs", ", ".join(config.load(path).network.hubs)
        raise InputError(option, ", ".join(sorted(unknown)), f"not a hub (hubs: {known})")
    options = solver_options(path)
    project, raw = [], []
    with tempfile.TemporaryDirectory(prefix="energymodel-bench-") as tmp:
        lp_file = str(Path(tmp) / "model.lp")
        for i in range(repeats):
            logger.info("Repeat %d of %d: project side", i + 1, repeats)
            project.append(_fresh(project_side, str(path), resolution, hubs,
                                  lp_file if i == 0 else None, tmp))
            logger.info("Repeat %d of %d: highspy side", i + 1, repeats)
            raw.append(_fresh(highspy_side, lp_file, options))

    sides = {"project": project, "highspy": raw}
    rows = [{"repeat": i + 1, "side": side, "stage": stage, **values}
            for side, runs in sides.items()
            for i, r in enumerate(runs) for stage, values in r["stages"].items()]
    med = {(side, stage): {k: _median(sides[side], stage, k) for k in ("seconds", "peak_mb")}
           for side, stage, _ in STAGES}
    solve_path = med["project", "model"]["seconds"] + med["project", "solve"]["seconds"]
    raw_total = med["highspy", "read"]["seconds"] + med["highspy", "run"]["seconds"]
    obj_a, obj_b = project[0]["objective"], raw[0]["objective"]
    rel_diff = abs(obj_a - obj_b) / max(abs(obj_b), 1.0)
    ratio = solve_path / raw_total
    doc = {
        "network": project[0]["network"], "network_file": str(path),
        "resolution": resolution or "1h", "snapshots": project[0]["snapshots"],
        "hubs": hubs or "all", "repeats": repeats, "solver_options": options,
        "stages": {f"{side} {stage}": {"label": label, **med[side, stage]}
                   for side, stage, label in STAGES},
        "baseline_mb": {side: runs[0]["baseline_mb"] for side, runs in sides.items()},
        "lp": {"project": project[0]["lp"], "highspy": raw[0]["lp"]},
        "highs_run_in_project_s": statistics.median(r["highs_run_s"] for r in project),
        "highs_run_in_highspy_s": statistics.median(r["highs_run_s"] for r in raw),
        "objective_project": obj_a, "objective_highspy": obj_b,
        "objective_rel_diff": rel_diff, "objective_agrees": rel_diff <= OBJECTIVE_RTOL,
        "overhead_ratio": ratio,
        "solve_call_ratio": med["project", "solve"]["seconds"] / med["highspy", "run"]["seconds"],
        "end_to_end_ratio": sum(med["project", s]["seconds"] for _, s, _ in STAGES[:5]) / raw_total,
        "definitions": {
            "overhead_ratio": "project (model + solve) / highspy (read + run), medians",
            "solve_call_ratio": "project solve / highspy run, medians",
            "end_to_end_ratio": "project (load + build + model + solve + write) / highspy "
                                "(read + run), medians",
            "peak_mb": "peak resident set size during the stage, fresh process per side",
            "baseline_mb": "resident set size of each side's process after imports, repeat 1",
        },
        "target_ratio": TARGET_RATIO, "pass": ratio <= TARGET_RATIO,
        "versions": {p: version(p) for p in _PACKAGES},
        "machine": {"nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                    else os.cpu_count(), "platform": platform.platform(),
                    "python": platform.python_version()},
    }
    out.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(rows, columns=["repeat", "side", "stage", "seconds", "peak_mb"]).to_csv(
        out / "bench.csv", index=False, float_format="%.4f")
    (out / "bench.json").write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    return doc


def table(doc: dict) -> str:
    """The benchmark as a plain-text table with its verdict."""
    lines = [f"{doc['network']}: resolution {doc['resolution']}, {doc['snapshots']} snapshots, "
             f"hubs {doc['hubs']}, {doc['repeats']} repeat(s) (medians), "
             f"HiGHS options {doc['solver_options']}",
             f"{'side':8} {'stage':24} {'seconds':>9} {'peak MB':>9}"]
    for key, s in doc["stages"].items():
        side = key.split()[0]
        if key in ("project load", "highspy read") and doc["baseline_mb"][side] is not None:
            lines.append(f"{side:8} {'(after imports)':24} {'':9} {doc['baseline_mb'][side]:9.0f}")
        lines.append(f"{side:8} {s['label']:24} {s['seconds']:9.2f} {s['peak_mb']:9.0f}")
        if key == "project solve":
            lines.append(f"{'':8} {'  of which HiGHS run':24} {doc['highs_run_in_project_s']:9.2f}")
    ok = "OK" if doc["objective_agrees"] else f"FAIL (> {OBJECTIVE_RTOL:g})"
    verdict = "PASS" if doc["pass"] else "MISS"
    lines += [
        f"objective: project {doc['objective_project']:.10g}, highspy "
        f"{doc['objective_highspy']:.10g}, relative difference {doc['objective_rel_diff']:.1e} "
        f"{ok}",
        f"overhead ratio (model + solve) / (read + run): {doc['overhead_ratio']:.3f}  "
        f"target <= {doc['target_ratio']}  {verdict}",
        f"solve-call ratio (PyPSA solve call / HiGHS run): {doc['solve_call_ratio']:.3f}",
        f"end-to-end ratio (all project stages / (read + run)): {doc['end_to_end_ratio']:.3f}",
    ]
    if doc["repeats"] < 3:
        lines.append("note: fewer than 3 repeats; on a shared machine use --repeats 3 or more")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line of ``make bench``."""
    from energymodel.cli import _setup_logging
    from energymodel.errors import EnergyModelError

    p = argparse.ArgumentParser(prog="python -m energymodel.bench", description=__doc__.split(
        "\n")[0])
    p.add_argument("network", type=Path, help="network YAML file, e.g. networks/uk_india.yaml")
    p.add_argument("--resolution", metavar="STEP", help="resample, e.g. 3h (default: hourly)")
    p.add_argument("--repeats", type=int, default=1, help="interleaved repeats (default 1)")
    p.add_argument("--out", type=Path, default=Path("results/bench"), metavar="DIR",
                   help="folder of bench.csv and bench.json (default results/bench)")
    p.add_argument("--hubs", nargs="+", metavar="HUB", help="only these hubs (quick look)")
    p.add_argument("-q", "--quiet", action="store_true", help="warnings and errors only")
    args = p.parse_args(argv)
    if args.repeats < 1:
        p.error("--repeats must be at least 1")
    _setup_logging(verbose=False, quiet=args.quiet)
    try:
        doc = run(args.network, resolution=args.resolution, hubs=args.hubs,
                  repeats=args.repeats, out=args.out)
    except EnergyModelError as err:
        print(f"error: {err}", file=sys.stderr)
        return err.exit_code
    print(table(doc))
    print(f"written: {args.out / 'bench.csv'}, {args.out / 'bench.json'}")
    return 0 if doc["objective_agrees"] and math.isfinite(doc["overhead_ratio"]) else 1


if __name__ == "__main__":
    from energymodel import bench  # workers must pickle energymodel.bench.*, not __main__.*

    sys.exit(bench.main())
