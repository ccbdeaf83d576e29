"""Scenario files: named scenarios, grids and one-at-a-time sensitivities over a base network.

A scenario file (``networks/scenarios/*.yaml``, documented in docs/scenarios.md) names a base
network file and overrides of its fields, written as dotted paths into the network file
(``costs.year``, ``hubs.humber.offtake.t_per_day``); ``*`` matches every key of a mapping
(``hubs.*.grid.price_multiplier``). Two run options may be overridden too: ``resolution`` and
``segments``. :func:`expand` turns the file into a flat list of :class:`Scenario`, each
validated exactly like a network file, so a bad override is one line naming the scenario file,
the scenario and the field, before anything runs.

Expansion, in this order (names must be unique; they become result folders):

``scenarios``
    each ``name: {field: value, ...}`` is one run.
``sensitivities``
    per group, each parameter's values are run one at a time around the scenario ``around``
    (default ``base``): ``<group>-<parameter>-<value>``.
``grids``
    per group, the cartesian product of the listed values, around ``around``:
    ``<group>-<value>`` for one field, ``<group>-<leaf>_<value>-...`` for several.

``base`` is the base network with the file's ``overrides`` only; it is run as a scenario when a
sensitivity group varies around it (the tornado's reference) and no scenario has that name.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import itertools
import json
import re
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError

from energymodel import config, pipeline
from energymodel.errors import InputError

#: Overridable run options (not network-file fields).
RUN_OPTIONS = ("resolution", "segments")
BASE = "base"
_NAME = r"^[A-Za-z0-9_.-]+$"


class Parameter(config._Model):  # noqa: SLF001 - the network file's strict base model
    """One parameter of a sensitivity group, varied one value at a time."""

    field: str = Field(description="Dotted path of the field, e.g. costs.discount_rate.")
    values: list[Any] = Field(min_length=1, description="Values to run, e.g. low and high.")
    label: str = Field("", description="Name shown in the tornado chart (default: the key).")


class Sensitivities(config._Model):  # noqa: SLF001
    """One-at-a-time sensitivities around one scenario."""

    around: str = Field(BASE, description="Scenario the parameters vary around.")
    parameters: dict[str, Parameter] = Field(min_length=1, description="Parameters by key.")


class GridGroup(config._Model):  # noqa: SLF001
    """Every combination of the listed values, around one scenario."""

    around: str = Field(BASE, description="Scenario the grid varies around.")
    vary: dict[str, list[Any]] = Field(
        min_length=1, description="{dotted field: [values]}; the cartesian product is run.")


class Options(config._Model):  # noqa: SLF001
    """Run options for every scenario (a scenario may override resolution and segments)."""

    resolution: str | None = Field(None, description="Time step such as 3h (null: hourly).")
    segments: int | None = Field(None, ge=1, description="Chronological segments per hub.")
    report: bool = Field(True, description="Write each scenario's report.html.")


class ScenarioFile(config._Model):  # noqa: SLF001
    """A whole scenario file."""

    name: str = Field(pattern=_NAME, description="Sweep name; results go to results/<name>/.")
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


@dataclass(frozen=True)
class Scenario:
    """One run of a sweep: a validated network and its run options."""

    name: str
    kind: str  # "scenario", "sensitivity" or "grid"
    network: config.NetworkFile
    overrides: dict[str, Any]
    resolution: str | None = None
    segments: int | None = None
    group: str | None = None
    around: str | None = None
    varied: dict[str, Any] = field(default_factory=dict)
    label: str = ""

    def record(self) -> dict:
        """The scenario's entry in sweep.json (status fields are added by the sweep)."""
        return {"name": self.name, "kind": self.kind, "group": self.group,
                "around": self.around, "varied": self.varied, "label": self.label,
                "overrides": self.overrides}


def _token(value: Any) -> str:
    """A value as a folder-name-safe token: 0.05 -> 0.05, [uk_lchs] -> uk_lchs, {} -> none."""
    if isinstance(value, list):
        text = "+".join(_token(v) for v in value) or "none"
    elif isinstance(value, dict):
        text = "+".join(f"{k}_{_token(v)}" for k, v in value.items()) or "none"
    else:
        text = "none" if value is None else f"{value:g}" if isinstance(value, float) \
            else str(value)
    return re.sub(r"[^A-Za-z0-9_.+-]", "_", text).replace("+", "_")


def set_field(data: dict, path: str, value: Any) -> None:
    """Set the dotted ``path`` in the network data; ``*`` matches every key of a mapping.

    Raises ``KeyError`` with the path prefix that names nothing.
    """
    keys = path.split(".")
    if not path or "" in keys:
        raise KeyError(path)
    nodes = [data]
    for depth, key in enumerate(keys[:-1]):
        nxt = []
        for node in nodes:
            if key == "*" and isinstance(node, dict):
                nxt += list(node.values())
            elif isinstance(node, dict) and isinstance(node.get(key), dict | list):
                nxt.append(node[key])
            elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
                nxt.append(node[int(key)])
            else:
                raise KeyError(".".join(keys[:depth + 1]))
        nodes = nxt
    for node in nodes:
        if isinstance(node, list):
            if not keys[-1].isdigit() or int(keys[-1]) >= len(node):
                raise KeyError(path)
            node[int(keys[-1])] = copy.deepcopy(value)
        elif keys[-1] == "*":
            for k in node:
                node[k] = copy.deepcopy(value)
        else:
            node[keys[-1]] = copy.deepcopy(value)


