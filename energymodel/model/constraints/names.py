"""Names of the custom constraints in the linopy model: built here and read here only.

Every custom constraint is added under a name made by a function of this module, and every
reader (binding certification rules and mineral shadow prices in :mod:`energymodel.model.solve`,
the cap table in :mod:`energymodel.results`, the coverage check of :mod:`energymodel.verify`)
finds it through this module too, so the spelling of a name exists once.
"""

from __future__ import annotations

__all__ = [
    "BATTERY_INVERTER", "ELECTROLYSER_MIN_LOAD", "ELECTROLYSER_ONLINE", "ELECTROLYSER_ONLINE_LIMIT",
    "ELECTROLYSER_ONLINE_USE", "ELECTROLYSER_STARTS", "ELECTROLYSER_START_UP",
    "GRID_ACCOUNT_MONTH_END", "TOTAL", "certification", "electrolyser_part_load", "emissions_cap",
    "family", "grid_account_deposits", "is_mineral_cap", "mineral_cap", "parse_certification",
    "site_wind_limit",
]

#: Scope of a network-wide mineral cap (a per-country cap uses the country code).
TOTAL = "total"

BATTERY_INVERTER = "Link-battery_inverter"
#: Variables and rows of the electrolysers' minimum load (see constraints/electrolysis.py).
ELECTROLYSER_ONLINE = "Link-online"
ELECTROLYSER_STARTS = "Link-started"
ELECTROLYSER_ONLINE_LIMIT = "Link-online-limit"
ELECTROLYSER_MIN_LOAD = "Link-online-min_load"
ELECTROLYSER_ONLINE_USE = "Link-online-use"
ELECTROLYSER_START_UP = "Link-online-start_up"
_PART_LOAD = "Link-part_load-"
GRID_ACCOUNT_MONTH_END = "grid_account-month_end"
_CERTIFICATION = "certification-"
_EMISSIONS_CAP = "emissions_cap-"
_DEPOSITS = "grid_account-renewable_deposits-"
_SITE_WIND = "Generator-site_wind_limit-"
_MINERAL_CAP = "minerals-cap-"

#: Name prefix -> family (the module of :mod:`energymodel.model.constraints` that adds it).
_FAMILIES = {
    BATTERY_INVERTER: "battery_inverter",
    GRID_ACCOUNT_MONTH_END: "grid_account",
    _DEPOSITS: "grid_account",
    _CERTIFICATION: "certification",
    _EMISSIONS_CAP: "emissions_cap",
    _SITE_WIND: "site_wind_limit",
    _MINERAL_CAP: "mineral_cap",
    ELECTROLYSER_ONLINE_LIMIT: "electrolyser_min_load",
    ELECTROLYSER_MIN_LOAD: "electrolyser_min_load",
    ELECTROLYSER_ONLINE_USE: "electrolyser_min_load",
    ELECTROLYSER_START_UP: "electrolyser_min_load",
    _PART_LOAD: "electrolyser_part_load",
}


def certification(standard: str, hub: str) -> str:
    """A hub's limit under one hydrogen standard (standards hold no ``-``)."""
    return f"{_CERTIFICATION}{standard}-{hub}"


def parse_certification(name: str) -> tuple[str, str] | None:
    """``(standard, hub)`` of a certification limit's name, None for any other name."""
    if not name.startswith(_CERTIFICATION):
        return None
    standard, _, hub = name.removeprefix(_CERTIFICATION).partition("-")
    return standard, hub


def electrolyser_part_load(link: str) -> str:
    """The part-load rows of one electrolyser link."""
    return f"{_PART_LOAD}{link}"


def emissions_cap(hub: str) -> str:
    """A hub's planning cap on grid emissions."""
    return f"{_EMISSIONS_CAP}{hub}"


def grid_account_deposits(hub: str) -> str:
    """A hub's limit of deposits into its grid account to renewable output."""
    return f"{_DEPOSITS}{hub}"


def site_wind_limit(bus: str) -> str:
    """The shared capacity limit of the wind generator types at one offshore bus."""
    return f"{_SITE_WIND}{bus}"


def mineral_cap(mineral: str, scope: str) -> str:
    """A budget on primary demand for ``mineral`` in ``scope`` (a country code or
    :data:`TOTAL`)."""
    return f"{_MINERAL_CAP}{mineral}-{scope}"


def is_mineral_cap(name: str) -> bool:
    """Whether ``name`` is a mineral budget's name."""
    return name.startswith(_MINERAL_CAP)


def family(name: str) -> str | None:
    """The family of a custom constraint's name (e.g. ``certification``), None for a name no
    function of this module makes (PyPSA's own constraints)."""
    for prefix, fam in _FAMILIES.items():
        if name == prefix or (prefix.endswith("-") and name.startswith(prefix)):
            return fam
    return None
