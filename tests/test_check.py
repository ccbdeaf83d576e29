"""Every solution is checked against every row and bound of its LP before anything is written
(:mod:`energymodel.model.check`): from the solution values, not the solver's word."""

from __future__ import annotations

import pytest

from energymodel import config
from energymodel.cli import main
from energymodel.errors import SolutionError
from energymodel.model import aggregate, check, constraints, network
from energymodel.model import inputs as model_inputs
from energymodel.model.solve import optimize
from tests.networks import tiny_spec, write_network


def _solved(tmp_path):
    """The tiny network (wind, grid, tank; 4 hours), solved in this process, model kept."""
    nf = config.load(write_network(tmp_path / "net", tiny_spec([1, 0, 1, 0])))
    inp = model_inputs.load(nf)
    n = aggregate.resample(network.build(nf, inp), None)
    n.name = "tiny[h]"
    optimize(n, {}, constraints.Context.build(nf, inp, n))
    return n


def test_an_optimal_solution_passes_and_a_broken_one_is_named(tmp_path):
    """The optimum holds every row; moving one electrolyser's input by 1 MW in one hour breaks
    the hub's electricity balance by exactly 1 MW (its hydrogen balance by 0.5 MW, less
    relative to the tolerance), named with the hour and the bus."""
    n = _solved(tmp_path)
    assert check.worst(n.model) is None
    p = n.model.variables["Link-p"].solution
    link = next(k for k in p.coords["name"].values if "electrolysis" in str(k))
    p.loc[{"name": link}] = p.loc[{"name": link}] + 1.0
    bad = check.worst(n.model)
    assert bad is not None
    assert bad.name == "constraint Bus-nodal_balance"
    assert "name=h AC" in bad.where
    assert bad.amount == pytest.approx(1.0, rel=1e-6)
    assert bad.amount > bad.allowed
    with pytest.raises(SolutionError, match=r"^tiny\[h\]: the solver's solution breaks "):
        check.check(n, n.name)


def test_tolerances_are_relative_to_the_row(tmp_path):
    """A residual of 1e-5 on a row of scale 1e3 is within ATOL + RTOL x scale (1e-4 + 1e-3);
    the same residual with both tolerances 100 times tighter is not."""
    n = _solved(tmp_path)
    p = n.model.variables["Generator-p"].solution
    gen = next(k for k in p.coords["name"].values if str(k).endswith("grid"))
    p.loc[{"name": gen}] = p.loc[{"name": gen}] + 1e-5
    assert check.worst(n.model) is None
    assert check.ATOL == 1e-4
    assert check.RTOL == 1e-6


def test_a_violation_stops_the_run_with_one_line_and_writes_nothing(tmp_path, capsys,
                                                                      monkeypatch):
    """With the tolerance made negative every solution 'violates' it: the run ends with exit
    code 1, one line naming the hub group and the constraint, and no results folder."""
    path = write_network(tmp_path / "net", tiny_spec([1, 0, 1, 0]))
    monkeypatch.setattr(check, "ATOL", -1.0)
    out = tmp_path / "out"
    code = main(["-q", "run", str(path), "--out", str(out), "--workers", "1"])
    err = capsys.readouterr().err.strip()
    assert code == 1
    assert len(err.splitlines()) == 1, err
    assert "tiny[h]: the solver's solution breaks" in err
    assert "nothing written" in err
    assert not out.exists()


def test_summary_records_the_solver_that_ended_each_hub(tmp_path):
    """summary.json names, per hub, the HiGHS solver whose optimum was checked and kept:
    interior point with crossover for the tiny network (the project's default options)."""
    import json

    path = write_network(tmp_path / "net", tiny_spec([1, 0, 1, 0]))
    out = tmp_path / "out"
    assert main(["-q", "run", str(path), "--out", str(out), "--workers", "1",
                 "--no-report"]) == 0
    summary = json.loads((out / "summary.json").read_text())
    assert summary["hubs"]["h"]["solver"] == "ipm"
