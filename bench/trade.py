"""The trade network's solve time beside the default network's, measured in one run.

``python -m bench.trade [--resolution STEP] [--repeats N] [--workers W]`` (part of
``make bench``; alone: ``make bench-trade``)

Three sides, interleaved (default, trade, trade with paired runs, default, ...) in fresh
interpreters so machine noise hits all alike:

``default``
    ``networks/uk_india.yaml``: :func:`energymodel.model.solve.solve` on ``W`` processes;
``trade``
    ``networks/uk_india_trade.yaml`` (offshore placement allowed at the UK sites, six export
    routes from the Indian hubs) solved the same way, without its paired runs;
``paired``
    the trade network's paired runs for the cost of placement
    (:func:`energymodel.model.solve.forced_placements`) after its solve, timed apart.

Inputs are loaded before each clock starts. Ratios are taken pair by pair against the
default side of the same repeat; medians are reported. Results go to
``results/bench/trade.json``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from bench.measure import fresh

DEFAULT = "networks/uk_india.yaml"
TRADE = "networks/uk_india_trade.yaml"


def side(network: str, resolution: str | None, workers: int, paired: bool) -> dict:
    """Solve ``network``; with ``paired`` also its placement paired runs, timed apart."""
    from energymodel import config
    from energymodel.model import inputs, solve

    nf = config.load(network)
    inp = inputs.load(nf)
    start = time.perf_counter()
    n = solve.solve(nf, resolution, workers=workers, inp=inp)
    seconds = time.perf_counter() - start
    out = {"seconds": seconds, "objective": float(n.objective)}
    if paired:
        start = time.perf_counter()
        forced = solve.forced_placements(nf, n, resolution, segments=None, inp=inp)
        out["paired_seconds"] = time.perf_counter() - start
        out["paired_runs"] = len(forced)
    return out


def measure(resolution: str | None, repeats: int, workers: int) -> dict:
    """Every side ``repeats`` times, interleaved; medians and ratios to the default network."""
    runs: dict[str, list[dict]] = {"default": [], "trade": []}
    for _ in range(repeats):
        runs["default"].append(fresh(side, DEFAULT, resolution, workers, False))
        runs["trade"].append(fresh(side, TRADE, resolution, workers, True))
    ratios = [t["seconds"] / d["seconds"] for d, t in zip(runs["default"], runs["trade"],
                                                           strict=True)]
    paired = [t["paired_seconds"] / d["seconds"] for d, t in zip(runs["default"],
                                                                 runs["trade"], strict=True)]
    return {"resolution": resolution or "1h", "workers": workers, "repeats": repeats,
            "seconds": {k: [r["seconds"] for r in v] for k, v in runs.items()},
            "paired_seconds": [r["paired_seconds"] for r in runs["trade"]],
            "paired_runs": runs["trade"][0]["paired_runs"],
            "median_s": {k: statistics.median(r["seconds"] for r in v) for k, v in runs.items()},
            "trade_over_default": ratios, "median_ratio": statistics.median(ratios),
            "paired_over_default": paired, "median_paired_ratio": statistics.median(paired),
            "objective": {k: v[0]["objective"] for k, v in runs.items()}}


def text(doc: dict) -> str:
    """The measurement as a few lines of plain text."""
    return "\n".join([
        f"trade network against the default network at {doc['resolution']}, "
        f"{doc['workers']} workers, {doc['repeats']} interleaved repeats",
        f"  default solve:       {doc['median_s']['default']:8.1f} s (median)",
        f"  trade solve:         {doc['median_s']['trade']:8.1f} s (median)",
        f"  trade / default:     {doc['median_ratio']:.2f}x (pairs "
        + ", ".join(f"{r:.2f}" for r in doc["trade_over_default"]) + ")",
        f"  paired runs ({doc['paired_runs']}): "
        f"{statistics.median(doc['paired_seconds']):8.1f} s, "
        f"{doc['median_paired_ratio']:.2f}x the default solve"])


def main(argv: list[str] | None = None) -> int:
    """Command line of ``make bench-trade``."""
    p = argparse.ArgumentParser(prog="python -m bench.trade", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--resolution", default="3h", help="time step (default 3h, as make trade)")
    p.add_argument("--repeats", type=int, default=1, help="interleaved repeats (default 1)")
    p.add_argument("--workers", type=int, default=2, help="processes per solve (default 2)")
    p.add_argument("--out", type=Path, default=Path("results/bench"), help="output folder")
    args = p.parse_args(argv)
    doc = measure(args.resolution, args.repeats, args.workers)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "trade.json").write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    print(text(doc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
