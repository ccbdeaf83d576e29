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

import functools
import hashlib
import itertools
import json
import math
import re
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

from energymodel import config
from energymodel.config.scenario import BASE, NAME_PATTERN, RUN_OPTIONS, ScenarioFile, load
from energymodel.errors import InputError
from energymodel.model import solve

__all__ = ["Scenario", "apart_in_kind", "code_digest", "distance", "expand", "fingerprint",
           "nearest", "source_files"]


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


def _build(sf_path: Path, base: config.NetworkFile, name: str, overrides: dict[str, Any]
           ) -> tuple[config.NetworkFile, str | None, int | None, dict[str, Any]]:
    """Apply overrides to the base network and validate; InputError names the scenario."""
    where = f"scenarios.{name}"
    options = {k: v for k, v in overrides.items() if k in RUN_OPTIONS}
    changes = {k: v for k, v in overrides.items() if k not in RUN_OPTIONS}
    try:
        nf = config.with_changes(base, changes)
        solve.check_options(nf.network.solver.options, base.path, "solver.options")
    except config.UnknownField as err:
        raise InputError(sf_path, f"{where}: {err.path}",
                         f"{err.prefix!r} names nothing in the base network") from None
    except InputError as err:
        raise InputError(sf_path, f"{where}: {err.field}", err.problem) from None
    try:
        resolution = config.check_resolution(options.get("resolution"))
        segments = config.check_segments(options.get("segments"), resolution)
    except InputError as err:  # the option is the field here, not the value
        option = err.file.removeprefix("--")
        raise InputError(sf_path, f"{where}: {option}", f"{err.field}: {err.problem}") from None
    return nf, resolution, segments, options


def expand(path: str | Path, resolution: str | None = None
           ) -> tuple[ScenarioFile, list[Scenario]]:
    """Every run of a scenario file, validated, in file order. ``resolution`` (e.g. ``1h``)
    replaces the file's ``options.resolution`` and ``segments``; a scenario that sets its
    own keeps it."""
    sf, path = load(path)
    base_path = (path.parent / sf.base).resolve() if not sf.base.is_absolute() else sf.base
    try:
        base = config.load(base_path)
    except InputError as err:
        raise InputError(path, f"base ({err.file}): {err.field}", err.problem) from None
    common = dict(sf.overrides)
    if resolution is not None:
        common.update(resolution=resolution, segments=None)
    for key, value in sf.options.model_dump().items():
        if key in RUN_OPTIONS and value is not None:
            common.setdefault(key, value)
    named = {name: {**common, **over} for name, over in sf.scenarios.items()}
    if BASE not in named and any(g.around == BASE for g in sf.sensitivities.values()):
        named = {BASE: dict(common), **named}  # the tornado's reference must be run
    arounds = {BASE: dict(common), **named}  # a grid may start from the base without it
    out: list[Scenario] = []

    def add(name: str, kind: str, overrides: dict, **extra: Any) -> None:
        if not re.match(NAME_PATTERN, name):
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


def _value(data: Any, path: str) -> Any:
    """The value at a dotted path of network data (``*``: every key, all values equal), or
    None when it names nothing or the values differ."""
    nodes = [data]
    for key in path.split("."):
        nodes = [v for node in nodes if isinstance(node, dict)
                 for k, v in node.items() if key in ("*", k)]
    return nodes[0] if nodes and all(v == nodes[0] for v in nodes) else None


def _gaps(a: Scenario, b: Scenario, data: dict[str, dict]) -> list[float | None]:
    """Per field either scenario overrides and the two differ in: the relative difference
    (at most 1) of two numbers, None for a difference in kind (anything else: a cap where
    the other has none, a list, a string). A field one of them does not override counts at
    its value in that one's network (``data``: network data by name, dumped when missing)."""
    gaps: list[float | None] = []
    for key in set(a.overrides) | set(b.overrides):
        if key in RUN_OPTIONS:
            continue
        x, y = (sc.overrides[key] if key in sc.overrides else _value(
            data.get(sc.name) or sc.network.network.model_dump(mode="json"), key)
            for sc in (a, b))
        if x == y:
            continue
        numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (x, y))
        gaps.append(min(1.0, abs(x - y) / max(abs(x), abs(y))) if numbers else None)
    return gaps


def distance(a: Scenario, b: Scenario, data: dict[str, dict] | None = None) -> float:
    """How far apart two scenarios are in the fields either overrides (:func:`_gaps`, a
    difference in kind counting 1), summed. Infinite when their resolution or segments
    differ (their LPs cannot share a basis)."""
    if (a.resolution, a.segments) != (b.resolution, b.segments):
        return math.inf
    return sum(1.0 if g is None else g for g in _gaps(a, b, data or {}))


def apart_in_kind(a: Scenario, b: Scenario, data: dict[str, dict] | None = None) -> bool:
    """Whether two scenarios differ in some field other than by a number, or in resolution:
    their LPs then usually differ in structure (a cap adds rows), so a basis of one rarely
    fits the other."""
    return (distance(a, b, data) == math.inf
            or any(g is None for g in _gaps(a, b, data or {})))


def nearest(scs: list[Scenario]) -> dict[str, str | None]:
    """Each scenario's nearest earlier scenario (:func:`distance`; the latest on a tie, e.g.
    the previous step of a grid), whose kept basis a sweep starts it from; None for the first
    and for those with no earlier scenario at the same resolution. Earlier in file order, so
    a sweep solves it first."""
    data = {sc.name: sc.network.network.model_dump(mode="json") for sc in scs}
    out: dict[str, str | None] = {}
    for i, sc in enumerate(scs):
        far = {other.name: distance(sc, other, data) for other in scs[:i]}
        best = min(reversed(far), key=far.__getitem__, default=None)
        out[sc.name] = best if best is not None and far[best] < math.inf else None
    return out


#: Endings of the package's source files: code, page templates and their stylesheet.
SOURCE_SUFFIXES = (".py", ".j2", ".css")


def source_files() -> list[Path]:
    """Every source file of the package, subpackages and page templates included, sorted."""
    package = Path(__file__).resolve().parents[1]
    return sorted(p for p in package.rglob("*")
                  if p.is_file() and p.suffix in SOURCE_SUFFIXES and "__pycache__" not in p.parts)


@functools.cache
def code_digest() -> str:
    """SHA-256 of the package's own source files (:func:`source_files`): a development
    checkout keeps its version number while its code changes, and changed code must not reuse
    old results."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in source_files():
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
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
