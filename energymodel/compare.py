"""Comparison report of a scenario sweep: ``results/<sweep>/compare.html``.

``write(sweep_dir)`` reads ``sweep.json`` (written by the sweep) and, for every scenario whose
status is ``done``, its ``summary.json`` and ``capacities.csv``; it writes one self-contained page
(plotly.js inlined once, page style and escaping from :mod:`energymodel.report`) that sets the
scenarios side by side: a table, LCOH, capacities, emissions and minerals, a tornado chart per
sensitivity group, the cost-emissions Pareto front and, for each grid over one field (such as
the weather year), how LCOH varies along it. The same files always give a byte-identical page.

The table-making functions (:func:`metric_table`, :func:`pareto_front`, :func:`tornado_rows`,
:func:`grid_series`, ...) are pure and can be checked by hand. Run as
``python -m energymodel.compare results/<sweep>``.
"""

from __future__ import annotations

import json
import logging
import math
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative
from plotly.io import to_html
from plotly.subplots import make_subplots

from energymodel.errors import EnergyModelError, InputError
from energymodel.report import (
    CAPACITY_CATEGORIES,
    CSS,
    PLOTLY_CONFIG,
    _colour,
    _esc,
    _hub_button,
    _num,
    _ordered,
    _plot_text,
    _read_csv,
    _read_summary,
    _style,
    page,
)

__all__ = ["Scenario", "grid_series", "load", "main", "metric_table", "pareto_front",
           "render", "tornado_rows", "write"]

logger = logging.getLogger(__name__)

SWEEP_FILE = "sweep.json"
COMPARE_FILE = "compare.html"
STATUSES = ("done", "failed", "pending")
KINDS = ("scenario", "grid", "sensitivity")
TOTAL = "total"  # the whole network, next to the hub keys
NETWORK_LABEL = "Whole network"
NETWORK_COLOUR = "#1f2933"
HUB_COLOURS = ("#2a9d8f", "#e76f51", "#457b9d", "#e9c46a", "#8e7dbe", "#90be6d", "#bc6c25")
CAP_SUFFIX = "emissions_cap_kg_per_kg"
FIELDS = {  # last part of a varied field -> (what it is, unit), for titles and axes
    "weather_year": ("weather year", ""),
    CAP_SUFFIX: ("emissions cap", "kg CO2 per kg H2"),
    "price_multiplier": ("grid price multiplier", ""),
    "discount_rate": ("discount rate", ""),
    "year": ("cost year", ""),
    "t_per_day": ("hydrogen offtake", "t/day"),
}
KG_KG = "kg CO<sub>2</sub>/kg H<sub>2</sub>"
EXTRA_CSS = """
.err { color: #a4161a; font-size: 0.85rem; display: block; margin-top: 2px; }
.changes { font-size: 0.85rem; }
.changes code { background: #eef2f5; padding: 0 4px; border-radius: 4px; }
.kind { color: var(--muted); font-size: 0.8rem; display: block; }
.badge.wait { background: #eef2f5; color: #5f6b7a; }
section figure + figure, section figure + .table-wrap { margin-top: 16px; }
"""


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


# ---------------------------------------------------------------- reading


def load(sweep_dir: str | Path) -> tuple[dict, list[Scenario]]:
    """Read ``sweep.json`` and every done scenario's summary and capacities.

    A done scenario whose files are missing or unreadable is shown as failed (with the reason)
    rather than stopping the page. Raises :class:`InputError` when sweep.json is missing or
    does not follow the format.
    """
    sweep_dir = Path(sweep_dir)
    path = sweep_dir / SWEEP_FILE
    if not path.is_file():
        raise InputError(str(path), "(file)", "missing; run the sweep first to write it")
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise InputError(str(path), "(file)", f"not valid JSON: {err}") from err
    if not isinstance(doc, dict):
        raise InputError(str(path), "(file)", "expected a JSON object")
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
        summary = _read_summary(folder / "summary.json")
        hubs = summary.get("hubs")
        for key, node in (("hubs", hubs), ("total", summary.get("total")),
                          *((f"hubs.{k}", v) for k, v in (hubs or {}).items())):
            if not isinstance(node, dict):
                raise InputError(str(folder / "summary.json"), key, "expected an object")
        caps = _read_csv(folder / "capacities.csv", ("hub", "category", "unit"), ("capacity",))
    except InputError as err:
        logger.warning("Scenario %s shown as failed: %s", scenario.name, err)
        scenario.status, scenario.error = "failed", f"results unreadable: {err}"
        return
    scenario.summary, scenario.capacities = summary, caps


