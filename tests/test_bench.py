"""The bench machinery on two tiny hubs (two hub groups): every side agrees on the optimum.

Workers = 1 keeps the test fast (no worker pools of PyPSA processes); the raw highspy pool is
exercised on its own, with the same exported LPs.
"""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from energymodel import bench
from tests.conftest import tiny_spec, write_network

#: Hand optimum of the two hubs (tests/test_solve.py): network A plus hub g.
OPTIMUM = 17_654_982 + 14_674_666


def _two_hubs() -> dict:
    """Tiny network A plus a second hub fed by a steadier site (as in tests/test_solve.py)."""
    spec = tiny_spec([1, 0, 1, 0])
    spec["hubs"]["g"] = {**spec["hubs"]["h"], "name": "Second hub", "storage": ["salt_cavern"]}
    spec["sites"]["b"] = {**spec["sites"]["a"], "name": "Site B", "hub": "g",
                          "profile": {"file": "cf.csv", "column": "b"}}
    spec["_cf"]["b"] = [0.5, 0.5, 0.5, 0.5]
    return spec


@pytest.fixture(scope="module")
def two_hubs(tmp_path_factory):
    return write_network(tmp_path_factory.mktemp("bench") / "net", _two_hubs())


@pytest.fixture(scope="module")
def doc(two_hubs):
    out = two_hubs.parent.parent / "out"
    return bench.run(two_hubs, repeats=1, workers=1, out=out), out


def test_objectives_agree(doc):
    d, _ = doc
    assert d["hub_groups"] == [["g"], ["h"]] or sorted(d["hub_groups"]) == [["g"], ["h"]]
    assert set(d["objectives"]) == {"project", "highspy", "plain"}
    assert d["objectives"]["project"] == pytest.approx(OPTIMUM, rel=1e-9)
    assert all(diff <= 1e-6 for diff in d["objective_rel_diff"].values())
    assert d["objective_agrees"] is True
    assert len(d["lps"]) == 2
    for lp in d["lps"]:  # HiGHS read the LP linopy built
        assert lp["cols"] > 0
        assert lp["rows"] > 0
    assert sum(lp["cols"] for lp in d["lps"]) == d["plain_lp"]["cols"]
    assert sum(lp["rows"] for lp in d["lps"]) == d["plain_lp"]["rows"]


def test_ratios_and_verdict(doc):
    d, _ = doc
    for key in ("overhead_ratio", "serial_overhead_ratio", "end_to_end_ratio", "plain_speedup",
                "plain_speedup_serial"):
        assert math.isfinite(d[key])
        assert d[key] > 0
    assert d["workers"] == 1
    assert d["serial_overhead_ratio"] == d["overhead_ratio"]  # one process: the same sides
    assert d["pass"] is (d["overhead_ratio"] <= bench.TARGET_RATIO)
    assert d["serial_solve_parts"]["linopy_solve"] > d["serial_solve_parts"]["highs_run"] > 0
    text = bench.table(d)
    assert ("PASS" in text) is d["pass"]
    assert ("MISS" in text) is not d["pass"]
    assert "plain PyPSA speed-up" in text
    assert "SKIPPED" in bench.table({**d, "plain": False})


def test_files(doc):
    d, out = doc
    rows = pd.read_csv(out / "bench.csv")
    assert list(rows.columns) == ["repeat", "side", "stage", "seconds", "peak_mb",
                                  "child_peak_mb"]
    assert set(zip(rows.side, rows.stage, strict=True)) == {
        ("project", "load"), ("project", "solve"), ("project", "write"),
        ("highspy", "read"), ("highspy", "run"),
        ("plain", "load"), ("plain", "build"), ("plain", "optimize")}
    assert (rows.seconds >= 0).all()
    assert (rows.peak_mb > 0).all()
    saved = json.loads((out / "bench.json").read_text())
    assert {"versions", "machine", "network", "resolution", "snapshots", "objectives",
            "overhead_ratio", "serial_overhead_ratio", "plain_speedup", "target_ratio",
            "pass", "stages", "workers", "hub_groups"} <= set(saved)
    assert set(saved["versions"]) >= {"pypsa", "linopy", "highspy", "numpy"}
    assert set(saved["machine"]) >= {"nproc", "platform"}
    assert saved["snapshots"] == 4
    assert saved["solver_options"]["threads"] == 1
    assert saved["solver_options"]["solver"] == "ipm"


def test_highspy_pool_matches_serial(two_hubs, tmp_path):
    """The raw highspy side on two processes: same optimum, one stage, worker memory seen."""
    lps = bench.export_lps(str(two_hubs), None, None, str(tmp_path))
    files = [lp["file"] for lp in lps]
    options = bench.solver_options(two_hubs)
    pool = bench._fresh(bench.highspy_side, files, options, 2)  # as run() does: own children
    serial = bench.highspy_side(files, options, 1)
    assert set(pool["stages"]) == {"pool"}
    assert set(serial["stages"]) == {"read", "run"}
    assert pool["objective"] == pytest.approx(OPTIMUM, rel=1e-9)
    assert serial["objective"] == pytest.approx(pool["objective"], rel=1e-12)
    assert pool["stages"]["pool"]["child_peak_mb"] > 0


def test_bad_options_are_input_errors(tiny, tmp_path):
    from energymodel.errors import InputError

    with pytest.raises(InputError, match="nowhere"):
        bench.run(tiny, hubs=["nowhere"], out=tmp_path)
    with pytest.raises(InputError, match="--workers"):
        bench.run(tiny, workers=0, out=tmp_path)
    with pytest.raises(InputError, match="--resolution"):
        bench.run(tiny, resolution="90min", out=tmp_path)