def _build(sf_path: Path, base: config.NetworkFile, name: str, overrides: dict[str, Any]
           ) -> tuple[config.NetworkFile, str | None, int | None, dict[str, Any]]:
    """Apply overrides to the base network and validate; InputError names the scenario."""
    where = f"scenarios.{name}"
    data = base.network.model_dump(mode="json")
    options: dict[str, Any] = {}
    for path, value in overrides.items():
        if path in RUN_OPTIONS:
            options[path] = value
            continue
        try:
            set_field(data, path, value)
        except KeyError as err:
            raise InputError(sf_path, f"{where}: {path}",
                             f"{err.args[0]!r} names nothing in the base network") from None
    try:
        nf = config.parse(data, base.path)
        resolution = pipeline.check_resolution(options.get("resolution"))
        segments = pipeline.check_segments(options.get("segments"), resolution)
    except InputError as err:
        raise InputError(sf_path, f"{where}: {err.field}", err.problem) from None
    return nf, resolution, segments, options


def load(path: str | Path) -> tuple[ScenarioFile, Path]:
    """Read and validate a scenario file (one-line InputError on any problem)."""
    path = Path(path)
    raw = config.load_yaml(path)
    if not isinstance(raw, dict):
        raise InputError(path, "(top level)", "expected a mapping of scenario-file fields")
    try:
        sf = ScenarioFile.model_validate(raw)
    except ValidationError as err:
        field_, problem = config._one_line(  # noqa: SLF001 - same style
            err, ScenarioFile, "docs/scenarios.md")
        raise InputError(path, field_, problem) from None
    return sf, path.resolve()


def expand(path: str | Path) -> tuple[ScenarioFile, list[Scenario]]:
    """Every run of a scenario file, validated, in file order."""
    sf, path = load(path)
    base_path = (path.parent / sf.base).resolve() if not sf.base.is_absolute() else sf.base
    try:
        base = config.load(base_path)
    except InputError as err:
        raise InputError(path, f"base ({err.file}): {err.field}", err.problem) from None
    common = dict(sf.overrides)
    for key, value in sf.options.model_dump().items():
        if key in RUN_OPTIONS and value is not None:
            common.setdefault(key, value)
    named = {name: {**common, **over} for name, over in sf.scenarios.items()}
    if BASE not in named and any(g.around == BASE for g in sf.sensitivities.values()):
        named = {BASE: dict(common), **named}  # the tornado's reference must be run
    arounds = {BASE: dict(common), **named}  # a grid may start from the base without it
    out: list[Scenario] = []

    def add(name: str, kind: str, overrides: dict, **extra: Any) -> None:
        if not re.match(_NAME, name):
            raise InputError(path, f"scenarios.{name}", "name must use letters, digits, _ . -")
        if any(s.name == name for s in out):
            raise InputError(path, f"scenarios.{name}", "two scenarios have this name")
        nf, resolution, segments, _ = _build(path, base, name, overrides)
        for where, ref in nf.network.series():  # e.g. a weather year with no file
            if not nf.resolve(ref.file).is_file():
                raise InputError(path, f"scenarios.{name}: {where}.file",
                                 f"file not found: {nf.resolve(ref.file)}")
        out.append(Scenario(name, kind, nf, overrides, resolution, segments, **extra))

    for name, over in named.items():
        add(name, "scenario", over)
    for gname, group in sf.sensitivities.items():
        around = _around(path, f"sensitivities.{gname}", group.around, arounds)
        for key, par in group.parameters.items():
            for value in par.values:
                add(f"{gname}-{key}-{_token(value)}", "sensitivity",
                    {**around, par.field: value}, group=gname, around=group.around,
                    varied={par.field: value}, label=par.label or key)
    for gname, group in sf.grids.items():
        around = _around(path, f"grids.{gname}", group.around, arounds)
        fields = list(group.vary)
        for combo in itertools.product(*group.vary.values()):
            varied = dict(zip(fields, combo, strict=True))
            suffix = _token(combo[0]) if len(fields) == 1 else "-".join(
                f"{f.rsplit('.', 1)[-1]}_{_token(v)}" for f, v in varied.items())
            add(f"{gname}-{suffix}", "grid", {**around, **varied}, group=gname,
                around=group.around, varied=varied)
    if not out:
        raise InputError(path, "scenarios", "no scenario to run")
    return sf, out


def _around(path: Path, where: str, name: str, named: dict[str, dict]) -> dict:
    if name not in named:
        raise InputError(path, f"{where}.around", f"no scenario named {name!r} "
                         f"(scenarios: {', '.join(named) or 'none'})")
    return named[name]


@functools.cache
def code_digest() -> str:
    """SHA-256 of the package's own source files: a development checkout keeps its version
    number while its code changes, and changed code must not reuse old results."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def fingerprint(sc: Scenario, report: bool, _memo: dict[Path, str] | None = None) -> str:
    """SHA-256 of everything a scenario's results depend on.

    The validated network data, the run options, the bytes of every file it reads (cost
    table, time series, mineral tables), the energymodel version and its source code. Same
    fingerprint, same results: a rerun may skip the scenario.
    """
    memo = {} if _memo is None else _memo
    nf, net = sc.network, sc.network.network
    paths = [nf.resolve(net.costs.dir) / f"costs_{net.costs.year}.csv"]
    paths += [nf.resolve(ref.file) for _, ref in net.series()]
    paths += [nf.resolve(p) for p in (net.minerals.intensities, net.minerals.supply) if p]
    files = {}
    for p in sorted(set(paths)):
        if p not in memo:
            memo[p] = hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "missing"
        files[str(p)] = memo[p]
    doc = {"network": net.model_dump(mode="json"), "base": str(nf.path),
           "resolution": sc.resolution, "segments": sc.segments, "report": report,
           "files": files, "energymodel": version("energymodel"), "code": code_digest()}
    return hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()
