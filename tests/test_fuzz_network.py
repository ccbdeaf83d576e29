"""Property-based tests: mutated network files and input tables never cause a traceback.

Hypothesis mutates the default network (``networks/uk_india.yaml``, loaded as a dict): keys
deleted or renamed, values replaced by wrong types, negative, NaN, huge numbers, unknown hubs,
empty lists or missing columns. ``config.parse`` + ``inputs.load`` must then either succeed or
raise :class:`~energymodel.errors.InputError` whose message is one line naming a file and a
field. Nothing is solved here, except a few tiny networks whose scalars vary.
"""

from __future__ import annotations

import contextlib
import copy
import math
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from energymodel import config
from energymodel.cli import main
from energymodel.errors import InputError
from energymodel.model import inputs, tables
from tests.networks import REPO, tiny_spec, write_network

DEFAULT = REPO / "networks" / "uk_india.yaml"
BASE = yaml.safe_load(DEFAULT.read_text(encoding="utf-8"))
EXAMPLES = 600
SOLVES = 8
OUTCOMES: dict[str, dict[str, int]] = {}
#: Paths mutated more often than a uniform pick over the ~250 paths of the tree would.
KEY_PATHS = [
    ("name",), ("snapshots",), ("snapshots", "start"), ("snapshots", "periods"), ("costs",),
    ("costs", "year"), ("costs", "discount_rate"), ("costs", "dir"), ("costs", "overrides"),
    ("hubs",), ("sites",), ("hubs", "humber", "offtake", "t_per_day"),
    ("hubs", "humber", "grid", "import_limit_mw"), ("hubs", "humber", "grid", "price", "file"),
    ("hubs", "humber", "grid", "co2_price_eur_per_t"), ("hubs", "gujarat", "electrolysis"),
    ("hubs", "gujarat", "storage"), ("hubs", "gujarat", "certification", "standards"),
    ("sites", "dudgeon", "hub"), ("sites", "dudgeon", "profile", "column"),
    ("sites", "mannar", "profile", "file"), ("sites", "mannar", "capacity_limit_mw"),
    ("sites", "hywind", "distance_to_shore_km"), ("sites", "hywind", "foundation"),
]

