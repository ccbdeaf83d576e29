"""The results folder: every file a run writes, written here and read back here.

``results/<name>/`` holds ``network.nc``, the CSV tables of
:class:`~energymodel.results.tables.Results`, ``summary.json``, the data sources and published
prices of :mod:`energymodel.results.sources` (``sources.csv``, ``references.csv``), the pages
(``report.html``) and ``manifest.json``. Every table of money states :data:`CURRENCY`. A run
writes into a hidden temporary folder next to the target and renames it into place only when
complete (:func:`write`), so a failed or interrupted run never leaves half-written results.
The pages read the tables back through :func:`read` and :func:`read_minerals`, which check
every column they need: a page is built from these files only, never from a network.

This module imports neither PyPSA nor the model, so the pages can use it. It is long because
it is the whole format of a results folder, written and read back in one place.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import math
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from energymodel.carriers import COMPONENTS
from energymodel.data import minerals as mineral_format
from energymodel.data.currency import MODEL_YEAR
from energymodel.errors import InputError

if TYPE_CHECKING:
    from energymodel.config import NetworkFile
    from energymodel.results.minerals import MineralAccounts
    from energymodel.results.tables import Results

logger = logging.getLogger(__name__)

#: Default parent of every results folder (``results/<name>``).
RESULTS_ROOT = Path("results")
NETWORK_FILE = "network.nc"
SUMMARY_FILE = "summary.json"
MANIFEST = "manifest.json"
#: Subfolder of the HiGHS bases of the run's hub groups (:mod:`energymodel.model.basis`): a
#: solver's starting point for a similar run (in the manifest like every other file).
BASIS_DIR = "basis"
#: The row of hubs.csv (and scope of mineral_totals.csv) that sums over every hub.
TOTAL = "total"
#: Packages whose versions every run records.
PACKAGES = ("energymodel", "pypsa", "linopy", "highspy", "pandas", "numpy", "plotly")
#: The CSV tables of a run: Results attribute -> file.
TABLES = {"hubs": "hubs.csv", "lcoh_breakdown": "lcoh_breakdown.csv",
          "capacities": "capacities.csv", "dispatch": "dispatch.csv"}
ASSUMPTIONS_FILE = "assumptions.csv"
CERTIFICATION_FILE = "certification.csv"  # optional: only runs where a hub has a standard
#: The mineral tables (optional: only runs with mineral accounting): key -> file.
MINERAL_FILES = {"minerals": "minerals.csv", "mineral_totals": "mineral_totals.csv",
                 "mineral_caps": "mineral_caps.csv"}
#: The table of a mineral trade-off study (its own folder, see energymodel.studies.tradeoff).
TRADEOFF_FILE = "tradeoff.csv"
#: The currency of every money figure of a run: summary.json ``currency``, and the ``currency``
#: column of every table in MONEY_FILES (docs/results.md says why a column, not a renaming).
CURRENCY = f"EUR{MODEL_YEAR}"
CURRENCY_COLUMN = "currency"
#: The label of money in results written before they stated a currency year.
UNSTATED_CURRENCY = "EUR"
#: Optional tables of electrolysis placement and export routes (issue 15): written only by runs
#: whose network allows offshore electrolysis at some site, or has an ``exports`` section; the
#: map table by every run whose hubs have coordinates. Columns: :data:`TRADE_SCHEMA`.
PLACEMENT_FILE = "placement.csv"
DELIVERED_FILE = "delivered_cost.csv"
MAP_FILE = "map.csv"
MONEY_FILES = ("hubs.csv", "lcoh_breakdown.csv", CERTIFICATION_FILE, "mineral_caps.csv",
               PLACEMENT_FILE, DELIVERED_FILE)
#: The stages of a delivered cost, in order (delivered_cost.csv ``stage``).
STAGES = ("production", "conversion", "storage", "shipping", "reconversion")
#: Layers of map.csv: points (hub, site, port) and lines (cable, pipeline, shipping), a line
#: as its points in ``part`` order.
MAP_LAYERS = ("hub", "site", "port", "cable", "pipeline", "shipping")
#: file -> (text columns, numeric columns) of the optional trade tables.
TRADE_SCHEMA: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # one row per site and paired run: where its electricity became hydrogen, and what forcing
    # the other placement would cost (forced_* empty when no paired run was made; a site
    # that mixed has two rows, forced onshore and forced offshore)
    PLACEMENT_FILE: (("site", "name", "hub", "allowed", "chosen", "forced_placement"),
                     ("wind_mw", "export_cable_mw", "offshore_electrolysis_mw", "pipeline_mw",
                      "offshore_share_pct", "hub_lcoh_eur_per_kg", "forced_extra_cost_eur",
                      "forced_hub_lcoh_eur_per_kg")),
    # one row per export route and stage (STAGES); eur_per_kg is per kg delivered
    DELIVERED_FILE: (("route", "name", "origin", "destination", "chain", "via", "stage"),
                     ("distance_km", "delivered_t_per_yr", "annual_cost_eur", "eur_per_kg",
                      "origin_lcoh_eur_per_kg", "destination_lcoh_eur_per_kg")),
    # hubs, sites and ports as points; cables, pipelines and shipping lanes as lines
    MAP_FILE: (("layer", "key", "name", "unit"), ("part", "lon", "lat", "capacity")),
}
#: The rows of inputs/sources.csv for the input files a run read (optional: older results).
SOURCES_FILE = "sources.csv"
SOURCE_COLUMNS = ("file", "description", "source", "licence", "currency_year", "heating_value")
#: Published hydrogen prices for the countries of the run's hubs (optional: none published),
#: the columns of inputs/validation/published_hydrogen_prices.csv plus the network's
#: ``country_code`` of the hubs they stand beside.
REFERENCES_FILE = "references.csv"
REFERENCE_TEXT = ("id", "country", "country_code", "reference", "scope", "basis_note", "source")
REFERENCE_NUMBERS = ("low_eur2025_per_kg_lhv", "high_eur2025_per_kg_lhv")

LCOH_DEFINITION = (
    f"Levelised cost of hydrogen ({CURRENCY}/kg): annualised capital cost plus fixed and variable "
    "operating cost of everything that serves the hub (wind sites, export connections, "
    "electrolysers with their stack replacements and start-ups, hydrogen storage with its "
    "compression, water, battery, grid imports including any carbon price and the network "
    "charges and levies on them), net of any revenue from electricity sold to the grid, "
    "divided by the hydrogen delivered in the year at 33.33 kWh/kg (LHV). The gross LCOH "
    "leaves the sales out. A hub with export routes is costed net of the electricity its "
    "routes draw (at the hourly marginal price) over the hydrogen it delivers and exports."
)

#: summary.json keys that the pages need.
SUMMARY_KEYS = (
    "network",
    "title",
    "cost_year",
    "discount_rate",
    "resolution",
    "lcoh_definition",
    "total_annual_system_cost_eur",
)
#: Numeric columns of hubs.csv.
HUB_METRICS = (
    "lcoh_eur_per_kg",
    "annual_cost_eur",
    "hydrogen_delivered_t_per_yr",
    "electrolyser_capacity_factor",
    "wind_curtailment_pct",
    "grid_import_mwh",
    "co2_t",
    "co2_kg_per_kg_h2",
)
#: Columns of dispatch.csv the pages draw.
DISPATCH_SERIES = (
    "wind_available_mw",
    "wind_used_mw",
    "curtailment_mw",
    "grid_import_mw",
    "electrolysis_mw",
    "h2_storage_level_mwh",
)
#: Written since hydrogen certification; older results lack them, read as zeros.
OPTIONAL_DISPATCH_SERIES = (
    "grid_export_mw",
    "compression_mw",
    "desalination_mw",
    "ppa_mw",
    "bank_deposit_mw",
    "bank_withdrawal_mw",
    "bank_level_mwh",
    "battery_charge_mw",
    "battery_discharge_mw",
)
#: file -> (text columns, numeric columns) that the pages need; other columns are ignored.
CSV_SCHEMA: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "hubs.csv": (("hub", "name", "country"), HUB_METRICS),
    "lcoh_breakdown.csv": (("hub", "component"), ("annual_cost_eur", "lcoh_eur_per_kg")),
    "capacities.csv": (("hub", "category", "technology", "unit"), ("capacity",)),
    "dispatch.csv": (("snapshot", "hub"), DISPATCH_SERIES),
    ASSUMPTIONS_FILE: (("group", "parameter", "value", "unit", "source"), ()),
}
#: Written since electricity sales; older results lack them, read as zeros (gross = net).
OPTIONAL_HUB_METRICS = ("lcoh_gross_eur_per_kg", "sales_revenue_eur", "grid_export_mwh",
                        "hydrogen_exported_t_per_yr")
OPTIONAL_COLUMNS = {"dispatch.csv": OPTIONAL_DISPATCH_SERIES, "hubs.csv": OPTIONAL_HUB_METRICS}
CERTIFICATION_TEXT = ("hub", "standard", "assessment", "matching")
CERTIFICATION_NUMBERS = (
    "threshold_kg_per_kg",
    "achieved_kg_per_kg",
    "annual_kg_per_kg",
    "lcoh_eur_per_kg",
    "lcoh_without_rules_eur_per_kg",
    "cost_of_compliance_eur_per_kg",
)
CERTIFICATION_FLAGS = ("compliant", "binding")
FLAG_VALUES = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}
#: Groups of assumptions.csv that the report shows in their own sections: planning
#: assumptions (numbers no input source gives) and the charges on grid imports.
PLANNING = "planning assumption"
GRID_CHARGES = "grid charges"
#: Units of capacities.csv: power, energy and (water tanks) volume.
CAPACITY_UNITS = ("MW", "MWh", "m3")
_MINERAL_ATTRS = {"minerals": "table", "mineral_totals": "totals", "mineral_caps": "caps"}


def _clean(value: object) -> object:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def summary(res: Results, nf: NetworkFile, digest: str, resolution: str,
            n_snapshots: int) -> dict:
    """The summary.json document."""
    net = nf.network
    metrics = res.hubs.set_index("hub").drop(columns=["name", "country"])
    breakdown = res.lcoh_breakdown.pivot(index="hub", columns="component",
                                         values="lcoh_eur_per_kg")
    hubs = {}
    for key, hub in net.hubs.items():
        caps = res.capacities[res.capacities.hub == key].groupby("category").capacity.sum()
        hubs[key] = {
            "name": hub.name, "country": hub.country,
            **{k: _clean(float(v)) for k, v in metrics.loc[key].items()},
            "lcoh_breakdown_eur_per_kg": {c: float(breakdown.at[key, c])
                                          for c in COMPONENTS},
            "capacities": {c: float(v) for c, v in caps.items()},
            "solver": (res.solver_end or {}).get(key),  # the HiGHS solver that ended its LP
        }
    total_cost = float(res.hubs.set_index("hub").at[TOTAL, "annual_cost_eur"])
    return {
        "network": net.name,
        "title": net.title or net.name,
        "cost_year": net.costs.year,
        "discount_rate": net.costs.discount_rate,
        "discount_rate_by_country": dict(net.costs.discount_rate_by_country),
        "currency": CURRENCY,
        "resolution": resolution,
        "snapshots": n_snapshots,
        "lcoh_definition": LCOH_DEFINITION,
        "objective_eur": res.objective,
        "total_annual_system_cost_eur": total_cost,
        "costs_add_up": math.isclose(total_cost, res.objective, rel_tol=1e-6),
        "hubs": hubs,
        "certification": [] if res.certification is None else [
            {k: _clean(v.item() if hasattr(v, "item") else v) for k, v in row.items()}
            for row in res.certification.to_dict("records")],
        "total": {k: _clean(float(v)) for k, v in metrics.loc[TOTAL].items()},
        "minerals": None if res.minerals is None else minerals_summary(res.minerals, nf),
        "inputs_hash": digest,
        "versions": {p: version(p) for p in PACKAGES},
    }


def minerals_summary(acc: MineralAccounts, nf: NetworkFile) -> dict:
    """The ``minerals`` block of summary.json: totals by scope, caps, missing figures."""
    mcfg = nf.network.minerals
    totals: dict[str, dict] = {}
    for row in acc.totals.to_dict("records"):
        totals.setdefault(row["scope"], {})[row["mineral"]] = {
            k: _clean(row[k]) for k in ("demand_kg", "primary_kg", "share_of_world_supply_pct",
                                        "missing", "missing_for", "assumed",
                                        "assumed_for")}
    return {
        "intensities": str(mcfg.intensities),
        "recycled_share": dict(mcfg.recycled_share),
        "totals": totals,
        "caps": [{k: _clean(v.item() if hasattr(v, "item") else v) for k, v in r.items()}
                 for r in acc.caps.to_dict("records")],
        "missing_figures": sorted({f"{r.technology} {r.variant}: {r.mineral}"
                                   for r in acc.table.itertuples()
                                   if r.status == mineral_format.MISSING}),
        "assumed_figures": [a.model_dump() for a in mcfg.assumed],
    }


@contextlib.contextmanager
def replacing(target: str | Path) -> Iterator[Path]:
    """A hidden temporary folder next to ``target`` that replaces it when the block ends.

    Whatever the block writes into the yielded folder appears at ``target`` all at once; an
    exception (or Ctrl-C) inside the block removes the temporary folder and leaves any earlier
    ``target`` untouched.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    tmp.chmod(0o777 & ~_umask())  # mkdtemp makes it private (0700); results are for sharing
    try:
        yield tmp
        old = None
        if target.exists():
            old = target.with_name(f".{target.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            target.rename(old)
        tmp.rename(target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def write(target: Path, n: object, res: Results, nf: NetworkFile, digest: str,
          resolution: str, *, pages: Iterable[Callable[[Path], Path]] = (),
          meta: dict | None = None, sources: pd.DataFrame | None = None,
          references: pd.DataFrame | None = None, bases: Path | None = None) -> Path:
    """Write every result file into a temporary folder, then move it into place.

    ``n`` is the solved PyPSA network (written as ``network.nc``), ``digest`` the inputs' hash
    and ``resolution`` the label of the time resolution. ``sources`` and ``references``
    (:mod:`energymodel.results.sources`) become sources.csv and, when it has rows,
    references.csv. Each of ``pages`` is called with the temporary folder once the tables are
    in it (``report.html``), before the manifest. The files in ``bases`` (kept simplex bases)
    are copied into :data:`BASIS_DIR`.
    """
    with replacing(target) as tmp:
        if bases is not None and any(bases.iterdir()):
            shutil.copytree(bases, tmp / BASIS_DIR)
        n.export_to_netcdf(tmp / NETWORK_FILE)
        for attr, name in TABLES.items():
            extra = ({"float_format": "%.4f", "date_format": "%Y-%m-%dT%H:%M:%SZ"}
                     if attr == "dispatch" else {})
            _table(tmp, name, getattr(res, attr), **extra)
        res.assumptions.to_csv(tmp / ASSUMPTIONS_FILE, index=False)
        for name, df in ((PLACEMENT_FILE, res.placement), (DELIVERED_FILE, res.delivered_cost),
                         (MAP_FILE, res.map)):
            if df is not None and not df.empty:
                _table(tmp, name, df)
        if res.certification is not None:
            _table(tmp, CERTIFICATION_FILE, res.certification)
        if res.minerals is not None:
            for key, name in MINERAL_FILES.items():
                _table(tmp, name, getattr(res.minerals, _MINERAL_ATTRS[key]))
        if sources is not None:
            sources.to_csv(tmp / SOURCES_FILE, index=False, columns=list(SOURCE_COLUMNS))
        if references is not None and not references.empty:
            references.to_csv(tmp / REFERENCES_FILE, index=False)
        doc = summary(res, nf, digest, resolution, len(n.snapshots))
        (tmp / SUMMARY_FILE).write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
        for page in pages:
            page(tmp)
        write_manifest(tmp, doc, meta)
    return Path(target)


def money_unit(unit: object, currency: str = CURRENCY) -> str:
    """``unit`` with plain euros written in ``currency``: "EUR/MWh" -> "EUR2025/MWh" (a unit
    that already names a currency year is left as it is)."""
    return re.sub(r"\bEUR(?!\d)", currency, str(unit))


def _table(folder: Path, name: str, df: pd.DataFrame, **options: str) -> None:
    """Write one table; a table of money states the currency in its last column."""
    if name in MONEY_FILES:
        df = df.assign(**{CURRENCY_COLUMN: CURRENCY})
    df.to_csv(folder / name, index=False, **options)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_manifest(folder: Path, doc: dict, meta: dict | None = None) -> Path:
    """Write ``manifest.json``: input hash, package versions and SHA-256 of every file written.

    Written last, so it covers every other file of the results folder (``energymodel report``
    rebuilds report.html byte for byte from unchanged tables, so its hash stays valid).
    """
    files = {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted(folder.rglob("*")) if p.is_file() and p.name != MANIFEST}
    body = {"network": doc["network"], "inputs_hash": doc["inputs_hash"],
            "versions": doc["versions"], "files": files}
    if meta:
        body["run"] = meta
    path = folder / MANIFEST
    path.write_text(json.dumps(body, indent=2) + "\n", encoding="utf-8")
    return path


# ---------------------------------------------------------------- reading


def read(results_dir: str | Path) -> dict:
    """Read and check the result tables the pages need.

    Parameters
    ----------
    results_dir
        Folder written by :func:`write`.

    Returns
    -------
    dict
        ``summary`` (dict) and one DataFrame per CSV, keyed by file stem
        (``hubs``, ``lcoh_breakdown``, ``capacities``, ``dispatch``, ``assumptions``);
        ``certification`` is a DataFrame, or ``None`` when the run wrote no certification.csv;
        ``placement``, ``delivered_cost`` and ``map`` likewise (:data:`TRADE_SCHEMA`);
        ``sources`` and ``references`` likewise (``None`` without sources.csv or
        references.csv); ``minerals`` the mineral tables (:func:`read_minerals`).

    Raises
    ------
    InputError
        If a table or a required column is missing or unreadable.
    """
    results_dir = Path(results_dir)
    tables: dict = {"summary": read_summary(results_dir / SUMMARY_FILE)}
    for file, (text, numeric) in CSV_SCHEMA.items():
        optional = OPTIONAL_COLUMNS.get(file, ())
        tables[Path(file).stem] = read_csv(results_dir / file, text, numeric, optional)
    cert = results_dir / CERTIFICATION_FILE
    tables["certification"] = _read_certification(cert) if cert.is_file() else None
    for key, file, text, numeric in (("sources", SOURCES_FILE, SOURCE_COLUMNS, ()),
                                     ("references", REFERENCES_FILE, REFERENCE_TEXT,
                                      REFERENCE_NUMBERS)):
        path = results_dir / file
        tables[key] = read_csv(path, text, numeric) if path.is_file() else None
    for file, (text, numeric) in TRADE_SCHEMA.items():
        path = results_dir / file
        tables[Path(file).stem] = read_csv(path, text, numeric) if path.is_file() else None
    _check_tables(results_dir, tables)
    tables["minerals"] = read_minerals(results_dir)
    return tables


def read_tradeoff(folder: str | Path) -> pd.DataFrame:
    """The table of a mineral trade-off folder."""
    path = Path(folder) / TRADEOFF_FILE
    _require_file(path)
    return pd.read_csv(path)


def read_minerals(results_dir: str | Path) -> dict[str, pd.DataFrame]:
    """The mineral tables of a results folder; ``{}`` when the run had no accounting."""
    folder = Path(results_dir)
    if not (folder / MINERAL_FILES["minerals"]).is_file():
        return {}
    return {key: pd.read_csv(folder / name) for key, name in MINERAL_FILES.items()
            if (folder / name).is_file()}


def _require_file(path: Path) -> None:
    if not path.is_file():
        raise InputError(str(path), "(file)", "missing; run the model first to write it")


def read_json(path: Path, writer: str = "the model") -> dict:
    """A JSON object from a file that ``writer`` writes; one-line InputError otherwise."""
    if not path.is_file():
        raise InputError(str(path), "(file)", f"missing; run {writer} first to write it")
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise InputError(str(path), "(file)", f"not valid JSON: {err}") from err
    if not isinstance(doc, dict):
        raise InputError(str(path), "(file)", "expected a JSON object")
    return doc


def currency_of(summary: dict) -> str:
    """The currency a summary.json states: :data:`CURRENCY`, or :data:`UNSTATED_CURRENCY` in
    older results."""
    return str(summary.get("currency") or UNSTATED_CURRENCY)


def read_summary(path: Path) -> dict:
    """summary.json of a run, with the keys the pages need."""
    summary = read_json(path)
    for key in SUMMARY_KEYS:
        if key not in summary:
            raise InputError(str(path), key, "missing key")
    return summary


def read_csv(
    path: Path,
    text: tuple[str, ...],
    numeric: tuple[str, ...],
    optional: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Read a table; ``optional`` numeric columns that are absent are filled with zeros."""
    _require_file(path)
    try:
        # Read everything as text first so that hub ids such as "NA" are never taken as missing.
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.EmptyDataError, pd.errors.ParserError, UnicodeDecodeError) as err:
        raise InputError(str(path), "(file)", f"cannot read: {err}") from err
    for column in (*text, *numeric):
        if column not in df.columns:
            raise InputError(str(path), column, "missing column")
    for column in optional:
        if column not in df.columns:
            df[column] = "0"
    for column in (*numeric, *optional):
        try:
            df[column] = pd.to_numeric(df[column].str.strip().replace("", np.nan))
        except ValueError as err:
            raise InputError(str(path), column, f"not a number ({err})") from err
    return df


def _read_certification(path: Path) -> pd.DataFrame:
    df = read_csv(path, (*CERTIFICATION_TEXT, *CERTIFICATION_FLAGS), CERTIFICATION_NUMBERS)
    for column in CERTIFICATION_FLAGS:
        flags = df[column].str.strip().str.lower()
        bad = sorted(set(flags) - set(FLAG_VALUES))
        if bad:
            raise InputError(str(path), column, f"not true or false: {bad[0]!r}")
        df[column] = flags.map(FLAG_VALUES).astype(bool)
    return df


def _check_tables(results_dir: Path, tables: dict) -> None:
    hubs = tables["hubs"]
    known = set(hubs.loc[hubs["hub"] != TOTAL, "hub"])
    if not known:
        raise InputError(str(results_dir / "hubs.csv"), "hub", "no hub rows")
    stems = ["lcoh_breakdown", "capacities", "dispatch"]
    if tables["certification"] is not None:
        stems.append("certification")
    for stem in stems:
        unknown = sorted(set(tables[stem]["hub"]) - known)
        if unknown:
            msg = f"hub {unknown[0]!r} is not in hubs.csv"
            raise InputError(str(results_dir / f"{stem}.csv"), "hub", msg)
    stated = tables["summary"].get("currency")
    for stem in ("hubs", "lcoh_breakdown", "certification", "placement", "delivered_cost"):
        df = tables[stem]
        if df is not None and CURRENCY_COLUMN in df:
            other = sorted(set(df[CURRENCY_COLUMN]) - {stated})
            if other:
                msg = f"{other[0]!r} is not the currency of summary.json ({stated})"
                raise InputError(str(results_dir / f"{stem}.csv"), CURRENCY_COLUMN, msg)
    units = sorted(set(tables["capacities"]["unit"]) - set(CAPACITY_UNITS))
    if units:
        msg = f"unknown unit {units[0]!r} (expected one of {', '.join(CAPACITY_UNITS)})"
        raise InputError(str(results_dir / "capacities.csv"), "unit", msg)
    try:
        pd.to_datetime(tables["dispatch"]["snapshot"], utc=True)
    except (ValueError, TypeError) as err:
        msg = f"not an ISO timestamp ({err})"
        raise InputError(str(results_dir / "dispatch.csv"), "snapshot", msg) from err
