"""Warm starts: kept simplex bases start a similar LP, at the cold optimum, in fewer iterations.

The medium tests solve the Gujarat hub of the default network at 2-daily resolution (183
snapshots, about 1,800 columns and 4,400 rows: large enough for simplex to need over a
thousand iterations cold); the tiny ones use tiny network A of tests/test_tiny.py, whose optima are
derived by hand there (baseline 17,654,982 EUR; grid price x3: 17,662,982 EUR, see
tests/test_sweep.py).
"""

from __future__ import annotations

import gzip
import json
import logging
import re

import pytest
import yaml

from energymodel import cli, config, pipeline
from energymodel.model import basis, inputs, solve
from energymodel.results import folder
from energymodel.studies import scenarios
from tests.networks import REPO, tiny_spec, write_network

HUB = "gujarat"
RESOLUTION = "48h"
#: offtake +10 % (right-hand sides) and grid price x1.5 (costs): same LP structure.
CHANGE = {"hubs.gujarat.offtake.t_per_day": 110, "hubs.gujarat.grid.price_multiplier": 1.5}


def _iterations(caplog) -> list[tuple[str, int]]:
    """(solver, simplex iterations) of each LP solved, from the solve log."""
    out = []
    for r in caplog.records:
        m = re.search(r"with (.+?): ok \(optimal\), iterations: ipm \d+, crossover \d+, "
                      r"simplex (\d+)", r.getMessage())
        if m:
            out.append((m.group(1), int(m.group(2))))
    return out


@pytest.fixture(scope="module")
def default():
    nf = config.load(REPO / "networks" / "uk_india.yaml")
    return nf, inputs.load(nf)


def _solve(nf, inp, **kw):
    return solve.solve(nf, RESOLUTION, workers=1, hubs=[HUB], inp=inp, **kw)


def test_warm_start_reaches_the_cold_optimum_in_fewer_iterations(default, tmp_path, caplog):
    """The kept basis of the optimum restarts the same LP at 0 simplex iterations; after a
    change of right-hand sides and costs, warm simplex reaches the cold optimum (interior
    point and cold simplex alike, to 1e-9) in less than half the cold simplex's iterations."""
    nf, inp = default
    caplog.set_level(logging.INFO, logger="energymodel.model")
    kept = tmp_path / "base" / folder.BASIS_DIR
    cold = _solve(nf, inp, warm=basis.Warm(write=kept))
    assert cold.meta["solver_end"] == {HUB: "ipm"}
    assert (kept / f"{HUB}{basis.SUFFIX}").is_file()
    caplog.clear()
    again = _solve(nf, inp, warm=basis.Warm(read=[kept]))
    assert again.meta["solver_end"] == {HUB: "simplex from basis base"}
    assert _iterations(caplog) == [("simplex from basis base", 0)]
    assert again.objective == pytest.approx(cold.objective, rel=1e-9)

    changed = config.with_changes(nf, CHANGE)
    inp2 = inputs.load(changed)
    caplog.clear()
    ipm = _solve(changed, inp2)
    simplex = _solve(changed, inp2, options={"solver": "simplex"})
    warm = _solve(changed, inp2, warm=basis.Warm(read=[kept]))
    (_, _), (_, cold_iterations), (how, warm_iterations) = _iterations(caplog)
    assert how == "simplex from basis base"
    assert warm_iterations < cold_iterations / 2, (warm_iterations, cold_iterations)
    assert warm.objective != pytest.approx(cold.objective, rel=1e-4)  # the LP did change
    assert warm.objective == pytest.approx(ipm.objective, rel=1e-9)
    assert warm.objective == pytest.approx(simplex.objective, rel=1e-9)


def test_kept_basis_files_and_a_basis_that_does_not_fit(default, tmp_path, caplog):
    """The kept files: HiGHS's basis gzipped, and its LP's signature and size. A basis of an
    LP of another structure (4-daily snapshots) is not used: the solve is cold, and says so."""
    nf, inp = default
    kept = tmp_path / "two_daily" / folder.BASIS_DIR
    _solve(nf, inp, warm=basis.Warm(write=kept))
    with gzip.open(kept / f"{HUB}{basis.SUFFIX}", "rt") as f:
        assert f.readline().startswith("HiGHS_basis_file")
        assert f.readline().strip() == "Valid"
    meta = json.loads((kept / f"{HUB}{basis.META_SUFFIX}").read_text())
    assert set(meta) == {"signature", "columns", "rows", "objective"}
    assert len(meta["signature"]) == 64
    assert meta["columns"] > 1500
    assert meta["rows"] > 4000
    caplog.set_level(logging.INFO, logger="energymodel.model")
    other = solve.solve(nf, "96h", workers=1, hubs=[HUB], inp=inp,
                        warm=basis.Warm(read=[kept]))
    assert other.meta["solver_end"] == {HUB: "ipm"}
    assert any("does not fit" in r.getMessage() for r in caplog.records)


def test_rerun_starts_from_the_kept_basis_of_its_results(tmp_path):
    """``pipeline.run`` keeps the bases in the results folder's ``basis/`` (hashed in the
    manifest like every file); the command line's ``--warm-start`` with that folder starts
    there and reaches tiny network A's hand-derived optimum, 17,654,982 EUR. (A start from
    another LP's basis reaching its own hand-derived optimum: the sweeps of
    tests/test_sweep.py, warm by default.)"""
    path = write_network(tmp_path / "net", tiny_spec([1, 0, 1, 0]))
    first = pipeline.run(path, out=tmp_path / "first", write_report=False, workers=1)
    assert (first / folder.BASIS_DIR / "h.bas.gz").is_file()
    manifest = json.loads((first / folder.MANIFEST).read_text())
    assert {"basis/h.bas.gz", "basis/h.json"} <= set(manifest["files"])
    doc = json.loads((first / folder.SUMMARY_FILE).read_text())
    assert doc["hubs"]["h"]["solver"] == "ipm"
    code = cli.main(["-q", "run", str(path), "--out", str(tmp_path / "again"), "--no-report",
                     "--workers", "1", "--warm-start", str(first)])
    assert code == 0
    doc = json.loads((tmp_path / "again" / folder.SUMMARY_FILE).read_text())
    assert doc["hubs"]["h"]["solver"] == "simplex from basis first"
    assert doc["objective_eur"] == pytest.approx(17_654_982, rel=1e-9)


