"""The bench machinery on the tiny network A (see tests/test_tiny.py): both sides, one repeat."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from energymodel import bench
from tests.conftest import tiny_spec, write_network


@pytest.fixture(scope="module")
def doc(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bench")
    path = write_network(folder / "net", tiny_spec([1, 0, 1, 0]))
    return bench.run(path, repeats=1, out=folder / "out"), folder / "out"


def test_objectives_agree(doc):
    d, _ = doc
    assert d["objective_project"] == pytest.approx(17_654_982.0, rel=1e-9)  # the hand optimum
    assert d["objective_rel_diff"] <= 1e-6
    assert d["objective_agrees"] is True
    assert d["lp"]["project"]["cols"] == d["lp"]["highspy"]["cols"]
    assert d["lp"]["project"]["rows"] == d["lp"]["highspy"]["rows"]


def test_ratios_and_verdict(doc):
    d, _ = doc
    for key in ("overhead_ratio", "solve_call_ratio", "end_to_end_ratio"):
        assert math.isfinite(d[key])
        assert d[key] > 0
    assert d["pass"] is (d["overhead_ratio"] <= bench.TARGET_RATIO)
    text = bench.table(d)
    assert ("PASS" in text) is d["pass"]
    assert ("MISS" in text) is not d["pass"]


def test_files(doc):
    d, out = doc
    rows = pd.read_csv(out / "bench.csv")
    assert list(rows.columns) == ["repeat", "side", "stage", "seconds", "peak_mb"]
    assert set(zip(rows.side, rows.stage, strict=True)) == {(s, t) for s, t, _ in bench.STAGES}
    assert (rows.seconds >= 0).all()
    assert (rows.peak_mb > 0).all()
    saved = json.loads((out / "bench.json").read_text())
    assert {"versions", "machine", "network", "resolution", "snapshots", "objective_project",
            "objective_highspy", "overhead_ratio", "solve_call_ratio", "target_ratio",
            "pass", "stages"} <= set(saved)
    assert set(saved["versions"]) >= {"pypsa", "linopy", "highspy", "numpy"}
    assert set(saved["machine"]) >= {"nproc", "platform"}
    assert saved["snapshots"] == 4
    assert saved["solver_options"]["threads"] == 1


def test_unknown_hub_is_an_input_error(tiny, tmp_path):
    from energymodel.errors import InputError

    with pytest.raises(InputError, match="nowhere"):
        bench.run(tiny, hubs=["nowhere"], out=tmp_path)
