"""Critical-mineral tables: ``inputs/minerals.csv`` and ``inputs/mineral_supply.csv``.

``energymodel prepare minerals`` (``make minerals``) derives ``inputs/minerals.csv`` (kg per
MW or MWh by model technology variant) and ``inputs/mineral_supply.csv`` (world supply and
recycled shares) from the verbatim copies in ``inputs/raw/minerals/``. Every row keeps its
source, value type and verification note. Where the sources hold no figure the row says so
(``status = no citable figure``, value empty); where a design contains none of a mineral the
row says ``zero by design``.

This module also owns the intensity table's format (:data:`STATUSES`, :data:`UNITS`), which
:func:`energymodel.model.inputs.read_minerals` checks. See docs/minerals.md.
"""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import pandas as pd

from energymodel.errors import InputError

logger = logging.getLogger(__name__)

#: Raw files (relative to the shared data folder), copied verbatim into ``inputs/raw``.
RAW_FILES = (
    "minerals/critical_mineral_intensities_compiled.csv",
    "minerals/critical_mineral_supply_recycling_compiled.csv",
    "minerals/matdp_material_intensities_wind_battery_grid_subset.csv",
    "minerals/matdp_sources_for_subset.csv",
)
_COMPILED = "minerals/critical_mineral_intensities_compiled.csv"
_SUPPLY = "minerals/critical_mineral_supply_recycling_compiled.csv"
_MATDP = "minerals/matdp_material_intensities_wind_battery_grid_subset.csv"

#: Columns of inputs/minerals.csv.
INTENSITY_COLUMNS = [
    "technology", "variant", "mineral", "kg_per_unit", "unit", "status", "value_type", "low",
    "high", "scope", "source", "accessed_via", "verification", "note",
]
#: Columns of inputs/mineral_supply.csv.
SUPPLY_COLUMNS = [
    "mineral", "world_supply_t_per_yr", "low_t_per_yr", "high_t_per_yr", "supply_scope",
    "year", "recycled_share_of_supply", "source", "note",
]

#: Intensity statuses: a figure, zero by design, or no citable figure (value left empty).
VALUE, ZERO, MISSING = "value", "zero by design", "no citable figure"
STATUSES = (VALUE, ZERO, MISSING)
#: Status of a missing figure the network file fills (``minerals.assumed``) once read; never
#: in the table itself.
ASSUMED = "assumed"
#: Units of intensities per technology (per MW of capacity, MWh of storage, MW x km of cable).
UNITS = {"wind": "kg/MW", "electrolysis": "kg/MW", "battery": "kg/MWh", "export": "kg/MW/km"}
_WIND_NI = ("offshore_wind", "nickel", "central")
_NI_NOTE = ("IEA generic offshore wind, whole plant (mostly steel of tower and foundation); "
            "applied to every generator type: not generator-specific")
_REE = ("neodymium", "praseodymium", "dysprosium", "terbium")
_MATDP_LFP = "Mat-dp database (CC BY 4.0), battery 'LFP' (LiFePO4), value type mean"

