"""Tiny hand-solvable networks, written to a folder: the tests' shared network builders.

The tiny networks use a made-up cost table (test fixture, not data) with lifetime 1 year and
discount rate 0, so the annualised capital cost equals the investment and every optimum can be
derived by hand in the test's docstring.
"""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]

#: technology-data rows for the tiny networks: (technology, parameter, value, unit).
TINY_COSTS = [
    ("offwind", "investment", 100, "EUR/kW"),
    ("offwind-float", "investment", 150, "EUR/kW"),
    ("offwind-ac-station", "investment", 0, "EUR/kW"),
    ("offwind-ac-connection-submarine", "investment", 10, "EUR/MW/km"),
    ("offwind-float-station", "investment", 0, "EUR/kW"),
    ("offwind-float-connection-submarine", "investment", 10, "EUR/MW/km"),
    ("hydrogen storage underground", "investment", 1, "EUR/kWh"),
    ("hydrogen storage tank type 1 including compressor", "investment", 5, "EUR/kWh"),
    ("battery storage", "investment", 1, "EUR/kWh"),
    ("battery inverter", "investment", 1, "EUR/kW"),
    ("battery inverter", "efficiency", 0.9, "per unit"),
    # balance of plant free: the tiny optima of the tests before it stay as derived
    ("hydrogen storage compressor", "investment", 0, "EUR/kW_H2"),
    ("hydrogen storage compressor", "compression-electricity-input", 0, "MWh_el/MWh_H2"),
    ("seawater desalination", "investment", 0, "EUR/(m^3-H2O/h)"),
    ("seawater desalination", "electricity-input", 3, "kWh/m^3-H2O"),
    ("clean water tank storage", "investment", 0, "EUR/m^3-H2O"),
]
#: The tiny electrolyser table (columns of inputs/costs/electrolysers.csv): alkaline 50 and
#: PEM 80 EUR/kW, efficiency 0.5 (2 MWh_el per MWh_H2), no stack cost, no minimum load.
TINY_ELECTROLYSERS = {"alkaline": 50, "pem": 80}
#: A flat part-load curve: the same consumption at every load (no part-load effect).
TINY_PART_LOAD = [(0.0, 1.0), (0.5, 1.0), (1.0, 1.0)]
ELECTROLYSER_COLUMNS = (
    "cost_year,technology,basis,investment_eur_per_kw,stack_cost_eur_per_mwh,fom_pct,"
    "lifetime_years,efficiency,min_load,currency_year,source")


def tiny_spec(cf: list[float], *, grid: bool = True) -> dict:
    """A one-hub, one-site network spec with ``len(cf)`` hourly snapshots."""
    hub = {
        "name": "Tiny hub", "country": "UK", "electrolysis": ["alkaline"], "storage": ["tank"],
        "offtake": {"t_per_day": 24},
        "grid": {"enabled": grid, "price": {"file": "grid.csv", "column": "price"},
                 "carbon_intensity": {"file": "grid.csv", "column": "ci"},
                 "import_limit_mw": 10, "charges_eur_per_mwh": 0},
        "water": {"desalination": False},
        # On (the default network has them off): with the fixture's flat part-load curve and
        # no minimum load they change no optimum, and every tiny test exercises their rows.
        "electrolysis_operation": {"min_load": True, "part_load": True},
    }
    if not grid:
        hub["grid"] = {"enabled": False}
    return {
        "name": "tiny",
        "snapshots": {"start": "2019-01-01 00:00", "periods": len(cf)},
        "costs": {"year": 2030, "discount_rate": 0.0, "dir": "."},
        "standards": "certification.csv",
        "hubs": {"h": hub},
        "sites": {"a": {"name": "Site A", "hub": "h", "profile": {"file": "cf.csv", "column": "a"},
                        "capacity_limit_mw": 1000, "distance_to_shore_km": 10,
                        "foundation": "fixed"}},
        "_cf": {"a": cf},
    }


