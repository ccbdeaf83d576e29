"""What the electrolysers' operating limits cost in solve time: minimum load and part load.

``python -m bench.operation [NETWORK] [--resolution STEP] [--repeats N] [--workers W]``
(``make bench-operation``)

Two sides of the same network, measured in one run, interleaved (off, on, off, on, ...) in
fresh interpreters so machine noise hits both alike:

``off``
    every hub with ``electrolysis_operation: {min_load: false, part_load: false}``;
``on``
    every hub with both ``true`` (``planning_assumptions`` as the network file states them).

Each side times :func:`energymodel.model.solve.solve` (``W`` processes, inputs loaded before
the clock starts) and records the LP's size, the objective and every hub's LCOH, so the
effect on the answer is printed next to its cost. The ratio on / off is taken pair by pair
and its median reported. Issue 13's rule: the limits are on by default only if the ratio is
at most :data:`LIMIT`. Results go to ``results/bench/operation.json``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from bench.measure import fresh

#: On by default only if the limits slow the default run at most this much (issue 13).
LIMIT = 1.5
SIDES = {"off": {"min_load": False, "part_load": False},
         "on": {"min_load": True, "part_load": True}}


def side(network: str, flags: dict, resolution: str | None, workers: int) -> dict:
    """Solve the network with the electrolysers' operating limits set to ``flags``."""
    from energymodel import config
    from energymodel.model import inputs, solve
    from energymodel.results.summary import summarise

    nf = config.with_changes(config.load(network), {"hubs.*.electrolysis_operation": flags})
    inp = inputs.load(nf)
    start = time.perf_counter()
    n = solve.solve(nf, resolution, workers=workers, inp=inp)
    seconds = time.perf_counter() - start
    hubs = summarise(n, nf, inp).hubs.set_index("hub").lcoh_eur_per_kg
    return {"seconds": seconds, "objective": float(n.objective),
            "lcoh": {k: float(v) for k, v in hubs.items()}}


def measure(network: str, resolution: str | None, repeats: int, workers: int) -> dict:
    """Both sides ``repeats`` times, interleaved; medians, ratios and the LCOH effect."""
    runs: dict[str, list[dict]] = {k: [] for k in SIDES}
    for _ in range(repeats):
        for name, flags in SIDES.items():
            runs[name].append(fresh(side, network, flags, resolution, workers))
    ratios = [on["seconds"] / off["seconds"] for off, on in zip(runs["off"], runs["on"],
                                                                    strict=True)]
    ratio = statistics.median(ratios)
    return {"network": network, "resolution": resolution or "1h", "workers": workers,
            "repeats": repeats,
            "seconds": {k: [r["seconds"] for r in v] for k, v in runs.items()},
            "median_s": {k: statistics.median(r["seconds"] for r in v) for k, v in runs.items()},
            "ratios": ratios, "median_ratio": ratio, "limit": LIMIT,
            "default_on": ratio <= LIMIT,
            "objective": {k: v[0]["objective"] for k, v in runs.items()},
            "lcoh": {k: v[0]["lcoh"] for k, v in runs.items()}}


def text(doc: dict) -> str:
    """The measurement as a few lines of plain text."""
    lines = [f"{doc['network']} at {doc['resolution']}, {doc['workers']} workers, "
             f"{doc['repeats']} interleaved pairs",
             f"  limits off: {doc['median_s']['off']:8.1f} s (median)",
             f"  limits on:  {doc['median_s']['on']:8.1f} s (median)",
             f"  on / off: median {doc['median_ratio']:.2f}x over pairs "
             + ", ".join(f"{r:.2f}" for r in doc["ratios"])
             + f" (on by default only if <= {doc['limit']}x): "
             + ("on by default" if doc["default_on"] else "off by default"),
             "  LCOH EUR/kg (off -> on): " + ", ".join(
                 f"{h} {doc['lcoh']['off'][h]:.2f} -> {doc['lcoh']['on'][h]:.2f}"
                 for h in doc["lcoh"]["off"] if h in doc["lcoh"]["on"])]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line of ``make bench-operation``."""
    p = argparse.ArgumentParser(prog="python -m bench.operation", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("network", nargs="?", default="networks/uk_india.yaml")
    p.add_argument("--resolution", default=None, help="time step, e.g. 3h (default hourly)")
    p.add_argument("--repeats", type=int, default=1, help="interleaved pairs (default 1)")
    p.add_argument("--workers", type=int, default=2, help="processes per solve (default 2)")
    p.add_argument("--out", type=Path, default=Path("results/bench"), help="output folder")
    args = p.parse_args(argv)
    doc = measure(args.network, args.resolution, args.repeats, args.workers)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "operation.json").write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    print(text(doc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
