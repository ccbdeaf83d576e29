"""Command line: ``energymodel run | validate | report | verify | sweep | compare | tradeoff |
prepare``.

Exit codes: 0 success, 1 unexpected failure (or, for ``sweep``, a scenario failed), 2 bad
input, 3 infeasible network.
Every handled error is one line on stderr; progress and timing go to the log (stderr).
Logging is set up here and nowhere else (:func:`setup_logging`): the package's modules only
log, and worker processes send their records back to this process.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
import warnings
from pathlib import Path

from energymodel import __version__
from energymodel.errors import EnergyModelError, InputError

logger = logging.getLogger("energymodel")


def _count(text: str) -> int:
    """A whole number of at least 1 (argparse turns the ValueError into its usage line)."""
    value = int(text)
    if value < 1:
        msg = f"must be at least 1, got {value}"
        raise argparse.ArgumentTypeError(msg)
    return value


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="energymodel",
        description="Plan offshore wind to green hydrogen hubs (PyPSA + HiGHS).",
    )
    p.add_argument("--version", action="version", version=f"energymodel {__version__}")
    p.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    p.add_argument("-q", "--quiet", action="store_true", help="warnings and errors only")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="solve a network file and write results/<name>/",
                         description="Solve capacity expansion and hourly dispatch for a "
                         "network file; write tables, network.nc, summary.json, report.html.")
    run.add_argument("network", type=Path, help="network YAML file, e.g. networks/uk_india.yaml")
    run.add_argument("--cost-year", type=int, choices=(2030, 2040, 2050),
                     help="technology-data cost year (overrides costs.year)")
    run.add_argument("--resolution", metavar="STEP",
                     help="aggregate hours with PyPSA temporal resampling, e.g. 3h (quick look)")
    run.add_argument("--segments", type=int, metavar="N",
                     help="cut each hub's year into N variable-length segments that keep "
                     "chronology (tsam; not with --resolution)")
    run.add_argument("--out", type=Path, metavar="DIR",
                     help="results folder (default results/<network name>)")
    run.add_argument("--no-report", action="store_true", help="skip report.html")
    run.add_argument("--solver-option", action="append", default=[], metavar="KEY=VALUE",
                     help="HiGHS option, repeatable, e.g. --solver-option solver=simplex "
                     "(overrides the network file's solver.options)")
    run.add_argument("--workers", type=_count, metavar="N",
                     help="processes solving independent hubs at once (default: cores)")
    run.add_argument("--warm-start", type=Path, action="append", default=[], metavar="DIR",
                     help="results folder of a similar run whose kept bases start each hub's "
                     "simplex (used where the LP's structure is the same; repeatable)")

    val = sub.add_parser("validate", help="check a network file and its inputs without solving",
                         description="Validate the network file against its schema and read "
                         "every input it names (columns, lengths, ranges, costs).")
    val.add_argument("network", type=Path, help="network YAML file")

    rep = sub.add_parser("report", help="(re)build report.html from a results folder",
                         description="Build the self-contained interactive report from the "
                         "result tables in RESULTS_DIR.")
    rep.add_argument("results_dir", type=Path, help="e.g. results/uk_india")

    ver = sub.add_parser("verify", help="cross-check the PyPSA optimum with an independent "
                         "Pyomo model", description="Solve the network with PyPSA and with "
                         "the same LP written directly in Pyomo (both HiGHS); compare the "
                         "objective and every capacity (relative 1e-6). Exit 0 agree, 1 differ, "
                         "2 a feature the Pyomo model does not cover.")
    ver.add_argument("network", type=Path, help="network YAML file")
    ver.add_argument("--resolution", metavar="STEP", help="aggregate hours, e.g. 24h")
    ver.add_argument("--cost-year", type=int, choices=(2030, 2040, 2050),
                     help="technology-data cost year (overrides costs.year)")
    ver.add_argument("--workers", type=_count, metavar="N",
                     help="processes of the PyPSA solve (default: cores)")
    swp = sub.add_parser("sweep", help="run every scenario of a scenario file on Dask",
                         description="Expand a scenario file (networks/scenarios/*.yaml) into "
                         "runs, validate them all, run them on a Dask LocalCluster (or an "
                         "existing cluster) into results/<sweep>/<scenario>/, skip scenarios "
                         "whose inputs are unchanged, and write results/<sweep>/compare.html. "
                         "Exit 0 when every scenario succeeded, 1 when some failed (see "
                         "sweep.json), 2 for a bad scenario file.")
    swp.add_argument("scenarios", type=Path, help="scenario YAML file")
    swp.add_argument("--scheduler", metavar="ADDRESS",
                     help="existing Dask scheduler, e.g. tcp://10.0.0.5:8786 (default: a "
                     "LocalCluster on this machine)")
    swp.add_argument("--workers", type=_count, metavar="N",
                     help="LocalCluster worker processes (default: cores)")
    swp.add_argument("--out", type=Path, default=Path("results"), metavar="DIR",
                     help="results root (default results/)")
    swp.add_argument("--force", action="store_true",
                     help="rerun every scenario, even those whose results are up to date")
    swp.add_argument("--list", action="store_true",
                     help="validate and list the scenarios without running them")
    swp.add_argument("--cold", action="store_true",
                     help="solve every scenario from scratch (default: start each from the "
                     "kept basis of its nearest solved scenario where the LP fits)")
    swp.add_argument("--resolution", metavar="STEP",
                     help="run every scenario at this step, e.g. 1h (replaces the file's "
                     "options.resolution)")

    cmp = sub.add_parser("compare", help="(re)build compare.html of a sweep",
                         description="Build the self-contained comparison report from "
                         "SWEEP_DIR/sweep.json and the scenarios' result folders.")
    cmp.add_argument("sweep_dir", type=Path, help="e.g. results/uk_india_scenarios")

    tro = sub.add_parser("tradeoff", help="cost against a network-wide cap on one mineral",
                         description="Solve the network without a cap on MINERAL, then under "
                         "ever tighter network-wide caps on its primary demand down to zero "
                         "(epsilon constraint); write tradeoff.csv and tradeoff.html into "
                         "results/<network>_tradeoff_<mineral>/ (docs/minerals.md).")
    tro.add_argument("network", type=Path, help="network YAML file with minerals.intensities")
    tro.add_argument("--mineral", required=True, help="mineral to cap, e.g. neodymium")
    tro.add_argument("--points", type=int, default=5,
                     help="points of the sweep, the uncapped one included (default 5)")
    tro.add_argument("--resolution", default="24h", metavar="STEP",
                     help="time step of every point (default 24h)")
    tro.add_argument("--generators", metavar="TYPES",
                     help="comma-separated generator types every site may use, e.g. "
                     "dd_pmsg,dd_eesg")
    tro.add_argument("--premium", action="append", metavar="TYPE=PCT",
                     help="investment premium of a generator type in percent, repeatable, "
                     "e.g. dd_eesg=10")
    tro.add_argument("--out", type=Path, metavar="DIR",
                     help="output folder (default results/<network>_tradeoff_<mineral>)")
    tro.add_argument("--workers", type=_count, metavar="N",
                     help="processes solving independent hubs at once (default: cores)")

    pre = sub.add_parser("prepare", help="derive the files of inputs/ from inputs/raw",
                         description="Derive model inputs from the verbatim raw files: "
                         "'inputs' (UK wind 2019 and weather years, GB and India grid), "
                         "'profiles' (India offshore wind), 'minerals' (mineral tables). "
                         "Methods: inputs/PROVENANCE.md.")
    pre.add_argument("what", choices=("inputs", "profiles", "minerals"))
    pre.add_argument("--raw", type=Path, default=Path("inputs/raw"), help="raw data folder")
    pre.add_argument("--out", type=Path, default=Path("inputs"), help="inputs folder")
    pre.add_argument("--shared", type=Path, metavar="DIR",
                     help="re-copy the raw files from this folder first (inputs, minerals)")
    return p


def _sweep(args: argparse.Namespace) -> int:
    from energymodel.studies import scenarios, sweep

    if args.list:
        _, runs = scenarios.expand(args.scenarios, args.resolution)
        parents = scenarios.nearest(runs)
        for sc in runs:
            what = ", ".join(f"{k}={v}" for k, v in sc.overrides.items()) or "base network"
            start = "cold" if args.cold or not parents[sc.name] else \
                f"from {parents[sc.name]}"
            print(f"{sc.name}\t{sc.kind}\t{start}\t{what}")
        return 0
    out = sweep.run(args.scenarios, scheduler=args.scheduler, workers=args.workers,
                    out_root=args.out, force=args.force, progress=sys.stderr.isatty(),
                    warm=not args.cold, resolution=args.resolution)
    skipped = sum(r.get("skipped", False) for r in out.records)
    print(f"{out.count('done')} of {len(out.records)} scenarios done ({skipped} unchanged, "
          f"skipped), {len(out.failed)} failed; results in {out.folder}")
    for rec in out.failed:
        print(f"failed: {rec['name']}: {rec['error']}", file=sys.stderr)
    return 1 if out.failed else 0


#: Third-party loggers kept at WARNING unless --verbose.
NOISY = ("linopy", "pypsa", "numexpr", "matplotlib", "distributed")


def setup_logging(verbose: bool, quiet: bool) -> None:
    """The only logging set-up of the project: one stderr handler, levels, warnings.

    ``quiet``: warnings and errors only. ``verbose``: everything, including the solver's
    chatter (HiGHS's banner, linopy's reports), which the model logs at debug level. Worker
    processes and Dask workers forward their records to this handler.
    """
    level = logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO
    # as basicConfig does, a program that set up logging itself (a test, a notebook) keeps it
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        datefmt="%H:%M:%S", stream=sys.stderr)
    for noisy in NOISY:
        logging.getLogger(noisy).setLevel(logging.DEBUG if verbose else logging.WARNING)
    if not verbose:
        logging.getLogger("distributed").setLevel(logging.ERROR)  # Dask's worker chatter
        warnings.filterwarnings("ignore", category=FutureWarning)
        warnings.filterwarnings("ignore", category=DeprecationWarning)


def _option(text: str) -> tuple[str, object]:
    """Parse KEY=VALUE; numbers become numbers, true/false flags, everything else a string."""
    key, sep, value = text.partition("=")
    if not sep or not key:
        option = "--solver-option"
        raise InputError(option, text, "expected KEY=VALUE, e.g. solver=simplex")
    if value.lower() in {"true", "false"}:
        return key, value.lower() == "true"
    for cast in (int, float):
        try:
            return key, cast(value)
        except ValueError:
            pass
    return key, value


def _validate(path: Path) -> None:
    from energymodel import config
    from energymodel.model import inputs, solve

    nf = config.load(path)
    solve.check_options(nf.network.solver.options, nf.path, "solver.options")
    inp = inputs.load(nf)
    net = nf.network
    print(f"{path}: valid: {len(net.hubs)} hubs, {len(net.sites)} sites, "
          f"{len(inp.snapshots)} snapshots, cost year {net.costs.year}")


def _pairs(values: list[str], option: str) -> dict[str, float]:
    """``TYPE=PERCENT`` items as a dict; one-line InputError otherwise."""
    out = {}
    for item in values:
        key, sep, value = item.partition("=")
        try:
            out[key] = float(value)
        except ValueError:
            raise InputError(option, item, "expected TYPE=PERCENT") from None
        if not sep or not key:
            raise InputError(option, item, "expected TYPE=PERCENT")
    return out


def _tradeoff(args: argparse.Namespace) -> None:
    from energymodel.studies import tradeoff

    folder = tradeoff.run(args.network, args.mineral, args.points, resolution=args.resolution,
                          generators=args.generators.split(",") if args.generators else None,
                          premiums=_pairs(args.premium, "--premium") if args.premium else None,
                          out=args.out, workers=args.workers)
    print(f"trade-off written to {folder}")


def _prepare(args: argparse.Namespace) -> None:
    from energymodel.data import minerals, prepare, profiles

    if args.what == "inputs":
        written = prepare.write_all(args.raw, args.out, args.shared)
    elif args.what == "profiles":
        written = [profiles.write(args.raw, args.out / "wind")]
    else:
        if args.shared is not None:
            minerals.copy_shared(args.shared, args.raw)
        written = list(minerals.derive(args.raw, args.out))
    for path in written:
        print(f"wrote {path}")


def _results_folder(path: Path) -> None:
    """A ``--warm-start`` folder must exist; one without kept bases (results written before
    bases were kept) only gets a warning, as its hubs are then solved cold."""
    from energymodel.results import folder as results_folder

    option = "--warm-start"
    if not path.is_dir():
        raise InputError(option, str(path), "no such results folder")
    if not (path / results_folder.BASIS_DIR).is_dir():
        logging.getLogger(__name__).warning(
            "%s %s: no kept bases (%s/ is missing); solving cold", option, path,
            results_folder.BASIS_DIR)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``energymodel`` console script."""
    args = _parser().parse_args(argv)
    setup_logging(args.verbose, args.quiet)
    start = time.perf_counter()
    try:
        if args.command == "run":
            from energymodel import pipeline

            for kept in args.warm_start:
                _results_folder(kept)
            folder = pipeline.run(args.network, cost_year=args.cost_year,
                                  resolution=args.resolution, out=args.out,
                                  write_report=not args.no_report,
                                  solver_options=dict(map(_option, args.solver_option)),
                                  workers=args.workers, segments=args.segments,
                                  warm_from=args.warm_start)
            print(f"results written to {folder}")
        elif args.command == "validate":
            _validate(args.network)
        elif args.command == "report":
            from energymodel import report

            print(f"report written to {report.write(args.results_dir)}")
        elif args.command == "sweep":
            return _sweep(args)
        elif args.command == "compare":
            from energymodel.report import compare

            print(f"comparison written to {compare.write(args.sweep_dir)}")
        elif args.command == "tradeoff":
            _tradeoff(args)
        elif args.command == "prepare":
            _prepare(args)
        elif args.command == "verify":
            from energymodel import verify

            cmp = verify.run(args.network, resolution=args.resolution,
                             cost_year=args.cost_year, workers=args.workers)
            print(verify.table(cmp))
            if not cmp.passed:
                return 1
    except EnergyModelError as err:
        print(f"error: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("error: interrupted; earlier results left untouched", file=sys.stderr)
        return 130
    except Exception as err:  # an unexpected failure is a bug: one line, traceback on -v
        if args.verbose:
            raise
        print(f"internal error: {type(err).__name__}: {err} (rerun with -v for the traceback)",
              file=sys.stderr)
        return 1
    logger.info("Done in %.1f s", time.perf_counter() - start)
    return 0


if __name__ == "__main__":
    sys.exit(main())