def setter(path: str, value: object):
    """A spec mutation that sets the dotted ``path`` (e.g. ``sites.a.hub``) to ``value``."""
    def mutate(spec: dict) -> None:
        *parents, last = path.split(".")
        node = spec
        for key in parents:
            node = node[key]
        node[last] = value
    return mutate


def write_network(folder: Path, spec: dict) -> Path:
    """Write a spec's network file, cost table and profiles into ``folder``; return the YAML."""
    spec = copy.deepcopy(spec)
    cf = spec.pop("_cf")
    periods = spec["snapshots"]["periods"]
    folder.mkdir(parents=True, exist_ok=True)
    rows = ["technology,parameter,value,unit,source"]
    techs = sorted({t for t, *_ in TINY_COSTS})
    rows += [f"{t},lifetime,1,years,test fixture" for t in techs]
    rows += [f"{t},{p},{v},{u},test fixture" for t, p, v, u in TINY_COSTS]
    (folder / "costs_2030.csv").write_text("\n".join(rows) + "\n")
    elec = [ELECTROLYSER_COLUMNS] + [
        f"2030,{tech},{basis},{cost},0,0,1,0.5,0,2025,test fixture"
        for tech, cost in TINY_ELECTROLYSERS.items() for basis in ("technology-data", "dea")]
    (folder / "electrolysers.csv").write_text("\n".join(elec) + "\n")
    curve = ["technology,load,sec_relative"] + [
        f"{tech},{x},{s}" for tech in TINY_ELECTROLYSERS for x, s in TINY_PART_LOAD]
    (folder / "electrolyser_part_load.csv").write_text("\n".join(curve) + "\n")
    cols = list(cf)
    lines = ["time_utc," + ",".join(cols)]
    lines += [f"{i}," + ",".join(str(cf[c][i]) for c in cols) for i in range(periods)]
    (folder / "cf.csv").write_text("\n".join(lines) + "\n")
    grid = ["time_utc,price,ci"] + [f"{i},100,500" for i in range(periods)]
    (folder / "grid.csv").write_text("\n".join(grid) + "\n")
    (folder / "certification.csv").write_bytes((REPO / "inputs" / "certification.csv").read_bytes())
    path = folder / f"{spec['name']}.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False))
    return path


def set_electrolysers(folder: Path, techs: tuple[str, ...] = ("alkaline", "pem"),
                      **columns: float) -> None:
    """Set columns of the written fixture's electrolysers.csv (e.g. ``min_load=0.2``,
    ``stack_cost_eur_per_mwh=2``) for ``techs``, on both cost bases."""
    table = folder / "electrolysers.csv"
    header, *lines = table.read_text().splitlines()
    cols = header.split(",")
    rows = [header]
    for line in lines:
        cells = line.split(",")
        if cells[cols.index("technology")] in techs:
            for name, value in columns.items():
                cells[cols.index(name)] = str(value)
        rows.append(",".join(cells))
    table.write_text("\n".join(rows) + "\n")


def set_part_load(folder: Path, curve) -> None:
    """Give both electrolysers the part-load ``curve`` ((load, relative consumption), ...)."""
    rows = ["technology,load,sec_relative"] + [
        f"{tech},{x},{sec}" for tech in TINY_ELECTROLYSERS for x, sec in curve]
    (folder / "electrolyser_part_load.csv").write_text("\n".join(rows) + "\n")


def set_costs(folder: Path, costs: dict) -> None:
    """Replace (or add) technology-data rows: ``{(technology, parameter): (value, unit)}``."""
    table = folder / "costs_2030.csv"
    rows = [line for line in table.read_text().splitlines()
            if tuple(line.split(",")[:2]) not in costs]
    rows += [f"{t},{param},{v},{unit},test fixture" for (t, param), (v, unit) in costs.items()]
    table.write_text("\n".join(rows) + "\n")


def set_grid_prices(folder: Path, prices: list[float]) -> None:
    """An hourly grid price (carbon intensity 500 g/kWh as the fixture)."""
    rows = ["time_utc,price,ci"] + [f"{i},{price},500" for i, price in enumerate(prices)]
    (folder / "grid.csv").write_text("\n".join(rows) + "\n")