#: One row per (technology, variant, mineral): how its figure is derived.
#: ("compiled", technology, mineral, value_type) copies a row of the compiled table;
#: ("range", technology, mineral) takes the midpoint of its low and high rows;
#: ("matdp", name, material, factor) takes a Mat-dp mean times ``factor`` (per kWh -> per MWh);
#: ("zero", note) and ("missing", note) write rows without a source figure.
RECIPE: list[tuple[str, str, str, tuple]] = [
    *[("wind", "dd_pmsg", m, ("compiled", "offshore_wind_DD-PMSG", m, "central")) for m in _REE],
    ("wind", "dd_pmsg", "copper", ("range", "offshore_wind_DD-PMSG", "copper")),
    ("wind", "dd_pmsg", "nickel", ("compiled", *_WIND_NI)),
    ("wind", "gb_dfig", "neodymium", ("compiled", "wind_GB-DFIG", "neodymium", "central")),
    ("wind", "gb_dfig", "praseodymium", ("missing", "JRC (2024) as transcribed gives only Nd "
                                         "and Dy for geared DFIG; no praseodymium figure")),
    ("wind", "gb_dfig", "dysprosium", ("compiled", "wind_GB-DFIG", "dysprosium", "central")),
    ("wind", "gb_dfig", "terbium", ("missing", "JRC (2024) as transcribed gives only Nd and Dy "
                                    "for geared DFIG; no terbium figure")),
    ("wind", "gb_dfig", "copper", ("missing", "no generator-type copper figure for geared DFIG "
                                   "in the sources")),
    ("wind", "gb_dfig", "nickel", ("compiled", *_WIND_NI)),
    *[("wind", "dd_eesg", m, ("zero", "electrically excited generator: no permanent magnets, "
                              "no rare earths (JRC 2024: 'no REE')")) for m in _REE],
    ("wind", "dd_eesg", "copper", ("range", "wind_DD-EESG", "copper")),
    ("wind", "dd_eesg", "nickel", ("compiled", *_WIND_NI)),
    ("electrolysis", "pem", "iridium", ("compiled", "PEM_electrolysis", "iridium",
                                        "current_average")),
    ("electrolysis", "pem", "platinum", ("compiled", "PEM_electrolysis", "platinum",
                                         "model_parameter")),
    ("electrolysis", "pem", "nickel", ("missing", "no citable nickel figure for PEM "
                                       "electrolysers in the sources")),
    ("electrolysis", "alkaline", "nickel", ("missing", "no citable nickel figure for alkaline "
                                            "electrolysers was found (nickel electrodes are the "
                                            "main alkaline mineral use)")),
    ("electrolysis", "alkaline", "iridium", ("missing", "conventional alkaline designs use no "
                                             "iridium catalyst, but the sources hold no figure")),
    ("electrolysis", "alkaline", "platinum", ("missing", "conventional alkaline designs use no "
                                              "platinum catalyst, but the sources hold no "
                                              "figure")),
    ("battery", "lfp", "lithium", ("matdp", "LFP", "Li", 1000.0)),
    ("battery", "lfp", "copper", ("matdp", "LFP", "Cu", 1000.0)),
    ("battery", "lfp", "graphite", ("matdp", "LFP", "Graphite", 1000.0)),
    ("battery", "lfp", "nickel", ("zero", "LiFePO4 cathode contains no nickel; Mat-dp lists no "
                                  "nickel for LFP")),
    ("battery", "lfp", "cobalt", ("zero", "LiFePO4 cathode contains no cobalt; Mat-dp lists no "
                                  "cobalt for LFP")),
    ("export", "cable", "copper", ("missing", "Mat-dp 'HV underground' gives 11,650 kg Cu per "
                                   "km of line of unstated rating; the model sizes export "
                                   "cables in MW x km, so no per-MW-km figure can be derived")),
]

_SUPPLY_NOTE = "no world supply figure in the shared data"


def copy_shared(shared: Path, raw: Path) -> None:
    """Re-copy :data:`RAW_FILES` from the shared data folder, unchanged."""
    for name in RAW_FILES:
        target = raw / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shared / name, target)
    logger.info("copied %d files from %s", len(RAW_FILES), shared)


def _compiled_rows(df: pd.DataFrame, tech: str, mineral: str) -> pd.DataFrame:
    rows = df[(df.technology == tech) & (df.mineral == mineral)]
    if rows.empty:
        raise InputError(_COMPILED, f"{tech}/{mineral}", "row not found")
    return rows


def _row(tech: str, variant: str, mineral: str, **values: object) -> dict:
    row = dict.fromkeys(INTENSITY_COLUMNS, "")
    row.update(technology=tech, variant=variant, mineral=mineral, unit=UNITS[tech])
    row.update(values)
    return row


