"""How much a plan's cost rises as it uses less of one mineral: an epsilon-constraint sweep.

``energymodel tradeoff NETWORK --mineral neodymium [--points 5]`` solves the network once
without a cap on the mineral (its primary demand D0), then under network-wide caps on it,
D0 x (1 - i / (points - 1)) for i = 1 .. points - 1, down to zero. It writes its own folder,
``results/<network>_tradeoff_<mineral>/`` (``--out`` to choose): ``tradeoff.csv``, one row per
point, and ``tradeoff.html``, the cost and the cap's shadow price against the cap. Infeasible
caps are kept as rows with ``feasible`` false. See docs/minerals.md.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from energymodel import config, results
from energymodel.errors import EnergyModelError, InfeasibleError, InputError
from energymodel.model import inputs, solve
from energymodel.model.constraints import names
from energymodel.report import minerals as minerals_page
from energymodel.results import folder

__all__ = ["run"]

logger = logging.getLogger(__name__)


def run(network: str | Path, mineral: str, points: int = 5, *,
        resolution: str | None = "24h", generators: list[str] | None = None,
        premiums: dict[str, float] | None = None, out: str | Path | None = None,
        workers: int | None = None) -> Path:
    """Run the sweep; write ``tradeoff.csv`` and ``tradeoff.html``; return the folder.

    Parameters
    ----------
    generators : list of str, optional
        Generator types every site may use in the sweep (replaces each site's list).
    premiums : dict, optional
        Investment premium per generator type, % (replaces ``costs.generator_premium_pct``).
    """
    nf = config.load(network)
    changes: dict[str, object] = {}
    if generators:
        changes["sites.*.generators"] = list(generators)
    if premiums is not None:
        changes["costs.generator_premium_pct"] = dict(premiums)
    base = config.with_changes(nf, changes)
    resolution = config.check_resolution(resolution)
    if points < 2:
        option = "--points"
        raise InputError(option, str(points), "need at least 2 points")
    if base.network.minerals.intensities is None:
        raise InputError(nf.path, "minerals.intensities", "the trade-off needs an intensity "
                                                          "table")
    inp = inputs.load(base)  # once: the caps change no input
    if mineral not in set(inp.minerals.mineral):
        option = "--mineral"
        raise InputError(option, mineral, "not in the intensity table ("
                         f"{', '.join(sorted(set(inp.minerals.mineral)))})")
    others = [c.model_dump(mode="json", exclude_none=True) for c in base.network.minerals.caps
              if not (c.mineral == mineral and c.country is None)]
    target = (Path(out) if out else
              folder.RESULTS_ROOT / f"{nf.network.name}_tradeoff_{mineral}")
    rows, d0 = [], None
    for i in range(points):
        cap_t = None if i == 0 else d0 * (1 - i / (points - 1)) / 1e3
        caps = others + ([] if cap_t is None else [{"mineral": mineral, "limit_t": cap_t}])
        case = config.with_changes(base, {"minerals.caps": caps})
        row = {"mineral": mineral, "point": i, "cap_t": cap_t}
        try:
            n = solve.solve(case, resolution, workers=workers, inp=inp)
        except InfeasibleError:
            logger.info("cap %.6g t on %s: infeasible", cap_t, mineral)
            rows.append({**row, "feasible": False})
            continue
        res = results.summarise(n, case, inp)
        acc = res.minerals
        mine = acc.totals[(acc.totals.scope == names.TOTAL) & (acc.totals.mineral == mineral)]
        primary = float(mine.primary_kg.sum()) if len(mine) else 0.0
        if d0 is None:
            d0 = primary
            if d0 <= 0:
                msg = f"the network uses no {mineral} without a cap: nothing to trade off"
                raise EnergyModelError(msg)
        caps_rows = acc.caps[(acc.caps.mineral == mineral) & (acc.caps.scope == names.TOTAL)]
        hubs = res.hubs.set_index("hub")
        row.update({
            "feasible": True,
            "cap_pct_of_uncapped": 100.0 if cap_t is None else 100 * cap_t * 1e3 / d0,
            "total_cost_eur": float(n.objective),
            "demand_kg": float(mine.demand_kg.sum()) if len(mine) else 0.0,
            "primary_kg": primary,
            "shadow_price_eur_per_kg": float(caps_rows.shadow_price_eur_per_kg.iloc[0])
            if len(caps_rows) else 0.0,
        })
        for hub in case.network.hubs:
            row[f"lcoh_eur_per_kg_{hub}"] = float(hubs.at[hub, "lcoh_eur_per_kg"])
        rows.append(row)
        logger.info("cap %s t on %s: cost %.6g EUR", cap_t, mineral, n.objective)
    with folder.replacing(target) as tmp:
        table = pd.DataFrame(rows).assign(**{folder.CURRENCY_COLUMN: folder.CURRENCY})
        table.to_csv(tmp / folder.TRADEOFF_FILE, index=False)
        minerals_page.write_tradeoff(tmp, title=nf.network.title or nf.network.name)
    logger.info("wrote %s", target)
    return target
