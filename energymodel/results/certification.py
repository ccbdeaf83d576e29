"""Hydrogen certification results: achieved intensity per standard, compliance, its cost."""

from __future__ import annotations

import pandas as pd
import pypsa

from energymodel.model.constraints.certification import assessment_period, periods
from energymodel.model.inputs import H2_LHV_MWH_PER_T
from energymodel.results.tables import Results

__all__ = ["certification"]


def certification(res: Results, n: pypsa.Network, grid_ci: pd.DataFrame,
                  thresholds: dict[str, float], lcoh_without: dict[str, float] | None = None
                  ) -> pd.DataFrame:
    """Achieved intensity against each hub's standards, compliance and cost of compliance.

    ``thresholds``: kgCO2e/kgH2 per standard, from the standards table (the inputs).
    Intensity per assessment period = grid import x carbon intensity / hydrogen produced
    (kgCO2e/kgH2); the achieved value is the worst period with hydrogen production.
    ``lcoh_without`` holds the LCOH of a paired run without the rules, for hubs where a rule
    binds; where no rule binds the optimum is the same without it (cost of compliance 0).
    """
    cert = n.meta.get("certification", {})
    binding = n.meta.get("binding_rules", {})
    w = n.snapshot_weightings.generators
    lcoh = res.hubs.set_index("hub").lcoh_eur_per_kg
    rows = []
    for hub, settings in cert.items():
        d = res.dispatch[res.dispatch.hub == hub].set_index("snapshot")
        ci = grid_ci[hub] if hub in grid_ci else pd.Series(0.0, index=n.snapshots)
        emitted = d.grid_import_mw * ci.reindex(n.snapshots).to_numpy() * w.to_numpy()
        produced = d.h2_production_mw * w.to_numpy() / H2_LHV_MWH_PER_T
        for standard in settings["standards"]:
            period = assessment_period(standard, settings)
            label = periods(n.snapshots, period).to_numpy()
            by = pd.DataFrame({"e": emitted.to_numpy(), "h": produced.to_numpy(), "p": label})
            by = by.groupby("p").sum()
            by = by[by.h > 1e-9]
            worst = float((by.e / by.h).max()) if len(by) else 0.0
            without = (lcoh_without or {}).get(hub, lcoh[hub])
            rows.append({
                "hub": hub, "standard": standard, "assessment": period,
                "matching": settings["rfnbo_matching"] if standard == "eu_rfnbo" else "",
                "threshold_kg_per_kg": thresholds[standard],
                "achieved_kg_per_kg": worst,
                "annual_kg_per_kg": float(emitted.sum() / produced.sum()),
                "compliant": bool(worst <= thresholds[standard] * (1 + 1e-6) + 1e-9),
                "binding": standard in binding.get(hub, []),
                "lcoh_eur_per_kg": float(lcoh[hub]),
                "lcoh_without_rules_eur_per_kg": float(without),
                "cost_of_compliance_eur_per_kg": float(lcoh[hub] - without),
            })
    return pd.DataFrame(rows, columns=[
        "hub", "standard", "assessment", "matching", "threshold_kg_per_kg",
        "achieved_kg_per_kg", "annual_kg_per_kg", "compliant", "binding", "lcoh_eur_per_kg",
        "lcoh_without_rules_eur_per_kg", "cost_of_compliance_eur_per_kg"])
