"""The bench machinery on two tiny hubs (two hub groups): every side agrees on the optimum.

Workers = 1 keeps the test fast (no worker pools of PyPSA processes), and the full run is
measured in this process (``measure.fresh`` runs its function here instead of in a fresh
interpreter, which would cost seconds of imports per side); the fresh-interpreter path and the
raw highspy pool are exercised on their own, with the same exported LPs.
"""

from __future__ import annotations

import json
import math
import re

import pandas as pd
import pytest
from plotly.offline import get_plotlyjs

from bench import measure, scaling, sides, text
from bench import solve as bench
from energymodel.errors import EnergyModelError, InputError
from energymodel.report import bench as bench_chart
from tests.networks import tiny_spec, write_network

#: Hand optimum of the two hubs (tests/test_solve.py): network A plus hub g.
OPTIMUM = 17_654_982 + 14_674_666


def _two_hubs() -> dict:
    """Tiny network A plus a second hub fed by a steadier site (as in tests/test_solve.py)."""
    spec = tiny_spec([1, 0, 1, 0])
    # as the default network the bench runs: no operating limits (with them, Pyomo leaves out
    # the free started capacity of a zero start-up cost: fewer columns, the same optimum)
    spec["hubs"]["h"]["electrolysis_operation"] = {"min_load": False, "part_load": False}
    spec["hubs"]["g"] = {**spec["hubs"]["h"], "name": "Second hub", "storage": ["salt_cavern"]}
    spec["sites"]["b"] = {**spec["sites"]["a"], "name": "Site B", "hub": "g",
                          "profile": {"file": "cf.csv", "column": "b"}}
    spec["_cf"]["b"] = [0.5, 0.5, 0.5, 0.5]
    return spec


def _in_process(fn, *args):
    return fn(*args)


@pytest.fixture(scope="module")
def two_hubs(tmp_path_factory):
    return write_network(tmp_path_factory.mktemp("bench") / "net", _two_hubs())


#: The scaling series of the module's run: the bench's 1 h step plus 2 h on both hubs; hub
#: counts 1, 2 and 3 (cut to the two hubs) at 1 h.
SCALING = scaling.Scaling(steps=("2h",), hub_counts=(1, 2, 3), hub_resolution="1h")


@pytest.fixture(scope="module")
def doc(two_hubs):
    out = two_hubs.parent.parent / "out"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(bench, "fresh", _in_process)
        mp.setattr(scaling, "fresh", _in_process)
        d = bench.run(two_hubs, repeats=1, workers=1, out=out, segments=[3], scaling=SCALING)
    return d, out


def test_objectives_agree(doc):
    d, _ = doc
    assert sorted(d["hub_groups"]) == [["g"], ["h"]]
    assert set(d["objectives"]) == {"project", "highspy", "plain", "pyomo"}
    assert d["objectives"]["project"] == pytest.approx(OPTIMUM, rel=1e-9)
    assert d["objectives"]["pyomo"] == pytest.approx(OPTIMUM, rel=1e-9)
    assert all(diff <= 1e-6 for diff in d["objective_rel_diff"].values())
    assert d["objective_agrees"] is True
    assert len(d["lps"]) == 2
    for lp in d["lps"]:  # HiGHS read the LP linopy built
        assert lp["cols"] > 0
        assert lp["rows"] > 0
    assert sum(lp["cols"] for lp in d["lps"]) == d["plain_lp"]["cols"]
    assert sum(lp["rows"] for lp in d["lps"]) == d["plain_lp"]["rows"]
    # The same variables, Pyomo's way, but for PyPSA's store dispatch Store-p (2 stores x 4
    # snapshots): a store on its own bus, it equals charging less withdrawal, which Pyomo's
    # store level uses directly.
    assert d["pyomo_lp"]["cols"] == d["plain_lp"]["cols"] - 2 * 4
    assert d["pyomo_solver_options"] == {"threads": 1}