def intensities(raw: Path) -> pd.DataFrame:
    """The model's intensity table from the raw copies (see :data:`RECIPE`)."""
    compiled = pd.read_csv(raw / _COMPILED, keep_default_na=False)
    matdp = pd.read_csv(raw / _MATDP)
    rows = []
    for tech, variant, mineral, rule in RECIPE:
        kind = rule[0]
        if kind == "compiled":
            rows_ = _compiled_rows(compiled, rule[1], rule[2])
            src = rows_[rows_.value_type == rule[3]].iloc[0]
            rows.append(_row(tech, variant, mineral, kg_per_unit=float(src.value), status=VALUE,
                             value_type=src.value_type, scope=src.scope,
                             source=src.primary_source, accessed_via=src.accessed_via,
                             verification=src.verification,
                             note=_NI_NOTE if rule[1:] == _WIND_NI else src.note))
        elif kind == "range":
            rows_ = _compiled_rows(compiled, rule[1], rule[2]).set_index("value_type")
            low, high = float(rows_.at["low", "value"]), float(rows_.at["high", "value"])
            src = rows_.loc["low"]
            rows.append(_row(tech, variant, mineral, kg_per_unit=(low + high) / 2, status=VALUE,
                             value_type="midpoint of low-high range", low=low, high=high,
                             scope=src.scope, source=src.primary_source,
                             accessed_via=src.accessed_via, verification=src.verification,
                             note="model uses the midpoint; low and high kept"))
        elif kind == "matdp":
            sel = matdp[(matdp["Technology name"] == rule[1]) & (matdp.Material == rule[2])]
            sel = sel.set_index("Value type")["Value"].astype(float) * rule[3]
            rows.append(_row(tech, variant, mineral, kg_per_unit=sel["mean"], status=VALUE,
                             value_type="mean", low=sel["min"], high=sel["max"],
                             scope="cell/pack materials per kWh x 1,000 (per MWh of storage)",
                             source=_MATDP_LFP, accessed_via=f"inputs/raw/{_MATDP}",
                             verification="direct from data file",
                             note="chemistry LFP: the usual stationary-storage chemistry"))
        elif kind == "zero":
            rows.append(_row(tech, variant, mineral, kg_per_unit=0.0, status=ZERO,
                             value_type="zero by design", note=rule[1]))
        else:
            rows.append(_row(tech, variant, mineral, status=MISSING, note=rule[1]))
    return pd.DataFrame(rows, columns=INTENSITY_COLUMNS)


def supply(raw: Path, minerals: list[str]) -> pd.DataFrame:
    """World supply per mineral of the intensity table; empty where the data hold no figure.

    Iridium: primary production 7 t/yr (Wood Mackenzie) to 9 t/yr (Heraeus); the model uses
    Johnson Matthey's 8 t total 2021 supply. Platinum: 244 t total supply 2021 (Johnson
    Matthey), of which about 22 % recycled.
    """
    df = pd.read_csv(raw / _SUPPLY, keep_default_na=False)
    ir = df[df.metal == "iridium"].set_index("quantity")
    pt = df[df.metal == "platinum"].set_index("quantity")
    ir_total = ir.loc["total supply incl. some producer-stock sales"]
    pt_total = pt.loc["total supply (primary + secondary)"]
    known = {
        "iridium": {
            "world_supply_t_per_yr": float(ir_total.value),
            "low_t_per_yr": float(ir.loc["annual primary mine production"].value.min()),
            "high_t_per_yr": float(ir.loc["annual primary mine production"].value.max()),
            "supply_scope": "total supply incl. some producer-stock sales",
            "year": ir_total.year, "recycled_share_of_supply": "",
            "source": ir_total.source,
            "note": "primary production 7-9 t/yr (Wood Mackenzie; Heraeus); "
                    f"{ir_total.note}; recycled share: no figure",
        },
        "platinum": {
            "world_supply_t_per_yr": float(pt_total.value), "low_t_per_yr": "",
            "high_t_per_yr": "", "supply_scope": "total supply (primary + secondary)",
            "year": pt_total.year, "recycled_share_of_supply": _recycled_share(pt_total.note),
            "source": pt_total.source, "note": pt_total.note,
        },
    }
    rows = []
    for mineral in minerals:
        row = dict.fromkeys(SUPPLY_COLUMNS, "")
        row.update(mineral=mineral, note=_SUPPLY_NOTE)
        row.update(known.get(mineral, {}))
        rows.append(row)
    return pd.DataFrame(rows, columns=SUPPLY_COLUMNS)


def _recycled_share(note: str) -> float:
    """Sum of the 'recycled ... N%' shares in a supply note, as a fraction (Pt: 16+5+1 %)."""
    shares = re.findall(r"recycl[^,;=]*?(\d+(?:\.\d+)?)%", note)
    if not shares:
        raise InputError(_SUPPLY, "platinum/note", "no recycled shares found")
    return round(sum(float(s) for s in shares) / 100, 6)


def derive(raw: Path, out: Path) -> tuple[Path, Path]:
    """Write ``minerals.csv`` and ``mineral_supply.csv`` into ``out``."""
    table = intensities(raw)
    minerals = list(dict.fromkeys(table.mineral))
    paths = out / "minerals.csv", out / "mineral_supply.csv"
    table.to_csv(paths[0], index=False, lineterminator="\n")
    supply(raw, minerals).to_csv(paths[1], index=False, lineterminator="\n")
    logger.info("wrote %s (%d rows) and %s", paths[0], len(table), paths[1])
    return paths
