"""Bad input stops before solving: one line naming the file, the field and the problem,
exit code 2, nothing written. An infeasible network says so, for which hub, exit code 3."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from energymodel.cli import main
from tests.networks import setter, tiny_spec, write_network


def _run(path: Path, out: Path, capsys) -> tuple[int, str]:
    code = main(["-q", "run", str(path), "--out", str(out), "--no-report"])
    err = capsys.readouterr().err.strip()
    return code, err


def _spec_with(mutate) -> dict:
    spec = tiny_spec([1, 0, 1, 0])
    mutate(spec)
    return spec


def _rename_key(spec: dict) -> None:
    hub = spec["hubs"]["h"]
    hub["electrolysys"] = hub.pop("electrolysis")


CASES = {
    # name: (mutation of the spec, or a file edit; expected file; expected words in the line)
    "unknown key (typo)": (_rename_key, "tiny.yaml",
                           ["hubs.h.electrolysys", "unknown field (did you mean 'electrolysis'?)"]),
    "site at unknown hub": (setter("sites.a.hub", "nowhere"), "tiny.yaml",
                            ["sites.a.hub", "unknown hub 'nowhere'"]),
    "negative capacity": (setter("sites.a.capacity_limit_mw", -5), "tiny.yaml",
                          ["sites.a.capacity_limit_mw", "greater than 0"]),
    "NaN distance": (setter("sites.a.distance_to_shore_km", math.nan), "tiny.yaml",
                     ["sites.a.distance_to_shore_km", "finite"]),
    "negative cost override": (setter("costs.overrides", {"offwind": {"investment": -1}}),
                               "tiny.yaml", ["costs.overrides.offwind.investment",
                                             "greater than or equal to 0"]),
    "missing profile column": (setter("sites.a.profile", {"file": "cf.csv", "column": "zz"}),
                               "cf.csv", ["zz", "column not found"]),
    "discount rate out of range": (setter("costs.discount_rate", 7), "tiny.yaml",
                                   ["costs.discount_rate", "less than or equal to 0.5"]),
    "country discount rate out of range": (
        setter("costs.discount_rate_by_country", {"UK": 0.9}), "tiny.yaml",
        ["costs.discount_rate_by_country.UK", "less than or equal to 0.5"]),
    "discount rate of a country without hubs": (
        setter("costs.discount_rate_by_country", {"IN": 0.08}), "tiny.yaml",
        ["costs.discount_rate_by_country.IN", "no hub in 'IN'"]),
    "water tank not a boolean": (setter("hubs.h.water", {"desalination": True, "tank": 3}),
                                 "tiny.yaml", ["hubs.h.water.tank", "boolean"]),
    "unknown electrolysis technology": (setter("hubs.h.electrolysis", ["soec"]), "tiny.yaml",
                                        ["hubs.h.electrolysis.0", "'alkaline' or 'pem'"]),
    "missing profile file": (setter("sites.a.profile", {"file": "nope.csv", "column": "a"}),
                             "tiny.yaml", ["sites.a.profile.file", "file not found"]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_network_file(case, tmp_path, capsys):
    """Each bad network file gives exit 2 and one line with file, field and problem."""
    mutate, file_name, words = CASES[case]
    path = write_network(tmp_path / "net", _spec_with(mutate))
    out = tmp_path / "results"
    code, err = _run(path, out, capsys)
    assert code == 2, err
    assert len(err.splitlines()) == 1, err
    assert file_name in err
    for word in words:
        assert word in err
    assert "Traceback" not in err
    assert not out.exists()


def _edit_csv(path: Path, row: int, column: int, value: str) -> None:
    lines = path.read_text().splitlines()
    cells = lines[row].split(",")
    cells[column] = value
    lines[row] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n")


@pytest.mark.parametrize(("row", "value", "words"), [
    (2, "1.2", ["cf.csv", "a", "value 1.2 in data row 2 is above 1"]),
    (3, "", ["cf.csv", "a", "missing or non-numeric value in data row 3"]),
    (1, "nan", ["cf.csv", "a", "missing or non-numeric value in data row 1"]),
    (4, "-0.1", ["cf.csv", "a", "value -0.1 in data row 4 is below 0"]),
])
def test_bad_profile_values(row, value, words, tmp_path, capsys):
    """A capacity factor above 1, below 0, blank or NaN is refused with the row named."""
    path = write_network(tmp_path / "net", tiny_spec([1, 0, 1, 0]))
    _edit_csv(path.parent / "cf.csv", row, 1, value)
    code, err = _run(path, tmp_path / "results", capsys)
    assert code == 2
    assert len(err.splitlines()) == 1
    for word in words:
        assert word in err
    assert not (tmp_path / "results").exists()


def test_profile_of_wrong_length(tmp_path, capsys):
    """A profile with 3 rows for 4 snapshots is refused, naming both counts."""
    path = write_network(tmp_path / "net", tiny_spec([1, 0, 1, 0]))
    cf = path.parent / "cf.csv"
    cf.write_text("\n".join(cf.read_text().splitlines()[:-1]) + "\n")
    code, err = _run(path, tmp_path / "results", capsys)
    assert code == 2
    assert "cf.csv" in err
    assert "has 3 rows but the network has 4 snapshots" in err


def test_negative_value_in_cost_table(tmp_path, capsys):
    """A negative investment in the cost table is refused, naming technology and parameter."""
    path = write_network(tmp_path / "net", tiny_spec([1, 0, 1, 0]))
    costs = path.parent / "costs_2030.csv"
    text = costs.read_text().replace("offwind,investment,100,", "offwind,investment,-100,")
    costs.write_text(text)
    code, err = _run(path, tmp_path / "results", capsys)
    assert code == 2
    assert "costs_2030.csv" in err
    assert "offwind/investment" in err
    assert "negative" in err


def test_not_yaml_and_missing_file(tmp_path, capsys):
    """A file that is not YAML, and a file that does not exist, give one line and exit 2."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [unclosed\n")
    code, err = _run(bad, tmp_path / "r", capsys)
    assert code == 2
    assert "bad.yaml" in err
    assert "not valid YAML" in err
    code, err = _run(tmp_path / "missing.yaml", tmp_path / "r", capsys)
    assert code == 2
    assert "missing.yaml" in err
    assert "not found" in err


