"""The scaling series: the project's solve on more snapshots and more hubs.

``solve.solve`` alone (fresh interpreter per point, ``W`` processes, one run each) on the same
hubs at coarser steps (default 8, 4 and 2 times the bench's step), and on the first 1, 2, 3 and
5 hubs of the network file at 4 times the bench's step.
"""

from __future__ import annotations

import logging
import math
import os
from dataclasses import dataclass
from pathlib import Path

from bench.measure import fresh, stage
from bench.sides import network_file

logger = logging.getLogger(__name__)


def step_hours(step: str | None, option: str = "--resolution") -> int:
    """Hours of a time step such as ``"3h"`` (None: hourly); an InputError names ``option``."""
    from energymodel import config
    from energymodel.errors import InputError

    try:
        checked = config.check_resolution(step)
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
        hours = step_hours(resolution)
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

    base = f"{step_hours(resolution)}h"
    bad = [k for k in scaling.hub_counts if k < 1]
    if bad:
        option = "--scaling-hubs"
        raise InputError(option, str(bad[0]), "must be at least 1")
    steps = {f"{step_hours(s, '--scaling-steps')}h" for s in scaling.steps} | {base}
    hub_step = (f"{step_hours(scaling.hub_resolution, '--scaling-resolution')}h"
                if scaling.hub_resolution else base)
    points = [{"series": "snapshots", "hubs": list(hubs), "resolution": s, "reuse": s == base}
              for s in sorted(steps, key=step_hours, reverse=True)]
    points += [{"series": "hubs", "hubs": list(hubs[:k]), "resolution": hub_step,
                "reuse": k == len(hubs) and hub_step == base}
               for k in sorted({min(k, len(hubs)) for k in scaling.hub_counts})]
    return points


def scaling_point(path: str, hubs: list[str], resolution: str, workers: int | None) -> dict:
    """Time :func:`energymodel.model.solve.solve` on ``hubs`` at ``resolution`` (fresh
    interpreter)."""
    from energymodel.model import solve

    nf = network_file(path, hubs)
    procs = min(workers or os.cpu_count() or 1, len(solve.hub_groups(nf)))
    stages: dict[str, dict[str, float]] = {}
    with stage(stages, "solve"):
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
                measured[key] = {**fresh(scaling_point, str(path), point["hubs"],
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
