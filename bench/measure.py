"""Measuring a side of the benchmark: wall seconds, peak memory, a fresh interpreter each.

Standard library only at module level: spawned workers import this module, and the raw
highspy workers must not pay for pandas or PyPSA.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager, suppress
from multiprocessing import get_context
from pathlib import Path

logger = logging.getLogger(__name__)

#: Largest relative difference allowed between two objectives.
OBJECTIVE_RTOL = 1e-6
#: Packages whose versions a benchmark records.
PACKAGES = ("energymodel", "pypsa", "linopy", "highspy", "pyomo", "numpy", "pandas")
#: Writing 5 here resets this process's peak RSS (Linux).
HWM_RESET = Path("/proc/self/clear_refs")


def status_mb(field: str) -> float | None:
    """A memory field of /proc/self/status (``VmHWM``, ``VmRSS``) in MB; None off Linux."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def rusage_mb(who: str) -> float:
    """``ru_maxrss`` of ``RUSAGE_SELF`` or ``RUSAGE_CHILDREN`` in MB (0 where unavailable)."""
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, kB on Linux
    return resource.getrusage(getattr(resource, who)).ru_maxrss * scale / 2**20


def peak_mb() -> float:
    """Peak resident set size of this process since the last reset, MB."""
    peak = status_mb("VmHWM")
    return peak if peak is not None else rusage_mb("RUSAGE_SELF")


def reset_peak() -> None:
    """Reset this process's peak RSS (Linux); elsewhere the peak stays cumulative."""
    with suppress(OSError):
        HWM_RESET.write_text("5")


@contextmanager
def stage(record: dict[str, dict[str, float]], name: str) -> Iterator[None]:
    """Time a stage and record wall seconds, peak RSS and the largest worker's peak RSS.

    ``RUSAGE_CHILDREN`` is a running maximum over the process's life: the worker peak is
    only the stage's own in a process with no earlier children (each side runs fresh).
    """
    reset_peak()
    children = rusage_mb("RUSAGE_CHILDREN")
    start = time.perf_counter()
    yield
    seconds = time.perf_counter() - start
    child = rusage_mb("RUSAGE_CHILDREN")
    record[name] = {"seconds": seconds, "peak_mb": peak_mb(),
                    "child_peak_mb": child if child > children else 0.0}
    logger.info("%s: %.2f s, peak %.0f MB, child peak %.0f MB", name, seconds,
                record[name]["peak_mb"], record[name]["child_peak_mb"])


@contextmanager
def timers(record: dict[str, float]) -> Iterator[None]:
    """Add the seconds spent in the project's solve steps to ``record`` (one process only)."""
    import linopy

    from energymodel.model import aggregate, inputs, network, solve

    def timed(fn: Callable, key: str, after: Callable | None = None) -> Callable:
        def wrapper(*args: object, **kwargs: object) -> object:
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                record[key] = record.get(key, 0.0) + time.perf_counter() - start
                if after is not None:
                    after(*args)
        return wrapper

    def highs_run(model: linopy.Model) -> None:
        h = getattr(model, "solver_model", None)
        if h is not None:
            record["highs_run"] = record.get("highs_run", 0.0) + float(h.getRunTime())

    targets = [(inputs, "load", "inputs", None), (network, "build", "build", None),
               (aggregate, "resample", "resample", None), (solve, "optimize", "optimize", None),
               (linopy.Model, "solve", "linopy_solve", highs_run)]
    saved = [(owner, name, getattr(owner, name)) for owner, name, _, _ in targets]
    for owner, name, key, after in targets:
        setattr(owner, name, timed(getattr(owner, name), key, after))
    try:
        yield
    finally:
        for owner, name, fn in saved:
            setattr(owner, name, fn)


def init_worker(level: int) -> None:
    """Log in a fresh interpreter as the benchmark's own command line does."""
    from energymodel.cli import setup_logging

    os.dup2(2, 1)  # HiGHS's banner and any C-level output to stderr: stdout is for the table
    setup_logging(verbose=level < logging.INFO, quiet=level > logging.INFO)


def fresh(fn: Callable[..., dict], *args: object) -> dict:
    """Run ``fn(*args)`` in a fresh interpreter (so its peak memory is its own)."""
    with ProcessPoolExecutor(1, mp_context=get_context("spawn"), initializer=init_worker,
                             initargs=(logging.getLogger().getEffectiveLevel(),)) as pool:
        return pool.submit(fn, *args).result()


def rel_diff(a: float, b: float) -> float:
    """Relative difference of ``a`` to ``b`` (absolute below 1)."""
    return abs(a - b) / max(abs(b), 1.0)
