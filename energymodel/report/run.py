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
accounted for minerals.
"""

from __future__ import annotations

import logging
from pathlib import Path

import plotly.graph_objects as go

from energymodel.report import html, minerals
from energymodel.report.figures import (
    FIGURE_IDS,
    STANDARD_NAMES,
    build_figures,
    certification_rows,
)
from energymodel.results import folder
from energymodel.results.folder import GRID_CHARGES, PLANNING, TOTAL

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
    hubs = tables["hubs"].to_dict("records")
    certification = []
    if "certification" in figures:
        certification = [
            {**row, "standard_name": STANDARD_NAMES.get(row["standard"], row["standard"])}
            for row in certification_rows(tables).to_dict("records")
        ]
    return {
        "summary": summary,
        "discount_rate": float(summary["discount_rate"]),
        "total_cost": float(summary["total_annual_system_cost_eur"]),
        "snapshots": summary.get("snapshots"),
        "inputs_hash": summary.get("inputs_hash"),
        "versions": sorted((summary.get("versions") or {}).items()),
        "hubs": [row for row in hubs if row["hub"] != TOTAL],
        "total": [row for row in hubs if row["hub"] == TOTAL],
        "figures": {key: html.figure(fig, FIGURE_IDS[key]) for key, fig in figures.items()},
        "certification": certification,
        "minerals": minerals.context(tables["minerals"]) if tables.get("minerals") else {},
        "assumptions": tables["assumptions"].to_dict("records"),
        "planning": _group(tables["assumptions"], PLANNING),
        "charges": _group(tables["assumptions"], GRID_CHARGES),
        "sales": bool((tables["hubs"].sales_revenue_eur > 0).any()),
    }


def _group(assumptions, group: str) -> list[dict]:
    return assumptions[assumptions.group == group].to_dict("records")
