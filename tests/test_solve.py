"""Solving hub by hub gives the joint optimum; solver options reach HiGHS."""

from __future__ import annotations

import pytest

from energymodel import config
from energymodel.cli import main
from energymodel.model import aggregate, constraints, inputs, network, solve
from tests.networks import REPO, tiny_spec, write_network


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
    """The default network at 3-daily resolution (122 snapshots; the decomposition is exact
    at any step): decomposed optimum = joint optimum (1e-6)."""
    nf = config.load(REPO / "networks" / "uk_india.yaml")
    inp = inputs.load(nf)
    joint = aggregate.resample(network.build(nf, inp), "72h")
    solve.optimize(joint, ctx=constraints.Context.build(nf, inp, joint))
    split = solve.solve(nf, "72h", workers=1)
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


def test_interior_point_failure_falls_back_to_simplex(tiny, caplog):
    """IPM stopped after one iteration (not optimal) is not taken as the answer: the network is
    solved again with dual simplex and reaches network A's optimum, 17,654,982 EUR."""
    nf = config.load(tiny)
    n = network.build(nf, inputs.load(nf))
    with caplog.at_level("WARNING", logger="energymodel.model.solve"):
        solve.optimize(n, {"ipm_iteration_limit": 1})
    assert n.objective == pytest.approx(17_654_982, rel=1e-9)
    assert "solving again with dual simplex" in caplog.text


def test_weather_year_2013_is_feasible_at_3h():
    """Regression: North East Scotland on weather year 2013 at 3 h, where HiGHS's interior
    point answered "infeasible" (a 28 GWh tank against MW flows); simplex proves it optimal.
    Tank storage is unlimited, so the hub is feasible by construction."""
    data = config.load(REPO / "networks" / "uk_weather_years.yaml").network.model_dump(
        mode="json")
    data["weather_year"] = 2013
    data["hubs"] = {"ne_scotland": data["hubs"]["ne_scotland"]}
    data["sites"] = {k: s for k, s in data["sites"].items() if s["hub"] == "ne_scotland"}
    nf = config.parse(data, REPO / "networks" / "uk_weather_years.yaml")
    n = solve.solve(nf, "3h", workers=1)
    assert n.objective == pytest.approx(403_826_635.3, rel=1e-6)  # measured with simplex too
    assert n.stores.e_nom_opt.max() > 20_000  # MWh: the long 2013 lull needs a huge tank


def test_iteration_limit_is_an_error_not_a_result(tiny):
    """linopy reports status "ok" when HiGHS stops at an iteration limit; that is no optimum
    and must not be written as a result (it used to give an objective of 0)."""
    from energymodel.errors import EnergyModelError

    nf = config.load(tiny)
    n = network.build(nf, inputs.load(nf))
    with pytest.raises(EnergyModelError, match="iteration_limit"):
        solve.optimize(n, {"solver": "simplex", "simplex_iteration_limit": 1})


def test_solver_end_that_is_not_optimal_says_what_to_try(tiny, tmp_path, capsys):
    """HiGHS stopped by its time limit (0 s): exit 1, one line naming the hub group, the end
    and what to try; nothing written."""
    out = tmp_path / "out"
    code = main(["-q", "run", str(tiny), "--solver-option", "time_limit=0", "--out", str(out),
                 "--workers", "1"])
    err = capsys.readouterr().err.strip()
    assert code == 1
    assert len(err.splitlines()) == 1, err
    assert err.startswith("error: tiny[h]: HiGHS did not reach an optimum")
    assert "time_limit was reached; raise solver.options.time_limit" in err
    assert not out.exists()


def test_misspelt_solver_option_on_the_command_line(tiny, tmp_path, capsys):
    assert main(["-q", "run", str(tiny), "--solver-option", "presolv=off",
                 "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip()
    assert err == ("error: --solver-option: presolv: not a HiGHS option (did you mean "
                   "'presolve'?)")


def test_hipo_is_refused_with_the_reason(tiny, tmp_path, capsys):
    """``solver=hipo`` needs highspy-extras (highspy 1.15 only; docs/speed.md): refused before
    solving, exit 2, one line that says so; nothing written."""
    out = tmp_path / "out"
    assert main(["-q", "run", str(tiny), "--solver-option", "solver=hipo",
                 "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --solver-option: solver: 'hipo': HiPO needs the "
                          "highspy-extras package")
    assert err.count("\n") == 1
    assert not out.exists()