def test_pyomo_side_at_reduced_resolution(two_hubs):
    """Pyomo (verify's formulation) and the project agree at 2 h too; stages are timed."""
    pyomo = sides.pyomo_side(str(two_hubs), "2h", None)
    project = sides.project_side(str(two_hubs), "2h", None, 1, None)
    assert pyomo["snapshots"] == project["snapshots"] == 2
    assert measure.rel_diff(pyomo["objective"], project["objective"]) <= bench.OBJECTIVE_RTOL
    assert set(pyomo["stages"]) == {"load", "model", "solve"}
    assert all(s["seconds"] >= 0 and s["peak_mb"] > 0 for s in pyomo["stages"].values())
    assert pyomo["cols"] > 0
    assert pyomo["highs_run_s"] >= 0


def test_pyomo_refuses_what_verify_does_not_cover(tmp_path):
    assert sides.pyomo_coverage(str(write_network(tmp_path / "a", tiny_spec([1, 0]))),
                                None, None) == {}
    spec = tiny_spec([1, 0, 1, 0])
    spec["hubs"]["h"]["banking"] = {"enabled": True}
    refused = sides.pyomo_coverage(str(write_network(tmp_path / "b", spec)), None, None)
    assert refused["refused"][1] == "hubs.h.banking"
    assert "not covered" in refused["refused"][2]


def test_ratios_and_verdict(doc):
    d, _ = doc
    for key in ("overhead_ratio", "serial_overhead_ratio", "end_to_end_ratio", "plain_speedup",
                "plain_speedup_serial", "pyomo_speedup", "pyomo_speedup_serial"):
        assert math.isfinite(d[key])
        assert d[key] > 0
    assert d["workers"] == 1
    assert d["serial_overhead_ratio"] == d["overhead_ratio"]  # one process: the same sides
    assert d["pass"] is (d["overhead_ratio"] <= bench.TARGET_RATIO)
    assert d["serial_solve_parts"]["linopy_solve"] > d["serial_solve_parts"]["highs_run"] > 0
    plain = next(r for r in d["summary"] if r["side"] == "plain")
    assert plain["seconds"] / d["summary"][0]["seconds"] == pytest.approx(d["plain_speedup"])
    assert [t["target"] for t in d["targets"]] == ["plain_speedup", "pyomo_speedup",
                                                   "overhead_ratio", "segments", "same_optimum"]
    text = bench.table(d)
    for t in d["targets"]:
        assert re.search(rf"{re.escape(t['label'])} .* {t['status']}$", text, re.MULTILINE)
    assert "plain PyPSA speed-up" in text
    assert "Pyomo speed-up" in text
    assert "scaling:" in text
    assert "segmented runs vs the 1h reference" in text
    assert "SKIPPED (--SKIP-PLAIN)" in bench.table(
        {**d, "plain": False, "skipped": {"plain": "skipped (--skip-plain)"}})


def _numbers(**kw) -> dict:
    """A bench document with only what :func:`bench.targets` reads."""
    doc = {"plain_speedup": 5.5, "pyomo_speedup": 6.0, "overhead_ratio": 1.05,
           "objective_rel_diff": {"project": 0.0, "highspy": 1e-12, "plain": 1e-9,
                                  "pyomo": 1e-10},
           "segments": {"runs": [{"segments": None, "speedup": 1.0, "max_lcoh_error": 0.0,
                                  "meets_target": False},
                                 {"segments": 1500, "speedup": 15.4, "max_lcoh_error": 0.015,
                                  "meets_target": True},
                                 {"segments": 2000, "speedup": 12.4, "max_lcoh_error": 0.006,
                                  "meets_target": True}]},
           "skipped": {}}
    doc.update(kw)
    return doc


def _status(doc: dict) -> dict[str, str]:
    return {t["target"]: t["status"] for t in bench.targets(doc)}


