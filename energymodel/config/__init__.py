"""Network and scenario files: strict pydantic schemas, safe YAML, edits and run options.

The first step of the pipeline: a YAML file becomes a validated, frozen
:class:`NetworkFile` (or :class:`~energymodel.config.scenario.ScenarioFile`), or one
:class:`~energymodel.errors.InputError` line naming the file, the field and the problem.

- :mod:`~energymodel.config.base`: :class:`StrictModel`, the public base of every schema, and
  :func:`one_line` (pydantic errors as one line);
- :mod:`~energymodel.config.safe_yaml`: YAML without alias bombs, duplicate keys or tags;
- :mod:`~energymodel.config.network`: the network file's models, :func:`load`, :func:`parse`;
- :mod:`~energymodel.config.edit`: :func:`with_changes`, the one way to change a loaded file;
- :mod:`~energymodel.config.options`: run options (``--resolution``, ``--segments``);
- :mod:`~energymodel.config.scenario`: the scenario file's models;
- :mod:`~energymodel.config.schema_doc`: ``docs/network-file.md`` from the models.
"""

from __future__ import annotations

from energymodel.config.base import StrictModel, one_line
from energymodel.config.edit import UnknownField, set_field, with_changes
from energymodel.config.network import (
    TECHNOLOGIES,
    WEATHER_YEAR,
    Banking,
    Battery,
    Certification,
    Costs,
    Grid,
    Hub,
    MineralCap,
    Minerals,
    Network,
    NetworkFile,
    Offtake,
    Ppa,
    SeriesRef,
    Site,
    Snapshots,
    Solver,
    load,
    parse,
)
from energymodel.config.options import check_resolution, check_segments
from energymodel.config.safe_yaml import load_yaml

__all__ = [
    "TECHNOLOGIES", "WEATHER_YEAR", "Banking", "Battery", "Certification", "Costs", "Grid", "Hub",
    "MineralCap", "Minerals", "Network", "NetworkFile", "Offtake", "Ppa", "SeriesRef", "Site",
    "Snapshots", "Solver", "StrictModel", "UnknownField", "check_resolution", "check_segments",
    "load", "load_yaml", "one_line", "parse", "set_field", "with_changes",
]
