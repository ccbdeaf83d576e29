"""The package's structure, held by tests: who may import whom, and how big a module may grow.

The rules (parsed from the source with ``ast``, nothing is run except the last test):

- no module imports a ``_private`` name from another module, nor reads one off an imported
  module (``module._name``);
- the model (``energymodel/model/``) imports neither the results nor the pages;
- the pages (``energymodel/report/``) import neither PyPSA nor the model, and importing them
  loads neither (checked in a fresh interpreter);
- the network-file schemas (``energymodel/config/``) import nothing of the later steps;
- the data preparation (``energymodel/data/``) imports only the error types of the package;
- logging handlers are made only by the command line (``energymodel/cli.py``);
- no module is longer than :data:`MAX_LINES` unless its docstring says why
  ("long because ...").
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.networks import REPO

PACKAGE = REPO / "energymodel"
#: Longest module without a docstring saying why it is long.
MAX_LINES = 500
SOURCES = sorted([*PACKAGE.rglob("*.py"), *(REPO / "bench").rglob("*.py")])


def _module(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[str, list[str], int]]:
    """``(module, names, line)`` of every import in a file, relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = _module(path)
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, [], node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = here.split(".")
                if path.name != "__init__.py":
                    package = package[:-1]
                package = package[:len(package) - node.level + 1]
                base = ".".join([*package, base] if base else package)
            out.append((base, [a.name for a in node.names], node.lineno))
    return out


def _in(module: str, *prefixes: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def _files(folder: str) -> list[Path]:
    return [p for p in SOURCES if p.is_relative_to(PACKAGE / folder)]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(REPO)))
def test_no_private_name_from_another_module(path):
    """``from x import _y`` and ``x._y`` are refused across modules (dunders are public)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = {}  # local name -> module, for modules of this project
    bad = []
    for module, names, line in _imports(path):
        if not _in(module, "energymodel", "bench"):
            continue
        for name in names:
            if name.startswith("_") and not name.startswith("__"):
                bad.append(f"line {line}: from {module} import {name}")
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and _in(node.module, "energymodel",
                                                                    "bench"):
            for a in node.names:
                imported[a.asname or a.name] = f"{node.module}.{a.name}"
        elif isinstance(node, ast.Import):
            for a in node.names:
                if _in(a.name, "energymodel", "bench"):
                    imported[a.asname or a.name.split(".")[0]] = a.name
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id in imported and node.attr.startswith("_")
                and not node.attr.startswith("__")):
            bad.append(f"line {node.lineno}: {node.value.id}.{node.attr}")
    assert not bad, bad


def _importers(folder: str, *forbidden: str) -> list[str]:
    return [f"{p.relative_to(REPO)}:{line} imports {module}"
            for p in _files(folder) for module, _, line in _imports(p)
            if _in(module, *forbidden)]


def test_the_model_imports_neither_results_nor_pages():
    assert not _importers("model", "energymodel.results", "energymodel.report",
                          "energymodel.studies", "energymodel.pipeline")


def test_the_pages_import_neither_pypsa_nor_the_model():
    assert not _importers("report", "pypsa", "linopy", "energymodel.model",
                          "energymodel.pipeline", "energymodel.studies")


def test_the_schemas_import_nothing_of_later_steps():
    assert not _importers("config", "pypsa", "energymodel.model", "energymodel.results",
                          "energymodel.report", "energymodel.studies", "energymodel.pipeline",
                          "energymodel.data")


def test_data_preparation_imports_only_the_error_types():
    found = [f"{p.relative_to(REPO)}:{line} imports {module}"
             for p in _files("data") for module, _, line in _imports(p)
             if _in(module, "energymodel") and not _in(module, "energymodel.errors",
                                                         "energymodel.data")]
    assert not found


def test_importing_the_pages_loads_neither_pypsa_nor_the_model():
    """The rule above, at run time: nothing the pages import pulls PyPSA in on the way."""
    code = ("import sys; import energymodel.report, energymodel.report.compare, "
            "energymodel.report.bench, energymodel.report.minerals, energymodel.results.sweep; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in {'pypsa', 'linopy'} "
            "or m.startswith('energymodel.model')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=REPO)
    assert out.stdout.strip() == "[]"


def test_logging_handlers_are_made_by_the_command_line_only():
    allowed = {PACKAGE / "cli.py"}
    found = []
    for p in SOURCES:
        if p in allowed:
            continue
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in {"basicConfig", "StreamHandler",
                                                                 "FileHandler", "dictConfig"}:
                found.append(f"{p.relative_to(REPO)}:{node.lineno}: logging.{node.attr}")
    assert not found


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(REPO)))
def test_long_modules_say_why(path):
    text = path.read_text(encoding="utf-8")
    lines = text.count("\n")
    if lines <= MAX_LINES:
        return
    doc = ast.get_docstring(ast.parse(text)) or ""
    assert "long because" in doc.lower(), (
        f"{lines} lines: split it, or name in its docstring the one concern that makes it long")
