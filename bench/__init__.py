"""The benchmark harness (``make bench``, ``make bench-sweep``): not part of the package.

Like linopy's own ``benchmark/``, it lives beside the package, not in it: a planner never
installs it. ``python -m bench.solve NETWORK`` (:mod:`bench.solve`) measures this project
against raw highspy, plain PyPSA and Pyomo on the same LP, in one run; ``python -m
bench.sweep`` (:mod:`bench.sweep`) measures a Dask sweep against the same scenarios one after
another; ``python -m bench.operation`` (:mod:`bench.operation`, ``make bench-operation``) the
electrolysers' minimum load and part load on against off.

Every side runs in a fresh interpreter, so none inherits another's memory or caches. Repeats
interleave the sides (A B C D E F, A B C D E F) so machine noise hits all alike; medians are
reported. ``W`` is the number of processes :func:`energymodel.model.solve.solve` uses
(``--workers``, default the machine's cores, at most one per hub group).

``project``
    ``energymodel run`` stage by stage: config + inputs load, :func:`energymodel.model.solve.solve`
    on ``W`` processes (per hub group: inputs, build, resample, ``n.optimize`` through the
    direct HiGHS interface, netCDF hand-back; then the merge) and the result tables and files.
``project serial``
    the same with ``workers=1``, everything in one process, so the solve stage can be split:
    group inputs, build (+ resample), linopy model creation, linopy solve (model to HiGHS,
    HiGHS run, solution back) and the rest (PyPSA assigning the solution, merge). The split
    wraps the project's functions with timers; it adds microseconds.
``highspy`` / ``highspy serial``
    the exact LPs the project hands to HiGHS, one per hub group: before the measured runs
    each group's network is built and ``n.optimize.create_model`` + ``constraints.apply``
    run as ``n.optimize`` does, then ``n.model.to_file(<group>.mps)``, which writes the very
    matrix of linopy's direct HiGHS interface with HiGHS's own writer. Measured: HiGHS reads
    each file and solves it with the project's options, on ``W`` processes (a spawn pool like
    the project's, started inside the measurement) and serially.
``plain``
    plain PyPSA as a reference: the whole network as one joint LP through
    ``n.optimize(solver_name="highs")`` with HiGHS defaults (dual simplex) but ``threads=1``,
    PyPSA defaults otherwise (LP file interface). The custom constraints and
    ``include_objective_constant=False`` keep the problem and the objective the project's.
    At hourly resolution this takes 10-20 minutes: ``--skip-plain``.
``pyomo``
    the same joint LP written in Pyomo by :mod:`energymodel.verify` from the validated inputs
    (never from the PyPSA network): load (config + inputs), build (``verify.aggregate`` +
    ``verify.build_model``) and solve (``SolverFactory("highs")``, Pyomo's HiGHS interface:
    the model handed to highspy, HiGHS run, solution back) with HiGHS defaults (dual simplex)
    but ``threads=1``, like ``plain``. Before the measured runs, ``verify.check_covered``
    checks (in a fresh interpreter, not timed) that the formulation covers the network; if
    not, the side is skipped and the reason printed. Objective convention: the Pyomo
    objective has no constant; the project solves with ``include_objective_constant=False``,
    whose dropped constant (capital cost x existing capacity of extendable assets) is zero
    anyway, as every asset of :func:`energymodel.model.network.build` is extendable from zero. The
    two objectives therefore compare as they are. Slow at hourly resolution: ``--skip-pyomo``.

Ratios (all within this run): overhead = project solve / highspy (``W`` processes), target
<= 1.1; serial overhead = project serial solve / highspy serial; plain speed-up = plain
(build + optimize) / project solve (which builds too), target >= 5; Pyomo speed-up = Pyomo
(build + solve) / project solve, target >= 5. All objectives must agree with the project's to
1e-6 (relative). :func:`targets` turns them into PASS / FAIL lines.

Segmentation: after the sides, :func:`segment_report` solves the network at the bench's
resolution and at each ``--segments N`` count (default 1500 and 2000 at hourly resolution,
none at a reduced one), in this process one after another, with per-hub LCOH and capacity
errors and the speed-up; target: some count >= 10x faster with LCOH error <= 2 % in every hub.
``--segments-only`` runs this report alone; ``--no-segments`` skips it.

Scaling (:func:`scaling_series`): ``solve.solve`` alone (fresh interpreter per point, ``W``
processes, one run each) on the same hubs at coarser steps (default 8, 4 and 2 times the
bench's step: 1,095, 2,190 and 4,380 snapshots at hourly; the bench's own step is the project
side's median), and on the first 1, 2, 3 and 5 hubs of the network file at 4 times the bench's
step. ``--no-scaling`` skips it.

Outputs in ``--out`` (default ``results/bench``): ``bench.csv`` (every stage of every
repeat), ``summary.csv`` (one line per side), ``targets.csv``, ``scaling.csv``,
``segments.csv`` + ``segments.json``, ``bench.json`` (all of it) and ``bench.html`` (Plotly
charts, plotly.js inlined: no network requests, see :mod:`energymodel.report.bench`).

Memory: peak resident set size (VmHWM, all threads) of the side's process during the stage,
reset before each stage through ``/proc/self/clear_refs`` (off Linux: the process peak so far).
Worker processes are counted apart: ``child MB`` is the largest peak of any worker of the stage
(``RUSAGE_CHILDREN``, read after the pool is shut down). With ``W`` workers running at once the
machine-wide peak is at most parent + ``W`` x child.
"""
