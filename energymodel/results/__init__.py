"""Result tables from a solved network, and the results folder they are written to.

The step after solving: :func:`summarise` turns a solved PyPSA network into the result tables
of :class:`Results`; :mod:`~energymodel.results.folder` writes them (and ``summary.json``,
``manifest.json``) into a results folder and reads them back for the pages.

- :mod:`~energymodel.results.summary`: :func:`summarise`, every table of a solved network;
- :mod:`~energymodel.results.tables`: hubs, LCOH breakdown, capacities, dispatch;
- :mod:`~energymodel.results.certification`: intensity against each hydrogen standard;
- :mod:`~energymodel.results.minerals`: mineral demand and caps;
- :mod:`~energymodel.results.assumptions`: the assumptions and sources of a run;
- :mod:`~energymodel.results.folder`: the results-folder format, written and read;
- :mod:`~energymodel.results.sweep`: a sweep's ``sweep.json`` and its comparison tables.

Nothing here draws: the pages (:mod:`energymodel.report`) read the written tables.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from energymodel.results.summary import summarise
    from energymodel.results.tables import Results

__all__ = ["Results", "summarise"]

#: Public names and the submodule that defines them. Loaded on first use (PEP 562), so that
#: the pages can read a results folder (:mod:`~energymodel.results.folder`) without PyPSA.
_LAZY = {"summarise": "summary", "Results": "tables"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)
