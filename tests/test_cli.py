"""The command line end to end on the tiny network: every output, the report, the help."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pandas as pd
import pypsa
import pytest

from energymodel.cli import main
from tests.networks import tiny_spec, write_network

OUTPUTS = ["network.nc", "summary.json", "hubs.csv", "lcoh_breakdown.csv", "capacities.csv",
           "dispatch.csv", "assumptions.csv", "report.html", "manifest.json", "basis"]


def test_run_writes_every_output(tiny, tmp_path):
    """`energymodel run` writes every file; network.nc reopens with the same objective."""
    out = tmp_path / "results" / "tiny"
    assert main(["-q", "run", str(tiny), "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUTS)
    doc = json.loads((out / "summary.json").read_text())
    n = pypsa.Network(out / "network.nc")
    assert n.objective == pytest.approx(doc["objective_eur"], rel=1e-9)
    assert doc["hubs"]["h"]["lcoh_eur_per_kg"] == pytest.approx(4413.7455, rel=1e-9)
    dispatch = pd.read_csv(out / "dispatch.csv")
    assert len(dispatch) == 4
    html = (out / "report.html").read_text()
    assert len(re.findall(r'id="figure-', html)) >= 4
    # no element loads anything from the network (plotly.js itself is inlined)
    assert not re.search(r'<(script|link|img|iframe)\b[^>]*(src|href)="(https?:)?//', html)
    assert html.count("<script") == html.count("</script>")


def test_two_runs_are_byte_identical(tiny, tmp_path):
    """Same inputs, same outputs: CSV, JSON and HTML files are byte-identical."""
    a, b = tmp_path / "a", tmp_path / "b"
    assert main(["-q", "run", str(tiny), "--out", str(a)]) == 0
    assert main(["-q", "run", str(tiny), "--out", str(b)]) == 0
    for name in OUTPUTS:
        if name not in ("network.nc", "basis"):  # the bases: tests/test_safe_outputs.py
            assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_report_and_validate_commands(tiny, tmp_path, capsys):
    """`report` rebuilds report.html from the tables; `validate` checks without solving."""
    out = tmp_path / "r"
    assert main(["-q", "run", str(tiny), "--out", str(out), "--no-report"]) == 0
    assert not (out / "report.html").exists()
    assert main(["-q", "report", str(out)]) == 0
    assert (out / "report.html").stat().st_size > 1_000_000  # plotly.js inlined
    capsys.readouterr()
    assert main(["-q", "validate", str(tiny)]) == 0
    assert "valid: 1 hubs, 1 sites, 4 snapshots" in capsys.readouterr().out
    assert main(["-q", "report", str(tmp_path / "nothing")]) == 2


@pytest.mark.parametrize("command", [[], ["run"], ["validate"], ["report"], ["verify"],
                                     ["sweep"], ["compare"], ["tradeoff"], ["prepare"]])
def test_help(command):
    """Every command has --help (through the installed console script's module)."""
    proc = subprocess.run([sys.executable, "-m", "energymodel.cli", *command, "--help"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0
    assert "usage: energymodel" in proc.stdout


def test_cost_year_override(tiny, tmp_path):
    """--cost-year reads costs_<year>.csv: the tiny folder has only 2030, so 2040 is refused."""
    assert main(["-q", "run", str(tiny), "--cost-year", "2040", "--out", str(tmp_path / "x")]) == 2


def test_quiet_infeasible_run_prints_the_error_line_only(tmp_path):
    """``-q`` on an infeasible network: nothing on stdout, one line on stderr, exit 3.

    Two hubs solved on two worker processes, each infeasible (offtake 1,000 t/day against a
    10 MW site), so HiGHS's banner, linopy's "Optimization potentially failed" reports and the
    interior-point fallback all happen, in the workers too: none of them may reach the user.
    """
    spec = tiny_spec([1, 0, 1, 0])
    spec["hubs"]["h"]["offtake"] = {"t_per_day": 1000}
    spec["hubs"]["g"] = {**spec["hubs"]["h"], "name": "Second hub"}
    spec["sites"]["b"] = {**spec["sites"]["a"], "name": "Site B", "hub": "g"}
    spec["sites"]["a"]["capacity_limit_mw"] = spec["sites"]["b"]["capacity_limit_mw"] = 10
    path = write_network(tmp_path / "net", spec)
    proc = subprocess.run([sys.executable, "-m", "energymodel.cli", "-q", "run", str(path),
                           "--out", str(tmp_path / "out"), "--workers", "2"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 3
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("error: tiny.yaml: infeasible: hub h (Tiny hub)")
    assert "hub g (Second hub)" in lines[0]


def test_verbose_run_logs_the_solver_chatter_at_debug(tiny, tmp_path):
    """``-v`` shows what ``-q`` hides: HiGHS's banner, as a DEBUG line of the log."""
    proc = subprocess.run([sys.executable, "-m", "energymodel.cli", "-v", "run", str(tiny),
                           "--out", str(tmp_path / "out"), "--no-report", "--workers", "1"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0
    assert re.search(r"DEBUG energymodel\.model\.solve: HiGHS: Running HiGHS", proc.stderr)
    assert "Running HiGHS" not in proc.stdout