def test_infeasible_names_the_hub(tmp_path, capsys):
    """Offtake beyond what the site can supply: exit 3, the hub named, nothing written.

    Site limit 10 MW at capacity factor 1, no grid: at most 10 MW_el -> 5 MW_H2, but the
    offtake needs 33.33 MW_H2. Over the two hours: needs 66.66 MWh, at most 10 MWh (see
    tests/test_diagnose.py). The second hub (limit 1,000 MW) is feasible and not named.
    """
    spec = tiny_spec([1, 1], grid=False)
    spec["sites"]["a"]["capacity_limit_mw"] = 10
    spec["hubs"]["ok"] = {**spec["hubs"]["h"], "name": "Fine hub"}
    spec["sites"]["b"] = {**spec["sites"]["a"], "hub": "ok", "capacity_limit_mw": 1000}
    spec["_cf"]["b"] = [1, 1]
    path = write_network(tmp_path / "net", spec)
    out = tmp_path / "results"
    code, err = _run(path, out, capsys)
    assert code == 3
    assert len(err.splitlines()) == 1
    assert "infeasible" in err
    assert ("hub h (Tiny hub): needs 67 MWh of hydrogen a year but its sites (10.0 MW limit) "
            "and grid (0.0 MW) can supply at most 10 MWh") in err
    assert "Fine hub" not in err
    assert not out.exists()


def test_failed_run_keeps_previous_results(tiny, tmp_path, capsys):
    """A good run writes results; a later bad run leaves them exactly as they were."""
    out = tmp_path / "results"
    assert main(["-q", "run", str(tiny), "--out", str(out), "--no-report"]) == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert any(p.parts[0] == "basis" for p in before)  # the kept bases count too
    _edit_csv(tiny.parent / "cf.csv", 1, 1, "2")
    code, _ = _run(tiny, out, capsys)
    assert code == 2
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