def test_warm_start_folder_that_does_not_exist_is_one_line_exit_2(tmp_path, capsys):
    """A mistyped ``--warm-start`` folder is refused before anything is solved."""
    path = write_network(tmp_path / "net", tiny_spec([1, 0, 1, 0]))
    out = tmp_path / "out"
    code = cli.main(["-q", "run", str(path), "--out", str(out), "--warm-start",
                     str(tmp_path / "nowhere")])
    assert code == 2
    err = capsys.readouterr().err
    assert err == f"error: --warm-start: {tmp_path / 'nowhere'}: no such results folder\n"
    assert not out.exists()


def test_damaged_basis_means_a_cold_solve(default, tmp_path, caplog):
    """A kept basis file that cannot be read (truncated) is a warning and a cold solve at the
    same optimum, never an error."""
    nf, inp = default
    kept = tmp_path / "base" / folder.BASIS_DIR
    cold = _solve(nf, inp, warm=basis.Warm(write=kept))
    path = kept / f"{HUB}{basis.SUFFIX}"
    path.write_bytes(path.read_bytes()[:100])
    caplog.set_level(logging.WARNING, logger="energymodel.model")
    again = _solve(nf, inp, warm=basis.Warm(read=[kept]))
    assert again.meta["solver_end"] == {HUB: "ipm"}
    assert any("cannot be read" in r.getMessage() for r in caplog.records)
    assert again.objective == pytest.approx(cold.objective, rel=1e-9)


def test_nearest_scenario_is_the_closest_earlier_one(tmp_path):
    """Each scenario starts from the earlier scenario nearest in its overrides: a grid from
    its previous step, a sensitivity from the closer of its base and its sibling, a scenario
    at another resolution from none (its LP has other snapshots)."""
    write_network(tmp_path / "net", tiny_spec([1, 0, 1, 0]))
    doc = {"name": "near", "base": "net/tiny.yaml", "options": {"report": False},
           "scenarios": {"baseline": {}, "dear": {"hubs.h.grid.price_multiplier": 3},
                         "dearer": {"hubs.h.grid.price_multiplier": 4},
                         "coarse": {"resolution": "2h"}},
           "grids": {"cap": {"around": "baseline",
                             "vary": {"hubs.*.emissions_cap_kg_per_kg": [2.4, 1.2, 0.0]}}}}
    path = tmp_path / "near.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    _, scs = scenarios.expand(path)
    assert scenarios.nearest(scs) == {
        "baseline": None, "dear": "baseline", "dearer": "dear", "coarse": None,
        "cap-2.4": "baseline", "cap-1.2": "cap-2.4", "cap-0": "cap-1.2"}
    by = {sc.name: sc for sc in scs}
    # price multiplier 3 against the base network's 1: relative difference 2/3
    assert scenarios.distance(by["dear"], by["baseline"]) == pytest.approx(2 / 3)
    assert scenarios.distance(by["dearer"], by["dear"]) == pytest.approx(1 / 4)
    assert scenarios.distance(by["coarse"], by["baseline"]) == float("inf")
    # a cap where the base has none differs in kind (a sweep need not wait for its basis);
    # two caps, or two prices, differ by a number (0 included: relative difference 1)
    kind = {(a, b): scenarios.apart_in_kind(by[a], by[b]) for a, b in [
        ("cap-2.4", "baseline"), ("coarse", "baseline"), ("cap-0", "cap-1.2"),
        ("dear", "baseline")]}
    assert kind == {("cap-2.4", "baseline"): True, ("coarse", "baseline"): True,
                    ("cap-0", "cap-1.2"): False, ("dear", "baseline"): False}
    assert scenarios.distance(by["cap-0"], by["cap-1.2"]) == pytest.approx(1.0)


def test_sweep_list_names_each_start(tmp_path, capsys):
    """``energymodel sweep --list`` says where each scenario starts; ``--cold``: all cold."""
    write_network(tmp_path / "net", tiny_spec([1, 0, 1, 0]))
    doc = {"name": "near", "base": "net/tiny.yaml",
           "scenarios": {"baseline": {}, "dear": {"hubs.h.grid.price_multiplier": 3}}}
    path = tmp_path / "near.yaml"
    path.write_text(yaml.safe_dump(doc))
    assert cli.main(["sweep", str(path), "--list"]) == 0
    lines = [line.split("\t")[:3] for line in capsys.readouterr().out.splitlines()]
    assert lines == [["baseline", "scenario", "cold"], ["dear", "scenario", "from baseline"]]
    assert cli.main(["sweep", str(path), "--list", "--cold"]) == 0
    assert [line.split("\t")[2] for line in capsys.readouterr().out.splitlines()] == \
        ["cold", "cold"]


def test_warm_flag_is_documented():
    """The README and docs/speed.md say how to warm start."""
    text = (REPO / "docs" / "speed.md").read_text() + (REPO / "README.md").read_text()
    assert "--warm-start" in text
    assert "--cold" in text
