"""The carrier table: every carrier of the model, written once.

One row per PyPSA carrier: its display name, colour, the LCOH component its costs count
towards, the capacity category its size is reported under and the unit of that size. The
network builder (:mod:`energymodel.model.network`), the result tables
(:mod:`energymodel.results`), the pages (:mod:`energymodel.report`) and the Pyomo cross-check
(:mod:`energymodel.verify`) all read this table; none keeps a list of its own.

It lives at the package root, beside :mod:`energymodel.errors`, because every stage of the
pipeline shares it: the pages need the colours and labels but must not import the model.
Pure data: this module imports nothing but the standard library.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "CAPACITY_CATEGORIES", "CARRIERS", "COMPONENTS", "ELECTROLYSIS", "EXPORT", "H2_STORAGE",
    "REVENUES", "WIND", "Carrier", "capacity_category", "component", "nice_name", "stage",
]


@dataclass(frozen=True)
class Carrier:
    """One carrier of the model.

    Attributes
    ----------
    nice_name : str
        Display name (also PyPSA's ``Carrier.nice_name``).
    colour : str
        Colour of the carrier (PyPSA's ``Carrier.color``).
    component : str
        LCOH component its annual cost counts towards (a key of :data:`COMPONENTS`).
    capacity : str
        Capacity category its optimal size is reported under (a key of
        :data:`CAPACITY_CATEGORIES`), or ``""`` when it has no reported capacity.
    unit : str
        Unit of that capacity: ``MW``, ``MWh`` or ``m3`` (``""`` without a capacity).
    stage : str
        Stage of an export chain its cost counts towards (one of ``STAGES`` of
        :mod:`energymodel.results.folder`), or ``""`` for the hubs' own carriers.
    """

    nice_name: str
    colour: str
    component: str = "other"
    capacity: str = ""
    unit: str = ""
    stage: str = ""


#: LCOH components in report order, with their colours.
COMPONENTS: dict[str, str] = {
    "wind": "#2a9d8f",
    "export connection": "#264653",
    "electrolysis": "#e9c46a",
    "storage": "#f4a261",
    "compression": "#e76f51",
    "water": "#4895ef",
    "offshore platform": "#6d597a",
    "grid electricity": "#8d99ae",
    "grid charges": "#5c677d",
    "contracted renewables": "#90be6d",
    "electricity sales": "#adb5bd",
    "electricity to exports": "#b7b7a4",
    "other": "#c8c8c8",
}
#: LCOH components that are revenues (negative costs): the LCOH net of them is the headline,
#: the LCOH gross of them is reported beside it.
REVENUES = ("electricity sales",)

#: Capacity categories in report order, with their colours.
CAPACITY_CATEGORIES: dict[str, str] = {
    "wind": "#2a9d8f",
    "contracted renewables": "#90be6d",
    "export connection": "#264653",
    "hydrogen pipeline": "#6c757d",
    "electrolysis": "#e9c46a",
    "offshore platform": "#6d597a",
    "grid connection": "#8d99ae",
    "grid export": "#adb5bd",
    "hydrogen compression": "#e76f51",
    "desalination": "#4895ef",
    "battery power": "#8e7dbe",
    "hydrogen storage": "#f4a261",
    "battery energy": "#b8a9e0",
    "water storage": "#90e0ef",
    "export conversion": "#bc6c25",
    "export storage": "#dda15e",
    "shipping": "#457b9d",
    "export reconversion": "#606c38",
}

#: Every carrier of the model, by PyPSA carrier name.
CARRIERS: dict[str, Carrier] = {
    "AC": Carrier("Electricity", "#4c566a"),
    "H2": Carrier("Hydrogen", "#88c0d0"),
    "battery": Carrier("Battery", "#b48ead"),
    "offwind fixed": Carrier("Offshore wind (fixed)", "#2e86c1", "wind", "wind", "MW"),
    "offwind floating": Carrier("Offshore wind (floating)", "#1b4f72", "wind", "wind", "MW"),
    "export fixed": Carrier("Export connection (fixed)", "#7f8c8d", "export connection",
                            "export connection", "MW"),
    "export floating": Carrier("Export connection (floating)", "#566573", "export connection",
                               "export connection", "MW"),
    "electrolysis alkaline": Carrier("Alkaline electrolysis", "#16a085", "electrolysis",
                                     "electrolysis", "MW"),
    "electrolysis pem": Carrier("PEM electrolysis", "#1abc9c", "electrolysis", "electrolysis",
                                "MW"),
    "H2 salt_cavern": Carrier("H2 salt cavern", "#d35400", "storage", "hydrogen storage", "MWh"),
    "H2 tank": Carrier("H2 tank", "#e67e22", "storage", "hydrogen storage", "MWh"),
    "grid": Carrier("Grid import", "#c0392b", "grid electricity", "grid connection", "MW"),
    "battery storage": Carrier("Battery energy", "#8e44ad", "other", "battery energy", "MWh"),
    "battery charger": Carrier("Battery charger", "#9b59b6", "other", "battery power", "MW"),
    "battery discharger": Carrier("Battery discharger", "#a569bd"),
    "H2 offtake": Carrier("Hydrogen offtake", "#34495e"),
    "ppa": Carrier("Contracted renewables (PPA)", "#27ae60", "contracted renewables",
                   "contracted renewables", "MW"),
    "grid sale": Carrier("Grid sale", "#adb5bd", "electricity sales", "grid export", "MW"),
    "part-load loss": Carrier("Electrolyser part-load loss", "#f2cc8f"),
    "H2 compressor": Carrier("H2 cavern compressor", "#e76f51", "compression",
                             "hydrogen compression", "MW"),
    "H2 tank compression": Carrier("H2 tank compression (compressor in the tank cost)",
                                   "#f4a261", "compression"),
    "H2 withdrawal": Carrier("H2 withdrawal from storage", "#f6bd60", "storage"),
    "water": Carrier("Water", "#90e0ef"),
    "electrolysis water": Carrier("Water into electrolysis (per kg of hydrogen made)",
                                  "#a8dadc"),
    "desalination": Carrier("Seawater desalination", "#4895ef", "water", "desalination", "MW"),
    "water tank": Carrier("Clean water tank", "#90e0ef", "water", "water storage", "m3"),
    "grid account": Carrier("Grid account (banking / monthly matching)", "#95a5a6"),
    "banking deposit": Carrier("Deposit to grid account", "#bdc3c7"),
    "banking withdrawal": Carrier("Withdrawal from grid account", "#7f8c8d"),
    # electrolysis at sea (energymodel.model.trade): counted as the hub's electrolysis
    "offshore platform": Carrier("Offshore electrolysis platform", "#6d597a",
                                 "offshore platform", "offshore platform", "MW"),
    "offshore electrolysis alkaline": Carrier("Offshore alkaline electrolysis", "#0e6655",
                                              "electrolysis", "electrolysis", "MW"),
    "offshore electrolysis pem": Carrier("Offshore PEM electrolysis", "#117a65",
                                         "electrolysis", "electrolysis", "MW"),
    "H2 pipeline": Carrier("Hydrogen export pipeline (site to hub)", "#6c757d",
                           "export connection", "hydrogen pipeline", "MW"),
    # export chains: their own location, costed by stage, never in a hub's LCOH
    "NH3": Carrier("Ammonia", "#bc6c25"),
    "LH2": Carrier("Liquid hydrogen", "#a2d2ff"),
    "export intake": Carrier("Hydrogen into an export chain", "#88c0d0", stage="production"),
    "Haber-Bosch": Carrier("Haber-Bosch with air separation", "#bc6c25",
                           capacity="export conversion", unit="MW", stage="conversion"),
    "H2 liquefaction": Carrier("Hydrogen liquefaction", "#8ecae6",
                               capacity="export conversion", unit="MW", stage="conversion"),
    "NH3 tank": Carrier("Ammonia tank", "#dda15e", capacity="export storage", unit="MWh",
                        stage="storage"),
    "LH2 tank": Carrier("Liquid hydrogen tank", "#bde0fe", capacity="export storage",
                        unit="MWh", stage="storage"),
    "NH3 ship": Carrier("Ammonia carriers", "#457b9d", capacity="shipping", unit="MW",
                        stage="shipping"),
    "LH2 ship": Carrier("Liquid hydrogen carriers", "#1d3557", capacity="shipping", unit="MW",
                        stage="shipping"),
    "H2 export pipeline": Carrier("Hydrogen pipeline between hubs", "#6c757d",
                                  capacity="shipping", unit="MW", stage="shipping"),
    "ammonia cracker": Carrier("Ammonia cracker", "#606c38", capacity="export reconversion",
                               unit="MW", stage="reconversion"),
    "H2 evaporation": Carrier("Liquid hydrogen evaporation", "#283618",
                              capacity="export reconversion", unit="MW",
                              stage="reconversion"),
    "H2 delivered": Carrier("Hydrogen delivered abroad", "#34495e"),
}


def _with(capacity: str, prefix: str = "") -> tuple[str, ...]:
    return tuple(c for c, row in CARRIERS.items()
                 if row.capacity == capacity and c.startswith(prefix))


#: Carrier sets that the model, constraints and results select components by.
WIND = _with("wind", "offwind")
EXPORT = _with("export connection")
ELECTROLYSIS = _with("electrolysis")
H2_STORAGE = _with("hydrogen storage")


def stage(carrier: str) -> str:
    """Export-chain stage a carrier's cost counts towards (``""``: a hub's own carrier)."""
    return CARRIERS[carrier].stage


def nice_name(carrier: str) -> str:
    """Display name of a carrier."""
    return CARRIERS[carrier].nice_name


def component(carrier: str) -> str:
    """LCOH component a carrier's cost counts towards."""
    return CARRIERS[carrier].component


def capacity_category(carrier: str) -> tuple[str, str] | None:
    """(category, unit) of a carrier's reported capacity, or None when it has none."""
    row = CARRIERS[carrier]
    return (row.capacity, row.unit) if row.capacity else None
