"""The malformed-input corpus (``tests/corpus/``, written by ``make_corpus.py``).

Every case must give exit code 2 and exactly one stderr line ``FILE: FIELD: PROBLEM`` naming
the expected file and field, with no traceback and nothing written to the out folder. A case
runs ``energymodel run net.yaml`` unless its expected.txt names another command (scenario
files: ``sweep --list sweep.yaml``).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from energymodel import config
from energymodel.cli import main
from energymodel.errors import InputError

CORPUS = Path(__file__).resolve().parent / "corpus"
CASES = sorted(p for p in CORPUS.iterdir() if p.is_dir() and p.name[:2].isdigit())
PASSED: list[str] = []


def test_corpus_size():
    """At least 188 broken cases (73, then 54 more for the second bad-input pass, then 30 for
    the inputs of issue 13: electrolyser table, part load, grid charges and sales, water,
    planning assumptions; then 31 for placement, offshore electrolysis, exports and their
    tables), each with its expectation."""
    assert len(CASES) >= 188
    assert all(((c / "net.yaml").is_file() or (c / "net.yaml").is_symlink())
               and (c / "expected.txt").is_file() for c in CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_broken_input_is_one_line(case, tmp_path, capsys):
    """Exit 2, one line naming the file, the field and the problem, nothing written."""
    file_name, field, *command = (case / "expected.txt").read_text().splitlines()
    out = tmp_path / "out"
    if command:  # e.g. "sweep --list sweep.yaml": the last word is a file of the case
        *words, file = command[0].split()
        code = main(["-q", *words, str(case / file)])
    else:
        code = main(["-q", "run", str(case / "net.yaml"), "--out", str(out)])
    captured = capsys.readouterr()
    err = captured.err.strip()
    assert code == 2, err
    assert len(err.splitlines()) == 1, err
    assert "Traceback" not in err
    line = err.removeprefix("error: ")
    shown, _, rest = line.partition(": ")
    assert Path(shown).name == file_name, line
    assert field in rest, line  # scenario fields hold ": " themselves (scenarios.a: segments)
    assert rest[rest.index(field) + len(field):].removeprefix(": ").strip(), line
    assert not out.exists()
    assert not captured.out
    PASSED.append(case.name)


def test_alias_bomb_is_refused_fast():
    """A billion-laughs file is refused at the first alias, in well under a second."""
    bomb = next(c for c in CASES if c.name.endswith("billion_laughs")) / "net.yaml"
    start = time.perf_counter()
    with pytest.raises(InputError, match="alias bomb"):
        config.load(bomb)
    elapsed = time.perf_counter() - start
    print(f"\nalias bomb refused in {elapsed * 1e3:.1f} ms")
    assert elapsed < 0.5


@pytest.fixture(scope="module", autouse=True)
def _print_pass_rate():
    yield
    print(f"\ncorpus: {len(PASSED)}/{len(CASES)} cases passed")
