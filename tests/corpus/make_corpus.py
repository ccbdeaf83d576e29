"""Write the malformed-input corpus: one folder per broken case, built from the tiny network.

Run from the repository root: ``python tests/corpus/make_corpus.py``. Each folder holds
``net.yaml`` (the file to run), the tiny network's CSV files with one thing broken, and
``expected.txt``: the name of the file the error must name, then a word of the field, then
(optionally) the command that reads the case, its last word a file of the folder (default
``run net.yaml``; scenario-file cases use ``sweep --list sweep.yaml``).

The corpus is a record: a case folder that exists is kept as it is, so a change to the tiny
network of tests/networks.py never rewrites the cases written before it; only new cases are
written. ``--all`` rewrites every folder: 111 of the first 127 come out byte for byte; the 16
others were edited in place when issue 13 added its tables (007, 026, 027, 033, 034, 058-063
and 079 have no grid_charges.csv, 031, 037 and 122 a cost table edited in place, 033 and 101 an
older net.yaml), so ``--all`` would change them. Since issue 13 every case carries the grid charge
table (``grid_charges.csv``, a copy of inputs/grid/grid_charges.csv, named by ``grid_charges``)
and leaves the hub's charges and water to their defaults: the hub's charges come from the table
and its water is modelled, so the cases reach the readers of both.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from tests.networks import REPO, TINY_COSTS, setter, tiny_spec, write_network  # noqa: E402

Case = tuple  # (mutate, edit, file named, field named[, command])

#: Part load (off by default) on, so the part-load table is read.
_ON = setter("hubs.h.electrolysis_operation", {"part_load": True})


def _yaml(text: str | bytes) -> Callable[[Path], None]:
    """Replace net.yaml by this text (str: UTF-8) or these bytes."""
    def edit(folder: Path) -> None:
        data = text.encode() if isinstance(text, str) else text
        (folder / "net.yaml").write_bytes(data)
    return edit


def _replace(file: str, old: str, new: str, count: int = 1) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        text = (folder / file).read_text()
        assert old in text, (file, old)
        (folder / file).write_text(text.replace(old, new, count))
    return edit


def _write(file: str, data: str | bytes) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        (folder / file).write_bytes(data.encode() if isinstance(data, str) else data)
    return edit


def _lines(file: str, change: Callable[[list[str]], list[str]]) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        lines = (folder / file).read_text().splitlines()
        (folder / file).write_text("\n".join(change(lines)) + "\n")
    return edit


def _iso_grid(folder: Path) -> None:
    """Give grid.csv real ISO timestamps (as inputs/grid/*.csv have)."""
    times = ["2019-01-01T00:00:00Z", "2019-01-01T01:00:00Z", "2019-01-01T02:00:00Z",
             "2019-01-01T03:00:00Z"]
    rows = ["time_utc,price,ci"] + [f"{t},100,500" for t in times]
    (folder / "grid.csv").write_text("\n".join(rows) + "\n")


def _then(*edits: Callable[[Path], None]) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        for e in edits:
            e(folder)
    return edit


def _leap_year(folder: Path) -> None:
    """8,784 hourly rows (2020, a leap year) for a network of 8,760 snapshots."""
    rows = ["time_utc,a"] + [f"{i},{i % 2}" for i in range(8784)]
    (folder / "cf.csv").write_text("\n".join(rows) + "\n")
    (folder / "grid.csv").unlink()


def _loop(name: str) -> Callable[[Path], None]:
    """Make ``name`` a symbolic link into a loop: name -> name.loop -> name."""
    def edit(folder: Path) -> None:
        (folder / name).unlink(missing_ok=True)
        (folder / name).symlink_to(f"{name}.loop")
        (folder / f"{name}.loop").symlink_to(name)
    return edit


def _sweep(body: str) -> Callable[[Path], None]:
    """A scenario file ``sweep.yaml`` over net.yaml, with ``body`` below its head."""
    def edit(folder: Path) -> None:
        (folder / "sweep.yaml").write_text("name: corpus_sweep\nbase: net.yaml\n" + body)
    return edit


def _minerals(folder: Path) -> None:
    """A small valid intensity and supply table (test numbers, not data)."""
    (folder / "minerals.csv").write_text(
        "technology,variant,mineral,kg_per_unit,unit,status\n"
        "wind,dd_pmsg,neodymium,200,kg/MW,value\n"
        "electrolysis,alkaline,nickel,,kg/MW,no citable figure\n")
    (folder / "supply.csv").write_text("mineral,world_supply_t_per_yr\nneodymium,30000\n"
                                       "nickel,\n")


MINERALS = {"intensities": "minerals.csv", "supply": "supply.csv"}


def _export(key: str = "r", twice: bool = False, **changes: object) -> Callable[[dict], None]:
    """A second hub ``d`` with its own site and an export route ``key`` from ``h`` to ``d``
    (ammonia by sea, a quarter of h's offtake), with ``changes`` to the route (None: drop)."""
    def mutate(spec: dict) -> None:
        spec["hubs"]["d"] = {**spec["hubs"]["h"], "name": "Destination"}
        spec["sites"]["b"] = {**spec["sites"]["a"], "name": "Site B", "hub": "d"}
        spec["trade"] = {"sea_distances": "sea.csv", "shipping": "ship.csv", "sea_routes": None}
        route = {"name": "Route", "origin": "h", "destination": "d", "chain": "ammonia",
                 "share": 0.25, "route": {"from_port": "INAAA", "to_port": "GBBBB"}}
        for field, value in changes.items():
            if value is None:
                route.pop(field, None)
            else:
                route[field] = value
        spec["exports"] = {key: route}
        if twice:
            spec["exports"]["r2"] = dict(route)
    return mutate


#: The export chain's rows for the corpus's cost table (test numbers, not data).
TRADE_ROWS = [
    ("Haber-Bosch", "investment", "100", "EUR/kW_NH3"),
    ("Haber-Bosch", "hydrogen-input", "1.25", "MWh_H2/MWh_NH3"),
    ("Haber-Bosch", "electricity-input", "0.1", "MWh_el/MWh_NH3"),
    ("Haber-Bosch", "nitrogen-input", "0.1", "t_N2/MWh_NH3"),
    ("air separation unit", "investment", "1000", "EUR/t_N2/h"),
    ("air separation unit", "electricity-input", "0.5", "MWh_el/t_N2"),
    ("NH3 (l) storage tank incl. liquefaction", "investment", "1", "EUR/MWh_NH3"),
    ("NH3 (l) transport ship", "investment", "1000000", "EUR"),
    ("NH3 (l) transport ship", "capacity", "1000", "t_NH3"),
    ("Ammonia cracker", "investment", "1000", "EUR/MW_H2"),
    ("Ammonia cracker", "ammonia-input", "1.25", "MWh_NH3/MWh_H2"),
]


def _trade_files(sea: bool = True, km: str = "1852", fuel: str | None = "5e-6",
                 rows: bool = True, hydrogen_input: str = "1.25") -> Callable[[Path], None]:
    """The sea distance and shipping tables of the export route, and the chain's cost rows."""
    def edit(folder: Path) -> None:
        if sea:
            (folder / "sea.csv").write_text(
                "origin_locode,origin_port,destination_locode,destination_port,via,"
                f"nautical_miles,km,source\nINAAA,A,GBBBB,B,suez,1000,{km},test fixture\n")
        lines = ["parameter,value,unit,source"]
        if fuel is not None:
            lines.append(f"nh3_fuel_per_km,{fuel},kWh NH3 per kWh NH3 per km,test fixture")
        lines.append("nh3_boil_off_per_km,0,fraction per km,test fixture")
        (folder / "ship.csv").write_text("\n".join(lines) + "\n")
        if rows:
            table = folder / "costs_2030.csv"
            techs = sorted({t for t, *_ in TRADE_ROWS})
            extra = [f"{t},lifetime,1,years,test fixture" for t in techs]
            extra += [f"{t},{p},{hydrogen_input if p == 'hydrogen-input' else v},{u},"
                      "test fixture" for t, p, v, u in TRADE_ROWS]
            table.write_text(table.read_text() + "\n".join(extra) + "\n")
    return edit
SWEEP = "sweep --list sweep.yaml"
ALKALINE = "Alkaline electrolyzer large size"
#: The first row of the tiny electrolyser table (alkaline, technology-data basis, 2030).
ALKALINE_ROW = "2030,alkaline,technology-data,50,0,0,1,0.5,0,2025,test fixture"
PART_LOAD = "electrolyser_part_load.csv"


BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n"
    for p, c in zip("abcdefgh", "bcdefghi", strict=True))
BOMB_IN_OPTIONS = BOMB + "name: tiny\nsolver:\n  options:\n    z: *i\n"
NESTED = "name: " + "[" * 5000 + "]" * 5000 + "\n"

#: name: (mutation of the spec, edit of the written folder, file named, field named)
CASES: dict[str, Case] = {
    # wrong types
    "capacity_is_text": (setter("sites.a.capacity_limit_mw", "ten"), None, "net.yaml",
                         "sites.a.capacity_limit_mw"),
    "periods_is_text": (None, _replace("net.yaml", "periods: 4", "periods: many"), "net.yaml",
                        "snapshots.periods"),
    "electrolysis_not_a_list": (setter("hubs.h.electrolysis", "alkaline"), None, "net.yaml",
                                "hubs.h.electrolysis"),
    "hubs_is_a_list": (setter("hubs", ["h"]), None, "net.yaml", "hubs"),
    "offtake_is_a_list": (setter("hubs.h.offtake.t_per_day", [24]), None, "net.yaml",
                          "hubs.h.offtake.t_per_day"),
    "grid_enabled_maybe": (setter("hubs.h.grid.enabled", "maybe"), None, "net.yaml",
                           "hubs.h.grid.enabled"),
    "top_level_is_a_list": (None, _yaml("- name: tiny\n- hubs: {}\n"), "net.yaml", "top level"),
    # units and values out of range
    "negative_capacity": (setter("sites.a.capacity_limit_mw", -5), None, "net.yaml",
                          "sites.a.capacity_limit_mw"),
    "discount_rate_percent": (setter("costs.discount_rate", 7), None, "net.yaml",
                              "costs.discount_rate"),
    "latitude_200": (setter("hubs.h.lat", 200), None, "net.yaml", "hubs.h.lat"),
    "zero_periods": (None, _replace("net.yaml", "periods: 4", "periods: 0"), "net.yaml",
                     "snapshots.periods"),
    "negative_offtake": (setter("hubs.h.offtake.t_per_day", -24), None, "net.yaml",
                         "hubs.h.offtake.t_per_day"),
    "banking_charge_100": (setter("hubs.h.banking", {"enabled": True, "charge_pct": 100}), None,
                           "net.yaml", "hubs.h.banking.charge_pct"),
    "cost_year_2035": (setter("costs.year", 2035), None, "net.yaml", "costs.year"),
    "february_30": (setter("snapshots.start", "2019-02-30 00:00"), None, "net.yaml",
                    "snapshots.start"),
    "nan_distance": (setter("sites.a.distance_to_shore_km", float("nan")), None, "net.yaml",
                     "sites.a.distance_to_shore_km"),
    "infinite_import_limit": (setter("hubs.h.grid.import_limit_mw", float("inf")), None,
                              "net.yaml", "hubs.h.grid.import_limit_mw"),
    "capacity_factor_above_1": (None, _replace("cf.csv", "\n0,1\n", "\n0,1.2\n"), "cf.csv", "a"),
    "carbon_intensity_in_g_per_mwh": (None, _replace("grid.csv", "0,100,500", "0,100,500000"),
                                      "grid.csv", "ci"),
    "zero_offtake": (setter("hubs.h.offtake.t_per_day", 0), None, "net.yaml",
                     "hubs.h.offtake"),
    # duplicate keys and names
    "duplicate_hub_key": (None, _replace("net.yaml", "hubs:\n", "hubs:\n  h:\n    name: Other\n"),
                          "net.yaml", "line"),
    "duplicate_top_level_key": (None, _replace("net.yaml", "name: tiny\n",
                                               "name: tiny\nname: tiny2\n"), "net.yaml", "line"),
    "duplicate_generator_type": (setter("sites.a.generators", ["dd_pmsg", "dd_pmsg"]), None,
                                 "net.yaml", "generators"),
    "duplicate_standard": (setter("hubs.h.certification", {"standards": ["uk_lchs", "uk_lchs"]}),
                           None, "net.yaml", "standards"),
    "duplicate_cf_column": (None, _lines("cf.csv", lambda x: [x[0] + ",a",
                                                              *(r + ",0" for r in x[1:])]),
                            "cf.csv", "(header)"),
    # empty files
    "empty_yaml": (None, _yaml(""), "net.yaml", "top level"),
    "yaml_only_comment": (None, _yaml("# nothing here\n---\n"), "net.yaml", "top level"),
    "empty_profile_csv": (None, _write("cf.csv", ""), "cf.csv", "(file)"),
    "empty_cost_table": (None, _write("costs_2030.csv", ""), "costs_2030.csv", "(file)"),
    "profile_header_only": (None, _lines("cf.csv", lambda x: x[:1]), "cf.csv", "a"),
    "cost_table_header_only": (None, _lines("costs_2030.csv", lambda x: x[:1]),
                               "costs_2030.csv", "offwind"),
    # wrong encodings
    "yaml_latin1": (None, lambda f: (f / "net.yaml").write_bytes((f / "net.yaml").read_text(
        ).replace("name: tiny\n", "name: tiny\ntitle: Caf\xe9 hub\n").encode("latin-1")),
        "net.yaml", "(file)"),
    "yaml_utf16": (None, lambda f: (f / "net.yaml").write_bytes(
        (f / "net.yaml").read_text().encode("utf-16")), "net.yaml", "(file)"),
    "yaml_binary": (None, _yaml(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe"), "net.yaml",
                    "(file)"),
    "profile_utf16": (None, lambda f: (f / "cf.csv").write_bytes(
        (f / "cf.csv").read_text().encode("utf-16")), "cf.csv", "(file)"),
    "profile_binary": (None, _write("cf.csv", b"\x89PNG\r\n\x1a\n\x00\xff\xfe" * 8), "cf.csv",
                       "(file)"),
    "cost_table_latin1": (None, lambda f: (f / "costs_2030.csv").write_bytes(
        (f / "costs_2030.csv").read_text().replace("test fixture", "caf\xe9").encode("latin-1")),
        "costs_2030.csv", "(file)"),
    # CSV with a missing or shifted header
    "profile_no_header": (None, _lines("cf.csv", lambda x: x[1:]), "cf.csv", "a"),
    "profile_header_shifted_left": (None, _replace("cf.csv", "time_utc,a", "a"), "cf.csv",
                                    "(header)"),
    "profile_header_shifted_right": (None, _replace("cf.csv", "time_utc,a", "a,time_utc"),
                                     "cf.csv", "time_utc"),
    "grid_header_renamed": (None, _replace("grid.csv", "price", "price_eur"), "grid.csv",
                            "price"),
    "cost_table_no_value_column": (None, _replace("costs_2030.csv", ",value,", ",val,"),
                                   "costs_2030.csv", "value"),
    "cost_table_no_unit_column": (None, _replace("costs_2030.csv", ",unit,", ",units,"),
                                  "costs_2030.csv", "unit"),
    # time_utc out of order or repeated
    "time_out_of_order": (None, _lines("cf.csv", lambda x: [x[0], x[2], x[1], *x[3:]]),
                          "cf.csv", "time_utc"),
    "time_repeated": (None, _replace("cf.csv", "\n2,", "\n1,"), "cf.csv", "time_utc"),
    "iso_time_out_of_order": (None, _then(_iso_grid, _replace(
        "grid.csv", "T02:00", "T00:30")), "grid.csv", "time_utc"),
    "iso_time_repeated": (None, _then(_iso_grid, _replace("grid.csv", "T03:00", "T02:00")),
                          "grid.csv", "time_utc"),
    "time_is_text": (None, _then(_iso_grid, _replace("grid.csv", "2019-01-01T02:00:00Z",
                                                     "yesterday")), "grid.csv", "time_utc"),
    # leap day
    "leap_year_profile": (setter("hubs.h.grid", {"enabled": False}),
                          _then(_replace("net.yaml", "periods: 4", "periods: 8760"),
                                _leap_year), "cf.csv", "a"),
    # text in a profile
    "profile_text": (None, _replace("cf.csv", "\n1,0\n", "\n1,calm\n"), "cf.csv", "a"),
    "grid_price_text": (None, _replace("grid.csv", "2,100,", "2,high,"), "grid.csv", "price"),
    "profile_extra_field": (None, _replace("cf.csv", "\n1,0\n", "\n1,0,7\n"), "cf.csv",
                            "(file)"),
    # references to missing files
    "missing_profile": (setter("sites.a.profile.file", "nope.csv"), None, "net.yaml",
                        "sites.a.profile.file"),
    "missing_grid_file": (setter("hubs.h.grid.price.file", "prices.csv"), None, "net.yaml",
                          "hubs.h.grid.price.file"),
    "missing_cost_dir": (setter("costs.dir", "no_such_folder"), None, "costs_2030.csv",
                         "(file)"),
    "missing_mineral_table": (setter("minerals", {"intensities": "minerals.csv"}), None,
                              "minerals.csv", "(file)"),
    "missing_profile_column": (setter("sites.a.profile.column", "b"), None, "cf.csv", "b"),
    # unsafe YAML
    "billion_laughs": (None, _yaml(BOMB), "net.yaml", "line"),
    "alias_bomb_in_options": (None, _yaml(BOMB_IN_OPTIONS), "net.yaml", "line"),
    "python_object_apply": (None, _yaml("name: !!python/object/apply:os.system [echo hi]\n"),
                            "net.yaml", "line"),
    "python_name": (None, _yaml("name: tiny\ntitle: !!python/name:os.system\n"), "net.yaml",
                    "line"),
    "deeply_nested": (None, _yaml(NESTED), "net.yaml", "(file)"),
    "unclosed_bracket": (None, _yaml("name: [unclosed\n"), "net.yaml", "line"),
    # cost table values
    "negative_investment": (None, _replace("costs_2030.csv", "offwind,investment,100,",
                                           "offwind,investment,-100,"), "costs_2030.csv",
                            "offwind/investment"),
    "nan_investment": (None, _replace("costs_2030.csv", "offwind,investment,100,",
                                      "offwind,investment,nan,"), "costs_2030.csv",
                       "offwind/investment"),
    "text_investment": (None, _replace("costs_2030.csv", "offwind,investment,100,",
                                       "offwind,investment,cheap,"), "costs_2030.csv",
                        "offwind/investment"),
    "infinite_investment": (None, _replace("costs_2030.csv", "offwind,investment,100,",
                                           "offwind,investment,inf,"), "costs_2030.csv",
                            "offwind/investment"),
    "zero_lifetime": (None, _replace("costs_2030.csv", "offwind,lifetime,1,",
                                     "offwind,lifetime,0,"), "costs_2030.csv",
                      "offwind/lifetime"),
    "unknown_investment_unit": (None, _replace("costs_2030.csv", "100,EUR/kW", "100,USD/kW"),
                                "costs_2030.csv", "offwind/investment"),
    # names and references
    "name_escapes_results": (setter("name", "../../x"), None, "net.yaml", "name"),
    "typo_in_key": (lambda s: s["hubs"]["h"].__setitem__("electrolysys",
                                                          s["hubs"]["h"].pop("electrolysis")),
                    None, "net.yaml", "hubs.h.electrolysys"),
    "site_at_unknown_hub": (setter("sites.a.hub", "nowhere"), None, "net.yaml", "sites.a.hub"),
    "nul_in_name": (setter("hubs.h.name", "Tiny\0hub"), None, "net.yaml", "name"),
    # --- issue 12: inputs that once reached "internal error" ---
    "csv_field_over_csv_limit": (None, _replace("cf.csv", "\n1,0\n", "\n1," + "9" * 140_000
                                                + "\n"), "cf.csv", "a"),
    "mineral_table_empty": (setter("minerals", MINERALS), _then(_minerals, _write(
        "minerals.csv", "")), "minerals.csv", "(file)"),
    "mineral_table_text_value": (setter("minerals", MINERALS), _then(_minerals, _replace(
        "minerals.csv", ",200,", ",lots,")), "minerals.csv", "kg_per_unit"),
    "mineral_table_latin1": (setter("minerals", MINERALS), _then(_minerals, lambda f: (
        f / "minerals.csv").write_bytes((f / "minerals.csv").read_text().replace(
            "neodymium", "n\xe9odyme").encode("latin-1"))), "minerals.csv", "(file)"),
    "mineral_table_wrong_unit": (setter("minerals", MINERALS), _then(_minerals, _replace(
        "minerals.csv", "200,kg/MW", "200,kg/MWh")), "minerals.csv", "wind/dd_pmsg"),
    "network_file_symlink_loop": (None, _loop("net.yaml"), "net.yaml", "(file)"),
    "profile_symlink_loop": (None, _loop("cf.csv"), "net.yaml", "sites.a.profile.file"),
    "override_lifetime_zero": (setter("costs.overrides", {"offwind": {"lifetime": 0}}), None,
                               "net.yaml", "costs.overrides.offwind.lifetime"),
    "override_lifetime_1e300": (setter("costs.overrides", {"offwind": {"lifetime": 1e300}}),
                                None, "net.yaml", "costs.overrides.offwind.lifetime"),
    "scenario_resolution_a_number": (None, _sweep("scenarios:\n  a: {resolution: 3}\n"),
                                     "sweep.yaml", "scenarios.a: resolution", SWEEP),
    "scenario_segments_text": (None, _sweep("scenarios:\n  a: {segments: many}\n"),
                               "sweep.yaml", "scenarios.a: segments", SWEEP),
    "snapshot_start_with_offset": (setter("snapshots.start", "2019-01-01 00:00+05:30"), None,
                                   "net.yaml", "snapshots.start"),
    # --- physically impossible ---
    "override_efficiency_above_1": (setter("costs.overrides", {ALKALINE: {"efficiency": 1.2}}),
                                    None, "net.yaml", "costs.overrides"),
    "electrolyser_efficiency_above_1": (None, _replace(
        "electrolysers.csv", "technology-data,50,0,0,1,0.5,", "technology-data,50,0,0,1,1.25,"),
        "electrolysers.csv", "efficiency"),
    "override_electricity_input_below_1": (setter("costs.overrides", {
        ALKALINE: {"electricity-input": 0.5}}), None, "net.yaml", "electricity-input"),
    "battery_efficiency_above_1": (None, _replace("costs_2030.csv", "efficiency,0.9,",
                                                  "efficiency,1.5,"), "costs_2030.csv",
                                   "battery inverter/efficiency"),
    "override_fom_over_100": (setter("costs.overrides", {"offwind": {"FOM": 150}}), None,
                              "net.yaml", "costs.overrides.offwind.FOM"),
    "override_negative_vom": (setter("costs.overrides", {"offwind": {"VOM": -1}}), None,
                              "net.yaml", "costs.overrides.offwind.VOM"),
    # --- wrong data that was accepted silently ---
    "half_hourly_profile": (None, lambda f: (f / "cf.csv").write_text(
        "time_utc,a\n2019-01-01T00:00:00Z,1\n2019-01-01T00:30:00Z,0\n"
        "2019-01-01T01:00:00Z,1\n2019-01-01T01:30:00Z,0\n"), "cf.csv", "time_utc"),
    "profile_time_with_offset": (None, _then(_iso_grid, _replace(
        "grid.csv", "2019-01-01T01:00:00Z", "2019-01-01T02:00:00+01:00")), "grid.csv",
        "time_utc"),
    "price_column_of_flags": (None, lambda f: (f / "grid.csv").write_text(
        "time_utc,price,ci\n" + "".join(f"{i},True,500\n" for i in range(4))), "grid.csv",
        "price"),
    "yaml_yes_as_capacity": (None, _replace("net.yaml", "capacity_limit_mw: 1000",
                                            "capacity_limit_mw: yes"), "net.yaml",
                             "sites.a.capacity_limit_mw"),
    "yaml_off_as_offtake": (None, _replace("net.yaml", "t_per_day: 24", "t_per_day: off"),
                            "net.yaml", "hubs.h.offtake.t_per_day"),
    "yaml_on_as_discount_rate": (None, _replace("net.yaml", "discount_rate: 0.0",
                                                "discount_rate: on"), "net.yaml",
                                 "costs.discount_rate"),
    "periods_fraction": (None, _replace("net.yaml", "periods: 4", "periods: 4.5"), "net.yaml",
                         "snapshots.periods"),
    "misspelt_highs_option": (setter("solver", {"options": {"solvr": "ipm"}}), None,
                              "net.yaml", "solver.options.solvr"),
    "highs_option_bad_value": (setter("solver", {"options": {"solver": "ipmx"}}), None,
                               "net.yaml", "solver.options.solver"),
    "highs_string_option_unquoted_off": (None, _replace("net.yaml", "hubs:\n",
                                                        "solver:\n  options:\n    "
                                                        "run_crossover: off\nhubs:\n"),
                                         "net.yaml", "solver.options.run_crossover"),
    "highs_option_negative_time_limit": (setter("solver", {"options": {"time_limit": -5}}),
                                         None, "net.yaml", "solver.options.time_limit"),
    "supply_table_text": (setter("minerals", MINERALS), _then(_minerals, _replace(
        "supply.csv", "30000", "plenty")), "supply.csv", "world_supply_t_per_yr"),
    "supply_table_no_supply_column": (setter("minerals", MINERALS), _then(_minerals, _replace(
        "supply.csv", "world_supply_t_per_yr", "supply")), "supply.csv",
        "world_supply_t_per_yr"),
    "hub_key_total": (lambda s: (s["hubs"].__setitem__("total", s["hubs"].pop("h")),
                                 s["sites"]["a"].__setitem__("hub", "total")), None,
                      "net.yaml", "hubs.total"),
    "hub_key_with_a_dot": (lambda s: (s["hubs"].__setitem__("h.1", s["hubs"].pop("h")),
                                      s["sites"]["a"].__setitem__("hub", "h.1")), None,
                           "net.yaml", "hubs.h.1"),
    "scenario_empty_grid": (None, _sweep("grids:\n  g:\n    vary: {costs.discount_rate: []}\n"),
                            "sweep.yaml", "grids.g.vary", SWEEP),
    "scenario_fractional_segments": (None, _sweep("scenarios:\n  a: {segments: 2.5}\n"),
                                     "sweep.yaml", "scenarios.a: segments", SWEEP),
    "scenario_misspelt_highs_option": (None, _sweep("scenarios:\n  a: {solver.options: "
                                                    "{presolv: off}}\n"), "sweep.yaml",
                                       "solver.options.presolv", SWEEP),
    "empty_country": (setter("hubs.h.country", ""), None, "net.yaml", "hubs.h.country"),
    "lowercase_country": (setter("hubs.h.country", "uk"), None, "net.yaml", "hubs.h.country"),
    # --- numbers the solver cannot take ---
    "investment_1e300": (None, _replace("costs_2030.csv", "offwind,investment,100,",
                                        "offwind,investment,1e300,"), "costs_2030.csv",
                         "offwind/investment"),
    "distance_1e300": (setter("sites.a.distance_to_shore_km", 1e300), None, "net.yaml",
                       "sites.a.distance_to_shore_km"),
    "grid_price_1e300": (None, _replace("grid.csv", "2,100,", "2,1e300,"), "grid.csv",
                         "price"),
    "co2_price_1e300": (setter("hubs.h.grid.co2_price_eur_per_t", 1e300), None, "net.yaml",
                        "hubs.h.grid.co2_price_eur_per_t"),
    "price_multiplier_1e300": (setter("hubs.h.grid.price_multiplier", 1e300), None, "net.yaml",
                               "hubs.h.grid.price_multiplier"),
    "capacity_limit_1e30": (setter("sites.a.capacity_limit_mw", 1e30), None, "net.yaml",
                            "sites.a.capacity_limit_mw"),
    "offtake_1e30": (setter("hubs.h.offtake.t_per_day", 1e30), None, "net.yaml",
                     "hubs.h.offtake.t_per_day"),
    "storage_limit_1e30": (setter("hubs.h.storage_max_mwh", 1e30), None, "net.yaml",
                           "hubs.h.storage_max_mwh"),
    "mineral_cap_1e30": (setter("minerals", {**MINERALS, "caps": [{"mineral": "neodymium",
                                                                    "limit_t": 1e30}]}),
                         _minerals, "net.yaml", "minerals.caps.0.limit_t"),
    # --- CSV layout ---
    "profile_semicolons": (None, lambda f: (f / "cf.csv").write_text(
        "time_utc;a\n0;1\n1;0\n2;1\n3;0\n"), "cf.csv", "(header)"),
    "cost_table_tabs": (None, lambda f: (f / "costs_2030.csv").write_text(
        (f / "costs_2030.csv").read_text().replace(",", "\t")), "costs_2030.csv", "(header)"),
    "profile_unnamed_column": (None, _replace("cf.csv", "time_utc,a", "time_utc,a,"),
                               "cf.csv", "(header)"),
    "profile_nul_byte": (None, _replace("cf.csv", "\n1,0\n", "\n1,0\0\n"), "cf.csv",
                         "(file)"),
    # --- the standards table ---
    "standards_table_missing": (setter("hubs.h.certification", {"standards": ["uk_lchs"]}),
                                lambda f: (f / "certification.csv").unlink(), "net.yaml",
                                "standards"),
    "standards_without_threshold": (setter("hubs.h.certification", {"standards": ["uk_lchs"]}),
                                    _replace("certification.csv", "emissions threshold,2.4,",
                                             "threshold,2.4,"), "certification.csv",
                                    "uk_lchs"),
    "standards_threshold_text": (setter("hubs.h.certification", {"standards": ["india_ghs"]}),
                                 _replace("certification.csv", "emissions threshold,2.0,",
                                          "emissions threshold,two,"), "certification.csv",
                                 "value"),
    # --- issue 13: electrolyser table, part load, grid charges and sales, water, assumptions ---
    "electrolyser_basis_unknown": (setter("costs.electrolysers", "irena"), None, "net.yaml",
                                   "costs.electrolysers"),
    "electrolyser_table_missing": (None, lambda f: (f / "electrolysers.csv").unlink(),
                                   "electrolysers.csv", "(file)"),
    "electrolyser_no_row_for_year": (None, _replace("electrolysers.csv", ALKALINE_ROW,
                                                    "2040" + ALKALINE_ROW[4:]),
                                     "electrolysers.csv", "alkaline/technology-data/2030"),
    "electrolyser_min_load_above_1": (None, _replace("electrolysers.csv", ALKALINE_ROW,
                                                     ALKALINE_ROW.replace(",0.5,0,", ",0.5,1.5,")),
                                      "electrolysers.csv", "min_load"),
    "electrolyser_negative_stack_cost": (None, _replace(
        "electrolysers.csv", ALKALINE_ROW, ALKALINE_ROW.replace(",50,0,", ",50,-5,")),
        "electrolysers.csv", "stack_cost_eur_per_mwh"),
    "electrolyser_duplicate_row": (None, _lines("electrolysers.csv", lambda x: [*x[:2], *x[1:]]),
                                   "electrolysers.csv", "2030/alkaline/technology-data"),
    "electrolyser_investment_text": (None, _replace("electrolysers.csv", ALKALINE_ROW,
                                                    ALKALINE_ROW.replace(",50,", ",fifty,")),
                                     "electrolysers.csv", "investment_eur_per_kw"),
    "part_load_not_concave": (_ON, _replace(PART_LOAD, "alkaline,0.5,1.0", "alkaline,0.5,2.0"),
                              PART_LOAD, "alkaline"),
    "part_load_technology_missing": (_ON, _lines(PART_LOAD, lambda x: [
        r for r in x if not r.startswith("alkaline,")]), PART_LOAD, "alkaline"),
    "part_load_load_above_1": (_ON, _replace(PART_LOAD, "alkaline,1.0,", "alkaline,1.5,"),
                               PART_LOAD, "load"),
    "part_load_text": (_ON, _replace(PART_LOAD, "alkaline,0.5,1.0", "alkaline,0.5,flat"),
                       PART_LOAD, "sec_relative"),
    "part_load_peak_efficiency_above_1": (_ON, _then(
        _replace("electrolysers.csv", ALKALINE_ROW, ALKALINE_ROW.replace(",0.5,", ",0.8,")),
        _replace(PART_LOAD, "alkaline,0.5,1.0", "alkaline,0.5,0.7")), PART_LOAD, "alkaline"),
    "override_efficiency_with_part_load_above_1": (
        lambda spec: (setter("costs.overrides", {"electrolysis alkaline": {"efficiency": 1.0}})(
            spec), _ON(spec)),
        _replace(PART_LOAD, "alkaline,0.5,1.0", "alkaline,0.5,0.9"), "net.yaml",
        "costs.overrides.electrolysis alkaline.efficiency"),
    "grid_charges_negative": (setter("hubs.h.grid.charges_eur_per_mwh", -5), None, "net.yaml",
                              "hubs.h.grid.charges_eur_per_mwh"),
    "grid_charge_table_missing": (None, lambda f: (f / "grid_charges.csv").unlink(),
                                  "net.yaml", "grid_charges"),
    "grid_charge_included_not_boolean": (None, _replace("grid_charges.csv", ",9.2376,true,",
                                                        ",9.2376,yes,"), "grid_charges.csv",
                                         "included"),
    "grid_charge_included_without_figure": (None, _replace(
        "grid_charges.csv", "TNUoS demand tariffs,,false,", "TNUoS demand tariffs,,true,"),
        "grid_charges.csv", "UK/TNUoS demand tariffs"),
    "grid_sale_without_grid": (setter("hubs.h.grid", {"enabled": False,
                                                      "sale": {"enabled": True}}),
                               None, "net.yaml", "hubs.h.grid.sale.enabled"),
    "grid_sale_discount_over_100": (setter("hubs.h.grid.sale", {"enabled": True,
                                                                "discount_pct": 150}),
                                    None, "net.yaml", "hubs.h.grid.sale.discount_pct"),
    "grid_export_limit_negative": (setter("hubs.h.grid.sale", {"enabled": True,
                                                               "export_limit_mw": -5}),
                                   None, "net.yaml", "hubs.h.grid.sale.export_limit_mw"),
    "min_load_not_a_boolean": (setter("hubs.h.electrolysis_operation", {"min_load": "maybe"}),
                               None, "net.yaml", "hubs.h.electrolysis_operation.min_load"),
    "water_unknown_key": (setter("hubs.h.water", {"desalinaton": True}), None, "net.yaml",
                          "hubs.h.water.desalinaton"),
    "pem_lifetime_zero": (setter("planning_assumptions", {"pem_lifetime_years": 0}), None,
                          "net.yaml", "planning_assumptions.pem_lifetime_years"),
    "water_below_stoichiometric": (setter("planning_assumptions", {"water_kg_per_kg_h2": 8.93}),
                                   None, "net.yaml", "planning_assumptions.water_kg_per_kg_h2"),
    "start_up_cost_unknown_technology": (setter("planning_assumptions", {
        "start_up_cost_eur_per_mw": {"soec": 10}}), None, "net.yaml",
        "planning_assumptions.start_up_cost_eur_per_mw"),
    "start_up_cost_negative": (setter("planning_assumptions", {
        "start_up_cost_eur_per_mw": {"alkaline": -10}}), None, "net.yaml",
        "planning_assumptions.start_up_cost_eur_per_mw.alkaline"),
    "compression_electricity_above_1": (None, _replace(
        "costs_2030.csv", "compression-electricity-input,0,", "compression-electricity-input,1.5,"),
        "costs_2030.csv", "hydrogen storage compressor/compression-electricity-input"),
    "desalination_rows_missing": (None, _lines("costs_2030.csv", lambda x: [
        r for r in x if not r.startswith("seawater desalination,")]), "costs_2030.csv",
        "seawater desalination"),
    "mineral_assumed_unknown_row": (setter("minerals", {**MINERALS, "assumed": [
        {"technology": "wind", "variant": "gb_dfig", "mineral": "copper", "kg_per_unit": 1}]}),
        _minerals, "net.yaml", "minerals.assumed.0"),
    "mineral_cap_without_figure": (setter("minerals", {**MINERALS, "caps": [
        {"mineral": "nickel", "limit_t": 100}]}), _minerals, "net.yaml", "minerals.caps.0"),
    # issue 15: electrolysis placement, offshore electrolysis, exports and their tables
    "placement_unknown": (setter("sites.a.placement", ["onshore", "at_sea"]), None, "net.yaml",
                          "sites.a.placement.1"),
    "placement_twice": (setter("sites.a.placement", ["offshore", "offshore"]), None,
                        "net.yaml", "sites.a.placement"),
    "placement_empty": (setter("sites.a.placement", []), None, "net.yaml", "sites.a.placement"),
    "offshore_capex_multiplier_below_1": (setter("offshore_electrolysis",
                                                 {"capex_multiplier": 0.5}), None, "net.yaml",
                                          "offshore_electrolysis.capex_multiplier"),
    "offshore_pipeline_row_missing": (setter("sites.a.placement", ["onshore", "offshore"]),
                                      None, "costs_2030.csv", "H2 (g) submarine pipeline"),
    "platform_ratio_negative": (setter("planning_assumptions",
                                       {"offshore_platform_station_ratio": -1}), None,
                                "net.yaml",
                                "planning_assumptions.offshore_platform_station_ratio"),
    "ship_speed_zero": (setter("planning_assumptions", {"ship_speed_knots": 0}), None,
                        "net.yaml", "planning_assumptions.ship_speed_knots"),
    "tank_min_cargoes_negative": (setter("planning_assumptions", {"tank_min_cargoes": -1}),
                                  None, "net.yaml", "planning_assumptions.tank_min_cargoes"),
    "placement_costs_not_boolean": (setter("placement_costs", "sometimes"), None, "net.yaml",
                                    "placement_costs"),
    "export_unknown_origin": (_export(origin="nowhere"), None, "net.yaml", "exports.r.origin"),
    "export_to_itself": (_export(destination="h"), None, "net.yaml", "exports.r.destination"),
    "export_without_amount": (_export(share=None), None, "net.yaml", "exports.r"),
    "export_share_and_amount": (_export(t_per_day=5), None, "net.yaml", "exports.r"),
    "export_share_zero": (_export(share=0), None, "net.yaml", "exports.r.share"),
    "export_shares_over_1": (_export(share=0.6, twice=True), None, "net.yaml",
                             "exports.r2.share"),
    "export_unknown_chain": (_export(chain="methanol"), None, "net.yaml", "exports.r.chain"),
    "export_ship_without_route": (_export(route=None), None, "net.yaml", "exports.r.route"),
    "export_pipeline_without_distance": (_export(chain="pipeline", route=None), None,
                                         "net.yaml", "exports.r.distance_km"),
    "export_pipeline_with_route": (_export(chain="pipeline", distance_km=10), None, "net.yaml",
                                   "exports.r.route"),
    "export_ship_with_distance": (_export(distance_km=10), None, "net.yaml",
                                  "exports.r.distance_km"),
    "export_bad_port_code": (_export(route={"from_port": "mundra", "to_port": "GBBBB"}), None,
                             "net.yaml", "exports.r.route.from_port"),
    "export_unknown_via": (_export(route={"from_port": "INAAA", "to_port": "GBBBB",
                                          "via": "panama"}), None, "net.yaml",
                           "exports.r.route.via"),
    "export_key_is_a_hub": (_export(key="d"), None, "net.yaml", "exports.d"),
    "export_unknown_port_pair": (_export(route={"from_port": "INZZZ", "to_port": "GBBBB"}),
                                 _trade_files(), "net.yaml", "exports.r.route"),
    "sea_distances_missing": (_export(), _trade_files(sea=False), "net.yaml",
                              "trade.sea_distances"),
    "sea_distance_not_a_number": (_export(), _trade_files(km="far"), "sea.csv", "km"),
    "shipping_fuel_not_a_number": (_export(), _trade_files(fuel="lots"), "ship.csv",
                                   "nh3_fuel_per_km"),
    "shipping_row_missing": (_export(), _trade_files(fuel=None), "ship.csv", "parameter"),
    "voyage_loses_all_cargo": (_export(), _trade_files(fuel="0.001"), "net.yaml",
                               "exports.r.route"),
    "haber_bosch_row_missing": (_export(), _trade_files(rows=False), "costs_2030.csv",
                                "Haber-Bosch"),
    "haber_bosch_makes_energy": (_export(), _trade_files(hydrogen_input="0.9"),
                                 "costs_2030.csv", "Haber-Bosch/hydrogen-input"),
}


#: Balance of plant rows of the tiny cost table (added in issue 13): the corpus's cost table
#: lists them after the others.
BALANCE_OF_PLANT = ("hydrogen storage compressor", "seawater desalination",
                    "clean water tank storage")


def corpus_spec() -> dict:
    """The tiny network every case starts from: tiny_spec, the hub's grid charges from the
    charge table, its water modelled and its electrolysers without operating limits (all
    defaults), the table named after standards."""
    spec = tiny_spec([1, 0, 1, 0])
    hub = spec["hubs"]["h"]
    del hub["grid"]["charges_eur_per_mwh"], hub["water"], hub["electrolysis_operation"]
    out = {}
    for key, value in spec.items():
        out[key] = value
        if key == "standards":
            out["grid_charges"] = "grid_charges.csv"
    return out


def _cost_table() -> str:
    """The tiny cost table, in the corpus's order: the technologies before balance of plant
    (lifetimes, then rows), then balance of plant (lifetimes, then rows)."""
    rows = ["technology,parameter,value,unit,source"]
    for bop in (False, True):
        block = [r for r in TINY_COSTS if (r[0] in BALANCE_OF_PLANT) == bop]
        rows += [f"{t},lifetime,1,years,test fixture" for t in sorted({r[0] for r in block})]
        rows += [f"{t},{p},{v},{u},test fixture" for t, p, v, u in block]
    return "\n".join(rows) + "\n"


def write_case(folder: Path, case: Case) -> None:
    """Write one broken case into ``folder`` (replacing what was there)."""
    mutate, edit, file_name, field, *command = case
    spec = corpus_spec()
    if mutate is not None:
        mutate(spec)
    shutil.rmtree(folder, ignore_errors=True)
    path = write_network(folder, spec)
    path.rename(folder / "net.yaml")
    (folder / "costs_2030.csv").write_text(_cost_table())
    shutil.copyfile(REPO / "inputs" / "grid" / "grid_charges.csv", folder / "grid_charges.csv")
    if edit is not None:
        edit(folder)
    lines = [file_name, field, *command]
    (folder / "expected.txt").write_text("\n".join(lines) + "\n")


def main(argv: list[str] | None = None) -> None:
    """Write the case folders not yet in the corpus (``--all``: rewrite every folder)."""
    rewrite = "--all" in (sys.argv[1:] if argv is None else argv)
    folders = {f"{i:03d}_{name}": case for i, (name, case) in enumerate(CASES.items(), start=1)}
    for old in HERE.iterdir():
        if old.is_dir() and old.name[:2].isdigit() and (rewrite or old.name not in folders):
            shutil.rmtree(old)
    written = 0
    for name, case in folders.items():
        if not (HERE / name).is_dir():
            write_case(HERE / name, case)
            written += 1
    print(f"{written} of {len(CASES)} cases written to {HERE}")


if __name__ == "__main__":
    main()
