"""Time segmentation: chronology kept, balances closed on variable-length snapshots."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from energymodel import config, results
from energymodel.cli import main
from energymodel.model import aggregate, inputs, network, solve
from tests.networks import REPO, tiny_spec, write_network


def _h2_balance_error(n, hub: str) -> float:
    """Largest |production - offtake - storage change / weight| over the snapshots, MW.

    Over all of the hub's hydrogen buses (the offtake's, each store's own, the "made" one with
    water): the links between them are lossless and cancel; production is the electrolysers'
    output net of any part-load loss."""
    h2 = n.buses.index[(n.buses.location == hub) & (n.buses.carrier == "H2")]
    links = n.links.index[n.links.carrier.isin(["electrolysis alkaline", "electrolysis pem"])
                          & n.links.bus1.isin(h2)]
    loss = n.generators.index[(n.generators.carrier == "part-load loss")
                              & n.generators.bus.isin(h2)]
    production = -n.links_t.p1[links].sum(axis=1) + n.generators_t.p.reindex(
        columns=loss).sum(axis=1)
    offtake = n.loads_t.p[f"{hub} H2 offtake"]
    stores = n.stores.index[n.stores.bus.isin(h2)]
    level = n.stores_t.e[stores].sum(axis=1)
    change = level - np.roll(level.to_numpy(), 1)  # cyclic: the first follows the last
    w = n.snapshot_weightings.stores
    return float((production - offtake - change / w).abs().max())


def _store_balance_error(n) -> float:
    """Largest |e_{t-1} - e_t - w_t p_t| over stores and snapshots (cyclic), MWh."""
    e, p = n.stores_t.e, n.stores_t.p
    prev = pd.DataFrame(np.roll(e.to_numpy(), 1, axis=0), index=e.index, columns=e.columns)
    return float((prev - e - p.mul(n.snapshot_weightings.stores, axis=0)).abs().max().max())


@pytest.fixture(scope="module")
def segmented():
    """The default network, each hub cut into 100 segments, solved and merged."""
    nf = config.load(REPO / "networks" / "uk_india.yaml")
    return nf, solve.solve(nf, segments=100, workers=2)


@pytest.mark.slow
def test_default_network_balances(segmented):
    """Weights cover the year; every hub's hydrogen balance and every store's level close."""
    nf, n = segmented
    assert n.snapshot_weightings.objective.sum() == pytest.approx(8760)
    assert (n.snapshot_weightings.objective > 0).all()
    assert len(n.snapshots) >= 100  # union of the hubs' own segment boundaries
    for hub in nf.network.hubs:
        assert _h2_balance_error(n, hub) < 1e-6, hub
    assert _store_balance_error(n) < 1e-5


@pytest.mark.slow
def test_default_network_costs_add_up(segmented):
    """Per-hub annual costs add up to the objective; hydrogen delivered is the year's."""
    nf, n = segmented
    inp = inputs.load(nf)
    res = results.summarise(n, nf, inp)
    hubs = res.hubs.set_index("hub")
    assert hubs.at["total", "annual_cost_eur"] == pytest.approx(n.objective, rel=1e-6)
    assert hubs.drop("total").annual_cost_eur.sum() == pytest.approx(n.objective, rel=1e-6)
    for hub in nf.network.hubs:
        assert hubs.at[hub, "hydrogen_delivered_t_per_yr"] == pytest.approx(100 * 365, rel=1e-9)


def _two_hubs() -> dict:
    spec = tiny_spec([1, 0, 1, 0, 0.5, 0.5, 1, 0])
    spec["hubs"]["g"] = {**spec["hubs"]["h"], "name": "Second hub", "storage": ["salt_cavern"]}
    spec["sites"]["b"] = {**spec["sites"]["a"], "name": "Site B", "hub": "g",
                          "profile": {"file": "cf.csv", "column": "b"}}
    spec["_cf"]["b"] = [0.2, 0.2, 0.2, 0.9, 0.9, 0.9, 0.9, 0.1]
    return spec


def test_hubs_segmented_separately_then_merged(tmp_path):
    """Each hub keeps its own segments: the merged optimum is the sum of the hub optima,
    and the merged network (on the union of boundaries) still closes every balance."""
    nf = config.load(write_network(tmp_path, _two_hubs()))
    merged = solve.solve(nf, segments=3, workers=1)
    alone = 0.0
    for hub in nf.network.hubs:
        n = aggregate.resample(network.build(nf, inputs.load(nf), hubs=[hub]), None, 3)
        assert len(n.snapshots) == 3
        solve.optimize(n)
        alone += n.objective
    assert merged.objective == pytest.approx(alone, rel=1e-9)
    assert merged.snapshot_weightings.objective.sum() == pytest.approx(8)
    for hub in nf.network.hubs:
        assert _h2_balance_error(merged, hub) < 1e-6
    assert _store_balance_error(merged) < 1e-6
    res = results.summarise(merged, nf, inputs.load(nf))
    assert res.hubs.set_index("hub").at["total", "annual_cost_eur"] == pytest.approx(
        merged.objective, rel=1e-9)


def test_segments_and_resolution_exclusive(tiny, tmp_path, capsys):
    out = tmp_path / "r"
    assert main(["-q", "run", str(tiny), "--out", str(out), "--resolution", "2h",
                 "--segments", "2"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["error: --segments: 2: give --resolution or --segments, not both"]
    assert main(["-q", "run", str(tiny), "--out", str(out), "--segments", "0"]) == 2
    assert main(["-q", "run", str(tiny), "--out", str(out), "--no-report", "--workers", "1",
                 "--segments", "2"]) == 0


def test_segment_report(tmp_path):
    """bench.segment_report: errors and speed-ups against the full-resolution run."""
    import json

    from bench import segments as bench

    path = write_network(tmp_path / "net", _two_hubs())
    doc = bench.segment_report(path, [2, 4], workers=1, out=tmp_path / "out")
    assert [r["segments"] for r in doc["runs"]] == [None, 2, 4]
    ref = doc["runs"][0]
    assert ref["speedup"] == 1.0
    assert set(ref["hubs"]) == {"h", "g"}
    assert set(ref["hubs"]["h"]) == {"lcoh_eur_per_kg", *bench.SEGMENT_CATEGORIES}
    rows = pd.read_csv(tmp_path / "out" / "segments.csv")
    ref_rows = rows[rows.segments == 0]
    assert (ref_rows.rel_error == 0).all()
    assert json.loads((tmp_path / "out" / "segments.json").read_text())["reference"] == "1h"
    text = bench.segment_table(doc)
    assert "max LCOH error" in text
    assert "target" in text


def test_same_segments_as_pypsa_tsam():
    """energymodel.model.aggregate gives PyPSA + tsam's segments, weights and means (one hub)."""
    pytest.importorskip("tsam")
    nf = config.load(REPO / "networks" / "uk_india.yaml")
    n = network.build(nf, inputs.load(nf), hubs=["gujarat"])
    ours = aggregate.resample(n, None, 200)
    theirs = n.cluster.temporal.segment(200, solver="highs")
    assert ours.snapshots.equals(theirs.snapshots)
    assert np.allclose(ours.snapshot_weightings.to_numpy(),
                       theirs.snapshot_weightings.to_numpy())
    for attr in ("p_max_pu", "marginal_cost"):
        a, b = theirs.generators_t[attr], ours.generators_t[attr]
        assert np.allclose(a.to_numpy(), b[a.columns].to_numpy(), rtol=1e-12, atol=1e-12)