def test_targets_pass():
    rows = bench.targets(_numbers())
    assert {t["target"]: t["status"] for t in rows} == dict.fromkeys(
        ("plain_speedup", "pyomo_speedup", "overhead_ratio", "segments", "same_optimum"), "PASS")
    seg = next(t for t in rows if t["target"] == "segments")
    assert seg["shown"] == "1500 seg: 15.4x, 1.5%"  # the fastest run that meets the target
    assert "PASS" in text.targets_table(rows)
    assert "FAIL" not in text.targets_table(rows)


@pytest.mark.parametrize(("change", "target", "status"), [
    ({"plain_speedup": 5.0}, "plain_speedup", "PASS"),  # the bound itself passes
    ({"plain_speedup": 4.99}, "plain_speedup", "FAIL"),
    ({"pyomo_speedup": 3.7}, "pyomo_speedup", "FAIL"),
    ({"pyomo_speedup": None, "skipped": {"pyomo": "skipped (--skip-pyomo)"}},
     "pyomo_speedup", "SKIPPED"),
    ({"plain_speedup": None}, "plain_speedup", "SKIPPED"),
    ({"overhead_ratio": 1.1}, "overhead_ratio", "PASS"),
    ({"overhead_ratio": 1.11}, "overhead_ratio", "FAIL"),
    ({"segments": None}, "segments", "SKIPPED"),
    ({"objective_rel_diff": {"project": 0.0, "highspy": 0.0, "plain": 0.0, "pyomo": 2e-6}},
     "pyomo_speedup", "FAIL"),  # fast, but not at the same optimum
    ({"objective_rel_diff": {"project": 0.0, "highspy": 0.0, "plain": 0.0, "pyomo": 2e-6}},
     "same_optimum", "FAIL"),
    ({"objective_rel_diff": {"project": 0.0, "highspy": 3e-6, "plain": 0.0, "pyomo": 0.0}},
     "overhead_ratio", "FAIL"),
])
def test_targets_on_given_numbers(change, target, status):
    assert _status(_numbers(**change))[target] == status


def test_segment_target_needs_speed_and_accuracy_in_one_run():
    runs = [{"segments": None, "speedup": 1.0, "max_lcoh_error": 0.0, "meets_target": False},
            {"segments": 500, "speedup": 20.0, "max_lcoh_error": 0.05, "meets_target": False},
            {"segments": 3000, "speedup": 6.0, "max_lcoh_error": 0.001, "meets_target": False}]
    rows = bench.targets(_numbers(segments={"runs": runs}))
    seg = next(t for t in rows if t["target"] == "segments")
    assert seg["status"] == "FAIL"
    assert seg["shown"] == "3000 seg: 6.0x, 0.1%"  # the most accurate run
    assert "500 segments: 20.0x, 5.0%" in text.targets_table(rows)  # detail of a FAIL


def test_scaling_plan_default_hourly():
    hubs = ["humber", "north_west", "ne_scotland", "gujarat", "tamil_nadu"]
    plan = scaling.scaling_plan(hubs, None, scaling.Scaling.default(None))
    snap = [(p["resolution"], len(p["hubs"]), p["reuse"]) for p in plan
            if p["series"] == "snapshots"]
    assert snap == [("8h", 5, False), ("4h", 5, False), ("2h", 5, False), ("1h", 5, True)]
    by_hubs = [(p["hubs"], p["resolution"], p["reuse"]) for p in plan if p["series"] == "hubs"]
    assert by_hubs == [(hubs[:1], "4h", False), (hubs[:2], "4h", False),
                       (hubs[:3], "4h", False), (hubs, "4h", False)]