# ---------------------------------------------------------------- tables (pure)


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
        rows.append([_float((hubs.get(c) or {}).get(metric)) for c in columns])
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
        rows += [{"scenario": s.name, "mineral": m, "primary_kg": _float(v.get("primary_kg")),
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
        if not math.isnan(_float(lcoh)):
            by_label.setdefault(label, []).append((value, float(lcoh)))
    rows = []
    for label, points in by_label.items():
        if all(_is_number(v) for v, _ in points):
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
        if all(_is_number(v) for v in table.index):
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
            out[s.name] = "cap " + ", ".join(dict.fromkeys(_value(v) for v in caps)) + " kg/kg"
    return out


def _float(value: object) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return float("nan")


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _value(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        return f"{value:g}"
    return json.dumps(value, sort_keys=True)


# ---------------------------------------------------------------- figures


def _palette(n: int) -> list[str]:
    colours = list(HUB_COLOURS) + list(qualitative.Plotly) + list(qualitative.Alphabet)
    return [colours[i % len(colours)] for i in range(n)]


def _names(table: pd.DataFrame) -> list[str]:
    return [_plot_text(n) for n in table.index]


def lcoh_figure(scenarios: Sequence[Scenario]) -> go.Figure:
    """LCOH per hub and for the whole network, grouped by scenario (EUR/kg)."""
    table, labels = metric_table(scenarios, "lcoh_eur_per_kg"), hub_labels(scenarios)
    fig = go.Figure()
    for column, colour in zip(table.columns, _palette(len(table.columns) - 1) + [NETWORK_COLOUR],
                              strict=True):
        fig.add_bar(x=_names(table), y=table[column].round(4).tolist(),
                    name=_plot_text(labels[column]), marker_color=colour,
                    hovertemplate="%{x}: %{y:.2f} EUR/kg<extra>%{fullData.name}</extra>")
    _style(fig, "Levelised cost of hydrogen by scenario", height=460)
    fig.update_layout(barmode="group")
    fig.update_xaxes(title_text="Scenario")
    fig.update_yaxes(title_text="LCOH (EUR per kg H<sub>2</sub>)", rangemode="tozero")
    return fig


def capacity_figure(scenarios: Sequence[Scenario]) -> go.Figure:
    """Capacity by category and scenario: power (MW) above, storage (MWh) below; a dropdown
    picks the whole network or one hub."""
    caps, labels = capacity_table(scenarios), hub_labels(scenarios)
    names = [s.name for s in scenarios if s.done]
    views = [TOTAL] + [h for h in labels if h != TOTAL]
    categories = _ordered(caps["category"], CAPACITY_CATEGORIES)
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.12,
                        subplot_titles=("Power capacity (MW)", "Energy storage capacity (MWh)"))
    pairs = [(i, c, u) for i, c in enumerate(categories) for u in ("MW", "MWh")
             if ((caps.category == c) & (caps.unit == u)).any()]
    buttons = []
    for v, view in enumerate(views):
        for i, category, unit in pairs:
            part = caps[(caps.hub == view) & (caps.category == category) & (caps.unit == unit)]
            y = part.set_index("scenario").capacity.reindex(names)
            fig.add_bar(x=[_plot_text(n) for n in names], y=y.round(2).tolist(),
                        name=_plot_text(category),
                        marker_color=_colour(category, CAPACITY_CATEGORIES, i),
                        visible=v == 0, row=1 if unit == "MW" else 2, col=1,
                        hovertemplate=f"%{{x}}: %{{y:,.1f}} {unit}<extra>%{{fullData.name}}"
                        "</extra>")
        title = f"Installed capacity: {_plot_text(labels[view])}"
        buttons.append(_hub_button(labels[view], v, len(pairs), len(views), title))
    _style(fig, f"Installed capacity: {NETWORK_LABEL}", height=640)
    fig.update_layout(barmode="group", updatemenus=[_menu(buttons)] if len(views) > 2 else [])
    fig.update_yaxes(title_text="MW", rangemode="tozero", row=1, col=1)
    fig.update_yaxes(title_text="MWh", rangemode="tozero", row=2, col=1)
    fig.update_xaxes(title_text="Scenario", row=2, col=1)
    return fig


def emissions_figure(scenarios: Sequence[Scenario]) -> go.Figure:
    """Annual CO2 (t/yr) above and carbon intensity below, per hub and network."""
    tonnes = metric_table(scenarios, "co2_t")
    intensity = metric_table(scenarios, "co2_kg_per_kg_h2")
    labels = hub_labels(scenarios)
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.12,
                        subplot_titles=("Annual emissions (t CO<sub>2</sub>/yr)",
                                        f"Carbon intensity ({KG_KG})"))
    colours = _palette(len(labels) - 1) + [NETWORK_COLOUR]
    for column, colour in zip(labels, colours, strict=True):
        for row, (table, fmt) in enumerate(((tonnes, ",.1f} t CO<sub>2</sub>/yr"),
                                             (intensity, f".3f}} {KG_KG}")), start=1):
            fig.add_bar(x=_names(table), y=table[column].round(4).tolist(),
                        name=_plot_text(labels[column]), legendgroup=column,
                        marker_color=colour, showlegend=row == 1, row=row, col=1,
                        hovertemplate="%{x}: %{y:" + fmt + "<extra>%{fullData.name}</extra>")
    _style(fig, "CO<sub>2</sub> emissions by scenario", height=620)
    fig.update_layout(barmode="group")
    fig.update_yaxes(title_text="t CO<sub>2</sub>/yr", rangemode="tozero", row=1, col=1)
    fig.update_yaxes(title_text=KG_KG, rangemode="tozero", row=2, col=1)
    fig.update_xaxes(title_text="Scenario", row=2, col=1)
    return fig


def minerals_figure(minerals: pd.DataFrame, names: list[str]) -> go.Figure:
    """Primary demand per mineral and scenario, network scope (kg, log axis)."""
    fig = go.Figure()
    for i, (mineral, part) in enumerate(minerals.groupby("mineral", sort=True)):
        y = part.set_index("scenario").primary_kg.reindex(names)
        label = f"{mineral}*" if part.missing.any() else mineral
        fig.add_bar(x=[_plot_text(n) for n in names], y=y.where(y > 0).tolist(),
                    name=_plot_text(label), marker_color=_palette(i + 1)[i],
                    hovertemplate="%{x}: %{y:,.1f} kg<extra>%{fullData.name}</extra>")
    _style(fig, "Primary critical-mineral demand by scenario (whole network)", height=460)
    fig.update_layout(barmode="group")
    fig.update_xaxes(title_text="Scenario")
    fig.update_yaxes(title_text="Primary demand (kg, log scale)", type="log")
    return fig


def tornado_figure(base: Scenario, members: list[Scenario],
                   labels: dict[str, str]) -> go.Figure | None:
    """LCOH change from ``base`` at each parameter's low and high value, largest swing on top;
    a dropdown switches between the whole network and each hub."""
    fig = go.Figure()
    buttons = []
    first_order: list[str] = []
    views = [TOTAL] + [k for k in labels if k != TOTAL]
    for v, view in enumerate(views):
        ref = _float(((base.summary["hubs"] | {TOTAL: base.summary["total"]}).get(view) or {})
                     .get("lcoh_eur_per_kg"))
        entries = [(_plot_text(m.parameter), _member_value(m), _lcoh(m, view)) for m in members]
        rows = tornado_rows(ref, entries) if not math.isnan(ref) else []
        order = [r["label"] for r in reversed(rows)]  # plotly draws categories bottom-up
        first_order = first_order or order
        for end, colour in (("low", "#457b9d"), ("high", "#e76f51")):
            fig.add_bar(
                y=[r["label"] for r in rows], x=[round(r[f"{end}_change"], 6) for r in rows],
                orientation="h", name=f"{end.capitalize()} value", marker_color=colour,
                text=[_plot_text(_value(r[f"{end}_value"])) for r in rows],
                textposition="outside", visible=v == 0, showlegend=True,
                customdata=[[_plot_text(_value(r[f"{end}_value"])), r[f"{end}_lcoh"]]
                            for r in rows],
                hovertemplate="%{y} = %{customdata[0]}: LCOH %{customdata[1]:.2f} EUR/kg "
                "(%{x:+.2f})<extra></extra>")
        title = (f"LCOH sensitivity, {_plot_text(labels[view])}: reference "
                 f"{_plot_text(base.name)} at {ref:.2f} EUR/kg")
        button = _hub_button(labels[view], v, 2, len(views), title)
        button["args"][1]["yaxis.categoryarray"] = order
        buttons.append(button)
    if not first_order:
        return None
    _style(fig, buttons[0]["args"][1]["title.text"], height=max(320, 120 + 60 * len(first_order)))
    fig.update_layout(barmode="overlay", updatemenus=[_menu(buttons)] if len(views) > 2 else [])
    fig.update_yaxes(categoryorder="array", categoryarray=first_order, title_text="Parameter",
                     automargin=True)
    fig.update_xaxes(title_text=f"Change in LCOH from {_plot_text(base.name)} "
                     "(EUR per kg H<sub>2</sub>)", zeroline=True, zerolinewidth=2,
                     zerolinecolor=NETWORK_COLOUR)
    return fig


def pareto_figure(scenarios: Sequence[Scenario]) -> go.Figure:
    """Annual cost against annual CO2 for every done scenario, with the Pareto front.

    The front is drawn over the comparable runs only: an emissions-cap sweep's members and
    the scenarios they vary around (the same plan question under tighter caps). Other
    scenarios (another offtake, cost year, weather year...) are not alternatives to each other,
    so they are shown without a front; with no emissions-cap sweep there is no front.
    """
    done = [s for s in scenarios if s.done]
    co2 = [_float(s.summary["total"].get("co2_t")) for s in done]
    cost = [_float(s.summary["total"].get("annual_cost_eur", s.summary.get("objective_eur")))
            / 1e6 for s in done]
    caps = cap_labels(done)
    comparable = set(caps) | {s.around for s in done if s.name in caps and s.around}
    nan = (math.nan, math.nan)
    front = pareto_front([(c, e) if d.name in comparable else nan
                          for c, e, d in zip(cost, co2, done, strict=True)])
    fig = go.Figure()
    line = sorted((x, y) for x, y, f in zip(co2, cost, front, strict=True) if f)
    if line:
        fig.add_scatter(x=[p[0] for p in line], y=[p[1] for p in line], mode="lines",
                        name="Pareto front of the emissions-cap sweep",
                        line={"color": NETWORK_COLOUR, "dash": "dash"}, hoverinfo="skip")
    for highlighted in (False, True):
        idx = [i for i, s in enumerate(done) if (s.name in caps) == highlighted]
        if not idx:
            continue
        fig.add_scatter(
            x=[co2[i] for i in idx], y=[round(cost[i], 6) for i in idx],
            mode="markers+text" if highlighted else "markers",
            text=[_plot_text(caps[done[i].name]) for i in idx] if highlighted else None,
            textposition="top right",
            customdata=[_plot_text(done[i].name) for i in idx],
            name="Emissions-cap scenarios" if highlighted else "Other scenarios",
            marker={"size": 13 if highlighted else 10, "symbol": "diamond" if highlighted
                    else "circle", "color": "#e76f51" if highlighted else "#457b9d",
                    "line": {"color": "#fff", "width": 1}},
            hovertemplate="%{customdata}<br>%{x:,.1f} t CO<sub>2</sub>/yr<br>"
            "%{y:,.2f} million EUR/yr<extra></extra>")
    _style(fig, "Cost against emissions", height=480)
    fig.update_xaxes(title_text="Total emissions (t CO<sub>2</sub>/yr)", rangemode="tozero")
    fig.update_yaxes(title_text="Total annual cost (million EUR/yr)")
    return fig


def grid_figure(field_name: str, table: pd.DataFrame, labels: dict[str, str]) -> go.Figure:
    """LCOH per hub and network against the grid's varied value."""
    fig = go.Figure()
    x = [_plot_text(_value(v)) for v in table.index]
    colours = _palette(len(table.columns) - 1) + [NETWORK_COLOUR]
    for column, colour in zip(table.columns, colours, strict=True):
        fig.add_scatter(x=x, y=table[column].round(4).tolist(), mode="lines+markers",
                        name=_plot_text(labels[column]), line={"color": colour},
                        hovertemplate="%{x}: %{y:.2f} EUR/kg<extra>%{fullData.name}</extra>")
    _style(fig, _plot_text(_grid_title(field_name, labels)), height=420)
    axis = _field_text(field_name, labels)
    fig.update_xaxes(type="category", title_text=_plot_text(axis[:1].upper() + axis[1:]))
    fig.update_yaxes(title_text="LCOH (EUR per kg H<sub>2</sub>)")
    return fig


def _menu(buttons: list[dict]) -> dict:
    return {"type": "dropdown", "direction": "down", "buttons": buttons, "active": 0,
            "showactive": True, "x": 1.0, "xanchor": "right", "y": 1.14, "yanchor": "top"}


def _lcoh(s: Scenario, view: str) -> float:
    if not s.done:
        return float("nan")
    node = s.summary["total"] if view == TOTAL else s.summary["hubs"].get(view) or {}
    return _float(node.get("lcoh_eur_per_kg"))


def _member_value(s: Scenario) -> object:
    if len(s.varied) == 1:
        return next(iter(s.varied.values()))
    return "; ".join(f"{k} = {_value(v)}" for k, v in s.varied.items())


def _field_text(name: str, labels: dict[str, str]) -> str:
    """A dotted field in words: ``hubs.h.emissions_cap_kg_per_kg`` -> ``emissions cap at
    <hub name> (kg CO2 per kg H2)``."""
    parts = name.split(".")
    what, unit = FIELDS.get(parts[-1], (parts[-1].replace("_", " "), ""))
    if parts[0] == "hubs" and len(parts) > 2:
        what += " at every hub" if parts[1] == "*" else f" at {labels.get(parts[1], parts[1])}"
    return what + (f" ({unit})" if unit else "")


def _grid_title(name: str, labels: dict[str, str]) -> str:
    if name.rsplit(".", 1)[-1] == "weather_year":
        return "How LCOH varies across weather years"
    return f"How LCOH varies with the {_field_text(name, labels)}"


# ---------------------------------------------------------------- page


def write(sweep_dir: str | Path) -> Path:
    """Write ``compare.html`` into ``sweep_dir`` from sweep.json and the scenario folders.

    Raises
    ------
    InputError
        If sweep.json is missing or malformed.
    """
    sweep_dir = Path(sweep_dir)
    doc, scenarios = load(sweep_dir)
    path = sweep_dir / COMPARE_FILE
    path.write_text(render(doc, scenarios), encoding="utf-8", newline="\n")
    logger.info("Wrote %s (%.1f MB)", path, path.stat().st_size / 1e6)
    return path


def render(doc: dict, scenarios: list[Scenario]) -> str:
    """The full page; deterministic for the same inputs."""
    title = doc.get("title") or doc.get("sweep") or "Scenario comparison"
    done = [s for s in scenarios if s.done]
    sections = [_table_section(scenarios)]
    if done:
        sections += [
            _section("lcoh", "Cost of hydrogen", "The levelised cost of hydrogen (LCOH) of each "
                     "hub and of the whole network, scenario by scenario.",
                     [(lcoh_figure(scenarios), "Hover over a bar for its value.")]),
            _section("capacities", "What gets built", "The equipment the optimisation chose "
                     "in each scenario, by category. Pick a hub from the menu at the top right "
                     "(the whole network is the sum over hubs).",
                     [(capacity_figure(scenarios), "Power equipment in MW above; storage "
                       "in MWh below.")]),
            _section("emissions", "Emissions", "Carbon dioxide from grid electricity: the "
                     "yearly total and per kilogram of hydrogen delivered, for each hub and the "
                     "whole network.",
                     [(emissions_figure(scenarios), "")]),
        ]
        minerals = mineral_table(scenarios)
        if not minerals.empty:
            sections.append(_section(
                "minerals", "Critical minerals", "Primary demand (after the recycled share) "
                "for each critical mineral embodied in what the whole network builds.",
                [(minerals_figure(minerals, [s.name for s in done]), "A mineral marked with * "
                  "has built capacity with no citable intensity: its bars count only the part "
                  "with a figure. Scenarios without mineral accounting have no bars.")]))
        sections += _tornado_sections(scenarios)
        sections.append(_section(
            "pareto", "Cost against emissions", "Each point is one scenario: its total annual "
            "cost against its total emissions. "
            + ("The dashed line is the Pareto front of the emissions-cap sweep: the same plan "
               "under ever tighter caps, where emissions cannot fall without cost rising. The "
               "other scenarios change what is planned (offtake, costs, rules) and are shown "
               "for context only." if cap_labels(done) else "No scenario here caps "
               "emissions, so no Pareto front is drawn: the scenarios change the question "
               "(costs, weather, rules), they are not alternative plans. Add a grid over "
               "hubs.*.emissions_cap_kg_per_kg to trace one."),
            [(pareto_figure(scenarios), "Diamonds are runs of an emissions-cap sweep, labelled "
              "with the cap on grid emissions in kg CO<sub>2</sub> per kg H<sub>2</sub>."
              if cap_labels(done) else "")]))
        sections += _grid_sections(scenarios)
    body = "\n".join(sections)
    return page(_esc(title), f"""{_header(doc, title, scenarios)}
{body}
<footer><p>Built by energymodel from sweep.json and each scenario's summary.json and
capacities.csv in this folder.</p></footer>""", CSS + EXTRA_CSS)


def _header(doc: dict, title: str, scenarios: list[Scenario]) -> str:
    counts = {st: sum(s.status == st for s in scenarios) for st in STATUSES}
    definition = next((s.summary.get("lcoh_definition") for s in scenarios if s.done), None)
    facts = [("Sweep", _esc(doc.get("sweep") or "")), ("Scenario file", _esc(doc.get("file")
             or "")), ("Scenarios", f"{counts['done']} done, {counts['failed']} failed, "
                       f"{counts['pending']} not run")]
    items = "\n".join(f'<li><span class="label">{k}</span><span class="value">{v}</span></li>'
                      for k, v in facts)
    lcoh = (f'<p class="definition"><strong>Levelised cost of hydrogen (LCOH):</strong> '
            f"{_esc(definition)}</p>") if definition else ""
    return f"""<header>
<h1>{_esc(title)}</h1>
<p class="subtitle">Offshore wind to green hydrogen: scenarios compared side by side</p>
<ul class="facts">
{items}
</ul>
{lcoh}
</header>"""


def _section(key: str, heading: str, lead: str, figures: list[tuple[go.Figure, str]],
             extra: str = "") -> str:
    parts = [f'<section id="section-{key}">', f"<h2>{heading}</h2>", f'<p class="lead">{lead}</p>']
    for i, (fig, caption) in enumerate(figures):
        div = to_html(fig, config=PLOTLY_CONFIG, include_plotlyjs=False, include_mathjax=False,
                      full_html=False, div_id=f"figure-{key}" + (f"-{i}" if i else ""))
        parts.append(f"<figure>\n{div}\n<figcaption>{caption}</figcaption>\n</figure>"
                     if caption else f"<figure>\n{div}\n</figure>")
    parts += [extra, "</section>"]
    return "\n".join(p for p in parts if p)


def _table_section(scenarios: list[Scenario]) -> str:
    labels = hub_labels(scenarios)
    lcoh = metric_table(scenarios, "lcoh_eur_per_kg")
    columns = [(f"LCOH {_esc(labels[h])}", "EUR/kg") for h in labels]
    columns += [("Total annual cost", "million EUR/yr"), ("CO<sub>2</sub>", "t/yr"),
                ("CO<sub>2</sub> intensity", KG_KG)]
    head = ['<th scope="col">Scenario</th>', '<th scope="col">What it changes</th>',
            '<th scope="col">Status</th>']
    head += [f'<th scope="col" class="num">{t}<span class="unit">{u}</span></th>'
             for t, u in columns]
    rows = []
    for s in scenarios:
        cells = [f'<th scope="row">{_esc(s.name)}{_kind(s)}</th>',
                 f'<td class="changes">{_changes(s)}</td>', f"<td>{_status(s)}</td>"]
        if s.done:
            total = s.summary["total"]
            cost = total.get("annual_cost_eur", s.summary.get("objective_eur"))
            numbers = [(lcoh.at[s.name, h], 2) for h in labels]
            numbers += [(_float(cost) / 1e6, 2), (total.get("co2_t"), 1),
                        (total.get("co2_kg_per_kg_h2"), 2)]
            cells += [f'<td class="num">{_num(_float(v), d)}</td>' for v, d in numbers]
        else:
            cells += ['<td class="num">&ndash;</td>'] * len(columns)
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f"""<section id="section-scenarios">
<h2>Scenarios</h2>
<p class="lead">Every scenario of the sweep, what it changes from the base network, and its
headline results. A scenario that failed shows why; it is left out of the charts below.</p>
<div class="table-wrap"><table id="scenario-table">
<thead><tr>{"".join(head)}</tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table></div>
</section>"""


def _kind(s: Scenario) -> str:
    if s.kind == "scenario":
        return ""
    text = {"grid": "grid sweep", "sensitivity": "sensitivity"}[s.kind]
    text += f" \u201c{s.group}\u201d" if s.group else ""
    text += f", varied from {s.around}" if s.around else ""
    return f'<span class="kind">{_esc(text[:1].upper() + text[1:])}</span>'


def _changes(s: Scenario) -> str:
    if not s.overrides:
        return "Base network as is"
    return "<br>".join(f"<code>{_esc(k)}</code> = {_esc(_value(v))}"
                       for k, v in s.overrides.items())


def _status(s: Scenario) -> str:
    if s.done:
        seconds = f" ({_num(s.seconds, 1)} s)" if s.seconds is not None else ""
        return f'<span class="badge pass">&#10003; Done</span>{seconds}'
    if s.status == "failed":
        return ('<span class="badge fail">&#10007; Failed</span>'
                f'<span class="err">{_esc(s.error or "no error recorded")}</span>')
    return '<span class="badge wait">Not run</span>'


def _tornado_sections(scenarios: list[Scenario]) -> list[str]:
    by_name = {s.name: s for s in scenarios}
    labels = hub_labels(scenarios)
    out = []
    for i, ((group, around), members) in enumerate(sensitivity_groups(scenarios).items()):
        base = by_name.get(around)
        left = [m.name for m in members if not m.done]
        note = f"Left out (not finished): {_esc(', '.join(left))}. " if left else ""
        fig = tornado_figure(base, members, labels) if base is not None and base.done else None
        lead = (f"How much the LCOH moves when one parameter at a time is set to its low "
                f"(blue) or high (orange) value, from the reference scenario "
                f"<strong>{_esc(around)}</strong>. The longest bars, at the top, are the "
                f"parameters the cost is most sensitive to."
                + (" Pick a hub from the menu at the top right." if len(labels) > 2 else ""))
        heading = f"Sensitivity: {_esc(group)}" if group else "Sensitivity"
        if fig is None:
            out.append(f'<section id="section-tornado-{i}"><h2>{heading}</h2><p class="note">'
                       f"{note}No chart: the reference scenario {_esc(around)} or every "
                       "member has no results.</p></section>")
            continue
        section = _section(f"tornado-{i}", heading, lead, [(fig, note)])
        out.append(section)
    return out


def _grid_sections(scenarios: list[Scenario]) -> list[str]:
    labels = hub_labels(scenarios)
    out = []
    for i, (group, name, table) in enumerate(grid_series(scenarios)):
        stats = grid_stats(table)
        rows = "\n".join(
            f'<tr><th scope="row">{_esc(labels[k])}</th><td class="num">{_num(r["min"], 2)}</td>'
            f'<td>{_esc(_value(r["min_at"]))}</td><td class="num">{_num(r["max"], 2)}</td>'
            f'<td>{_esc(_value(r["max_at"]))}</td><td class="num">{_num(r["mean"], 2)}</td>'
            f'<td class="num">{_num(r["max"] - r["min"], 2)}</td></tr>'
            for k, r in stats.iterrows())
        table_html = f"""<div class="table-wrap"><table>
<thead><tr><th scope="col">Hub</th><th scope="col" class="num">Lowest LCOH<span class="unit">
EUR/kg</span></th><th scope="col">at</th><th scope="col" class="num">Highest LCOH
<span class="unit">EUR/kg</span></th><th scope="col">at</th><th scope="col" class="num">
Mean<span class="unit">EUR/kg</span></th><th scope="col" class="num">Spread<span class="unit">
EUR/kg</span></th></tr></thead>
<tbody>
{rows}
</tbody>
</table></div>"""
        lead = (f"The LCOH of each hub and of the whole network in each run of the "
                f"<strong>{_esc(group)}</strong> sweep, which changes only "
                f"<code>{_esc(name)}</code>; the table gives the lowest, highest and mean "
                f"over its {len(table)} runs.")
        out.append(_section(f"grid-{i}", _esc(_grid_title(name, labels)), lead,
                            [(grid_figure(name, table, labels), "")], extra=table_html))
    return out


def main(argv: list[str] | None = None) -> int:
    """``python -m energymodel.compare results/<sweep>``: rewrite compare.html."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or args[0].startswith("-"):
        print("usage: python -m energymodel.compare results/<sweep>", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    try:
        print(f"comparison written to {write(args[0])}")
    except EnergyModelError as err:
        print(f"error: {err}", file=sys.stderr)
        return err.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main())
