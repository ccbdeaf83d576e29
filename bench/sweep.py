"""Sweep benchmark: one after another, on Dask cold, and on Dask warm-started, in one run.

``python -m bench.sweep [networks/scenarios/bench8.yaml] [--workers 2] [--resolution 1h]
[--no-sequential]`` (``make bench-sweep``)

The sides run in this one invocation, on the same machine one after the other, so the ratios
are meaningful on a shared, noisy machine where absolute seconds are not:

``sequential``
    every scenario in this process, one after another, cold, without Dask
    (:func:`energymodel.studies.sweep.run_sequential`): what a planner's loop over
    ``energymodel run`` does, minus the interpreter start-ups (which would flatter the sweep).
    ``--no-sequential`` leaves it out (a long sweep at hourly resolution).
``cold``
    :func:`energymodel.studies.sweep.run` with ``warm=False`` on a fresh LocalCluster of
    ``--workers`` single-threaded processes; every scenario from scratch (interior point).
``warm``
    the same with ``warm=True`` into a fresh folder: each scenario waits for its nearest
    earlier scenario and starts dual simplex from its kept bases where the LP fits
    (:mod:`energymodel.model.basis`). The timings include starting the cluster and the
    workers' imports.

The sides must agree: every scenario's objective equal to 1e-6 (relative) between sequential
and cold, and to 1e-9 between cold and warm. Targets: speed-up sequential / cold >= 1.7 on two
workers; cold / warm >= 3. Results go to ``results/bench/sweep.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import time
from pathlib import Path

from energymodel.cli import setup_logging
from energymodel.model import solve
from energymodel.studies import sweep

TARGET = 1.7
WARM_TARGET = 3.0
DEFAULT_FILE = Path("networks/scenarios/bench8.yaml")


def objectives(root: Path) -> dict[str, float]:
    """Objective of every finished scenario under a sweep folder."""
    return {p.parent.name: json.loads(p.read_text())["objective_eur"]
            for p in sorted(root.glob("*/summary.json"))}


def _worst(a: dict[str, float], b: dict[str, float]) -> float:
    """Largest relative difference of two sides' objectives (inf when a scenario is missing)."""
    if set(a) != set(b) or not a:
        return math.inf
    return max(abs(a[k] - b[k]) / abs(a[k]) for k in a)


def measure(path: Path, workers: int, work: Path, resolution: str | None = None,
            sequential: bool = True) -> dict:
    """Run every side once; return timings, the ratios and the objective checks."""
    res: dict = {"workers": workers, "resolution": resolution, "target": TARGET,
                 "warm_target": WARM_TARGET}
    failed: list[str] = []
    if sequential:
        t0 = time.perf_counter()
        seq = sweep.run_sequential(path, work / "sequential", resolution)
        res["sequential_s"] = time.perf_counter() - t0
        failed += [f"sequential:{r['name']}" for r in seq if r["status"] != "done"]
        res["sequential_scenario_seconds"] = {r["name"]: r["seconds"] for r in seq}
    sides = {}
    for side, warm in (("cold", False), ("warm", True)):
        t0 = time.perf_counter()
        out = sweep.run(path, workers=workers, out_root=work / side, force=True,
                        progress=False, compare=False, warm=warm, resolution=resolution)
        res[f"{side}_s"] = time.perf_counter() - t0
        failed += [f"{side}:{r['name']}" for r in out.failed]
        sides[side] = out
        res[f"{side}_scenario_seconds"] = {r["name"]: r["seconds"] for r in out.records}
    cold, warm = (objectives(sides[k].folder) for k in ("cold", "warm"))
    res["scenarios"] = len(sides["cold"].records)
    res["warm_from"] = {r["name"]: r["warm_from"] for r in sides["warm"].records}
    res["warm_solvers"] = {r["name"]: r.get("solvers", {}) for r in sides["warm"].records}
    res["hubs_started_warm"] = sum(str(v).startswith(solve.WARM_END)
                                   for d in res["warm_solvers"].values() for v in d.values())
    res["hubs"] = sum(len(d) for d in res["warm_solvers"].values())
    res["warm_speedup"] = res["cold_s"] / res["warm_s"]
    res["warm_objective_max_rel_diff"] = _worst(cold, warm)
    passed = (not failed and res["warm_speedup"] >= WARM_TARGET
              and res["warm_objective_max_rel_diff"] <= 1e-9)
    if sequential:
        seq_obj = objectives(next((work / "sequential").iterdir()))
        res["speedup"] = res["sequential_s"] / res["cold_s"]
        res["objective_max_rel_diff"] = _worst(seq_obj, cold)
        passed = passed and res["speedup"] >= TARGET and res["objective_max_rel_diff"] <= 1e-6
    res["failed"] = failed
    res["passed"] = passed
    return res


def main(argv: list[str] | None = None) -> int:
    """Command line of ``make bench-sweep``."""
    p = argparse.ArgumentParser(prog="python -m bench.sweep", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("scenarios", type=Path, nargs="?", default=DEFAULT_FILE)
    p.add_argument("--workers", type=int, default=2, help="Dask workers (default 2)")
    p.add_argument("--resolution", metavar="STEP",
                   help="every scenario at this step, e.g. 1h (default: the file's)")
    p.add_argument("--no-sequential", action="store_true",
                   help="leave out the one-after-another side")
    p.add_argument("--out", type=Path, default=Path("results/bench"), help="output folder")
    args = p.parse_args(argv)
    setup_logging(verbose=False, quiet=True)
    with tempfile.TemporaryDirectory(prefix="bench_sweep_") as tmp:
        res = measure(args.scenarios, args.workers, Path(tmp), args.resolution,
                      not args.no_sequential)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "sweep.json").write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    at = f" at {args.resolution}" if args.resolution else ""
    print(f"{res['scenarios']} scenarios of {args.scenarios}{at}")
    if "sequential_s" in res:
        print(f"  one after another (1 process, cold): {res['sequential_s']:8.1f} s")
    print(f"  Dask sweep, cold ({res['workers']} workers):     {res['cold_s']:8.1f} s")
    print(f"  Dask sweep, warm ({res['workers']} workers):     {res['warm_s']:8.1f} s "
          f"({res['hubs_started_warm']} of {res['hubs']} hub LPs started from a kept basis)")
    if "speedup" in res:
        print(f"  sequential / cold {res['speedup']:.2f}x (target >= {TARGET}x); objectives "
              f"agree to {res['objective_max_rel_diff']:.1e}")
    print(f"  cold / warm {res['warm_speedup']:.2f}x (target >= {WARM_TARGET}x); objectives "
          f"agree to {res['warm_objective_max_rel_diff']:.1e} (target 1e-9)")
    print(f"  failed: {', '.join(res['failed']) or 'none'}")
    print("PASS" if res["passed"] else "FAIL")
    return 0 if res["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
