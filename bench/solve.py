"""``make bench``: this project against raw highspy, plain PyPSA and Pyomo, in one run.

``python -m bench.solve networks/uk_india.yaml [--resolution 3h] [--repeats 3]``. The method is
in :mod:`bench`; this module decides what to measure, runs the sides (:mod:`bench.sides`), the
scaling series (:mod:`bench.scaling`) and the segmentation report (:mod:`bench.segments`),
judges the targets and writes the files.
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
from collections.abc import Sequence
from dataclasses import asdict
from importlib.metadata import version
from pathlib import Path

from bench.measure import OBJECTIVE_RTOL, PACKAGES, fresh, rel_diff
from bench.scaling import SCALING_COLUMNS, Scaling, scaling_plan, scaling_series
from bench.segments import DEFAULT_SEGMENTS, SEGMENT_TARGET, segment_report, segment_table
from bench.sides import (
    PLAIN_OPTIONS,
    PYOMO_OPTIONS,
    SERIAL_PARTS,
    export_lps,
    highspy_side,
    network_file,
    plain_side,
    project_side,
    pyomo_coverage,
    pyomo_side,
    solver_options,
)
from bench.text import table

logger = logging.getLogger(__name__)

#: Overhead ratio over raw HiGHS this project aims for (issue 16: "at most 1.1"; was 1.2).
TARGET_RATIO = 1.1
#: Speed-up over the plain PyPSA script and over the Pyomo formulation (issue 16: "at least
#: 5x"; was 3x).
TARGET_SPEEDUP = 5.0
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


class Medians:
    """The median figures of the measured sides (one list of runs per side)."""

    def __init__(self, runs: dict[str, list[dict]]) -> None:
        self.runs = runs

    def stage(self, side: str, stage: str, key: str = "seconds") -> float:
        """Median of one stage's figure over the repeats."""
        return statistics.median(r["stages"][stage][key] for r in self.runs[side])

    def counted(self, side: str) -> tuple[str, ...]:
        """The stages that make a side's solve seconds."""
        if side == "plain":
            return ("build", "optimize")
        if side == "pyomo":
            return ("model", "solve")
        if side.startswith("project"):
            return ("solve",)
        return ("pool",) if "pool" in self.runs[side][0]["stages"] else ("read", "run")

    def seconds(self, side: str) -> float:
        """A side's solve seconds (medians of its counted stages)."""
        return sum(self.stage(side, s) for s in self.counted(side))

    def speedup(self, side: str, over: str) -> float | None:
        """``side``'s seconds over ``over``'s; None when ``side`` was not measured."""
        return self.seconds(side) / self.seconds(over) if side in self.runs else None


def _plan(path: Path, resolution: str | None, hubs: list[str] | None, workers: int | None,
          plain: bool, pyomo: bool, segments: Sequence[int]) -> dict:
    """Check the arguments and decide what to measure (sides, processes, skipped sides)."""
    from energymodel import config
    from energymodel.errors import InputError
    from energymodel.model import solve

    known = config.load(path).network.hubs
    unknown = set(hubs or ()) - set(known)
    if unknown:
        option, msg = "--hubs", f"not a hub (hubs: {', '.join(known)})"
        raise InputError(option, ", ".join(sorted(unknown)), msg)
    if workers is not None and workers < 1:
        option, msg = "--workers", "must be at least 1"
        raise InputError(option, str(workers), msg)
    for k in segments:
        config.check_segments(k, None)
    groups = solve.hub_groups(network_file(str(path), hubs))
    procs = min(workers or os.cpu_count() or 1, len(groups))  # as solve.solve decides
    skipped: dict[str, str] = {}
    if not plain:
        skipped["plain"] = "skipped (--skip-plain)"
    if not segments:
        skipped["segments"] = "skipped (no --segments)"
    if pyomo:
        refused = fresh(pyomo_coverage, str(path), resolution, hubs).get("refused")
        if refused:
            skipped["pyomo"] = f"skipped: {refused[1]}: {refused[2]}"
            logger.warning("Pyomo side %s", skipped["pyomo"])
    else:
        skipped["pyomo"] = "skipped (--skip-pyomo)"
    sides = [s for s in SIDES if (procs > 1 or "serial" not in s) and s not in skipped]
    return {"selected": [h for h in known if not hubs or h in hubs], "groups": groups,
            "procs": procs, "skipped": skipped, "sides": sides}


def measure_sides(path: Path, resolution: str | None, hubs: list[str] | None, procs: int,
                  sides: list[str], repeats: int, options: dict
                  ) -> tuple[dict[str, list[dict]], list[dict]]:
    """Every side ``repeats`` times, interleaved, each in a fresh interpreter; and the LPs."""
    runs: dict[str, list[dict]] = {s: [] for s in sides}
    with tempfile.TemporaryDirectory(prefix="energymodel-bench-") as tmp:
        lps = fresh(export_lps, str(path), resolution, hubs, tmp)
        logger.info("Exported the LPs of %d hub groups", len(lps))
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
                runs[side].append(fresh(*calls[side]))
    if procs == 1:  # the serial sides are the measured sides themselves
        runs["project serial"], runs["highspy serial"] = runs["project"], runs["highspy"]
    return runs, lps


