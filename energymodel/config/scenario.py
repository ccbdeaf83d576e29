"""The scenario file: its pydantic models and loading (docs/scenarios.md).

A scenario file (``networks/scenarios/*.yaml``) names a base network file and overrides of its
fields as dotted paths; :mod:`energymodel.studies.scenarios` expands it into runs. This module
only reads and validates the file itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, field_validator

from energymodel.config.base import Integer, StrictModel, one_line
from energymodel.config.safe_yaml import load_yaml
from energymodel.errors import InputError

__all__ = ["BASE", "NAME_PATTERN", "RUN_OPTIONS", "GridGroup", "Options", "Parameter",
           "ScenarioFile", "Sensitivities", "load"]

#: Overridable run options (not network-file fields).
RUN_OPTIONS = ("resolution", "segments")
BASE = "base"
#: Pattern of scenario and sweep names (they become result folders).
NAME_PATTERN = r"^[A-Za-z0-9_.-]+$"


class Parameter(StrictModel):
    """One parameter of a sensitivity group, varied one value at a time."""

    field: str = Field(description="Dotted path of the field, e.g. costs.discount_rate.")
    values: list[Any] = Field(min_length=1, description="Values to run, e.g. low and high.")
    label: str = Field("", description="Name shown in the tornado chart (default: the key).")


class Sensitivities(StrictModel):
    """One-at-a-time sensitivities around one scenario."""

    around: str = Field(BASE, description="Scenario the parameters vary around.")
    parameters: dict[str, Parameter] = Field(min_length=1, description="Parameters by key.")


class GridGroup(StrictModel):
    """Every combination of the listed values, around one scenario."""

    around: str = Field(BASE, description="Scenario the grid varies around.")
    vary: dict[str, list[Any]] = Field(
        min_length=1, description="{dotted field: [values]}; the cartesian product is run.")

    @field_validator("vary")
    @classmethod
    def _values(cls, value: dict[str, list[Any]]) -> dict[str, list[Any]]:
        empty = [k for k, v in value.items() if not v]
        if empty:
            msg = f"{empty[0]!r} has no values (a grid over no values runs nothing)"
            raise ValueError(msg)
        return value


class Options(StrictModel):
    """Run options for every scenario (a scenario may override resolution and segments)."""

    resolution: str | None = Field(None, description="Time step such as 3h (null: hourly).")
    segments: Integer | None = Field(None, ge=1, description="Chronological segments per hub.")
    report: bool = Field(True, description="Write each scenario's report.html.")


class ScenarioFile(StrictModel):
    """A whole scenario file."""

    name: str = Field(pattern=NAME_PATTERN,
                      description="Sweep name; results go to results/<name>/.")
    title: str = Field("", description="Title of the comparison report.")
    base: Path = Field(description="Base network file, relative to this file's folder.")
    options: Options = Field(default_factory=Options, description="Run options.")
    overrides: dict[str, Any] = Field(
        default_factory=dict, description="Overrides applied to every scenario.")
    scenarios: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="Named scenarios: {name: {field: value}}.")
    sensitivities: dict[str, Sensitivities] = Field(
        default_factory=dict, description="One-at-a-time sensitivity groups by name.")
    grids: dict[str, GridGroup] = Field(
        default_factory=dict, description="Grid (cartesian product) groups by name.")


def load(path: str | Path) -> tuple[ScenarioFile, Path]:
    """Read and validate a scenario file (one-line InputError on any problem)."""
    path = Path(path)
    raw = load_yaml(path)
    if not isinstance(raw, dict):
        raise InputError(path, "(top level)", "expected a mapping of scenario-file fields")
    try:
        sf = ScenarioFile.model_validate(raw)
    except ValidationError as err:
        field_, problem = one_line(err, ScenarioFile, "docs/scenarios.md")
        raise InputError(path, field_, problem) from None
    return sf, path.resolve()
