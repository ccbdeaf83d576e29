"""Solving hub by hub gives the joint optimum; solver options reach HiGHS."""

from __future__ import annotations

import pytest

from energymodel import config, inputs, network, solve
from energymodel.cli import main
from tests.conftest import REPO, tiny_spec, write_network


def _two_hubs(tmp_path):
    """Tiny network A plus a second hub fed by a steadier site (capacity factor 0.5, 0.5)."""
    spec = tiny_spec([1, 0, 1, 0])
    spec["hubs"]["g"] = {**spec["hubs"]["h"], "name": "Second hub", "storage": ["salt_cavern"]}
    spec["sites"]["b"] = {**spec["sites"]["a"], "name": "Site B", "hub": "g",
                          "profile": {"file": "cf.csv", "column": "b"}}
    spec["_cf"]["b"] = [0.5, 0.5, 0.5, 0.5]
    return config.load(write_network(tmp_path, spec))


def test_hub_by_hub_equals_joint_tiny(tmp_path):
    """Two uncoupled hubs: the sum of their optima is the joint optimum, asset by asset.

    Hub h is network A of test_tiny (17,654,982 EUR). Hub g: grid 10 MW in all 4 hours
    (20 MWh_H2), wind at CF 0.5 supplies (133.32 - 20) / 0.5 / 4 = 56.66 MW_el each hour from
    113.32 MW of wind, through an export link of only 56.66 MW (it carries CF x capacity);
    the electrolyser runs flat at 66.66 MW_e; no storage needed.
    Cost g = 113.32 x 100,000 + 56.66 x 100 + 66.66 x 50,000 + 4,000 = 14,674,666 EUR.
    """
    nf = _two_hubs(tmp_path)
    joint = network.build(nf, inputs.load(nf))
    solve.optimize(joint)
    for workers in (1, 2):
        split = solve.solve(nf, workers=workers)
        assert split.objective == pytest.approx(joint.objective, rel=1e-9)
        assert split.objective == pytest.approx(17_654_982 + 14_674_666, rel=1e-9)
        for comp, attr in (("Generator", "p_nom_opt"), ("Link", "p_nom_opt"),
                           ("Store", "e_nom_opt")):
            a = joint.c[comp].static[attr].sort_index()
            b = split.c[comp].static[attr].sort_index()
            assert a.index.equals(b.index)
            assert (a - b).abs().max() < 1e-6


def test_hub_by_hub_equals_joint_default_network():
    """The default network at daily resolution: decomposed optimum = joint optimum (1e-6)."""
    nf = config.load(REPO / "networks" / "uk_india.yaml")
    inp = inputs.load(nf)
    joint = solve.resample(network.build(nf, inp), "24h")
    solve.optimize(joint, ctx=solve.context(nf, inp, joint))
    split = solve.solve(nf, "24h")
    assert split.objective == pytest.approx(joint.objective, rel=1e-6)
    assert len(split.generators) == len(joint.generators)


def test_solver_option_reaches_highs(tiny, tmp_path, capsys):
    """--solver-option solver=simplex gives the same optimum; a malformed option is exit 2."""
    out = tmp_path / "r"
    assert main(["-q", "run", str(tiny), "--out", str(out), "--no-report",
                 "--solver-option", "solver=simplex", "--solver-option", "threads=1"]) == 0
    assert main(["-q", "run", str(tiny), "--out", str(out), "--solver-option", "oops"]) == 2
    assert "--solver-option: oops: expected KEY=VALUE" in capsys.readouterr().err
    assert main(["-q", "run", str(tiny), "--out", str(out), "--resolution", "90min"]) == 2
