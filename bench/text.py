"""A benchmark document as plain text: the sides, the ratios, scaling, segments, targets."""

from __future__ import annotations

from bench.measure import OBJECTIVE_RTOL
from bench.scaling import scaling_table
from bench.segments import segment_table
from bench.sides import SERIAL_PARTS

__all__ = ["table", "targets_table"]



def table(doc: dict) -> str:
    """The benchmark as plain text: sides, ratios, scaling, segments and the targets."""
    w = doc["workers"]
    skipped = doc.get("skipped", {})
    lines = [f"{doc['network']}: resolution {doc['resolution']}, {doc['snapshots']} snapshots, "
             f"hubs {doc['hubs']} in {len(doc['hub_groups'])} groups, W = {w} process(es), "
             f"{doc['repeats']} repeat(s) (medians)",
             f"HiGHS options: project and highspy {doc['solver_options']}; plain "
             + (f"{doc['plain_solver_options']}" if doc["plain"] else skipped.get("plain", "-"))
             + "; Pyomo "
             + (f"{doc['pyomo_solver_options']}" if doc["pyomo"] else skipped.get("pyomo", "-"))
             + " (else HiGHS defaults)",
             f"{'side':15} {'stage':26} {'seconds':>9} {'peak MB':>9} {'child MB':>9}"]
    for key, s in doc["stages"].items():
        side, stage = key.split(": ")
        child = f"{s['child_peak_mb']:9.0f}" if s["child_peak_mb"] else f"{'-':>9}"
        lines.append(f"{side:15} {s['label']:26} {s['seconds']:9.2f} {s['peak_mb']:9.0f} {child}")
        if stage == "solve" and (side == "project serial" or (side == "project" and w == 1)):
            lines += [f"{'':15} {'  ' + label:26} {doc['serial_solve_parts'][k]:9.2f}"
                      for k, label in SERIAL_PARTS]
    lines.append(f"LPs (cols x rows, ipm iterations, run s serial / on {w} processes): "
                 + "; ".join(f"{'+'.join(lp['hubs'])} {lp['cols']}x{lp['rows']} "
                             f"{lp['ipm_iterations']} it {lp['run_s']:.2f}/{lp['pool_run_s']:.2f}"
                             for lp in doc["lps"]))
    for side, name in (("plain", "plain"), ("pyomo", "Pyomo")):
        if doc[side]:
            p = doc[f"{side}_lp"]
            lines.append(f"{name} joint LP: {p['cols']}x{p['rows']}, HiGHS run "
                         f"{p['highs_run_s']:.2f} s")
    obj = doc["objectives"]
    bad = [s for s, d in doc["objective_rel_diff"].items() if d > OBJECTIVE_RTOL]
    lines.append(f"objective: project {obj['project']:.10g}; relative difference " + ", ".join(
        f"{s} {d:.1e}" for s, d in doc["objective_rel_diff"].items() if s != "project")
        + ("  OK" if not bad else f"  FAIL (> {OBJECTIVE_RTOL:g}: {', '.join(bad)})"))
    lines += [
        f"overhead ratio project solve / highspy, {w} process(es): {doc['overhead_ratio']:.3f}",
        f"serial overhead ratio project solve / highspy, 1 process: "
        f"{doc['serial_overhead_ratio']:.3f}",
        f"end-to-end ratio project (load + solve + write) / highspy, {w} process(es): "
        f"{doc['end_to_end_ratio']:.3f}",
    ]
    for side, name, stages in (("plain", "plain PyPSA", "build + optimize"),
                               ("pyomo", "Pyomo", "model + solve")):
        if doc[side]:
            lines.append(f"{name} speed-up: {side} ({stages}) / project solve = "
                         f"{doc[f'{side}_speedup']:.2f}x ({w} process(es)), "
                         f"{doc[f'{side}_speedup_serial']:.2f}x (1 process)")
        else:
            lines.append(f"{name} reference: {skipped.get(side, 'skipped').upper()}")
    lines.append("memory: peak MB = the side's own process; child MB = largest worker process "
                 f"(RUSAGE_CHILDREN); all at once <= peak + {w} x child")
    if doc["repeats"] < 3:
        lines.append("note: fewer than 3 repeats; on a shared machine use --repeats 3 or more")
    if doc.get("scaling"):
        lines += ["", scaling_table(doc["scaling"])]
    if doc.get("segments"):
        lines += ["", segment_table(doc["segments"])]
    lines += ["", targets_table(doc["targets"])]
    if "wall_seconds" in doc:
        lines.append(f"bench wall time: {doc['wall_seconds'] / 60:.1f} min")
    return "\n".join(lines)


def targets_table(rows: list[dict]) -> str:
    """The targets of :func:`targets` as plain text, one PASS / FAIL / SKIPPED line each."""
    lines = ["targets (issue 5, ratios measured in this run):"]
    for r in rows:
        lines.append(f"  {r['label']:48} {r['goal']:42} {r['shown']:28} {r['status']}")
        if r["detail"] and r["status"] != "PASS":
            lines.append(f"  {'':48} {r['detail']}")
    return "\n".join(lines)


