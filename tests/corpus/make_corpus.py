"""Write the malformed-input corpus: one folder per broken case, built from the tiny network.

Run from the repository root: ``python tests/corpus/make_corpus.py``. Each folder holds
``net.yaml`` (the file to run), the tiny network's CSV files with one thing broken, and
``expected.txt``: the name of the file the error must name, then a word of the field.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from tests.networks import setter, tiny_spec, write_network  # noqa: E402

Case = tuple[Callable[[dict], None] | None, Callable[[Path], None] | None, str, str]


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
}


def write_case(folder: Path, case: Case) -> None:
    """Write one broken case into ``folder`` (replacing what was there)."""
    mutate, edit, file_name, field = case
    spec = tiny_spec([1, 0, 1, 0])
    if mutate is not None:
        mutate(spec)
    shutil.rmtree(folder, ignore_errors=True)
    path = write_network(folder, spec)
    path.rename(folder / "net.yaml")
    if edit is not None:
        edit(folder)
    (folder / "expected.txt").write_text(f"{file_name}\n{field}\n")


def main() -> None:
    """Rewrite every case folder of the corpus."""
    for old in HERE.iterdir():
        if old.is_dir() and old.name[:2].isdigit():
            shutil.rmtree(old)
    for i, (name, case) in enumerate(CASES.items(), start=1):
        write_case(HERE / f"{i:02d}_{name}", case)
    print(f"{len(CASES)} cases written to {HERE}")


if __name__ == "__main__":
    main()