#: Replacement values: wrong types, out of range, non-finite, huge, unknown names, markup.
NASTY = st.one_of(
    st.none(), st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([math.nan, math.inf, -math.inf, -1.0, -1e-9, 0.0, 1e308, 10**18, 2**63]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["", "nowhere", "../../x", "a/b", "<script>alert(1)</script>", "'\"",
                     "2019-02-30 00:00", "not a date", "1e400", "NaN", "-5", "\x00", "é",
                     "Humber Gateway B", "time_utc", "../inputs/costs", "/dev/null", ".",
                     "a\0b", "2019-01-01 00:00+05:00", "  ", "\n"]),
    st.sampled_from([10**6 + 1, 10**12, 2**62, 87600, -8760]),
    st.text(max_size=12),
    st.just([]), st.just({}), st.lists(st.integers(-3, 3), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def _paths(node: object, prefix: tuple = ()) -> list[tuple]:
    """Every path (tuple of keys and list indices) into a YAML tree, the root excluded."""
    found = []
    items = (node.items() if isinstance(node, dict)
             else enumerate(node) if isinstance(node, list) else ())
    for key, child in items:
        found.append((*prefix, key))
        found += _paths(child, (*prefix, key))
    return found


def _parent(data: dict, path: tuple) -> object:
    node = data
    for key in path[:-1]:
        node = node[key]
    return node


@st.composite
def mutated_networks(draw) -> tuple[dict, list[str]]:
    """The default network with one to three mutations; returns it and a log of what changed."""
    data = copy.deepcopy(BASE)
    log = []
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(data)
        if not paths:
            break
        present = [p for p in KEY_PATHS if p in set(paths)]
        path = draw(st.sampled_from(present) if present and draw(st.booleans())
                    else st.sampled_from(paths))
        parent, key = _parent(data, path), path[-1]
        old = parent[key]
        ops = ["replace", "delete"]
        if isinstance(parent, dict):
            ops.append("rename")
        if isinstance(old, int | float) and not isinstance(old, bool):
            ops += ["negate", "huge"]
        if isinstance(old, list | dict):
            ops.append("empty")
        if key in ("hub", "column", "file"):
            ops.append("unknown name")
        op = draw(st.sampled_from(ops))
        if op == "delete":
            del parent[key]
        elif op == "rename":
            parent[key + draw(st.sampled_from(["_", "s", "X"])) if isinstance(key, str)
                   else str(key)] = parent.pop(key)
        elif op == "negate":
            parent[key] = -old if old else -1
        elif op == "huge":
            parent[key] = old * 1e300 if isinstance(old, float) else 10**40
        elif op == "empty":
            parent[key] = type(old)()
        elif op == "unknown name":
            parent[key] = draw(st.sampled_from(["nowhere", "no such column", "missing.csv"]))
        else:
            parent[key] = draw(NASTY)
        log.append(f"{op} {'.'.join(map(str, path))}")
    return data, log


def _check_error(err: InputError) -> None:
    """One line, of the form ``FILE: FIELD: PROBLEM``, with a file and a field named."""
    text = str(err)
    assert len(text.splitlines()) == 1, text
    assert err.file, text
    assert err.field, text
    assert err.problem, text
    assert text == f"{err.file}: {err.field}: {err.problem}"
    assert Path(err.file).suffix in {".yaml", ".csv"} or err.file.startswith("--"), text


#: Tables read by earlier examples: (call, file stamp) -> frame. See :func:`_reads_memoised`.
_READS: dict[tuple, object] = {}


@contextlib.contextmanager
def _reads_memoised():
    """``tables.read`` answered from memory for a call made before on the same unchanged file.

    The network mutations edit the YAML tree only, never a CSV file, so most examples read the
    same ten tables; reading and checking them is most of an example's time. A call is
    answered from memory only when it succeeded before with the same arguments on a file of
    the same size and modification time, and then with a copy; any other call (a new file or
    column, a missing file, a failing read) runs the real reader, so every example still goes
    through ``inputs.load`` and reaches the same outcome."""
    real = tables.read

    def read(path, schema=None, *, referrer=None, field="(file)"):
        try:
            st = Path(path).stat()
        except (OSError, TypeError, ValueError):
            return real(path, schema, referrer=referrer, field=field)
        key = (str(path), schema, str(referrer), field, st.st_size, st.st_mtime_ns)
        if key not in _READS:
            _READS[key] = real(path, schema, referrer=referrer, field=field)
        return _READS[key].copy(deep=True)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(tables, "read", read)
        yield


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(mutated_networks())
def test_mutated_network_is_valid_or_one_line_error(case):
    """Every mutation of the default network loads, or fails with one InputError line."""
    data, log = case
    stats = OUTCOMES.setdefault("network", {"valid": 0, "input error": 0})
    try:
        nf = config.parse(data, DEFAULT)
        with _reads_memoised():
            inputs.load(nf)
    except InputError as err:
        _check_error(err)
        stats["input error"] += 1
    else:
        stats["valid"] += 1
    assert log


#: Edits of the tiny network's CSV files: (file, how).
CSV_EDITS = st.tuples(
    st.sampled_from(["cf.csv", "grid.csv", "costs_2030.csv"]),
    st.sampled_from(["empty", "header only", "rename column", "text value", "drop row",
                     "extra row", "extra field", "shifted header", "binary", "latin-1",
                     "nan", "semicolons", "duplicate header", "huge value"]),
    st.integers(0, 4),
)


def _edit(path: Path, how: str, row: int) -> None:
    lines = path.read_text(errors="replace").splitlines() or [""]
    r = min(max(row, 1), len(lines) - 1)  # a data row when there is one
    header = lines[0].split(",")
    cells = lines[r].split(",")

    def with_row(last: str) -> list[str]:
        return [*lines[:r], ",".join([*cells[:-1], last]), *lines[r + 1:]]

    edits = {
        "empty": lambda: [],
        "header only": lambda: lines[:1],
        "rename column": lambda: [",".join([header[0], *(h + "_x" for h in header[1:])]),
                                  *lines[1:]],
        "text value": lambda: with_row("abc"),
        "nan": lambda: with_row("nan"),
        "huge value": lambda: with_row("1e400"),
        "extra field": lambda: [*lines[:r], lines[r] + ",1,2", *lines[r + 1:]],
        "drop row": lambda: lines[:-1],
        "extra row": lambda: [*lines, lines[-1]],
        "shifted header": lambda: [",".join(header[1:]), *lines[1:]],
        "semicolons": lambda: [line.replace(",", ";") for line in lines],
        "duplicate header": lambda: [",".join([header[0], *[header[-1]] * (len(header) - 1)]),
                                     *lines[1:]],
    }
    if how == "binary":
        path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe" * 8)
    elif how == "latin-1":
        text = "\n".join([lines[0] + ",caf\xe9", *lines[1:]]) + "\n"
        path.write_bytes(text.encode("latin-1", errors="replace"))
    else:
        path.write_text("\n".join(edits[how]()) + "\n")


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(st.lists(CSV_EDITS, min_size=1, max_size=2))
def test_mutated_csv_is_valid_or_one_line_error(edits):
    """Broken time series and cost tables load, or fail with one InputError line."""
    stats = OUTCOMES.setdefault("csv", {"valid": 0, "input error": 0})
    with tempfile.TemporaryDirectory() as folder:
        path = write_network(Path(folder), tiny_spec([1, 0, 1, 0]))
        for name, how, row in edits:
            _edit(path.parent / name, how, row)
        try:
            inputs.load(config.load(path))
        except InputError as err:
            _check_error(err)
            stats["input error"] += 1
        else:
            stats["valid"] += 1


@settings(max_examples=SOLVES, deadline=None, derandomize=True, database=None,
          phases=[Phase.explicit, Phase.generate])  # no shrinking: each example is a solve
@given(
    # no subnormal offtake: ~1e-313 t/day underflows to zero hydrogen in the LCOH division
    t_per_day=st.one_of(st.just(0.0), st.floats(0.01, 200)),
    limit=st.floats(0.1, 500),
    distance=st.floats(0, 300),
    rate=st.floats(0, 0.5),
    import_limit=st.one_of(st.none(), st.floats(0, 50)),
)
def test_scalar_variants_solve_or_are_infeasible(t_per_day, limit, distance, rate, import_limit):
    """Tiny networks that differ only in scalars solve (exit 0), are infeasible (3) or, for a
    zero offtake, are refused (2); never an internal error (1)."""
    spec = tiny_spec([1, 0, 1, 0])
    spec["hubs"]["h"]["offtake"]["t_per_day"] = t_per_day
    spec["hubs"]["h"]["grid"]["import_limit_mw"] = import_limit
    spec["sites"]["a"]["capacity_limit_mw"] = limit
    spec["sites"]["a"]["distance_to_shore_km"] = distance
    spec["costs"]["discount_rate"] = rate
    stats = OUTCOMES.setdefault("solve", {"solved": 0, "refused": 0, "infeasible": 0})
    with tempfile.TemporaryDirectory() as folder:
        path = write_network(Path(folder) / "net", spec)
        code = main(["-q", "run", str(path), "--out", str(Path(folder) / "out"),
                     "--no-report", "--workers", "1"])
    assert code in (0, 2, 3)
    stats[{0: "solved", 2: "refused", 3: "infeasible"}[code]] += 1


@pytest.fixture(scope="module", autouse=True)
def _print_counts():
    yield
    for name, counts in OUTCOMES.items():
        print(f"\nhypothesis {name}: {sum(counts.values())} examples, {counts}")
