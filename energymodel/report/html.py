"""The page library: Jinja2 templates, one style sheet, numbers and the Plotly helpers.

Every page of the project (``report.html``, ``compare.html``, ``tradeoff.html``,
``bench.html``) is a template under ``templates/`` that extends the one page shell
(``page.html.j2``: the style sheet ``style.css`` and plotly.js inlined once, nothing fetched
from the network) and uses the macros of ``macros.html.j2`` (facts list, table with unit
sub-headings, figure with caption). The modules only assemble the templates' context from
result tables and call :func:`render`; none writes HTML by hand.

Escaping: the environment autoescapes, and every value a template prints goes through
:func:`_escaped` first: text is escaped as :func:`html.escape` does (``&quot;`` and
``&#x27;`` for quotes, as the pages always had), values already marked safe (:class:`Markup`:
the figures of :func:`figure`, the ``num`` filter's dash, blocks the templates build) are kept;
:class:`Markup` is re-exported here for the modules that return such HTML.
Markup in page text (``CO<sub>2</sub>``) is written in the templates themselves. Plotly
renders a small HTML subset of its own in titles, labels and hover text: :func:`plot_text`
escapes text for it.

The same context always renders to the same bytes: templates are plain functions of their
context (no dates, no random ids; figure div ids are given).
"""

from __future__ import annotations

import html
import re
import textwrap
from functools import cache
from importlib import resources

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup
from plotly.io import to_html
from plotly.offline import get_plotlyjs

__all__ = [
    "FONT_STACK",
    "PLOTLY_CONFIG",
    "Markup",
    "STYLESHEET",
    "colour",
    "figure",
    "hover_text",
    "hub_button",
    "num",
    "ordered",
    "plot_text",
    "render",
    "style",
]

FALLBACK_COLOURS = ("#6c757d", "#a3b18a", "#bc6c25", "#577590", "#d62828")

#: The pages' one style sheet, inlined by ``page.html.j2``.
STYLESHEET = resources.files("energymodel.report").joinpath("style.css").read_text("utf-8")
#: The font stack of the pages (``--font`` in :data:`STYLESHEET`), for the Plotly figures too.
FONT_STACK = " ".join(re.search(r"--font:\s*([^;]+);", STYLESHEET).group(1).split())
PLOTLY_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "typesetMath": False,
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
}
DASH = Markup("&ndash;")


# ---------------------------------------------------------------- templates


def render(template_name: str, **context: object) -> str:
    """Render the template ``templates/<template_name>`` with ``context``.

    A variable the template needs but ``context`` lacks is an error (``StrictUndefined``), not
    an empty string.
    """
    return _environment().get_template(template_name).render(**context)


def figure(fig: go.Figure, div_id: str) -> Markup:
    """A Plotly figure as a ``<div id="div_id">`` and its script, without plotly.js (the page
    shell inlines it once)."""
    return Markup(to_html(fig, config=PLOTLY_CONFIG, include_plotlyjs=False,
                          include_mathjax=False, full_html=False, div_id=div_id))


def num(value: object, spec: int | str = 0, unit: str = "") -> str | Markup:
    """A number for a page (the templates' ``num`` filter).

    ``spec`` is the number of decimals (with thousands separators) or a format spec such as
    ``".3g"``; ``unit`` follows after a space. Missing numbers (``None``, NaN, infinite) show
    as a dash (``&ndash;``), without the unit; text that is not a number is shown as it is.
    """
    if value is None:
        return DASH
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if not np.isfinite(number):
        return DASH
    text = format(number, f",.{spec}f" if isinstance(spec, int) else spec)
    if text == "-0":
        text = "0"
    return f"{text} {unit}" if unit else text


def _escaped(value: object) -> object:
    """Every printed value: safe markup as it is, anything else escaped as text."""
    if hasattr(value, "__html__"):
        return value
    return Markup(html.escape(str(value)))


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("energymodel.report", "templates"),
        autoescape=True,
        finalize=_escaped,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters["num"] = num
    env.globals["stylesheet"] = Markup(STYLESHEET)
    env.globals["plotly_js"] = _plotly_js
    return env


def _plotly_js() -> Markup:
    return Markup(get_plotlyjs())


# ---------------------------------------------------------------- Plotly figures


def style(fig: go.Figure, title: str, height: int) -> None:
    """The pages' look for a figure: template, left-aligned ``title`` (Plotly text), font."""
    fig.update_layout(
        template="plotly_white",
        title={"text": title, "x": 0, "xanchor": "left"},
        font={"family": FONT_STACK, "size": 13, "color": "#1f2933"},
        height=height,
        margin={"l": 70, "r": 30, "t": 90, "b": 60},
        legend={"bgcolor": "rgba(255,255,255,0.6)"},
    )


def plot_text(value: object) -> str:
    """Escape text for plotly, which renders its own small HTML subset (no quote entities)."""
    return html.escape(str(value), quote=False)


def ordered(values: pd.Series, known: dict[str, str]) -> list[str]:
    """The distinct ``values``: those in ``known`` in its order, then the others as found."""
    present = list(dict.fromkeys(values))
    return [v for v in known if v in present] + [v for v in present if v not in known]


def colour(key: str, palette: dict[str, str], index: int) -> str:
    """``palette[key]``, or a fallback colour picked by ``index``."""
    return palette.get(key, FALLBACK_COLOURS[index % len(FALLBACK_COLOURS)])


def hub_button(name: str, index: int, n_series: int, n_hubs: int, title: str) -> dict:
    """Dropdown entry that shows hub ``index``'s ``n_series`` traces and retitles the chart."""
    visible = [i // n_series == index for i in range(n_hubs * n_series)]
    return {
        "label": plot_text(name),
        "method": "update",
        "args": [{"visible": visible}, {"title.text": title}],
    }


def hover_text(text: object, width: int = 90, limit: int = 360) -> str:
    """Long text for a Plotly hover label: escaped, cut at ``limit`` characters, lines of
    ``width``."""
    text = " ".join(str(text or "-").split())
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " ..."
    return "<br>".join(plot_text(line) for line in textwrap.wrap(text, width))
