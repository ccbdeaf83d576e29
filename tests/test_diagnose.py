"""Infeasibility explained: tiny infeasible networks, one per kind, numbers derived by hand.

Every tiny network has one alkaline electrolyser technology at efficiency 0.5 (electricity
input 2 MWh_el per MWh_H2 in the fixture cost table), no grid, and offtake 24 t/day =
24 / 24 x 33.33 = 33.33 MW of hydrogen in every hour.
"""

from __future__ import annotations

import logging

import pytest

from energymodel import config
from energymodel.cli import main
from energymodel.model import diagnose, inputs
from tests.networks import tiny_spec, write_network


def _spec(cf: list[float], **hub) -> dict:
    spec = tiny_spec(cf, grid=False)
    spec["hubs"]["h"].update(hub)
    return spec


CASES = {
    # Site too small. cf = 1 for 2 hours, limit 10 MW: at most 10 x 2 = 20 MWh_el
    # -> 0.5 x 20 = 10 MWh_H2, against 2 x 33.33 = 66.66 -> "67 MWh".
    "site capacity": (
        lambda: {**_spec([1, 1]), "sites": {"a": {**_spec([1, 1])["sites"]["a"],
                                                  "capacity_limit_mw": 10}}},
        ["hub h (Tiny hub): needs 67 MWh of hydrogen a year but its sites (10.0 MW limit) "
         "and grid (0.0 MW) can supply at most 10 MWh even with every electrolyser running"]),
    # Electrolyser too small. Site 1,000 MW at cf 1: 2,000 MWh_el -> 1,000 MWh_H2, enough;
    # but electrolysis_max_mw 20: 20 x 0.5 x 2 hours = 20 MWh_H2 < 66.66.
    "electrolyser limit": (
        lambda: _spec([1, 1], electrolysis_max_mw=20),
        ["needs 67 MWh of hydrogen a year but electrolysis_max_mw (20.0 MW for each of 1 "
         "technologies) limits production to 20 MWh"]),
    # No storage, no wind in hours 1 and 3: the year has 0.5 x 2 x 1,000 = 1,000 MWh_H2 >=
    # 133 needed, but at 01:00 the hub can make 0 MW against 33.3 MW of offtake.
    "no storage, calm hour": (
        lambda: _spec([1, 0, 1, 0], storage=[]),
        ["has no storage, yet in 2 of 4 hours its offtake exceeds the most hydrogen it can "
         "produce in that hour (first 2019-01-01 01:00: needs 33.3 MW, at most 0.0 MW)"]),
    # Tank limited to 10 MWh: hour 1 is calm and needs 33.33 MWh from storage (hour 0 can
    # make 500 MW, so the deepest run of shortfalls is the single hour 1, or hour 3): 33 > 10.
    "storage limit": (
        lambda: _spec([1, 0, 1, 0], storage_max_mwh=10),
        ["needs at least 33 MWh of hydrogen storage to bridge its longest shortfall, but "
         "storage_max_mwh allows 10 MWh (1 stores x 10 MWh)"]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_infeasible_is_explained(case, tmp_path, capsys):
    """The solver finds the network infeasible (exit 3) and the one line gives the numbers."""
    make, words = CASES[case]
    path = write_network(tmp_path / "net", make())
    out = tmp_path / "out"
    code = main(["-q", "run", str(path), "--out", str(out), "--no-report", "--workers", "1"])
    err = capsys.readouterr().err.strip()
    assert code == 3, err
    assert len(err.splitlines()) == 1, err
    assert err.startswith("error: tiny.yaml: infeasible: hub h (Tiny hub): "), err
    for word in words:
        assert word in err, err
    assert not out.exists()


def test_feasible_hub_has_no_explanation(tiny):
    """The feasible tiny network breaks no bound (with storage and grid)."""
    nf = config.load(tiny)
    assert diagnose.explain_hub(nf, inputs.load(nf), "h") is None


def test_storage_limit_may_be_too_small(tmp_path):
    """Bounds met but a storage limit set: the limit is named as the suspect.

    cf 1, 0.4, 1, 0.4 on 1,000 MW with electrolysis_max_mw 100: at most 50 MW_H2 each hour
    (>= 33.33), so no shortfall; the explanation falls back to "may be too small".
    """
    spec = _spec([1, 0.4, 1, 0.4], storage_max_mwh=5, electrolysis_max_mw=100)
    nf = config.load(write_network(tmp_path / "net", spec))
    text = diagnose.explain_hub(nf, inputs.load(nf), "h")
    assert text == ("hub h (Tiny hub): its storage limit 5 MWh may be too small (the yearly "
                    "energy and electrolyser bounds are met)")


def test_iis_is_logged(tmp_path, caplog):
    """At INFO level a small infeasible LP's IIS is logged by PyPSA constraint name.

    The storage-limit case: the tank's size bound (``Store-ext-e_nom-upper``) is in the set.
    """
    path = write_network(tmp_path / "net", CASES["storage limit"][0]())
    caplog.set_level(logging.INFO, logger="energymodel")
    code = main(["run", str(path), "--out", str(tmp_path / "out"), "--no-report",
                 "--workers", "1"])
    assert code == 3
    assert "Irreducible infeasible set of tiny[h]" in caplog.text
    assert "Store-ext-e_nom-upper h H2 tank" in caplog.text