def test_scaling_plan_reduced_and_cut():
    plan = scaling.scaling_plan(["a", "b"], "24h", scaling.Scaling.default("24h"))
    assert [p["resolution"] for p in plan if p["series"] == "snapshots"] == [
        "192h", "96h", "48h", "24h"]
    assert [(len(p["hubs"]), p["resolution"]) for p in plan if p["series"] == "hubs"] == [
        (1, "96h"), (2, "96h")]  # 3 and 5 hubs cut to the two there are
    with pytest.raises(InputError, match="--scaling-steps"):
        scaling.scaling_plan(["a"], None, scaling.Scaling(steps=("90min",)))
    with pytest.raises(InputError, match="--scaling-hubs"):
        scaling.scaling_plan(["a"], None, scaling.Scaling(hub_counts=(0,)))


def test_scaling_series_rows(doc):
    """Every promised point is a row; shared points are measured once; x relative to row 1."""
    d, out = doc
    plan = scaling.scaling_plan(["h", "g"], None, SCALING)
    rows = d["scaling"]
    assert [(r["series"], r["hubs"], r["resolution"]) for r in rows] == [
        (p["series"], len(p["hubs"]), p["resolution"]) for p in plan]
    assert [(r["series"], r["hubs"], r["snapshots"], r["source"]) for r in rows] == [
        ("snapshots", 2, 2, "measured"), ("snapshots", 2, 4, "project side"),
        ("hubs", 1, 4, "measured"), ("hubs", 2, 4, "project side")]
    assert rows[1]["objective"] == d["objectives"]["project"]
    assert rows[1]["seconds"] == rows[3]["seconds"] == d["stages"]["project: solve"]["seconds"]
    assert rows[2]["objective"] == pytest.approx(17_654_982, rel=1e-9)  # hub h alone
    for first in (rows[0], rows[2]):
        assert first["time_x"] == 1.0
        assert first["size_x"] == 1.0
    assert rows[1]["size_x"] == 2.0
    assert rows[3]["size_x"] == 2.0
    saved = pd.read_csv(out / "scaling.csv")
    assert list(saved.columns) == list(scaling.SCALING_COLUMNS)
    assert len(saved) == 4
    text = scaling.scaling_table(rows)
    assert len(text.splitlines()) == 2 + len(rows)


def test_files(doc):
    d, out = doc
    rows = pd.read_csv(out / "bench.csv")
    assert list(rows.columns) == ["repeat", "side", "stage", "seconds", "peak_mb",
                                  "child_peak_mb"]
    assert set(zip(rows.side, rows.stage, strict=True)) == {
        ("project", "load"), ("project", "solve"), ("project", "write"),
        ("highspy", "read"), ("highspy", "run"),
        ("plain", "load"), ("plain", "build"), ("plain", "optimize"),
        ("pyomo", "load"), ("pyomo", "model"), ("pyomo", "solve")}
    assert (rows.seconds >= 0).all()
    assert (rows.peak_mb > 0).all()
    summary = pd.read_csv(out / "summary.csv")
    assert list(summary.side) == ["project", "highspy", "plain", "pyomo"]
    assert summary.set_index("side").at["pyomo", "stages"] == "model + solve"
    targets = pd.read_csv(out / "targets.csv")
    assert set(targets.status) <= {"PASS", "FAIL", "SKIPPED"}
    assert len(targets) == 5
    assert (out / "segments.csv").is_file()
    saved = json.loads((out / "bench.json").read_text())
    assert {"versions", "machine", "network", "resolution", "snapshots", "objectives",
            "overhead_ratio", "serial_overhead_ratio", "plain_speedup", "pyomo_speedup",
            "target_ratio", "target_speedup", "pass", "stages", "workers", "hub_groups",
            "targets", "scaling", "segments", "summary", "wall_seconds"} <= set(saved)
    assert set(saved["versions"]) >= {"pypsa", "linopy", "highspy", "pyomo", "numpy"}
    assert set(saved["machine"]) >= {"nproc", "platform"}
    assert saved["snapshots"] == 4
    assert saved["solver_options"]["threads"] == 1
    assert saved["solver_options"]["solver"] == "ipm"
    assert [r["segments"] for r in saved["segments"]["runs"]] == [None, 3]
    assert sorted(saved["files"]) == sorted(p.name for p in out.iterdir())


