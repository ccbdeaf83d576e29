"""Run every scenario of a scenario file on Dask distributed, resumably.

``energymodel sweep networks/scenarios/uk_india.yaml [--scheduler ADDRESS] [--workers N]``

- The scenarios (:func:`energymodel.studies.scenarios.expand`) are all validated before
  anything runs.
- Each runs as one Dask task: :func:`energymodel.pipeline.run` on one core, writing
  ``results/<sweep>/<scenario>/`` exactly as a single run does (temporary folder, then rename:
  a killed task never leaves a half-written folder).
- Without ``--scheduler`` a :class:`distributed.LocalCluster` is started with one
  single-threaded worker process per core (HiGHS runs with ``threads=1``); with it, the tasks go
  to that existing cluster, whose workers need ``energymodel`` installed and the same paths.
- Warm starts (default; ``--cold`` to turn off): each scenario starts each hub's LP from the
  kept basis of its own earlier results, else of its nearest earlier scenario
  (:func:`energymodel.studies.scenarios.nearest`), and is submitted once that one has
  finished (:mod:`energymodel.model.basis`; the LP must have the same structure), unless a
  worker would idle and it differs from that one in kind (a cap where it has none): then it
  starts at once.
- A worker that dies (killed, out of memory) is replaced by its nanny and Dask reruns its task
  elsewhere; after Dask's ``allowed-failures`` deaths the scenario is recorded as failed.
- A scenario that fails (bad input, infeasible, any error) is recorded with its one-line error
  in ``results/<sweep>/sweep.json``; the others carry on.
- Each finished scenario's ``manifest.json`` holds its fingerprint
  (:func:`energymodel.studies.scenarios.fingerprint`: network data, options, input file bytes,
  version). A rerun skips scenarios whose fingerprint is unchanged, so a sweep killed midway
  resumes where it stopped; ``--force`` reruns everything.
- Finally ``results/<sweep>/compare.html`` compares the scenarios
  (:mod:`energymodel.report.compare`).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from energymodel import config, pipeline
from energymodel.errors import EnergyModelError
from energymodel.results.folder import MANIFEST, RESULTS_ROOT, SUMMARY_FILE
from energymodel.results.sweep import SWEEP_FILE, write_status
from energymodel.studies import scenarios

logger = logging.getLogger(__name__)

def cores() -> int:
    """Cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def task(sc: scenarios.Scenario, folder: Path, fingerprint: str, report: bool,
         warm_from: list[Path] | None = None) -> dict:
    """What a worker needs to run one scenario: plain data, cheap to send. ``warm_from`` are
    the results folders whose kept bases may start its solves (none: cold)."""
    return {"name": sc.name, "data": sc.network.network.model_dump(mode="json"),
            "base": str(sc.network.path), "resolution": sc.resolution,
            "segments": sc.segments, "report": report, "out": str(folder),
            "hash": fingerprint, "warm": [str(p) for p in warm_from or []]}


def solvers(folder: Path) -> dict[str, str]:
    """The HiGHS solver that ended each hub's LP, from a results folder's summary.json."""
    try:
        doc = json.loads((folder / SUMMARY_FILE).read_text(encoding="utf-8"))
        return {h: v.get("solver") for h, v in doc["hubs"].items()}
    except (OSError, ValueError, KeyError, AttributeError):
        return {}


def run_task(t: dict) -> dict:
    """Run one scenario (in a worker); never raises for a scenario's own failure."""
    t0 = time.perf_counter()
    try:
        nf = config.parse(t["data"], Path(t["base"]))
        pipeline.run(nf, resolution=t["resolution"], segments=t["segments"], out=t["out"],
                     write_report=t["report"], workers=1,
                     meta={"scenario": t["name"], "hash": t["hash"]},
                     warm_from=t.get("warm", []))
    except EnergyModelError as err:
        return {"status": "failed", "error": str(err), "seconds": time.perf_counter() - t0}
    except Exception as err:  # noqa: BLE001 - recorded, so the other scenarios carry on
        text = " ".join(f"{type(err).__name__}: {err}".split())
        return {"status": "failed", "error": text, "seconds": time.perf_counter() - t0}
    return {"status": "done", "error": None, "seconds": time.perf_counter() - t0,
            "solvers": solvers(Path(t["out"]))}


