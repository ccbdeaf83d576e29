"""Explain an infeasible hub in the planner's terms, with numbers, from the inputs alone.

No solver is called: each check is an upper bound on what the hub can deliver, computed from
the validated inputs (hourly, whatever resolution was solved). The first bound the offtake
breaks is the explanation:

1. **Energy over the year.** Hydrogen needed, ``sum_t offtake_t``, against
   ``eta_max * (sum_s limit_s * sum_t cf_s,t + grid_limit * hours + ppa_limit * sum_t cf_ppa,t)``
   with ``eta_max`` the best electrolyser efficiency (with part load: the efficiency times
   the curve's first slope, the most hydrogen per MWh, at low load; no grid or PPA: those
   terms are 0; unlimited: no bound).
2. **Electrolysers.** ``sum_k electrolysis_max_mw * eta_k * hours``, one term per technology.
3. **Hours without storage** (``storage: []``, no battery, no banking): hours in which
   ``offtake_t > min(eta_max * supply_t, sum_k electrolysis_max_mw * eta_k)``, with ``supply_t``
   the most electricity the sites, grid and PPA can give in that hour.
4. **Storage.** With ``storage_max_mwh`` (and no battery or banking): the deepest run of
   hourly shortfalls ``sum (offtake_t - most hydrogen in hour t)`` over consecutive hours is a
   lower bound on the storage needed; above the limit on all stores it is the explanation,
   otherwise the limit "may be too small".

Anything else (certification rules, emissions caps, mineral caps, ...) gets the generic
sentence.
"""

from __future__ import annotations

import numpy as np

from energymodel.config import Hub, NetworkFile
from energymodel.model.inputs import Inputs

#: Relative tolerance: a bound must be broken by more than this to explain infeasibility.
TOL = 1e-6


def _mwh(x: float) -> str:
    return f"{x:,.0f} MWh"


def _mw(x: float) -> str:
    return f"{x:,.1f} MW" if x < 100 else f"{x:,.0f} MW"


def _deepest_shortfall(deficit: np.ndarray) -> float:
    """Largest sum of ``deficit`` over consecutive hours (Kadane), at least 0."""
    best = run = 0.0
    for d in deficit:
        run = max(0.0, run + d)
        best = max(best, run)
    return best


def explain_hub(nf: NetworkFile, inp: Inputs, key: str) -> str | None:
    """Why hub ``key`` cannot meet its offtake, in one sentence; None if no bound is broken."""
    hub: Hub = nf.network.hubs[key]
    hours = len(inp.snapshots)
    offtake = inp.offtake_mw[key].to_numpy()
    need = float(offtake.sum())
    sites = [k for k, s in nf.network.sites.items() if s.hub == key]
    limit = sum(nf.network.sites[k].capacity_limit_mw for k in sites)
    wind_t = sum(nf.network.sites[k].capacity_limit_mw * inp.wind_cf[k].to_numpy()
                 for k in sites)
    curves = inp.part_load if hub.electrolysis_operation.part_load else {}
    eff = {t: float(inp.costs.at[f"electrolysis {t}", "efficiency"])
           * (curves[t].slopes[0] if t in curves else 1.0) for t in hub.electrolysis}
    best = max(eff.values())

    grid_mw = 0.0
    if hub.grid.enabled:
        grid_mw = np.inf if hub.grid.import_limit_mw is None else hub.grid.import_limit_mw
    ppa_t = np.zeros(hours)
    if hub.ppa.enabled:
        cf = inp.ppa_cf[key].to_numpy()
        cap = hub.ppa.capacity_limit_mw
        ppa_t = np.where(cf > 0, np.inf, 0.0) if cap is None else cap * cf
    supply_t = wind_t + grid_mw + ppa_t  # most electricity in each hour, MW
    h2_t = best * supply_t
    if hub.electrolysis_max_mw is not None:
        h2_t = np.minimum(h2_t, sum(hub.electrolysis_max_mw * e for e in eff.values()))

    where = f"hub {key} ({hub.name}): needs {_mwh(need)} of hydrogen a year but"
    energy = best * float(supply_t.sum())
    if energy < need * (1 - TOL):
        grid = f"grid ({_mw(grid_mw if hub.grid.enabled else 0)})"
        ppa = f", PPA ({_mw(hub.ppa.capacity_limit_mw)} limit)" if hub.ppa.enabled else ""
        return (f"{where} its sites ({_mw(limit)} limit){ppa} and {grid} can supply at most "
                f"{_mwh(energy)} even with every electrolyser running (best efficiency "
                f"{best:.0%})")
    if hub.electrolysis_max_mw is not None:
        most = hub.electrolysis_max_mw * sum(eff.values()) * hours
        if most < need * (1 - TOL):
            return (f"{where} electrolysis_max_mw ({_mw(hub.electrolysis_max_mw)} for each of "
                    f"{len(eff)} technologies) limits production to {_mwh(most)} even running "
                    "every hour")
    flexible = hub.battery.enabled or hub.banking.enabled
    short = offtake - h2_t
    if not hub.storage and not flexible:
        bad = np.flatnonzero(short > TOL * np.maximum(offtake, 1.0))
        if bad.size:
            i = bad[0]
            return (f"hub {key} ({hub.name}): has no storage, yet in {bad.size:,} of {hours:,} "
                    f"hours its offtake exceeds the most hydrogen it can produce in that hour "
                    f"(first {inp.snapshots[i]:%Y-%m-%d %H:%M}: needs {_mw(offtake[i])}, at most "
                    f"{_mw(h2_t[i])})")
    if hub.storage and hub.storage_max_mwh is not None and not flexible:
        room = hub.storage_max_mwh * len(hub.storage)
        deepest = _deepest_shortfall(np.where(np.isfinite(short), short, -np.inf))
        if deepest > room * (1 + TOL):
            return (f"hub {key} ({hub.name}): needs at least {_mwh(deepest)} of hydrogen storage "
                    f"to bridge its longest shortfall, but storage_max_mwh allows "
                    f"{_mwh(room)} ({len(hub.storage)} stores x {_mwh(hub.storage_max_mwh)})")
        return (f"hub {key} ({hub.name}): its storage limit {_mwh(hub.storage_max_mwh)} may be "
                "too small (the yearly energy and electrolyser bounds are met)")
    return None


def explain(nf: NetworkFile, inp: Inputs, hubs: list[str]) -> str:
    """One line explaining the infeasible ``hubs`` (of one or more hub groups)."""
    parts = [explain_hub(nf, inp, h) for h in hubs]
    known = [p for p in parts if p]
    unexplained = [h for h, p in zip(hubs, parts, strict=True) if not p]
    if unexplained:
        names = ", ".join(f"{h} ({nf.network.hubs[h].name})" for h in unexplained)
        known.append(f"hub {names} cannot meet its offtake within its site, electrolyser, "
                     "storage and grid limits (no single limit explains it: check "
                     "certification rules, emissions caps and mineral caps)")
    return f"{nf.path.name}: infeasible: " + "; ".join(known)
