r"""Every solution checked before it is used: rows and bounds of the LP, from the solution.

HiGHS saying "optimal" is not taken on its word. After each hub group's solve, every row of
the LP linopy built (bus balances, PyPSA's capacity and storage rows, every custom
constraint) and every variable bound is evaluated at the solution values linopy read back:

.. math:: r_i = (A x)_i - b_i, \qquad
   v_i = \begin{cases} \max(0, r_i) & \le \\ \max(0, -r_i) & \ge \\ |r_i| & = \end{cases}

and a row is violated when :math:`v_i > \text{ATOL} + \text{RTOL} \, s_i`, with the row's
scale :math:`s_i = |b_i| + \sum_j |A_{ij} x_j|` (so a balance of GW flows is judged relative to
them). Bounds alike: :math:`\ell_j - x_j` and :math:`x_j - u_j` against ATOL + RTOL
:math:`\max(|\ell_j|, |u_j|)` over finite bounds. The worst violation (the largest
:math:`v / (\text{ATOL} + \text{RTOL} \, s)`) is named with its constraint and coordinates in
the one-line error.

Tolerances: :data:`ATOL` (model units: MW, MWh, m3, EUR) and :data:`RTOL`. HiGHS's interior
point with crossover and its simplex meet its primal feasibility tolerance (1e-7, on its
scaled problem); these are looser than that and far tighter than any figure the results print.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from energymodel.errors import SolutionError

if TYPE_CHECKING:
    import linopy
    import pypsa

__all__ = ["ATOL", "RTOL", "Violation", "check", "worst"]

logger = logging.getLogger(__name__)

#: Absolute tolerance of a row or bound, in the row's own units.
ATOL = 1e-4
#: Relative tolerance, on the row's scale |b| + sum |a x|.
RTOL = 1e-6


@dataclass(frozen=True)
class Violation:
    """The worst row or bound of a solution: what, where, by how much, against what."""

    name: str
    where: str
    amount: float
    allowed: float

    @property
    def ratio(self) -> float:
        return self.amount / self.allowed


def worst(model: linopy.Model) -> Violation | None:
    """The worst violated row or bound of a solved linopy model, or None when all hold."""
    mat = model.matrices
    x = np.asarray(mat.sol, dtype=float)
    if np.isnan(x).any():
        j = int(np.flatnonzero(np.isnan(x))[0])
        name, coord = model.variables.get_label_position(int(mat.vlabels[j]))
        return Violation(f"variable {name}", _coords(coord), np.inf, 0.0)
    scaling = np.asarray(mat.var_scaling, dtype=float)
    xs = x * scaling  # A, lb and ub are in the solver's scaled units
    found: list[Violation] = []
    if mat.A is not None and mat.A.shape[0]:
        r = mat.A @ xs - mat.b
        sense = np.asarray(mat.sense)
        v = np.where(sense == "<", np.maximum(r, 0.0),
                     np.where(sense == ">", np.maximum(-r, 0.0), np.abs(r)))
        row = _beyond(v, np.abs(mat.b) + np.abs(mat.A) @ np.abs(xs))
        if row is not None:
            i, amount, allowed = row
            name, coord = model.constraints.get_label_position(int(mat.clabels[i]))
            found.append(Violation(f"constraint {name}", _coords(coord), amount, allowed))
    lb, ub = np.asarray(mat.lb, dtype=float), np.asarray(mat.ub, dtype=float)
    finite_lb, finite_ub = np.isfinite(lb), np.isfinite(ub)
    v = np.maximum(np.maximum(np.where(finite_lb, lb - xs, 0.0),
                              np.where(finite_ub, xs - ub, 0.0)), 0.0)
    col = _beyond(v, np.maximum(np.where(finite_lb, np.abs(lb), 0.0),
                                np.where(finite_ub, np.abs(ub), 0.0)))
    if col is not None:
        j, amount, allowed = col
        name, coord = model.variables.get_label_position(int(mat.vlabels[j]))
        found.append(Violation(f"bound of {name}", _coords(coord), amount, allowed))
    return max(found, key=lambda f: f.ratio) if found else None


def _beyond(v: np.ndarray, scale: np.ndarray) -> tuple[int, float, float] | None:
    """The entry whose violation ``v`` most exceeds ATOL + RTOL x ``scale``: (index, violation,
    allowed), or None when every entry is within it."""
    allowed = ATOL + RTOL * scale
    i = int(np.argmax(v / allowed))
    return (i, float(v[i]), float(allowed[i])) if v[i] > allowed[i] else None


def check(n: pypsa.Network, label: str) -> None:
    """Raise :class:`SolutionError` naming ``label`` (the hub group) and the worst violation
    when the solution of ``n.model`` breaks a row or a bound beyond the tolerances."""
    start = time.perf_counter()
    bad = worst(n.model)
    logger.info("Checked the solution of %s against every row and bound in %.2f s", label,
                time.perf_counter() - start)
    if bad is not None:
        msg = (f"{label}: the solver's solution breaks {bad.name} at {bad.where} by "
               f"{bad.amount:.3g} (allowed {bad.allowed:.3g}); nothing written")
        raise SolutionError(msg)


def _coords(coord: object) -> str:
    if isinstance(coord, dict):
        return ", ".join(f"{k}={v}" for k, v in coord.items()) or "(scalar)"
    return str(coord)