def finished(folder: Path, fingerprint: str) -> bool:
    """True when ``folder`` holds complete results of exactly this fingerprint."""
    try:
        doc = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return doc.get("run", {}).get("hash") == fingerprint


def clean_leftovers(root: Path, names: list[str]) -> None:
    """Remove temporary folders a killed run left behind (``.<scenario>.*``)."""
    for name in names:
        for p in root.glob(f".{name}.*"):
            if p.is_dir():
                shutil.rmtree(p, ignore_errors=True)


def previous_seconds(root: Path) -> dict[tuple[str, str], float]:
    """Run times recorded by an earlier sweep.json, by (scenario, fingerprint)."""
    try:
        doc = json.loads((root / SWEEP_FILE).read_text(encoding="utf-8"))
        return {(r["name"], r["hash"]): r["seconds"] for r in doc["scenarios"]
                if r.get("status") == "done" and r.get("seconds") is not None}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


@dataclass
class Outcome:
    """What a sweep did."""

    folder: Path
    records: list[dict]

    def count(self, status: str) -> int:
        """Scenarios with this status."""
        return sum(r["status"] == status for r in self.records)

    @property
    def failed(self) -> list[dict]:
        """Records of the scenarios that failed."""
        return [r for r in self.records if r["status"] == "failed"]


@contextlib.contextmanager
def client(scheduler: str | None, workers: int | None, n_tasks: int) -> Iterator[object]:
    """A Dask client: to ``scheduler`` when given, else to a LocalCluster sized to the machine."""
    from distributed import Client, LocalCluster  # imported here: `energymodel run` needs no Dask

    if scheduler:
        with Client(scheduler) as c:
            c.forward_logging("energymodel", level=logging.WARNING)
            yield c
        return
    n = max(1, min(workers or cores(), n_tasks))
    with LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                      dashboard_address=None, silence_logs=logging.ERROR) as cluster, \
            Client(cluster) as c:
        c.forward_logging("energymodel", level=logging.WARNING)  # shown by the CLI's handlers
        yield c


def run(path: str | Path, *, scheduler: str | None = None, workers: int | None = None,
        out_root: str | Path = RESULTS_ROOT, force: bool = False,
        progress: bool = True, compare: bool = True, warm: bool = True,
        resolution: str | None = None) -> Outcome:
    """Run a scenario file's sweep; return every scenario's record (as in sweep.json).

    With ``warm`` each scenario starts from the kept bases of its own earlier results, else of
    its nearest earlier scenario (:func:`energymodel.studies.scenarios.nearest`), and is
    submitted only once that one has finished; without, every scenario is solved cold and
    all are submitted at once. ``resolution`` replaces the file's (``expand``).
    """
    sf, scs = scenarios.expand(path, resolution)
    root = Path(out_root) / sf.name
    root.mkdir(parents=True, exist_ok=True)
    clean_leftovers(root, [s.name for s in scs])
    memo: dict = {}
    records, tasks = [], {}
    before = previous_seconds(root)
    parents = scenarios.nearest(scs) if warm else {}
    by_sc = {sc.name: sc for sc in scs}
    unlike = {k for k, p in parents.items() if p and scenarios.apart_in_kind(by_sc[k], by_sc[p])}
    for sc in scs:
        fp = scenarios.fingerprint(sc, sf.options.report, memo)
        parent = parents.get(sc.name)
        rec = {**sc.record(), "status": "pending", "error": None, "seconds": None,
               "hash": fp, "skipped": False, "warm_from": parent}
        if not force and finished(root / sc.name, fp):
            rec.update(status="done", skipped=True, seconds=before.get((sc.name, fp)))
        else:
            starts = [root / sc.name, *([root / parent] if parent else [])] if warm else []
            tasks[sc.name] = task(sc, root / sc.name, fp, sf.options.report, starts)
        records.append(rec)
    doc = {"sweep": sf.name, "title": sf.title, "file": str(Path(path)), "scenarios": records}
    write_status(root, doc)
    by_name = {r["name"]: r for r in records}
    logger.info("Sweep %s: %d scenarios, %d to run, %d unchanged", sf.name, len(records),
                len(tasks), len(records) - len(tasks))
    if tasks:
        _submit(tasks, by_name, root, doc, scheduler, workers, progress, parents, unlike)
    if compare:
        from energymodel.report import compare as compare_page
        compare_page.write(root)
    return Outcome(root, records)


