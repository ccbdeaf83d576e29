"""The segmentation report: segmented runs against the full-resolution run, per hub.

:func:`segment_report` solves the network at the bench's resolution and at each segment
count, in this process one after another, with per-hub LCOH and capacity errors and the
speed-up; target: some count >= 10x faster with LCOH error <= 2 % in every hub.
"""

from __future__ import annotations

import json
import logging
import time
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from bench.measure import PACKAGES
from bench.sides import network_file

if TYPE_CHECKING:
    from energymodel import config
    from energymodel.model.inputs import Inputs

logger = logging.getLogger(__name__)


#: Capacity categories of the segmentation error report (results.capacities categories).
SEGMENT_CATEGORIES = ("electrolysis", "hydrogen storage", "wind")
#: Segmentation target of issue 5: at least this speed-up with at most this LCOH error per hub.
SEGMENT_TARGET = {"speedup": 10.0, "lcoh_error": 0.02}


def hub_figures(nf: config.NetworkFile, n: object, inp: Inputs) -> dict[str, dict]:
    """LCOH (EUR/kg) and capacities by category per hub of a solved network."""
    from energymodel import results

    res = results.summarise(n, nf, inp)
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
    ``resolution``), and the speed-up of :func:`energymodel.model.solve.solve` (segmentation
    included). Writes ``segments.csv`` and ``segments.json`` into ``out``.
    """
    import pandas as pd

    from energymodel import config
    from energymodel.errors import InputError
    from energymodel.model import inputs, solve

    nf = network_file(str(path), hubs)
    resolution = config.check_resolution(resolution)
    for k in segments:
        config.check_segments(k, None)
    if workers is not None and workers < 1:
        option = "--workers"
        raise InputError(option, str(workers), "must be at least 1")
    inp = inputs.load(nf)
    runs = []
    for k in [None, *segments]:
        logger.info("Segment report: %s", f"{k} segments" if k else resolution or "1h")
        start = time.perf_counter()
        n = solve.solve(nf, resolution if k is None else None, workers=workers, segments=k,
                        inp=inp)
        seconds = time.perf_counter() - start
        runs.append({"segments": k, "seconds": seconds, "snapshots": len(n.snapshots),
                     "objective": float(n.objective), "hubs": hub_figures(nf, n, inp)})
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
           "target": SEGMENT_TARGET, "versions": {p: version(p) for p in (*PACKAGES, "tsam")}}
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
