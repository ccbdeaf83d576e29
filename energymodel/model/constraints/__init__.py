r"""Custom linopy constraints: one module per family, every rule applied in one place.

Each rule is one function ``define(n, ctx)`` with its maths in its docstring: it receives the
network with its linopy model built and a :class:`Context` with what the network itself does
not hold (certification settings, grid carbon intensity, mineral intensities and budgets).
:func:`apply` is PyPSA's ``extra_functionality`` hook and calls every rule of
:data:`CONSTRAINTS` in order; each rule adds nothing when the network does not use it.
Constraint names are made (and read) by :mod:`~energymodel.model.constraints.names` only.

Families:

- :mod:`~energymodel.model.constraints.battery`: one inverter rating both ways;
- :mod:`~energymodel.model.constraints.wind`: generator types share a site's limit;
- :mod:`~energymodel.model.constraints.electrolysis`: minimum load, part-load efficiency;
- :mod:`~energymodel.model.constraints.grid_account`: banking and monthly RFNBO matching;
- :mod:`~energymodel.model.constraints.certification`: hydrogen standards, emissions caps;
- :mod:`~energymodel.model.constraints.minerals`: budgets on primary mineral demand.

Every rule has a test of its own rows in ``tests/test_constraint_rows.py``.
"""

from __future__ import annotations

from collections.abc import Callable

import pypsa

from energymodel.model.constraints.battery import battery_inverter
from energymodel.model.constraints.certification import (
    emissions_cap,
    eu_rfnbo,
    india_ghs,
    uk_lchs,
)
from energymodel.model.constraints.context import Context
from energymodel.model.constraints.electrolysis import (
    electrolyser_min_load,
    electrolyser_part_load,
)
from energymodel.model.constraints.grid_account import grid_account
from energymodel.model.constraints.minerals import mineral_caps
from energymodel.model.constraints.wind import site_wind_limit

__all__ = ["CONSTRAINTS", "Context", "apply", "hook"]

#: Every custom constraint, in the order it is applied.
CONSTRAINTS: tuple[Callable[[pypsa.Network, Context], None], ...] = (
    battery_inverter, site_wind_limit, electrolyser_min_load, electrolyser_part_load,
    grid_account, uk_lchs, india_ghs, eu_rfnbo, emissions_cap, mineral_caps,
)


def apply(n: pypsa.Network, snapshots: object = None, ctx: Context | None = None) -> None:
    """PyPSA ``extra_functionality`` hook: add every custom constraint that applies."""
    ctx = ctx or Context()
    if n.meta.get("certification") and not ctx.certification:
        msg = "certification rules need a constraints.Context with the grid carbon intensity"
        raise ValueError(msg)
    for define in CONSTRAINTS:
        define(n, ctx)


def hook(ctx: Context) -> Callable[[pypsa.Network, object], None]:
    """An ``extra_functionality`` callable bound to ``ctx``."""
    return lambda n, snapshots: apply(n, snapshots, ctx)
