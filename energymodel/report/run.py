"""Self-contained interactive HTML report built from the result tables only.

``write(results_dir)`` reads the tables of a results folder
(:func:`energymodel.results.folder.read`, never a PyPSA network) and writes
``results_dir/report.html``: the template ``templates/report.html.j2`` filled with the charts of
:mod:`energymodel.report.figures` and the tables, one file with plotly.js inlined once and no
external resources, so it opens offline. The same tables always give a byte-identical page.

``certification.csv`` is optional: when a run wrote it (some hub has a hydrogen standard), the
page gets a "Hydrogen certification" section. Dispatch columns added with certification
(PPA, grid account, battery flows) are optional too and read as zero when absent. The
critical-minerals section (:mod:`energymodel.report.minerals`) is there when the run
accounted for minerals. The sections of issue 15 (:mod:`energymodel.report.trade`) are there
when the run wrote their tables: "Electrolyser placement" (placement.csv), "Hydrogen delivered
abroad" (delivered_cost.csv) and "Map" (map.csv, drawn by :mod:`energymodel.report.map`). A
chart without data is replaced by one sentence saying why
(:func:`energymodel.report.figures.not_drawn`).

Money is labelled with the currency summary.json states (EUR2025; plain EUR in results written
before it did), the units of the assumptions tables included. ``sources.csv`` (the data
sources and licences of the input files) and ``references.csv`` (published prices, drawn beside
the LCOH bars and listed under the chart) are optional: older results have neither.
"""

from __future__ import annotations

import logging
from pathlib import Path

import plotly.graph_objects as go

from energymodel.report import html, minerals, trade
from energymodel.report.figures import (
    FIGURE_IDS,
    STANDARD_NAMES,
    build_figures,
    certification_rows,
    not_drawn,
)
from energymodel.results import folder
from energymodel.results.folder import (
    GRID_CHARGES,
    PLANNING,
    REFERENCE_NUMBERS,
    TOTAL,
    currency_of,
)

logger = logging.getLogger(__name__)

__all__ = ["REPORT_FILE", "TEMPLATE", "context", "render", "write"]

REPORT_FILE = "report.html"
TEMPLATE = "report.html.j2"


def write(results_dir: str | Path) -> Path:
    """Write ``report.html`` into ``results_dir`` from the result tables there.

    Parameters
    ----------
    results_dir
        Folder written by :func:`energymodel.results.folder.write`.

    Returns
    -------
    Path
        The written report.

    Raises
    ------
    InputError
        If a table or a required column is missing or unreadable.
    """
    results_dir = Path(results_dir)
    tables = folder.read(results_dir)
    page = render(tables, build_figures(tables))
    path = results_dir / REPORT_FILE
    path.write_text(page, encoding="utf-8", newline="\n")
    logger.info("Wrote %s (%.1f MB)", path, path.stat().st_size / 1e6)
    return path


def render(tables: dict, figures: dict[str, go.Figure]) -> str:
    """The full HTML page; deterministic for the same tables."""
    return html.render(TEMPLATE, **context(tables, figures))


def context(tables: dict, figures: dict[str, go.Figure]) -> dict:
    """What ``report.html.j2`` shows: the tables as rows, the figures as divs.

    Parameters
    ----------
    tables
        Output of :func:`energymodel.results.folder.read`.
    figures
        Output of :func:`energymodel.report.figures.build_figures`; a figure that is absent
        (certification) leaves its section out.
    """
    summary = tables["summary"]
    currency = currency_of(summary)
    hubs = tables["hubs"].to_dict("records")
    certification = []
    if "certification" in figures:
        certification = [
            {**row, "standard_name": STANDARD_NAMES.get(row["standard"], row["standard"])}
            for row in certification_rows(tables).to_dict("records")
        ]
    return {
        "summary": summary,
        "discount_rates": _discount_rates(summary, tables["hubs"]),
        "total_cost": float(summary["total_annual_system_cost_eur"]),
        "snapshots": summary.get("snapshots"),
        "inputs_hash": summary.get("inputs_hash"),
        "versions": sorted((summary.get("versions") or {}).items()),
        "hubs": [row for row in hubs if row["hub"] != TOTAL],
        "total": [row for row in hubs if row["hub"] == TOTAL],
        "figures": {key: html.figure(fig, FIGURE_IDS[key]) for key, fig in figures.items()},
        "certification": certification,
        "not_drawn": not_drawn(figures),
        "minerals": minerals.context(tables["minerals"]) if tables.get("minerals") else {},
        "trade": trade.context(tables),
        "assumptions": _in_currency(tables["assumptions"], currency).to_dict("records"),
        "planning": _group(tables["assumptions"], PLANNING, currency),
        "charges": _group(tables["assumptions"], GRID_CHARGES, currency),
        "sales": bool((tables["hubs"].sales_revenue_eur > 0).any()),
        "currency": currency,
        "currency_stated": "currency" in summary,
        "sources": _records(tables.get("sources")),
        "references": _references(tables.get("references")),
    }


def _records(table) -> list[dict] | None:
    return None if table is None else table.to_dict("records")


def _references(table) -> list[dict] | None:
    """The published prices with their range as ``low`` and ``high``."""
    if table is None:
        return None
    return _records(table.rename(columns=dict(zip(REFERENCE_NUMBERS, ("low", "high"),
                                                  strict=True))))


def _group(assumptions, group: str, currency: str) -> list[dict]:
    return _in_currency(assumptions[assumptions.group == group], currency).to_dict("records")


def _in_currency(assumptions, currency: str):
    """The assumptions with every unit in plain euros (``EUR/MWh``) written in ``currency``:
    all money of a run is in the one currency of its summary.json."""
    return assumptions.assign(unit=assumptions["unit"].map(
        lambda u: folder.money_unit(u, currency)))


def _discount_rates(summary: dict, hubs) -> str:
    """The real discount rate of each country of the hubs, e.g. "UK 4.23 %, IN 7.08 %"
    (results without ``discount_rate_by_country``: the network's one rate)."""
    default = float(summary["discount_rate"])
    own = summary.get("discount_rate_by_country") or {}
    countries = [c for c in dict.fromkeys(hubs["country"]) if isinstance(c, str) and c]

    def pct(rate: float) -> str:
        return f"{rate * 100:.2f}".rstrip("0").rstrip(".") + " %"

    if not own:
        return pct(default)
    return ", ".join(f"{c} {pct(float(own.get(c, default)))}" for c in countries)
