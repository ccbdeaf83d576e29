"""A sweep's results: ``sweep.json``, written and read here, and the tables that compare it.

:func:`write_status` writes ``results/<sweep>/sweep.json`` atomically (the sweep runner,
:mod:`energymodel.studies.sweep`, calls it after every scenario); :func:`load` reads it back
with every done scenario's ``summary.json`` and ``capacities.csv``. The table functions
(:func:`metric_table`, :func:`pareto_front`, :func:`tornado_rows`, :func:`grid_series`, ...)
are pure and can be checked by hand; :mod:`energymodel.report.compare` draws them.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from energymodel.errors import InputError
from energymodel.results.folder import (
    SUMMARY_FILE,
    TABLES,
    TOTAL,
    read_csv,
    read_json,
    read_summary,
)

logger = logging.getLogger(__name__)

SWEEP_FILE = "sweep.json"
STATUSES = ("done", "failed", "pending")
KINDS = ("scenario", "grid", "sensitivity")
#: Label of the whole network, next to the hubs' names (the ``total`` column).
NETWORK_LABEL = "Whole network"
#: Last part of an emissions-cap field, whose grid is the Pareto sweep.
CAP_SUFFIX = "emissions_cap_kg_per_kg"


def write_status(root: Path, doc: dict) -> None:
    """Write sweep.json atomically (a kill leaves the old or the new file, never half)."""
    tmp = root / f".{SWEEP_FILE}.tmp"
    tmp.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    tmp.replace(root / SWEEP_FILE)


@dataclass
class Scenario:
    """One entry of sweep.json; ``summary``/``capacities`` are filled for done scenarios."""

    name: str
    kind: str = "scenario"
    group: str | None = None
    around: str | None = None
    varied: dict = field(default_factory=dict)
    label: str = ""
    overrides: dict = field(default_factory=dict)
    status: str = "pending"
    error: str | None = None
    seconds: float | None = None
    summary: dict | None = None
    capacities: pd.DataFrame | None = None

    @property
    def done(self) -> bool:
        return self.status == "done" and self.summary is not None

    @property
    def parameter(self) -> str:
        """The sensitivity label, else the varied fields."""
        return self.label or ", ".join(self.varied) or self.name


def load(sweep_dir: str | Path) -> tuple[dict, list[Scenario]]:
    """Read ``sweep.json`` and every done scenario's summary and capacities.

    A done scenario whose files are missing or unreadable is shown as failed (with the reason)
    rather than stopping the page. Raises :class:`InputError` when sweep.json is missing or
    does not follow the format.
    """
    sweep_dir = Path(sweep_dir)
    path = sweep_dir / SWEEP_FILE
    doc = read_json(path, "the sweep")
    entries = doc.get("scenarios")
    if not isinstance(entries, list):
        raise InputError(str(path), "scenarios", "expected a list of scenarios")
    for key in ("sweep", "title", "file"):
        if doc.get(key) is not None and not isinstance(doc[key], str):
            raise InputError(str(path), key, "expected a string")
    scenarios, seen = [], set()
    for i, entry in enumerate(entries):
        scenario = _scenario(path, i, entry)
        if scenario.name in seen:
            raise InputError(str(path), f"scenarios.{i}.name", f"{scenario.name!r} repeated")
        seen.add(scenario.name)
        if scenario.status == "done":
            _read_results(sweep_dir / scenario.name, scenario)
        scenarios.append(scenario)
    return doc, scenarios


def _scenario(path: Path, i: int, entry: object) -> Scenario:
    where = f"scenarios.{i}"
    if not isinstance(entry, dict):
        raise InputError(str(path), where, "expected an object")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise InputError(str(path), f"{where}.name", "expected a non-empty string")
    if name in {".", ".."} or any(c in name for c in "/\\\0"):
        raise InputError(str(path), f"{where}.name", f"{name!r} is not a folder name")
    if entry.get("status") not in STATUSES:
        raise InputError(str(path), f"{where}.status", f"expected one of {', '.join(STATUSES)}")
    kind = entry.get("kind") or "scenario"
    if kind not in KINDS:
        raise InputError(str(path), f"{where}.kind", f"expected one of {', '.join(KINDS)}")
    for key in ("varied", "overrides"):
        if not isinstance(entry.get(key) or {}, dict):
            raise InputError(str(path), f"{where}.{key}", "expected an object")
    for key in ("group", "around", "label", "error"):
        if entry.get(key) is not None and not isinstance(entry[key], str):
            raise InputError(str(path), f"{where}.{key}", "expected a string or null")
    seconds = entry.get("seconds")
    if seconds is not None and (isinstance(seconds, bool) or not isinstance(seconds, int | float)):
        raise InputError(str(path), f"{where}.seconds", "expected a number or null")
    return Scenario(name=name, kind=kind, group=entry.get("group"), around=entry.get("around"),
                    varied=dict(entry.get("varied") or {}), label=entry.get("label") or "",
                    overrides=dict(entry.get("overrides") or {}), status=entry["status"],
                    error=entry.get("error"), seconds=seconds)


def _read_results(folder: Path, scenario: Scenario) -> None:
    try:
        summary = read_summary(folder / SUMMARY_FILE)
        hubs = summary.get("hubs")
        for key, node in (("hubs", hubs), ("total", summary.get("total")),
                          *((f"hubs.{k}", v) for k, v in (hubs or {}).items())):
            if not isinstance(node, dict):
                raise InputError(str(folder / SUMMARY_FILE), key, "expected an object")
        caps = read_csv(folder / TABLES["capacities"], ("hub", "category", "unit"), ("capacity",))
    except InputError as err:
        logger.warning("Scenario %s shown as failed: %s", scenario.name, err)
        scenario.status, scenario.error = "failed", f"results unreadable: {err}"
        return
    scenario.summary, scenario.capacities = summary, caps


def hub_labels(scenarios: Iterable[Scenario]) -> dict[str, str]:
    """Hub key -> display name over all done scenarios (first seen), then ``total``."""
    labels: dict[str, str] = {}
    for s in scenarios:
        if s.done:
            for key, hub in s.summary["hubs"].items():
                labels.setdefault(key, str(hub.get("name") or key))
    names = list(labels.values())
    labels = {k: v if names.count(v) == 1 else f"{v} ({k})" for k, v in labels.items()}
    return {**labels, TOTAL: NETWORK_LABEL}


def metric_table(scenarios: Iterable[Scenario], metric: str) -> pd.DataFrame:
    """One row per done scenario, one column per hub key and ``total``: ``metric`` from
    summary.json (NaN where absent)."""
    scenarios = [s for s in scenarios if s.done]
    columns = list(hub_labels(scenarios))
    rows = []
    for s in scenarios:
        hubs = {**s.summary["hubs"], TOTAL: s.summary["total"]}
        rows.append([as_float((hubs.get(c) or {}).get(metric)) for c in columns])
    return pd.DataFrame(rows, index=[s.name for s in scenarios], columns=columns, dtype=float)


def capacity_table(scenarios: Iterable[Scenario]) -> pd.DataFrame:
    """Long table: scenario, hub (or ``total``), category, unit, capacity (summed)."""
    parts = []
    for s in scenarios:
        if s.done:
            c = s.capacities.groupby(["hub", "category", "unit"], as_index=False).capacity.sum()
            network = c.groupby(["category", "unit"], as_index=False).capacity.sum()
            parts += [c.assign(scenario=s.name), network.assign(scenario=s.name, hub=TOTAL)]
    columns = ["scenario", "hub", "category", "unit", "capacity"]
    return pd.concat(parts)[columns].reset_index(drop=True) if parts else \
        pd.DataFrame(columns=columns)


def mineral_table(scenarios: Iterable[Scenario], scope: str = TOTAL) -> pd.DataFrame:
    """Primary demand per scenario and mineral in one scope (``total``: the whole network)."""
    rows = []
    for s in scenarios:
        minerals = (s.summary or {}).get("minerals") if s.done else None
        totals = ((minerals or {}).get("totals") or {}).get(scope) or {}
        rows += [{"scenario": s.name, "mineral": m, "primary_kg": as_float(v.get("primary_kg")),
                  "missing": bool(v.get("missing"))} for m, v in totals.items()]
    return pd.DataFrame(rows, columns=["scenario", "mineral", "primary_kg", "missing"])


def pareto_front(points: Sequence[tuple[float, float]]) -> list[bool]:
    """Which points no other point dominates, both coordinates to be minimised.

    A point is dominated when another is no worse in both coordinates and better in one.
    Equal points do not dominate each other; points with a NaN coordinate are never on the front.
    """
    pts = [(float(a), float(b)) for a, b in points]
    ok = [not (math.isnan(a) or math.isnan(b)) for a, b in pts]
    return [ok[i] and not any(ok[j] and pts[j][0] <= a and pts[j][1] <= b and pts[j] != (a, b)
                              for j in range(len(pts)))
            for i, (a, b) in enumerate(pts)]


def tornado_rows(base: float, members: Iterable[tuple[str, object, float]]) -> list[dict]:
    """Tornado bars from ``(label, value, lcoh)`` members around a reference LCOH ``base``.

    Per label, the lowest and highest parameter values (numeric order when every value is a
    number, else the order given) and their LCOH change from ``base``. ``swing`` is the gap
    between the LCOH at the high and the low value (a label with one value: its change). Rows
    are sorted by swing, largest first; members with a missing LCOH are left out.
    """
    by_label: dict[str, list[tuple[object, float]]] = {}
    for label, value, lcoh in members:
        if not math.isnan(as_float(lcoh)):
            by_label.setdefault(label, []).append((value, float(lcoh)))
    rows = []
    for label, points in by_label.items():
        if all(is_number(v) for v, _ in points):
            points = sorted(points, key=lambda p: p[0])
        (low, low_lcoh), (high, high_lcoh) = points[0], points[-1]
        single = len(points) == 1
        rows.append({"label": label, "low_value": low, "high_value": high,
                     "low_lcoh": low_lcoh, "high_lcoh": high_lcoh,
                     "low_change": low_lcoh - base, "high_change": high_lcoh - base,
                     "swing": abs(low_lcoh - base) if single else abs(high_lcoh - low_lcoh)})
    return sorted(rows, key=lambda r: -r["swing"])


def sensitivity_groups(scenarios: Sequence[Scenario]) -> dict[tuple[str, str], list[Scenario]]:
    """Sensitivity members by (group, reference scenario), in file order."""
    groups: dict[tuple[str, str], list[Scenario]] = {}
    for s in scenarios:
        if s.kind == "sensitivity" and s.around:
            groups.setdefault((s.group or "", s.around), []).append(s)
    return groups


def grid_series(scenarios: Sequence[Scenario]) -> list[tuple[str, str, pd.DataFrame]]:
    """For each grid group whose done members all vary the same single field:
    ``(group, field, LCOH table)`` with one row per value (sorted) and hub/total columns."""
    out = []
    groups: dict[str, list[Scenario]] = {}
    for s in scenarios:
        if s.kind == "grid" and s.group is not None and s.done:
            groups.setdefault(s.group, []).append(s)
    for group, members in groups.items():
        fields = {tuple(s.varied) for s in members}
        if len(fields) != 1 or len(next(iter(fields))) != 1:
            continue
        (name,) = next(iter(fields))
        table = metric_table(members, "lcoh_eur_per_kg")
        table.index = [s.varied[name] for s in members]
        if all(is_number(v) for v in table.index):
            table = table.sort_index(kind="stable")
        out.append((group, name, table))
    return out


def grid_stats(table: pd.DataFrame) -> pd.DataFrame:
    """Per column of a :func:`grid_series` table: min, its value, max, its value, mean."""
    rows = {}
    for column in table.columns:
        values = table[column].dropna()
        if values.empty:
            continue
        rows[column] = {"min": values.min(), "min_at": values.idxmin(), "max": values.max(),
                        "max_at": values.idxmax(), "mean": values.mean()}
    return pd.DataFrame.from_dict(rows, orient="index")


def cap_labels(scenarios: Iterable[Scenario]) -> dict[str, str]:
    """Scenario -> "cap X kg/kg" for grid members varying an emissions cap field."""
    out = {}
    for s in scenarios:
        caps = [v for k, v in s.varied.items() if k.endswith(CAP_SUFFIX)]
        if s.kind == "grid" and caps:
            out[s.name] = "cap " + ", ".join(dict.fromkeys(value_text(v) for v in caps)) + " kg/kg"
    return out


def as_float(value: object) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return float("nan")


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def value_text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        return f"{value:g}"
    return json.dumps(value, sort_keys=True)
