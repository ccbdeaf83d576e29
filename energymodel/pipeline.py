"""One run, end to end: network file -> inputs -> PyPSA network -> solve -> results -> pages.

Each step is one call into its subpackage, and each receives only what it needs::

    config.load -> model.inputs.load -> model.solve.solve -> results.summarise
                -> results.folder.write (+ report.write)

The inputs are read once and handed to every step that needs them (the hub groups' solves,
the paired certification run, the result tables).
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from energymodel import config, report, results
from energymodel.model import basis, inputs, solve
from energymodel.results import folder, sources

logger = logging.getLogger(__name__)


def with_overrides(nf: config.NetworkFile, cost_year: int | None) -> config.NetworkFile:
    """Return a copy of the network file with command-line overrides applied."""
    return config.with_changes(nf, {} if cost_year is None else {"costs.year": cost_year})


def run(path: str | Path | config.NetworkFile, *, cost_year: int | None = None,
        resolution: str | None = None, out: str | Path | None = None, write_report: bool = True,
        solver_options: dict | None = None, workers: int | None = None,
        segments: int | None = None, meta: dict | None = None,
        warm_from: Sequence[str | Path] = ()) -> Path:
    """Solve a network file and write its results folder; return the folder.

    ``meta`` is recorded under ``run`` in manifest.json (a sweep stores its scenario hash
    there, so a rerun can tell finished work from stale work). ``warm_from`` are results
    folders whose kept bases may start the hub groups' solves (the first that fits each
    group's LP; :mod:`energymodel.model.basis`); the bases of this run are kept in its
    folder's ``basis/`` either way.
    """
    t0 = time.perf_counter()
    nf = path if isinstance(path, config.NetworkFile) else config.load(path)
    nf = with_overrides(nf, cost_year)
    resolution = config.check_resolution(resolution)
    segments = config.check_segments(segments, resolution)
    target = Path(out) if out else folder.RESULTS_ROOT / nf.network.name
    solve.check_options(nf.network.solver.options, nf.path, "solver.options")
    solve.check_options(solver_options or {}, "--solver-option", "")
    inp = inputs.load(nf)  # every input is checked before anything is solved
    used = sources.sources(inp.files, nf.path)  # for the results folder; read before solving
    prices = sources.references(inp.files, {k: h.country for k, h in nf.network.hubs.items()})
    with tempfile.TemporaryDirectory(prefix="energymodel-bases-") as bases:
        warm = basis.Warm(read=[Path(f) / folder.BASIS_DIR for f in warm_from],
                          write=Path(bases))
        n = solve.solve(nf, resolution, solver_options, workers, segments=segments, inp=inp,
                        warm=warm)
        free = None
        if n.meta.get("certification"):
            free = solve.without_rules(nf, n, resolution, solver_options, workers, segments,
                                       inp)
        forced = solve.forced_placements(nf, n, resolution, solver_options, segments, inp)
        res = results.summarise(n, nf, inp, free, forced)
        t_write = time.perf_counter()
        label = f"{segments} segments" if segments else resolution or "1h"
        written = folder.write(target, n, res, nf, inp.digest, label,
                               pages=[report.write] if write_report else [], meta=meta,
                               sources=used, references=prices, bases=Path(bases))
    logger.info("Wrote %s in %.1f s (total %.1f s)", written, time.perf_counter() - t_write,
                time.perf_counter() - t0)
    return written
