"""Scenario files and sweeps on Dask: expansion, validation, failures, kills and resume.

The sweeps run tiny network A (tests/test_tiny.py: wind [1, 0, 1, 0], offtake 33.33 MW_H2,
grid 100 EUR/MWh at 0.5 tCO2/MWh, at most 10 MW), whose optima are derived by hand:

- ``baseline``: 17,654,982 EUR (test_tiny.test_wind_grid_and_tank).
- ``dear_grid`` (price_multiplier 3): same plan, the 40 MWh of grid cost 300 instead of 100
  EUR/MWh: 17,654,982 + 40 x 200 = 17,662,982 EUR.
- ``cap-2.4`` (emissions cap 2.4 kg/kg): 18,714,942 EUR; ``cap-0``: 20,177,982 EUR
  (test_certification.test_emissions_cap).
- ``tiny_site`` (site limit 1 MW): cannot make the hydrogen: infeasible, recorded as failed.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml

from energymodel import config
from energymodel.errors import InputError
from energymodel.studies import scenarios, sweep
from tests.networks import REPO, tiny_spec, write_network

EXPECTED = {"baseline": 17_654_982, "dear_grid": 17_662_982, "cap-2.4": 18_714_942,
            "cap-0": 20_177_982}


def _sweep_file(folder: Path, doc: dict | None = None, cf: list[float] | None = None) -> Path:
    net = write_network(folder / "net", tiny_spec(cf or [1, 0, 1, 0]))
    doc = doc or {
        "name": "tiny_sweep", "base": "net/tiny.yaml",
        "options": {"report": False},
        "scenarios": {"baseline": {}, "dear_grid": {"hubs.h.grid.price_multiplier": 3}},
        "grids": {"cap": {"around": "baseline",
                          "vary": {"hubs.*.emissions_cap_kg_per_kg": [2.4, 0.0]}}},
    }
    assert net.is_file()
    path = folder / "sweep.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    return path


def _objectives(root: Path) -> dict[str, float]:
    out = {}
    for p in sorted(root.glob("*/summary.json")):
        doc = json.loads(p.read_text())
        assert doc["costs_add_up"]
        out[p.parent.name] = doc["objective_eur"]
    return out


# --- expansion and validation -------------------------------------------------------------

def test_set_field_with_wildcards():
    data = {"hubs": {"a": {"x": 1, "g": {"p": 1}}, "b": {"x": 2, "g": {"p": 2}}},
            "caps": [{"limit": 1}]}
    config.set_field(data, "hubs.*.g.p", 5)
    config.set_field(data, "hubs.a.x", 7)
    config.set_field(data, "caps.0.limit", 9)
    assert data == {"hubs": {"a": {"x": 7, "g": {"p": 5}}, "b": {"x": 2, "g": {"p": 5}}},
                    "caps": [{"limit": 9}]}
    with pytest.raises(KeyError, match="hubs.c"):
        config.set_field(data, "hubs.c.x", 1)


def test_expand_names_kinds_and_overrides(tmp_path):
    doc = {
        "name": "s", "base": "net/tiny.yaml", "options": {"resolution": "2h"},
        "overrides": {"costs.discount_rate": 0.05},
        "scenarios": {"low": {"hubs.h.offtake.t_per_day": 12}},
        "sensitivities": {"oat": {"parameters": {
            "rate": {"field": "costs.discount_rate", "values": [0.03, 0.1], "label": "Rate"}}}},
        "grids": {"g": {"around": "low", "vary": {"hubs.h.grid.price_multiplier": [1, 2],
                                                  "resolution": ["1h", "4h"]}}},
    }
    sf, runs = scenarios.expand(_sweep_file(tmp_path, doc))
    names = [r.name for r in runs]
    assert names == ["base", "low", "oat-rate-0.03", "oat-rate-0.1",
                     "g-price_multiplier_1-resolution_1h", "g-price_multiplier_1-resolution_4h",
                     "g-price_multiplier_2-resolution_1h", "g-price_multiplier_2-resolution_4h"]
    by = {r.name: r for r in runs}
    assert by["base"].network.network.costs.discount_rate == 0.05  # common overrides
    assert by["base"].resolution == "2h"  # the file's option
    assert by["oat-rate-0.1"].network.network.costs.discount_rate == 0.1
    assert (by["oat-rate-0.1"].kind, by["oat-rate-0.1"].label) == ("sensitivity", "Rate")
    g = by["g-price_multiplier_2-resolution_4h"]
    assert g.network.network.hubs["h"].offtake.t_per_day == 12  # around "low"
    assert g.network.network.hubs["h"].grid.price_multiplier == 2
    assert g.resolution == "4h"
    assert g.varied == {"hubs.h.grid.price_multiplier": 2, "resolution": "4h"}


def test_fingerprint_follows_inputs(tmp_path):
    path = _sweep_file(tmp_path)
    _, runs = scenarios.expand(path)
    before = [scenarios.fingerprint(r, True) for r in runs]
    assert len(set(before)) == len(runs)
    cf = tmp_path / "net" / "cf.csv"
    cf.write_text(cf.read_text().replace(",1\n", ",0.99\n", 1))
    _, runs = scenarios.expand(path)
    assert all(a != scenarios.fingerprint(r, True) for a, r in zip(before, runs, strict=True))


def test_fingerprint_covers_every_source_file_of_the_package():
    """The code digest reads every module of every subpackage and the page templates, so a
    sweep never reuses results of older code in any of them."""
    package = REPO / "energymodel"
    files = scenarios.source_files()
    expected = [p for p in package.rglob("*.py") if "__pycache__" not in p.parts]
    expected += [*(package / "report").rglob("*.j2"), *(package / "report").rglob("*.css")]
    assert sorted(expected) == files
    assert {p.parent.name for p in files} >= {"config", "data", "model", "constraints",
                                               "results", "report", "templates", "studies"}


@pytest.mark.parametrize(("scenario", "field", "problem"), [
    ({"hubs.h.grid.price_multiplyer": 2}, "scenarios.bad: hubs.h.grid.price_multiplyer",
     "unknown field (did you mean 'price_multiplier'?)"),
    ({"hubs.x.offtake.t_per_day": 2}, "scenarios.bad: hubs.x.offtake.t_per_day",
     "'hubs.x' names nothing in the base network"),
    ({"costs.discount_rate": -1}, "scenarios.bad: costs.discount_rate",
     "Input should be greater than or equal to 0 (got -1)"),
    ({"resolution": "90min"}, "scenarios.bad: resolution",
     "90min: must be a whole number of hours"),
    ({"weather_year": 2015}, "scenarios.bad: weather_year", None),
])
def test_bad_override_names_file_scenario_and_field(tmp_path, scenario, field, problem):
    doc = {"name": "s", "base": "net/tiny.yaml", "scenarios": {"ok": {}, "bad": scenario}}
    path = _sweep_file(tmp_path, doc)
    if problem is None:  # weather_year is a valid field: the tiny net has no placeholder
        scenarios.expand(path)
        return
    with pytest.raises(InputError) as err:
        scenarios.expand(path)
    assert err.value.file.endswith("sweep.yaml")
    assert (err.value.field, err.value.problem) == (field, problem)


@pytest.mark.parametrize(("doc", "field", "problem"), [
    ({"scenarios": {"a": {}}, "grids": {"g": {"around": "z", "vary": {"costs.year": [2040]}}}},
     "grids.g.around", "no scenario named 'z' (scenarios: base, a)"),
    ({"scenarios": {"a b": {}}}, "scenarios.a b", "name must use letters, digits, _ . -"),
    ({"scenarios": {"g-2040": {}}, "grids": {"g": {"vary": {"costs.year": [2040]}}}},
     "scenarios.g-2040", "two scenarios have this name"),
    ({"scenarios": {"a": {}}, "sensitivity": {}}, "sensitivity",
     "unknown field (did you mean 'sensitivities'?)"),
    ({}, "scenarios", "no scenario to run"),
])
def test_bad_scenario_file(tmp_path, doc, field, problem):
    path = _sweep_file(tmp_path, {"name": "s", "base": "net/tiny.yaml", **doc})
    with pytest.raises(InputError) as err:
        scenarios.expand(path)
    assert (err.value.field, err.value.problem) == (field, problem)


def test_cli_bad_scenario_file_is_one_line_exit_2(tmp_path):
    path = _sweep_file(tmp_path, {"name": "s", "base": "net/tiny.yaml",
                                  "scenarios": {"bad": {"costs.year": 2031}}})
    proc = subprocess.run([sys.executable, "-m", "energymodel.cli", "sweep", str(path),
                           "--out", str(tmp_path / "results")],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "sweep.yaml: scenarios.bad: costs.year: Input should be 2030, 2040 or 2050" in lines[0]
    assert not (tmp_path / "results").exists()


# --- sweeps on a LocalCluster ---------------------------------------------------------------

#: The sweep the kill tests interrupt: three scenarios of network A, one of them a grid point.
#: A tiny run takes seconds (building the model, not solving it, is most of it), long enough
#: for a kill to land while a scenario runs; three, so that one worker has two in turn and a
#: resumed sweep has more than one scenario left to run.
KILL_SWEEP = {
    "name": "tiny_sweep", "base": "net/tiny.yaml", "options": {"report": False},
    "scenarios": {"baseline": {}, "dear_grid": {"hubs.h.grid.price_multiplier": 3}},
    "grids": {"cap": {"around": "baseline", "vary": {"hubs.*.emissions_cap_kg_per_kg": [2.4]}}},
}
KILLED = {"baseline", "dear_grid", "cap-2.4"}

def test_sweep_on_two_workers_records_failure_and_skips_on_rerun(tmp_path, caplog):
    """Four scenarios with hand-derived optima and one infeasible one, on two workers; off a
    terminal the log counts them [1/5] .. [5/5] with the time elapsed and left."""
    path = _sweep_file(tmp_path)
    doc = yaml.safe_load(path.read_text())
    doc["scenarios"]["tiny_site"] = {"sites.a.capacity_limit_mw": 1}
    path.write_text(yaml.safe_dump(doc))
    caplog.set_level(logging.INFO, logger="energymodel.studies.sweep")
    out = sweep.run(path, workers=2, out_root=tmp_path / "results", progress=False)
    counts = [r.getMessage().split("]")[0] + "]" for r in caplog.records
              if r.getMessage().startswith("[")]
    assert counts == [f"[{i}/5]" for i in range(1, 6)]
    assert all("elapsed" in r.getMessage() for r in caplog.records
               if r.getMessage().startswith("["))
    status = {r["name"]: r["status"] for r in out.records}
    assert status == {**dict.fromkeys(EXPECTED, "done"), "tiny_site": "failed"}
    fail = out.failed[0]
    assert "infeasible" in fail["error"].lower()
    assert "\n" not in fail["error"]
    assert not (out.folder / "tiny_site").exists()
    got = _objectives(out.folder)
    assert got == pytest.approx(EXPECTED, rel=1e-9)  # warm starts reach the same optima
    # each waited for its nearest earlier scenario and started from its kept basis, but for
    # cap-2.4: it differs from its parent in kind (a cap where baseline has none,
    # scenarios.apart_in_kind), so it took the idle second worker at once, cold (its LP has
    # a row more anyway); dear_grid, tiny_site and cap-0 differ by numbers only and waited
    starts = {r["name"]: (r["warm_from"], r.get("solvers")) for r in out.records}
    assert starts["dear_grid"] == ("baseline", {"h": "simplex from basis baseline"}), starts
    assert starts["cap-2.4"] == (None, {"h": "ipm"})
    assert starts["cap-0"] == ("cap-2.4", {"h": "simplex from basis cap-2.4"})
    saved = json.loads((out.folder / "sweep.json").read_text())
    assert [r["status"] for r in saved["scenarios"]] == [r["status"] for r in out.records]
    assert (out.folder / "compare.html").is_file()

    # rerun: finished scenarios are skipped, the failed one is tried again
    stamps = {p: p.stat().st_mtime_ns for p in out.folder.glob("*/summary.json")}
    doc["scenarios"]["dear_grid"] = {"hubs.h.grid.price_multiplier": 1}  # changed: reruns
    path.write_text(yaml.safe_dump(doc))
    again = sweep.run(path, workers=1, out_root=tmp_path / "results", progress=False)
    skipped = {r["name"] for r in again.records if r["skipped"]}
    assert skipped == {"baseline", "cap-2.4", "cap-0"}
    first = {r["name"]: r["seconds"] for r in out.records}
    assert all(r["seconds"] == first[r["name"]] for r in again.records if r["skipped"])
    assert {p: p.stat().st_mtime_ns for p in stamps if "dear_grid" not in str(p)} == \
        {p: t for p, t in stamps.items() if "dear_grid" not in str(p)}
    assert _objectives(again.folder)["dear_grid"] == pytest.approx(EXPECTED["baseline"],
                                                                   rel=1e-9)


def test_killed_worker_does_not_stop_the_sweep(tmp_path):
    """SIGKILL a worker while it runs a scenario: its nanny restarts it, Dask reruns the task,
    and every scenario still finishes with the hand-derived optimum."""
    from distributed import Client, LocalCluster

    path = _sweep_file(tmp_path, KILL_SWEEP)
    results = tmp_path / "results"
    outcome = {}
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster, \
            Client(cluster) as c:
        pids = c.run(os.getpid)
        thread = threading.Thread(target=lambda: outcome.update(out=sweep.run(
            path, scheduler=cluster.scheduler_address, out_root=results, progress=False)))
        thread.start()
        deadline = time.monotonic() + 120
        busy = {}
        while not busy and time.monotonic() < deadline:
            busy = {w: k for w, k in c.processing().items() if k}
            time.sleep(0.2)
        assert busy, "no scenario started"
        victim = next(iter(busy))
        os.kill(pids[victim], signal.SIGKILL)
        thread.join(timeout=300)
    out = outcome["out"]
    assert [r["status"] for r in out.records] == ["done"] * len(KILLED)
    assert set(_objectives(out.folder)) == KILLED  # complete, and costs add up


def test_killed_sweep_resumes_without_redoing_work(tmp_path):
    """SIGKILL the whole `energymodel sweep` process group once a scenario is done; the rerun
    skips the finished scenarios, runs the rest, and leaves no temporary folder behind."""
    path = _sweep_file(tmp_path, KILL_SWEEP)
    results = tmp_path / "results"
    cmd = [sys.executable, "-m", "energymodel.cli", "sweep", str(path), "--out", str(results),
           "--workers", "1"]
    proc = subprocess.Popen(cmd, cwd=REPO, start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    status = results / "tiny_sweep" / "sweep.json"
    deadline = time.monotonic() + 180
    done_before: set[str] = set()
    while not done_before and time.monotonic() < deadline:
        if status.exists():
            doc = json.loads(status.read_text())
            done_before = {r["name"] for r in doc["scenarios"] if r["status"] == "done"}
        time.sleep(0.1)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert done_before, "no scenario finished before the kill"
    out = sweep.run(path, workers=1, out_root=results, progress=False)
    assert [r["status"] for r in out.records] == ["done"] * len(KILLED)
    skipped = {r["name"] for r in out.records if r["skipped"]}
    assert done_before <= skipped < KILLED
    assert not [p for p in out.folder.iterdir() if p.name.startswith(".")]
    assert set(_objectives(out.folder)) == KILLED


def test_sweep_benchmark_sides_agree(tmp_path):
    """bench_sweep runs its three sides in one invocation; the objectives must agree and the
    warm side start from kept bases (the speed-ups themselves are measured by `make
    bench-sweep`, not asserted on a shared test machine)."""
    from bench import sweep as bench_sweep

    doc = {"name": "tiny_sweep", "base": "net/tiny.yaml", "options": {"report": False},
           "scenarios": {"baseline": {}, "dear_grid": {"hubs.h.grid.price_multiplier": 3}}}
    res = bench_sweep.measure(_sweep_file(tmp_path, doc), 1, tmp_path / "work")  # 1 worker:
    # the warm side's second scenario waits for the first anyway
    assert res["scenarios"] == 2
    assert res["failed"] == []
    assert res["objective_max_rel_diff"] <= 1e-9
    assert res["warm_objective_max_rel_diff"] <= 1e-9
    assert res["speedup"] == pytest.approx(res["sequential_s"] / res["cold_s"])
    assert res["warm_speedup"] == pytest.approx(res["cold_s"] / res["warm_s"])
    assert res["warm_from"] == {"baseline": None, "dear_grid": "baseline"}
    assert (res["hubs_started_warm"], res["hubs"]) == (1, 2)
    assert res["passed"] == (res["speedup"] >= bench_sweep.TARGET
                             and res["warm_speedup"] >= bench_sweep.WARM_TARGET)


@pytest.mark.parametrize(("name", "runs"), [("uk_india.yaml", 31), ("weather_years.yaml", 10),
                                            ("bench8.yaml", 8), ("validation.yaml", 3)])
def test_shipped_scenario_files_are_valid(name, runs):
    """The sweeps `make scenarios` and `make bench-sweep` run expand and validate (no solve)."""
    _, scs = scenarios.expand(REPO / "networks" / "scenarios" / name)
    assert len(scs) == runs
    assert len({s.name for s in scs}) == runs


def test_weather_year_without_a_file_is_refused_up_front(tmp_path):
    """A weather year with no derived profile file is one line before anything runs."""
    doc = {"name": "w", "base": str(REPO / "networks" / "uk_weather_years.yaml"),
           "grids": {"weather": {"vary": {"weather_year": [2019, 2009]}}}}
    path = tmp_path / "w.yaml"
    path.write_text(yaml.safe_dump(doc))
    with pytest.raises(InputError) as err:
        scenarios.expand(path)
    assert err.value.field == "scenarios.weather-2009: sites.lynn.profile.file"
    assert err.value.problem.startswith("file not found: ")
    assert err.value.problem.endswith("uk_offshore_wind_cf_2009.csv")


def test_every_planning_assumption_has_its_sensitivity():
    """Each planning assumption the report names a sensitivity for
    (``results.assumptions.SENSITIVITIES``) is varied by that group of the shipped scenario
    file, in the field the assumption is, with at least two values."""
    from energymodel.results.assumptions import (
        SCENARIO_FILE,
        SENSITIVITIES,
        TRADE_SCENARIO_FILE,
        TRADE_SENSITIVITIES,
    )

    for file, table in ((SCENARIO_FILE, SENSITIVITIES),
                        (TRADE_SCENARIO_FILE, TRADE_SENSITIVITIES)):
        _, runs = scenarios.expand(REPO / file)
        for field, prefix in table.items():
            varied = [sc for sc in runs if sc.name.startswith(prefix + "-")]
            assert len(varied) >= 2, (field, prefix)
            assert all(field in sc.varied for sc in varied), (field,
                                                              [sc.varied for sc in varied])


def test_progress_line_counts_and_estimates():
    """The log line off a terminal: count, scenario, status and time, elapsed and time left at
    the mean rate so far (3 done in 300 s: 15 left take 1,500 s)."""
    line = sweep.progress_line(3, 18, "a", {"status": "done", "seconds": 41.2}, 300.0)
    assert line == "[3/18] a: done in 41 s; 5 min 00 s elapsed, about 25 min 00 s left"
    last = sweep.progress_line(18, 18, "b", {"status": "failed", "seconds": None}, 3725.0)
    assert last == "[18/18] b: failed; 1 h 02 min elapsed"
