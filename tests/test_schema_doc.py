"""docs/network-file.md is generated from energymodel/config/network.py; they must agree."""

from __future__ import annotations

import re
import typing
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from energymodel.config import network as config
from energymodel.config import schema_doc
from energymodel.model import inputs

REPO = Path(__file__).resolve().parents[1]
PAGE = REPO / "docs" / "network-file.md"
REGENERATE = "python -m energymodel.config.schema_doc docs/network-file.md"


def _file_models() -> list[type[BaseModel]]:
    """Every model of config/network.py that describes part of a network file (not NetworkFile)."""
    return [
        obj for name, obj in vars(config).items()
        if isinstance(obj, type) and issubclass(obj, BaseModel)
        and obj.__module__ == config.__name__ and not name.startswith("_")
        and obj is not config.NetworkFile
    ]


def _page_sections(text: str) -> dict[str, tuple[str, dict[str, list[str]]]]:
    """Parse the committed page: section path -> (model name, {row path: table cells})."""
    out = {}
    for chunk in text.split("\n### ")[1:]:
        heading, _, body = chunk.partition("\n")
        path = "" if heading == "Top level" else heading.strip("`")
        model = re.search(r"^Model `(\w+)`", body, re.MULTILINE)
        assert model, f"section {heading!r} names no model"
        rows = {}
        for line in body.splitlines():
            m = re.match(r"^\| `([^`]+)` \|(.*)\|$", line)
            if m:
                rows[m.group(1)] = [c.strip() for c in re.split(r"(?<!\\)\|", m.group(2))]
        out[path] = (model.group(1), rows)
    return out


@pytest.fixture(scope="module")
def page() -> str:
    assert PAGE.is_file(), f"{PAGE} is missing: run `{REGENERATE}`"
    return PAGE.read_text(encoding="utf-8")


def test_committed_page_is_up_to_date(page: str) -> None:
    """The committed page equals a fresh generation from the models."""
    assert schema_doc.render() == page, f"docs/network-file.md is out of date: run `{REGENERATE}`"


def test_every_field_of_every_model_is_documented(page: str) -> None:
    """Each model has a section, and each section has a row for every field of its model."""
    sections = _page_sections(page)
    for model in _file_models():
        placed = [p for p, (name, _) in sections.items() if name == model.__name__]
        assert placed, f"model {model.__name__} has no section in docs/network-file.md"
        for path in placed:
            rows = sections[path][1]
            for field in model.model_fields:
                row = f"{path}.{field}" if path else field
                assert row in rows, f"field {row} ({model.__name__}) is not documented"


def test_every_field_has_a_description() -> None:
    """Descriptions carry the meaning and unit; none may be empty."""
    for model in _file_models():
        for name, info in model.model_fields.items():
            assert (info.description or "").strip(), f"{model.__name__}.{name} has no description"


def _literals(tp: object) -> list[object]:
    if typing.get_origin(tp) is typing.Literal:
        return list(typing.get_args(tp))
    return [v for a in typing.get_args(tp) for v in _literals(a)]


def test_literal_choices_are_listed(page: str) -> None:
    """Every allowed value of a Literal field appears in that field's type cell."""
    sections = _page_sections(page)
    checked = 0
    for path, (model_name, rows) in sections.items():
        model = getattr(config, model_name)
        for field, info in model.model_fields.items():
            type_cell = rows[f"{path}.{field}" if path else field][0]
            for choice in _literals(info.annotation):
                assert f"`{choice}`" in type_cell, f"{path}.{field}: choice {choice!r} missing"
                checked += 1
    assert checked >= 9  # costs.year, solver.name, electrolysis, storage, foundation


def test_main_writes_the_page(tmp_path: Path) -> None:
    out = tmp_path / "docs" / "network-file.md"
    assert schema_doc.main([str(out)]) == 0
    assert out.read_text(encoding="utf-8") == schema_doc.render()


def test_default_network_validates() -> None:
    """networks/uk_india.yaml passes the schema: five hubs, each fed by its own sites."""
    nf = config.load(REPO / "networks" / "uk_india.yaml")
    net = nf.network
    assert list(net.hubs) == ["humber", "north_west", "ne_scotland", "gujarat", "tamil_nadu"]
    assert {s.hub for s in net.sites.values()} == set(net.hubs)


def test_page_example_is_a_valid_network(page: str, tmp_path: Path) -> None:
    """The minimal example on the page validates and its inputs load, saved in networks/."""
    assert f"```yaml\n{schema_doc.EXAMPLE}```" in page
    (tmp_path / "networks").mkdir()
    (tmp_path / "inputs").symlink_to(REPO / "inputs", target_is_directory=True)
    path = tmp_path / "networks" / "minimal.yaml"
    path.write_text(schema_doc.EXAMPLE, encoding="utf-8")
    nf = config.load(path)
    assert nf.network == config.parse(yaml.safe_load(schema_doc.EXAMPLE), path).network
    inp = inputs.load(nf)
    assert len(inp.snapshots) == 8760
    assert list(inp.wind_cf.columns) == ["humber_gateway"]