def test_chart_is_self_contained(doc):
    """bench.html: plotly.js inlined once, nothing loaded from the network, every chart."""
    d, out = doc
    page = (out / "bench.html").read_text(encoding="utf-8")
    bundle = get_plotlyjs()
    assert page.count(bundle) == 1
    rest = page.replace(bundle, "")
    for needle in ('src="http', "src='http", 'href="http', "href='http", "cdn.", "@import"):
        assert needle not in rest, needle
    assert "<link" not in rest
    assert "<script src" not in page
    ids = re.findall(r'<div id="([^"]+)" class="plotly-graph-div"', page)
    assert ids == ["bench-sides", "bench-scaling", "bench-segments"]
    for t in d["targets"]:
        assert f">{t['status']}</span>" in page
    bare = bench_chart.render({**d, "scaling": [], "segments": None})
    assert re.findall(r'<div id="([^"]+)" class="plotly-graph-div"', bare) == ["bench-sides"]


def test_fresh_interpreter_and_highspy_pool(two_hubs, tmp_path):
    """The raw highspy side on two processes (spawned, as run() does): same optimum, worker
    memory seen; the serial side in this process."""
    lps = sides.export_lps(str(two_hubs), None, None, str(tmp_path))
    files = [lp["file"] for lp in lps]
    options = sides.solver_options(two_hubs)
    pool = measure.fresh(sides.highspy_side, files, options, 2)  # as run() does: own children
    serial = sides.highspy_side(files, options, 1)
    assert set(pool["stages"]) == {"pool"}
    assert set(serial["stages"]) == {"read", "run"}
    assert pool["objective"] == pytest.approx(OPTIMUM, rel=1e-9)
    assert serial["objective"] == pytest.approx(pool["objective"], rel=1e-12)
    assert pool["stages"]["pool"]["child_peak_mb"] > 0


class _Stop(EnergyModelError):
    exit_code = 7


@pytest.mark.parametrize(("argv", "segments", "scaling"), [
    ([], [1500, 2000], scaling.Scaling(("8h", "4h", "2h"), (1, 2, 3, 5), "4h")),
    (["--resolution", "24h"], [], scaling.Scaling(("192h", "96h", "48h"), (1, 2, 3, 5), "96h")),
    (["--resolution", "24h", "--segments", "50", "--scaling-steps", "48h",
      "--scaling-hubs", "1", "2", "--scaling-resolution", "72h"],
     [50], scaling.Scaling(("48h",), (1, 2), "72h")),
    (["--no-segments", "--no-scaling"], [], None),
])
def test_command_line_defaults(monkeypatch, argv, segments, scaling):
    """Hourly runs include the segmentation report and a scaling series by default."""
    seen = {}

    def fake_run(path, **kw):
        seen.update(kw)
        raise _Stop

    monkeypatch.setattr(bench, "run", fake_run)
    assert bench.main(["-q", "net.yaml", *argv]) == 7
    assert seen["segments"] == segments
    assert seen["scaling"] == scaling
    assert seen["plain"] is True
    assert seen["pyomo"] is True


def test_bad_options_are_input_errors(tiny, tmp_path):
    with pytest.raises(InputError, match="nowhere"):
        bench.run(tiny, hubs=["nowhere"], out=tmp_path)
    with pytest.raises(InputError, match="--workers"):
        bench.run(tiny, workers=0, out=tmp_path)
    with pytest.raises(InputError, match="--resolution"):
        bench.run(tiny, resolution="90min", out=tmp_path)
    with pytest.raises(InputError, match="--segments"):
        bench.run(tiny, segments=[0], out=tmp_path)
    with pytest.raises(InputError, match="--scaling-resolution"):
        bench.run(tiny, scaling=scaling.Scaling(hub_resolution="0h"), out=tmp_path)
