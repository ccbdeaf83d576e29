"""Sweep benchmark: scenarios one after another against the same scenarios on Dask workers.

``python -m bench.sweep [networks/scenarios/bench8.yaml] [--workers 2]``
(``make bench-sweep``)

Both sides run in this one invocation, on the same machine at nearly the same time, so the
ratio is meaningful on a shared, noisy machine where absolute seconds are not:

``sequential``
    every scenario in this process, one after another, without Dask
    (:func:`energymodel.studies.sweep.run_sequential`): what a planner's loop over
    ``energymodel run`` does, minus the interpreter start-ups (which would flatter the sweep).
``sweep``
    :func:`energymodel.studies.sweep.run` with ``--force`` on a fresh LocalCluster of
    ``--workers`` single-threaded processes; the timing includes starting the cluster and the
    workers' imports.

The two sides must agree: every scenario's objective equal to 1e-6 (relative). Target: speed-up
(sequential / sweep) >= 1.7 on two workers. Results go to ``results/bench/sweep.json``.
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
from energymodel.studies import sweep

TARGET = 1.7
DEFAULT_FILE = Path("networks/scenarios/bench8.yaml")


def objectives(root: Path) -> dict[str, float]:
    """Objective of every finished scenario under a sweep folder."""
    return {p.parent.name: json.loads(p.read_text())["objective_eur"]
            for p in sorted(root.glob("*/summary.json"))}


def measure(path: Path, workers: int, work: Path) -> dict:
    """Run both sides once; return timings, the speed-up and the objective check."""
    t0 = time.perf_counter()
    seq = sweep.run_sequential(path, work / "sequential")
    t_seq = time.perf_counter() - t0
    t0 = time.perf_counter()
    par = sweep.run(path, workers=workers, out_root=work / "sweep", force=True,
                    progress=False, compare=False)
    t_par = time.perf_counter() - t0
    failed = [r["name"] for r in seq if r["status"] != "done"] + [r["name"] for r in par.failed]
    a = objectives(next((work / "sequential").iterdir()))
    b = objectives(par.folder)
    worst = max((abs(a[k] - b[k]) / abs(a[k]) for k in a if k in b), default=math.inf)
    return {"scenarios": len(seq), "workers": workers, "sequential_s": t_seq,
            "sweep_s": t_par, "speedup": t_seq / t_par, "target": TARGET,
            "passed": t_seq / t_par >= TARGET and not failed and worst <= 1e-6
            and set(a) == set(b),
            "failed": failed, "objective_max_rel_diff": worst,
            "sequential_scenario_seconds": {r["name"]: r["seconds"] for r in seq},
            "sweep_scenario_seconds": {r["name"]: r["seconds"] for r in par.records}}


def main(argv: list[str] | None = None) -> int:
    """Command line of ``make bench-sweep``."""
    p = argparse.ArgumentParser(prog="python -m bench.sweep", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("scenarios", type=Path, nargs="?", default=DEFAULT_FILE)
    p.add_argument("--workers", type=int, default=2, help="Dask workers (default 2)")
    p.add_argument("--out", type=Path, default=Path("results/bench"), help="output folder")
    args = p.parse_args(argv)
    setup_logging(verbose=False, quiet=True)
    with tempfile.TemporaryDirectory(prefix="bench_sweep_") as tmp:
        res = measure(args.scenarios, args.workers, Path(tmp))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "sweep.json").write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    print(f"{res['scenarios']} scenarios of {args.scenarios}")
    print(f"  one after another (1 process): {res['sequential_s']:8.1f} s")
    print(f"  Dask sweep ({res['workers']} workers):       {res['sweep_s']:8.1f} s")
    print(f"  speed-up {res['speedup']:.2f}x (target >= {TARGET}x); objectives agree to "
          f"{res['objective_max_rel_diff']:.1e}; failed: {', '.join(res['failed']) or 'none'}")
    print("PASS" if res["passed"] else "FAIL")
    return 0 if res["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