def _submit(tasks: dict[str, dict], by_name: dict[str, dict], root: Path, doc: dict,
            scheduler: str | None, workers: int | None, progress: bool,
            parents: dict[str, str | None], unlike: set[str]) -> None:
    """Run the tasks on Dask; a task whose parent (its warm start) is among the tasks is
    submitted when the parent finishes, done or failed (a failed parent leaves no basis: the
    task runs cold).

    A worker does not wait for a basis that is unlikely to fit: when fewer tasks run than the
    cluster has threads, a waiting task in ``unlike`` (:func:`scenarios.apart_in_kind` from its
    parent: a cap where the parent has none, which adds rows) starts at once, the first in
    file order, from its own earlier results or cold, and its record's ``warm_from`` says so
    (None). Measured on ``bench8.yaml``: filling idle workers with any waiting task started
    one cold (159 s) 28 s before its parent's basis would have let it run in 22 s.
    """
    from distributed import as_completed
    from tqdm import tqdm

    waiting = dict(tasks)
    with client(scheduler, workers, len(tasks)) as c:
        futures: dict = {}
        queue = as_completed()
        capacity = max(1, sum(c.nthreads().values()))

        def submit(name: str, early: bool = False) -> None:
            t = waiting.pop(name)
            if early:  # its parent has not finished: no basis of the parent's to wait for
                t = {**t, "warm": t["warm"][:1]}
                by_name[name]["warm_from"] = None
            fut = c.submit(run_task, t, key=f"scenario-{name}-{t['hash'][:12]}", pure=False)
            futures[fut] = name
            queue.add(fut)

        def fill(running: int) -> None:
            for name in [k for k in waiting if k in unlike][:max(0, capacity - running)]:
                submit(name, early=True)

        for name in [k for k in waiting if parents.get(k) not in tasks]:
            submit(name)  # the rest wait for their parent (``waiting`` shrinks as we go)
        fill(len(futures))
        bar = tqdm(total=len(tasks), desc=doc["sweep"], unit="scenario",
                   disable=not progress, file=sys.stderr)
        start = time.monotonic()
        # a disabled bar counts nothing: the log keeps its own count
        for done, fut in enumerate(queue, start=1):
            name = futures[fut]
            try:
                result = fut.result()
            except Exception as err:  # noqa: BLE001 - e.g. KilledWorker: recorded, go on
                result = {"status": "failed", "seconds": None,
                          "error": " ".join(f"{type(err).__name__}: {err}".split())}
            by_name[name].update(result)
            write_status(root, doc)
            for child in [k for k in waiting if parents.get(k) == name]:
                submit(child)
            fill(len(futures) - done)
            bar.set_postfix_str(f"{name}: {result['status']}")
            bar.update()
            if not progress:
                logger.info("%s", progress_line(done, len(tasks), name, result,
                                                time.monotonic() - start))
        bar.close()


def progress_line(done: int, total: int, name: str, result: dict, elapsed: float) -> str:
    """One line of a sweep's log off a terminal: count, scenario, its status and time, the
    time elapsed and an estimate of the time left (the mean rate so far; scenarios that run
    at once on several workers are counted by when they finish)."""
    seconds = result.get("seconds")
    took = f" in {_duration(seconds)}" if seconds else ""
    left = ""
    if 0 < done < total:
        left = f", about {_duration(elapsed / done * (total - done))} left"
    return (f"[{done}/{total}] {name}: {result['status']}{took}; {_duration(elapsed)} "
            f"elapsed{left}")


def _duration(seconds: float) -> str:
    """12 s, 3 min 05 s, 1 h 02 min."""
    seconds = round(float(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, sec = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {sec:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def run_sequential(path: str | Path, out_root: str | Path,
                   resolution: str | None = None) -> list[dict]:
    """Every scenario one after another in this process, cold, without Dask (benchmark
    baseline)."""
    sf, scs = scenarios.expand(path, resolution)
    root = Path(out_root) / sf.name
    root.mkdir(parents=True, exist_ok=True)
    return [{"name": sc.name, **run_task(task(sc, root / sc.name, "sequential",
                                              sf.options.report))} for sc in scs]
