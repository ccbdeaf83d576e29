"""One run, end to end: network file -> inputs -> PyPSA network -> solve -> results -> report.

Results are written into a temporary folder next to the target and renamed into place only
when complete, so a failed or interrupted run never leaves half-written results.
"""

from __future__ import annotations

import json
import logging
import math
import shutil
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

import pandas as pd
import pypsa

from energymodel import config, inputs, report, results, solve
from energymodel.errors import InputError

logger = logging.getLogger(__name__)

RESULTS_ROOT = Path("results")
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


def aligned(frame: pd.DataFrame, n: pypsa.Network) -> pd.DataFrame:
    """Average an hourly input frame onto the (possibly resampled) snapshots of ``n``."""
    if len(frame.index) == len(n.snapshots):
        return frame
    return frame.groupby(n.snapshots[n.snapshots.searchsorted(frame.index, side="right") - 1]
                         ).mean()


def run(path: str | Path, *, cost_year: int | None = None, resolution: str | None = None,
        out: str | Path | None = None, write_report: bool = True,
        solver_options: dict | None = None, workers: int | None = None) -> Path:
    """Solve a network file and write its results folder; return the folder."""
    t0 = time.perf_counter()
    nf = with_overrides(config.load(path), cost_year)
    resolution = check_resolution(resolution)
    target = Path(out) if out else RESULTS_ROOT / nf.network.name
    inp = inputs.load(nf)  # every input is checked before anything is solved
    n = solve.solve(nf, resolution, solver_options, workers)
    t_write = time.perf_counter()
    hub_names = {k: (h.name, h.country) for k, h in nf.network.hubs.items()}
    res = results.summarise(n, hub_names, aligned(inp.grid_ci, n))
    folder = write(target, n, res, nf, inp, resolution or "1h", write_report=write_report)
    logger.info("Wrote %s in %.1f s (total %.1f s)", folder, time.perf_counter() - t_write,
                time.perf_counter() - t0)
    return folder


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
        "total": {k: _clean(float(v)) for k, v in metrics.loc["total"].items()},
        "inputs_hash": inp.digest,
        "versions": {p: version(p) for p in _PACKAGES},
    }


def write(target: Path, n: pypsa.Network, res: results.Results, nf: config.NetworkFile,
          inp: inputs.Inputs, resolution: str, *, write_report: bool = True) -> Path:
    """Write every result file into a temporary folder, then move it into place."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        n.export_to_netcdf(tmp / "network.nc")
        res.hubs.to_csv(tmp / "hubs.csv", index=False)
        res.lcoh_breakdown.to_csv(tmp / "lcoh_breakdown.csv", index=False)
        res.capacities.to_csv(tmp / "capacities.csv", index=False)
        res.dispatch.to_csv(tmp / "dispatch.csv", index=False, float_format="%.4f",
                            date_format="%Y-%m-%dT%H:%M:%SZ")
        results.assumptions(nf, inp).to_csv(tmp / "assumptions.csv", index=False)
        doc = summary(res, nf, inp, resolution, len(n.snapshots))
        (tmp / "summary.json").write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
        if write_report:
            report.write(tmp)
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