def _document(path: Path, resolution: str | None, hubs: list[str] | None, repeats: int,
              plan: dict, options: dict, runs: dict[str, list[dict]], lps: list[dict]
              ) -> tuple[dict, list[dict]]:
    """The benchmark document of the measured sides, and the stage rows of bench.csv."""
    m = Medians(runs)
    med, seconds, speedup = m.stage, m.seconds, m.speedup
    sides, procs, groups, skipped = plan["sides"], plan["procs"], plan["groups"], plan["skipped"]
    counted, plain = m.counted, "plain" not in skipped
    rows = [{"repeat": i + 1, "side": side, "stage": stage, **values}
            for side in sides for i, r in enumerate(runs[side])
            for stage, values in r["stages"].items()]
    objectives = {side: runs[side][0]["objective"] for side in sides}
    diffs = {side: rel_diff(obj, objectives["project"]) for side, obj in objectives.items()}
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
        "versions": {p: version(p) for p in PACKAGES},
        "machine": {"nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                    else os.cpu_count(), "platform": platform.platform(),
                    "python": platform.python_version()},
    }
    doc["summary"] = summary
    return doc, rows


def run(path: str | Path, *, resolution: str | None = None, hubs: list[str] | None = None,
        repeats: int = 1, workers: int | None = None, plain: bool = True, pyomo: bool = True,
        segments: Sequence[int] = (), scaling: Scaling | None = None,
        out: str | Path = Path("results/bench"), chart: bool = True) -> dict:
    """Measure every side ``repeats`` times, interleaved; then the scaling series and the
    segmentation report; judge the targets; write the files (see :mod:`bench`).

    Parameters
    ----------
    workers : int, optional
        Processes of the project's solve and of the raw highspy side (default: the machine's
        cores, at most one per hub group, as :func:`energymodel.model.solve.solve`). With one,
        the serial sides are the project and highspy sides themselves and are not run twice.
    plain, pyomo : bool
        Include the plain PyPSA and the Pyomo joint solves (slow at hourly resolution).
    segments : sequence of int
        Segment counts of :func:`bench.segments.segment_report` (none: no report).
    scaling : Scaling, optional
        The scaling series to measure (None: none).
    chart : bool
        Write ``bench.html``.
    """
    import pandas as pd

    from energymodel import config

    started = time.perf_counter()
    path, out = Path(path).resolve(), Path(out)
    resolution = config.check_resolution(resolution)
    plan = _plan(path, resolution, hubs, workers, plain, pyomo, segments)
    points = scaling_plan(plan["selected"], resolution, scaling) if scaling else []
    options = solver_options(path)
    runs, lps = measure_sides(path, resolution, hubs, plan["procs"], plan["sides"], repeats,
                              options)
    doc, rows = _document(path, resolution, hubs, repeats, plan, options, runs, lps)
    med = Medians(runs).stage
    project = {"snapshots": doc["snapshots"], "workers": plan["procs"],
               **{k: med("project", "solve", k) for k in ("seconds", "peak_mb",
                                                          "child_peak_mb")},
               "objective": doc["objectives"]["project"]}
    doc["scaling"] = scaling_series(path, points, workers, project) if points else []
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
    pd.DataFrame(doc["summary"]).to_csv(out / "summary.csv", index=False,
                                        float_format="%.10g")
    pd.DataFrame(doc["targets"]).to_csv(out / "targets.csv", index=False, float_format="%.6g")
    pd.DataFrame(doc["scaling"], columns=list(SCALING_COLUMNS)).to_csv(
        out / "scaling.csv", index=False, float_format="%.10g")
    doc["wall_seconds"] = time.perf_counter() - started
    doc["files"] = [f for f in FILES if segments or not f.startswith("segments.")]
    if chart:
        from energymodel.report import bench as bench_page

        bench_page.write(doc, out / "bench.html")
    else:
        doc["files"].remove("bench.html")
    (out / "bench.json").write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    return doc


#: Files :func:`run` writes into its output folder (segments.* only with a segment report).
FILES = ["bench.csv", "summary.csv", "targets.csv", "scaling.csv", "segments.csv",
         "segments.json", "bench.json", "bench.html"]


def main(argv: list[str] | None = None) -> int:
    """Command line of ``make bench``."""
    from energymodel.cli import setup_logging
    from energymodel.errors import EnergyModelError

    p = argparse.ArgumentParser(prog="python -m bench.solve", description=__doc__.split(
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
    from bench import solve  # workers must pickle bench.solve.*, not __main__.*

    sys.exit(solve.main())
