"""The pages: self-contained interactive HTML built from result tables only.

Every page opens offline (plotly.js inlined once, nothing fetched) and is the same bytes for
the same tables. Each page is a Jinja2 template under ``templates/`` (autoescaped) on one page
shell and one style sheet (``style.css``); the modules assemble the templates' context:

- :mod:`~energymodel.report.html`: the page library (:func:`~energymodel.report.html.render`,
  figures, numbers, the Plotly helpers);
- :mod:`~energymodel.report.run`: ``report.html`` of one run (:func:`write`), with its charts
  in :mod:`~energymodel.report.figures` (the LCOH chart and the published prices beside it in
  :mod:`~energymodel.report.lcoh`);
- :mod:`~energymodel.report.minerals`: its critical-minerals section, and the trade-off page;
- :mod:`~energymodel.report.compare`: ``compare.html`` of a sweep;
- :mod:`~energymodel.report.bench`: ``bench.html`` of a benchmark run.

The pages import neither PyPSA nor the model: they read the files of
:mod:`energymodel.results.folder` and :mod:`energymodel.results.sweep`.
"""

from __future__ import annotations

from energymodel.report.run import write

__all__ = ["write"]
