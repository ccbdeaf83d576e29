"""One run, end to end: network file -> inputs -> PyPSA network -> solve -> results -> report.

Results are written into a temporary folder next to the target and renamed into place only
when complete, so a failed or interrupted run never leaves half-written results.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import shutil
import tempfile
import time
from dataclasses import replace
from importlib.metadata import version
from pathlib import Path

import pandas as pd
import pypsa

from energymodel import config, inputs, report, results, solve
from energymodel.errors import InputError

logger = logging.getLogger(__name__)

RESULTS_ROOT = Path("results")
MANIFEST = "manifest.json"
_PACKAGES = ("energymodel", "pypsa", "linopy", "highspy", "pandas", "numpy", "plotly")


def with_overrides(nf: config.NetworkFile, cost_year: int | None) -> config.NetworkFile:
    """Return a copy of the network file with command-line overrides applied."""
    if cost_year is None:
        return nf
    data = nf.network.model_dump(mode="json", exclude_none=True)
    data["costs"]["year"] = cost_year
    return config.parse(data, nf.path)


def check_resolution(resolution: str | None) -> str | None:
    """Validate a ``--resolution`` step: a whole number of hours such as ``3h``."""
    if not resolution:
        return None
    option = "--resolution"
    try:
        step = pd.Timedelta(resolution)
    except ValueError:
        raise InputError(option, resolution, "not a time step such as 3h") from None
    if step < pd.Timedelta("1h") or step % pd.Timedelta("1h"):
        raise InputError(option, resolution, "must be a whole number of hours")
    return f"{step // pd.Timedelta('1h')}h"


def check_segments(segments: int | None, resolution: str | None) -> int | None:
    """Validate ``--segments``: a positive count, not combined with ``--resolution``."""
    if segments is None:
        return None
    option = "--segments"
    if segments < 1:
        raise InputError(option, str(segments), "must be a positive number of segments")
    if resolution and resolution != "1h":
        raise InputError(option, str(segments), "give --resolution or --segments, not both")
    return segments


def run(path: str | Path | config.NetworkFile, *, cost_year: int | None = None,
        resolution: str | None = None, out: str | Path | None = None, write_report: bool = True,
        solver_options: dict | None = None, workers: int | None = None,
        segments: int | None = None, meta: dict | None = None) -> Path:
    """Solve a network file and write its results folder; return the folder.

    ``meta`` is recorded under ``run`` in manifest.json (a sweep stores its scenario hash
    there, so a rerun can tell finished work from stale work).
    """
    t0 = time.perf_counter()
    nf = path if isinstance(path, config.NetworkFile) else config.load(path)
    nf = with_overrides(nf, cost_year)
    resolution = check_resolution(resolution)
    segments = check_segments(segments, resolution)
    target = Path(out) if out else RESULTS_ROOT / nf.network.name
    inp = inputs.load(nf)  # every input is checked before anything is solved
    n = solve.solve(nf, resolution, solver_options, workers, segments=segments)
    hub_names = {k: (h.name, h.country) for k, h in nf.network.hubs.items()}
    ci = solve.aligned(inp.grid_ci, n)
    res = results.summarise(n, hub_names, ci)
    if n.meta.get("certification"):
        res = replace(res, certification=results.certification(
            res, n, ci, without_rules(nf, n, resolution, solver_options, workers, segments)))
    if not inp.minerals.empty:
        res = replace(res, minerals=results.minerals(n, nf, inp))
    t_write = time.perf_counter()
    label = f"{segments} segments" if segments else resolution or "1h"
    folder = write(target, n, res, nf, inp, label, write_report=write_report, meta=meta)
    logger.info("Wrote %s in %.1f s (total %.1f s)", folder, time.perf_counter() - t_write,
                time.perf_counter() - t0)
    return folder


def without_rules(nf: config.NetworkFile, n: pypsa.Network, resolution: str | None,
                  options: dict | None, workers: int | None,
                  segments: int | None = None) -> dict[str, float]:
    """LCOH of the hubs whose certification rules bind, re-solved without the rules.

    Only hubs with a binding rule (non-zero dual) are re-solved: for the others the optimum
    without the rule is the same (convex LP), so their cost of compliance is zero.
    """
    hubs = sorted(n.meta.get("binding_rules", {}))
    if not hubs:
        return {}
    logger.info("Paired run without certification rules for %s", ", ".join(hubs))
    data = nf.network.model_dump(mode="json", exclude_none=True)
    for hub in hubs:
        data["hubs"][hub]["certification"]["standards"] = []
    free = config.parse(data, nf.path)
    m = solve.solve(free, resolution, options, workers, hubs=hubs, segments=segments)
    solved = [h for h in free.network.hubs if h in set(m.buses.location)]  # coupled hubs too
    names = {h: (free.network.hubs[h].name, free.network.hubs[h].country) for h in solved}
    ci = solve.aligned(inputs.load(free).grid_ci, m)
    table = results.summarise(m, names, ci).hubs.set_index("hub")
    return {h: float(table.at[h, "lcoh_eur_per_kg"]) for h in hubs}


def _clean(value: object) -> object:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def summary(res: results.Results, nf: config.NetworkFile, inp: inputs.Inputs,
            resolution: str, n_snapshots: int) -> dict:
    """The summary.json document."""
    net = nf.network
    metrics = res.hubs.set_index("hub").drop(columns=["name", "country"])
    breakdown = res.lcoh_breakdown.pivot(index="hub", columns="component",
                                         values="lcoh_eur_per_kg")
    hubs = {}
    for key, hub in net.hubs.items():
        caps = res.capacities[res.capacities.hub == key].groupby("category").capacity.sum()
        hubs[key] = {
            "name": hub.name, "country": hub.country,
            **{k: _clean(float(v)) for k, v in metrics.loc[key].items()},
            "lcoh_breakdown_eur_per_kg": {c: float(breakdown.at[key, c])
                                          for c in results.COMPONENTS},
            "capacities": {c: float(v) for c, v in caps.items()},
        }
    total_cost = float(res.hubs.set_index("hub").at["total", "annual_cost_eur"])
    return {
        "network": net.name,
        "title": net.title or net.name,
        "cost_year": net.costs.year,
        "discount_rate": net.costs.discount_rate,
        "resolution": resolution,
        "snapshots": n_snapshots,
        "lcoh_definition": results.LCOH_DEFINITION,
        "objective_eur": res.objective,
        "total_annual_system_cost_eur": total_cost,
        "costs_add_up": math.isclose(total_cost, res.objective, rel_tol=1e-6),
        "hubs": hubs,
        "certification": [] if res.certification is None else [
            {k: _clean(v.item() if hasattr(v, "item") else v) for k, v in row.items()}
            for row in res.certification.to_dict("records")],
        "total": {k: _clean(float(v)) for k, v in metrics.loc["total"].items()},
        "minerals": None if res.minerals is None else minerals_summary(res.minerals, nf),
        "inputs_hash": inp.digest,
        "versions": {p: version(p) for p in _PACKAGES},
    }


def minerals_summary(acc: results.MineralAccounts, nf: config.NetworkFile) -> dict:
    """The ``minerals`` block of summary.json: totals by scope, caps, missing figures."""
    mcfg = nf.network.minerals
    totals: dict[str, dict] = {}
    for row in acc.totals.to_dict("records"):
        totals.setdefault(row["scope"], {})[row["mineral"]] = {
            k: _clean(row[k]) for k in ("demand_kg", "primary_kg", "share_of_world_supply_pct",
                                        "missing", "missing_for")}
    return {
        "intensities": str(mcfg.intensities),
        "recycled_share": dict(mcfg.recycled_share),
        "totals": totals,
        "caps": [{k: _clean(v.item() if hasattr(v, "item") else v) for k, v in r.items()}
                 for r in acc.caps.to_dict("records")],
        "missing_figures": sorted({f"{r.technology} {r.variant}: {r.mineral}"
                                   for r in acc.table.itertuples()
                                   if r.status == "no citable figure"}),
    }


def write(target: Path, n: pypsa.Network, res: results.Results, nf: config.NetworkFile,
          inp: inputs.Inputs, resolution: str, *, write_report: bool = True,
          meta: dict | None = None) -> Path:
    """Write every result file into a temporary folder, then move it into place."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    tmp.chmod(0o777 & ~_umask())  # mkdtemp makes it private (0700); results are for sharing
    try:
        n.export_to_netcdf(tmp / "network.nc")
        res.hubs.to_csv(tmp / "hubs.csv", index=False)
        res.lcoh_breakdown.to_csv(tmp / "lcoh_breakdown.csv", index=False)
        res.capacities.to_csv(tmp / "capacities.csv", index=False)
        res.dispatch.to_csv(tmp / "dispatch.csv", index=False, float_format="%.4f",
                            date_format="%Y-%m-%dT%H:%M:%SZ")
        results.assumptions(nf, inp).to_csv(tmp / "assumptions.csv", index=False)
        if res.certification is not None:
            res.certification.to_csv(tmp / "certification.csv", index=False)
        if res.minerals is not None:
            res.minerals.table.to_csv(tmp / "minerals.csv", index=False)
            res.minerals.totals.to_csv(tmp / "mineral_totals.csv", index=False)
            res.minerals.caps.to_csv(tmp / "mineral_caps.csv", index=False)
        doc = summary(res, nf, inp, resolution, len(n.snapshots))
        (tmp / "summary.json").write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
        if write_report:
            report.write(tmp)
        write_manifest(tmp, doc, meta)
        old = None
        if target.exists():
            old = target.with_name(f".{target.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            target.rename(old)
        tmp.rename(target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_manifest(folder: Path, doc: dict, meta: dict | None = None) -> Path:
    """Write ``manifest.json``: input hash, package versions and SHA-256 of every file written.

    Written last, so it covers every other file of the results folder (``energymodel report``
    rebuilds report.html byte for byte from unchanged tables, so its hash stays valid).
    """
    files = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted(folder.iterdir()) if p.is_file() and p.name != MANIFEST}
    body = {"network": doc["network"], "inputs_hash": doc["inputs_hash"],
            "versions": doc["versions"], "files": files}
    if meta:
        body["run"] = meta
    path = folder / MANIFEST
    path.write_text(json.dumps(body, indent=2) + "\n", encoding="utf-8")
    return path
