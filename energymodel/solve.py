"""Optimise a built network with HiGHS through PyPSA; explain infeasibility by hub."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import pypsa

from energymodel import constraints
from energymodel.errors import EnergyModelError, InfeasibleError

logger = logging.getLogger(__name__)

#: HiGHS defaults of this project; a network file's ``solver.options`` and the CLI override them.
DEFAULT_OPTIONS: dict[str, object] = {"threads": 1}

_INFEASIBLE = {"infeasible", "infeasible_or_unbounded"}


def optimize(n: pypsa.Network, options: dict | None = None) -> None:
    """Solve capacity expansion and dispatch in place.

    Raises
    ------
    InfeasibleError
        HiGHS proved the problem infeasible.
    EnergyModelError
        Any other non-optimal outcome.
    """
    opts = {**DEFAULT_OPTIONS, **(options or {})}
    start = time.perf_counter()
    status, condition = n.optimize(
        solver_name="highs",
        solver_options=opts,
        extra_functionality=constraints.apply,
        include_objective_constant=False,
        log_to_console=False,
    )
    logger.info(
        "Solver finished %s in %.1f s: %s (%s)", n.name, time.perf_counter() - start, status,
        condition,
    )
    if condition in _INFEASIBLE:
        msg = f"network {n.name!r} is infeasible"
        raise InfeasibleError(msg)
    if status != "ok":
        msg = f"solver did not reach an optimum: {status} ({condition})"
        raise EnergyModelError(msg)


def infeasible_hubs(hubs: list[str], build_one: Callable[[str], pypsa.Network],
                    options: dict | None = None) -> list[str]:
    """Solve each hub alone (hubs share no constraint) and return those that are infeasible."""
    bad = []
    for hub in hubs:
        try:
            optimize(build_one(hub), options)
        except InfeasibleError:
            bad.append(hub)
    return bad
