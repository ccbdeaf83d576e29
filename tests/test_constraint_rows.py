r"""The rows of every custom constraint, checked against the maths of its docstring.

The optimum tests (tests/test_tiny.py, test_certification.py, test_minerals.py) solve whole
networks, so a wrong coefficient that happens to give the same optimum passes them. Here each
rule of :data:`energymodel.model.constraints.CONSTRAINTS` is called alone, with the Context of
:meth:`energymodel.model.constraints.Context.build`, on the linopy model of a tiny three-snapshot
network, created but not solved (``n.optimize.create_model(include_objective_constant=False)``, as
``n.optimize`` does), and the rows it adds are compared with an expected constraint written by hand
from the model's variables and the numbers derived in the test's docstring.

Two networks hold every feature, each lacking the other's (building a linopy model takes
seconds, so they are built once per module and every test removes what its rule added):
:func:`certified` (standards, grid accounts, emissions caps; several hubs, so rows of one hub
must not pick up another's variables) and :func:`assets` (batteries, generator types sharing
a site, mineral caps).

Comparison: :func:`linopy.testing.assert_conequal` (``strict=False``: left-hand side, sign,
right-hand side) after both sides are put in one canonical form (:func:`_canonical`:
duplicate variables summed, zero terms dropped, terms sorted by variable), so a row written in
another order or padded differently still matches, while a wrong coefficient, variable, sign,
right-hand side or row label does not (:func:`test_row_check_catches_wrong_rows` shows it).
Coefficients are compared exactly: the inputs are chosen so that every product is exact in
binary (weights 1, 2, 0.5; intensities 0.25 ... 1 tCO2/MWh; efficiencies 0.5, 0.25, 0.75),
and a threshold / 33.33 is one division on both sides.

Each rule must add nothing to a network that does not use its feature
(:func:`test_adds_nothing_without_its_feature`), and every rule must have a ``test_rows_<rule>``
here (:func:`test_every_rule_has_a_row_test`).

Shared inputs of the tiny networks: snapshots T0 = 2019-01-31 22:00, T1 = 23:00 (the last hour
of January) and T2 = 2019-02-01 00:00; grid price 100 EUR/MWh; grid carbon intensity
``ci`` = 250, 500, 750 gCO2/kWh = 0.25, 0.5, 0.75 tCO2/MWh and ``ci2`` = 1000, 125, 500
gCO2/kWh = 1.0, 0.125, 0.5 tCO2/MWh; alkaline electrolysis 2 MWh_el per MWh_H2 (efficiency
0.5); LHV 33.33 MWh/t. The certified network gets snapshot weights w = 1, 2, 0.5 h (as a
resampled or segmented network has), set before the model is created.
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Callable
from pathlib import Path

import linopy
import pandas as pd
import pypsa
import pytest
import xarray as xr
from linopy.testing import assert_conequal

from energymodel import config
from energymodel.model import inputs, network
from energymodel.model.constraints import CONSTRAINTS, Context, names
from energymodel.model.constraints.battery import battery_inverter
from energymodel.model.constraints.certification import (
    emissions_cap,
    eu_rfnbo,
    india_ghs,
    uk_lchs,
)
from energymodel.model.constraints.electrolysis import (
    electrolyser_min_load,
    electrolyser_part_load,
)
from energymodel.model.constraints.grid_account import grid_account
from energymodel.model.constraints.minerals import mineral_caps
from energymodel.model.constraints.wind import site_wind_limit
from tests.networks import set_electrolysers, set_part_load, tiny_spec, write_network

LHV = 33.33
START = "2019-01-31 22:00"
T0, T1, T2 = pd.date_range(START, periods=3, freq="h")
WEIGHTS = [1.0, 2.0, 0.5]
CI = {"ci": [250, 500, 750], "ci2": [1000, 125, 500]}  # gCO2/kWh, one row per snapshot

# ---------------------------------------------------------------------------------------------
# Network specs (test fixtures): small, with round numbers
# ---------------------------------------------------------------------------------------------


def _spec() -> dict:
    """A spec with no hub and no site yet: three snapshots from T0."""
    spec = tiny_spec([1, 0, 1])
    spec["snapshots"]["start"] = START
    spec["hubs"], spec["sites"], spec["_cf"] = {}, {}, {}
    return spec


def _hub(spec: dict, key: str, country: str = "UK", *, grid: bool = True, ci: str = "ci",
         ppa: bool = False, **fields: object) -> None:
    """Add a tiny hub (alkaline electrolysis, no storage, 1 t/h) with grid intensity ``ci``
    and, with ``ppa``, a PPA of capacity factor 0, 1, 1; ``fields`` override its settings."""
    hub = copy.deepcopy(tiny_spec([0], grid=grid)["hubs"]["h"])
    hub["electrolysis_operation"] = {"min_load": False, "part_load": False}
    hub.update(name=f"Hub {key}", country=country, storage=[], **fields)
    if grid:
        hub["grid"]["carbon_intensity"]["column"] = ci
    if ppa:
        hub["ppa"] = {"enabled": True, "profile": {"file": "cf.csv", "column": f"ppa_{key}"}}
        spec["_cf"][f"ppa_{key}"] = [0, 1, 1]
    spec["hubs"][key] = hub


def _site(spec: dict, key: str, hub: str, *, generators: tuple[str, ...] = ("dd_pmsg",),
          limit: float = 1000, km: float = 10) -> None:
    """Add a fixed-foundation wind site of capacity factor 1, 0, 1 feeding ``hub``."""
    spec["sites"][key] = {
        "name": f"Site {key}", "hub": hub, "profile": {"file": "cf.csv", "column": key},
        "capacity_limit_mw": limit, "distance_to_shore_km": km, "foundation": "fixed",
        "generators": list(generators)}
    spec["_cf"][key] = [1, 0, 1]


MINERALS = """technology,variant,mineral,kg_per_unit,unit,status
wind,dd_pmsg,neodymium,200,kg/MW,value
wind,dd_eesg,neodymium,0,kg/MW,zero by design
wind,gb_dfig,neodymium,,kg/MW,no citable figure
export,cable,copper,3,kg/MW/km,value
electrolysis,alkaline,copper,4,kg/MW,value
electrolysis,alkaline,nickel,,kg/MW,no citable figure
battery,lfp,copper,0.5,kg/MWh,value
"""


def certified() -> dict:
    """Seven hubs (each fed by one one-type site of its own key, hub i by sites i1 and i2),
    built without z; snapshot weights w = 1, 2, 0.5:

    ===  =======  ========================================  ========  =========================
    hub  country  certification                             grid ci   other
    ===  =======  ========================================  ========  =========================
    h    UK       UK LCHS, monthly                          ci        PEM too; cap 1.5 kg/kg
    g    UK       UK LCHS, hourly                           ci2
    i    IN       India GHS                                 ci        banking 10 %, PPA
    j    IN       India GHS                                 no grid
    e    DE       EU RFNBO, monthly matching (grid account) ci2       PPA
    f    DE       EU RFNBO, hourly matching (no account)    ci        PPA
    z    UK       (not in the network)                      ci        cap 3 kg/kg
    ===  =======  ========================================  ========  =========================

    PEM has efficiency 0.25 (an override: 4 MWh_el per MWh_H2). A mineral table and recycled shares
    without caps: mineral_caps has nothing to add. No battery, one generator type per site.
    """
    spec = _spec()
    spec["costs"]["overrides"] = {"electrolysis pem": {"efficiency": 0.25}}
    spec["minerals"] = {"intensities": "minerals.csv", "recycled_share": {"neodymium": 0.25}}
    _hub(spec, "h", electrolysis=["alkaline", "pem"], emissions_cap_kg_per_kg=1.5,
         certification={"standards": ["uk_lchs"], "lchs_period": "monthly"})
    _hub(spec, "g", ci="ci2", certification={"standards": ["uk_lchs"], "lchs_period": "hourly"})
    _hub(spec, "i", "IN", ppa=True, certification={"standards": ["india_ghs"]},
         banking={"enabled": True, "charge_pct": 10})
    _hub(spec, "j", "IN", grid=False, certification={"standards": ["india_ghs"]})
    _hub(spec, "e", "DE", ci="ci2", ppa=True,
         certification={"standards": ["eu_rfnbo"], "rfnbo_matching": "monthly"})
    _hub(spec, "f", "DE", ppa=True,
         certification={"standards": ["eu_rfnbo"], "rfnbo_matching": "hourly"})
    _hub(spec, "z", emissions_cap_kg_per_kg=3.0)
    for site, hub in (("h", "h"), ("g", "g"), ("i1", "i"), ("i2", "i"), ("j", "j"),
                      ("e", "e"), ("f", "f"), ("z", "z")):
        _site(spec, site, hub)
    return {"spec": spec, "hubs": ["h", "g", "i", "j", "e", "f"], "weights": WEIGHTS}


def assets() -> dict:
    """Hub h (UK) fed by sites a (dd_pmsg and dd_eesg, 750 MW, 10 km) and b (dd_pmsg only,
    1,000 MW, 10 km); hub g (IN) fed by site c (dd_pmsg and gb_dfig, 400 MW, 20 km). Both hubs
    have a battery; no certification, no grid account, no emissions cap.

    The inverter round trip is set to 0.5625, so each way sqrt(0.5625) = 0.75. After the build
    g's discharger gets efficiency 0.5 (its charger keeps 0.75), so a rule reading the
    charger's efficiency, or pairing links across hubs, gives other rows.
    Minerals: intensities :data:`MINERALS`; recycled neodymium 0.25, copper 0.5; caps
    neodymium 10 t network-wide, copper 5 t in UK and 2 t in IN, nickel 1 t network-wide; the
    two figures no source gives are assumed (a cap refuses a missing one): gb_dfig neodymium
    100 kg/MW, alkaline nickel 20 kg/MW. Hub g's alkaline electrolyser has a minimum load of
    0.2, a start-up cost of 100 EUR/MW and the part-load curve :data:`CURVE` (efficiency 0.5).
    """
    spec = _spec()
    spec["costs"]["overrides"] = {"battery inverter": {"efficiency": 0.5625}}
    spec["minerals"] = {
        "intensities": "minerals.csv", "recycled_share": {"neodymium": 0.25, "copper": 0.5},
        "caps": [{"mineral": "neodymium", "limit_t": 10},
                 {"mineral": "copper", "limit_t": 5, "country": "UK"},
                 {"mineral": "copper", "limit_t": 2, "country": "IN"},
                 {"mineral": "nickel", "limit_t": 1}],
        "assumed": [{"technology": "wind", "variant": "gb_dfig", "mineral": "neodymium",
                     "kg_per_unit": 100, "note": "test assumption"},
                    {"technology": "electrolysis", "variant": "alkaline", "mineral": "nickel",
                     "kg_per_unit": 20, "note": "test assumption"}]}
    _hub(spec, "h", battery={"enabled": True})
    _hub(spec, "g", "IN", battery={"enabled": True},
         electrolysis_operation={"min_load": True, "part_load": True})
    spec["planning_assumptions"] = {"start_up_cost_eur_per_mw": {"alkaline": 100}}
    _site(spec, "a", "h", generators=("dd_pmsg", "dd_eesg"), limit=750)
    _site(spec, "b", "h")
    _site(spec, "c", "g", generators=("dd_pmsg", "gb_dfig"), limit=400, km=20)

    def edit(n):
        n.links.loc["g battery discharger", "efficiency"] = 0.5
    return {"spec": spec, "edit": edit}


NETWORKS: dict[str, Callable[[], dict]] = {"certified": certified, "assets": assets}

#: The rules that add rows on each network; every other rule must add nothing there (each
#: network lacks the other's features, so a rule that adds rows everywhere fails).
APPLIES: dict[str, set[Callable]] = {
    "certified": {uk_lchs, india_ghs, eu_rfnbo, emissions_cap, grid_account},
    "assets": {battery_inverter, site_wind_limit, mineral_caps, electrolyser_min_load,
               electrolyser_part_load},
}
#: Part-load curve of the assets network (load, consumption relative to rated): output
#: f(0.5) = 0.5 / 0.85 = 0.588235, f(1) = 1; slopes 1.176471 and 0.823529, second intercept
#: 0.588235 - 0.5 x 0.823529 = 0.176471.
CURVE = ((0.0, 0.85), (0.5, 0.85), (1.0, 1.0))


def _build(folder: Path, spec: dict, hubs: list[str] | None = None,
           weights: list[float] | None = None, edit: Callable | None = None
           ) -> tuple[pypsa.Network, Context]:
    """Write, load and build a network, then create its linopy model (not solved)."""
    path = write_network(folder, spec)
    grid = ["time_utc,price,ci,ci2"]
    grid += [f"{i},100,{a},{b}" for i, (a, b) in enumerate(zip(*CI.values(), strict=True))]
    (folder / "grid.csv").write_text("\n".join(grid) + "\n")
    (folder / "minerals.csv").write_text(MINERALS)
    set_electrolysers(folder, ("alkaline",), min_load=0.2)  # used where min_load is on
    set_part_load(folder, CURVE)
    nf = config.load(path)
    inp = inputs.load(nf)
    n = network.build(nf, inp, hubs)
    if weights is not None:
        for column in n.snapshot_weightings.columns:
            n.snapshot_weightings[column] = weights
    if edit is not None:
        edit(n)
    n.optimize.create_model(include_objective_constant=False)
    return n, Context.build(nf, inp, n)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """``built(key)``: the network and Context of ``NETWORKS[key]``, built once per module."""
    cache: dict[str, tuple] = {}

    def get(key: str):
        if key not in cache:
            cache[key] = _build(tmp_path_factory.mktemp(key), **NETWORKS[key]())
        return cache[key]
    return get


# ---------------------------------------------------------------------------------------------
# Helpers: call one rule, build expected rows, compare
# ---------------------------------------------------------------------------------------------


def _added(n, ctx: Context, define: Callable) -> dict[str, linopy.constraints.Constraint]:
    """Call one rule; return the constraints it added, by name.

    They are removed from the model again, so each test sees the model as created. A rule
    must not add variables either.
    """
    m = n.model
    cons, variables = set(m.constraints), set(m.variables)
    define(n, ctx)
    assert set(m.variables) == variables
    new = [c for c in m.constraints if c not in cons]
    out = {c: m.constraints[c] for c in new}
    if new:
        m.remove_constraints(new)
    return out


def _v(n, var: str, component: str):
    """``var`` (e.g. ``Link-p``) of one component, as an expression without the name dim."""
    return n.model[var].sel(name=[component]).sum("name")


def _ts(values: list[float]) -> xr.DataArray:
    """Per-snapshot coefficients (T0, T1, T2)."""
    return xr.DataArray(values, dims="snapshot", coords={"snapshot": [T0, T1, T2]})


def _at(expr, *snapshots):
    """The sum of a per-snapshot expression over the given snapshots."""
    return expr.sel(snapshot=list(snapshots)).sum("snapshot")


def _stack(rows: dict, dim: str):
    """Expressions (one row each) stacked along a new dimension ``dim`` labelled by the keys."""
    return linopy.merge(list(rows.values()), dim=dim).assign_coords({dim: list(rows)})


def _canonical(con):
    """The same constraint with its terms summed per variable, zero terms dropped."""
    return con.lhs.simplify().densify_terms().to_constraint(con.sign, con.rhs)


def assert_rows(actual, expected) -> None:
    """Same rows: variables and coefficients, signs and right-hand sides, row labels."""
    try:
        assert_conequal(_canonical(actual), _canonical(expected), strict=False)
    except AssertionError as err:
        msg = f"rows differ\nadded:\n{actual}\nexpected:\n{expected}\n{err}"
        raise AssertionError(msg) from None


# ---------------------------------------------------------------------------------------------
# One test per rule
# ---------------------------------------------------------------------------------------------


def test_rows_battery_inverter(built):
    r"""Network :func:`assets`: P^ch_nom - eta^dis P^dis_nom = 0, one row per charger.

    h: eta^dis = sqrt(0.5625) = 0.75:  P[h battery charger] - 0.75 P[h battery discharger] = 0
    g: eta^dis = 0.5 (set after build): P[g battery charger] - 0.5 P[g battery discharger] = 0
    (the chargers' own efficiency, 0.75 at both hubs, must not enter).
    """
    n, ctx = built("assets")
    added = _added(n, ctx, battery_inverter)
    assert list(added) == [names.BATTERY_INVERTER]

    def p_nom(link):
        return _v(n, "Link-p_nom", link)
    rows = {
        "h battery charger": p_nom("h battery charger") - 0.75 * p_nom("h battery discharger"),
        "g battery charger": p_nom("g battery charger") - 0.5 * p_nom("g battery discharger"),
    }
    assert_rows(added[names.BATTERY_INVERTER], _stack(rows, "name") == 0)


def test_rows_site_wind_limit(built):
    r"""Network :func:`assets`: sum_v P^wind_{s,v} <= limit of s, per site with two types.

    a offshore: P[a wind dd_pmsg] + P[a wind dd_eesg] <= 750
    c offshore: P[c wind dd_pmsg] + P[c wind gb_dfig] <= 400
    Site b has one generator type (its own p_nom_max suffices): no row.
    """
    n, ctx = built("assets")
    added = _added(n, ctx, site_wind_limit)
    a, c = names.site_wind_limit("a offshore"), names.site_wind_limit("c offshore")
    assert set(added) == {a, c}

    def p_nom(gen):
        return _v(n, "Generator-p_nom", gen)
    assert_rows(added[a], p_nom("a wind dd_pmsg") + p_nom("a wind dd_eesg") <= 750)
    assert_rows(added[c], p_nom("c wind dd_pmsg") + p_nom("c wind gb_dfig") <= 400)


def test_rows_grid_account(built):
    r"""Network :func:`certified`: month-end rows e = 0 and deposits d_t <= r_t per snapshot.

    Month ends: the last hour of January is T1, the last snapshot of February (the network's
    end) is T2; T0 gets no row. For both grid accounts (i: banking; e: EU RFNBO monthly):
        e[T1, x grid account] = 0,  e[T2, x grid account] = 0   (x = i, e)
    Deposits, each snapshot t, coefficient 1 on each flow (a link's p is at its bus0: the AC
    side of the deposit, the offshore end of an export link, whose efficiency 1 makes it the
    wind delivered):
        i (banking): p[i banking deposit] - p[i ppa] - p[i1 export] - p[i2 export] <= 0
                     (own wind delivered through both export links plus PPA output)
        e (RFNBO monthly): p[e banking deposit] - p[e ppa] <= 0  (PPA only; e export not)
    No other hub's export or PPA enters; hubs h, g, j and f keep no grid account: no rows.
    """
    n, ctx = built("certified")
    added = _added(n, ctx, grid_account)
    dep_i, dep_e = names.grid_account_deposits("i"), names.grid_account_deposits("e")
    assert set(added) == {names.GRID_ACCOUNT_MONTH_END, dep_i, dep_e}

    stores = ["i grid account", "e grid account"]
    month_end = n.model["Store-e"].sel(name=stores, snapshot=[T1, T2]) == 0
    assert_rows(added[names.GRID_ACCOUNT_MONTH_END], month_end)

    def p(var, component):
        return _v(n, var, component)
    deposits_i = (p("Link-p", "i banking deposit") - p("Generator-p", "i ppa")
                  - p("Link-p", "i1 export") - p("Link-p", "i2 export"))
    assert_rows(added[dep_i], deposits_i <= 0)
    deposits_e = p("Link-p", "e banking deposit") - p("Generator-p", "e ppa")
    assert_rows(added[dep_e], deposits_e <= 0)


@pytest.mark.parametrize("hub", ["h", "g"], ids=["monthly", "hourly"])
def test_rows_uk_lchs(built, hub):
    r"""Network :func:`certified`: sum_{t in P} w_t (c_t g_t - 2.4/33.33 sum_k eta_k p_{k,t}) <= 0.

    Let k = 2.4 / 33.33 and w = 1, 2, 0.5.
    h, monthly (P = January {T0, T1}, February {T2}); c = 0.25, 0.5, 0.75; eta = 0.5 (alkaline
    p_a), 0.25 (PEM p_p):
      grid:     w c = 0.25, 1.0 | 0.375
      alkaline: -k w 0.5  = -k x 0.5, -k x 1.0 | -k x 0.25
      PEM:      -k w 0.25 = -k x 0.25, -k x 0.5 | -k x 0.125
      row 1 (January) = the T0 and T1 terms, row 2 (February) = the T2 terms (rows labelled
      by month number); rhs 0.
    g, hourly (one row per snapshot); c = 1.0, 0.125, 0.5; alkaline only:
      grid: w c = 1.0, 0.25, 0.25;  alkaline: -k w 0.5 = -k x (0.5, 1.0, 0.25); rhs 0.
    """
    n, ctx = built("certified")
    added = _added(n, ctx, uk_lchs)
    assert set(added) == {names.certification("uk_lchs", h) for h in ("h", "g")}
    k = 2.4 / LHV
    if hub == "h":
        per_t = (_ts([0.25, 1.0, 0.375]) * _v(n, "Generator-p", "h grid")
                 - k * _ts([0.5, 1.0, 0.25]) * _v(n, "Link-p", "h electrolysis alkaline")
                 - k * _ts([0.25, 0.5, 0.125]) * _v(n, "Link-p", "h electrolysis pem"))
        expected = _stack({1: _at(per_t, T0, T1), 2: _at(per_t, T2)}, "period") <= 0
    else:
        expected = (_ts([1.0, 0.25, 0.25]) * _v(n, "Generator-p", "g grid")
                    - k * _ts([0.5, 1.0, 0.25]) * _v(n, "Link-p", "g electrolysis alkaline")
                    ) <= 0
    assert_rows(added[names.certification("uk_lchs", hub)], expected)


def test_rows_india_ghs(built):
    r"""Network :func:`certified`: one annual row per hub under India's GHS (2.0 kg/kg).

    k = 2.0 / 33.33, w = 1, 2, 0.5, alkaline eta = 0.5.
    i (grid, c = 0.25, 0.5, 0.75): sum_t w_t c_t g_t - k w_t 0.5 p_t:
      grid 0.25, 1.0, 0.375;  alkaline -k x (0.5, 1.0, 0.25);  <= 0.
      Banking withdrawals and PPA output are renewable: not in the row.
    j (no grid): alkaline -k x (0.5, 1.0, 0.25) <= 0.
    The annual period is labelled 0.
    """
    n, ctx = built("certified")
    added = _added(n, ctx, india_ghs)
    assert set(added) == {names.certification("india_ghs", h) for h in ("i", "j")}
    k = 2.0 / LHV
    h2 = {h: -k * _ts([0.5, 1.0, 0.25]) * _v(n, "Link-p", f"{h} electrolysis alkaline")
          for h in ("i", "j")}
    row_i = _ts([0.25, 1.0, 0.375]) * _v(n, "Generator-p", "i grid") + h2["i"]
    assert_rows(added[names.certification("india_ghs", "i")],
                _stack({0: _at(row_i, T0, T1, T2)}, "period") <= 0)
    assert_rows(added[names.certification("india_ghs", "j")],
                _stack({0: _at(h2["j"], T0, T1, T2)}, "period") <= 0)


def test_rows_eu_rfnbo(built):
    r"""Network :func:`certified`: one annual row per hub under EU RFNBO (3.384 kg/kg), the same
    form for monthly (e) and hourly (f) matching; matching acts through the grid account.

    k = 3.384 / 33.33, w = 1, 2, 0.5, alkaline eta = 0.5:
    e (c = 1.0, 0.125, 0.5): grid w c = 1.0, 0.25, 0.25; alkaline -k x (0.5, 1.0, 0.25); <= 0
    f (c = 0.25, 0.5, 0.75): grid w c = 0.25, 1.0, 0.375; alkaline as e; <= 0.
    PPA output and withdrawals from the grid account carry no emissions: not in the rows.
    """
    n, ctx = built("certified")
    added = _added(n, ctx, eu_rfnbo)
    assert set(added) == {names.certification("eu_rfnbo", h) for h in ("e", "f")}
    k = 3.384 / LHV
    for hub, wc in (("e", [1.0, 0.25, 0.25]), ("f", [0.25, 1.0, 0.375])):
        row = (_ts(wc) * _v(n, "Generator-p", f"{hub} grid")
               - k * _ts([0.5, 1.0, 0.25]) * _v(n, "Link-p", f"{hub} electrolysis alkaline"))
        assert_rows(added[names.certification("eu_rfnbo", hub)],
                    _stack({0: _at(row, T0, T1, T2)}, "period") <= 0)


def test_rows_emissions_cap(built):
    r"""Network :func:`certified`: hub h's cap of 1.5 kg/kg over the year, one scalar row.

    k = 1.5 / 33.33, w = 1, 2, 0.5, c = 0.25, 0.5, 0.75:
      grid w c = 0.25, 1.0, 0.375;  alkaline -k w 0.5 = -k x (0.5, 1.0, 0.25);
      PEM -k w 0.25 = -k x (0.25, 0.5, 0.125);  <= 0.
    Hub g has no cap; hub z has one (in the Context) but is not in this network: no rows.
    """
    n, ctx = built("certified")
    assert "z" in ctx.emission_caps
    added = _added(n, ctx, emissions_cap)
    assert list(added) == [names.emissions_cap("h")]
    k = 1.5 / LHV
    row = (_ts([0.25, 1.0, 0.375]) * _v(n, "Generator-p", "h grid")
           - k * _ts([0.5, 1.0, 0.25]) * _v(n, "Link-p", "h electrolysis alkaline")
           - k * _ts([0.25, 0.5, 0.125]) * _v(n, "Link-p", "h electrolysis pem"))
    assert_rows(added[names.emissions_cap("h")], _at(row, T0, T1, T2) <= 0)


def test_rows_mineral_caps(built):
    r"""Network :func:`assets`: (1 - r_m) sum_k mu_{k,m} P_k <= 1000 L_m per cap.

    neodymium, network-wide, r = 0.25: 200 x 0.75 = 150 kg/MW on each dd_pmsg, the assumed
    100 x 0.75 = 75 on gb_dfig (dd_eesg is zero by design: not at all):
        150 P[a wind dd_pmsg] + 150 P[b wind] + 150 P[c wind dd_pmsg] + 75 P[c wind gb_dfig]
        <= 10 t x 1000 = 10,000
    copper in UK (hub h), r = 0.5: cable 3 kg/MW/km x 10 km x 0.5 = 15; alkaline 4 x 0.5 = 2;
    battery 0.5 kg/MWh x 0.5 = 0.25 on the store's energy capacity E:
        15 P[a export] + 15 P[b export] + 2 P[h electrolysis alkaline] + 0.25 E[h battery]
        <= 5,000 kg
    copper in IN (hub g): cable 3 x 20 km x 0.5 = 30; alkaline 2; battery 0.25:
        30 P[c export] + 2 P[g electrolysis alkaline] + 0.25 E[g battery] <= 2,000 kg
    nickel, network-wide, r = 0 (assumed 20 kg/MW on alkaline):
        20 P[h electrolysis alkaline] + 20 P[g electrolysis alkaline] <= 1,000
    """
    n, ctx = built("assets")
    added = _added(n, ctx, mineral_caps)
    nd, ni = names.mineral_cap("neodymium", names.TOTAL), names.mineral_cap("nickel", names.TOTAL)
    cu_uk, cu_in = names.mineral_cap("copper", "UK"), names.mineral_cap("copper", "IN")
    assert set(added) == {nd, cu_uk, cu_in, ni}

    def p_nom(comp, asset):
        return _v(n, f"{comp}-p_nom", asset)

    def e_nom(store):
        return _v(n, "Store-e_nom", store)
    assert_rows(added[nd], 150 * p_nom("Generator", "a wind dd_pmsg")
                + 150 * p_nom("Generator", "b wind")
                + 150 * p_nom("Generator", "c wind dd_pmsg")
                + 75 * p_nom("Generator", "c wind gb_dfig") <= 10_000)
    assert_rows(added[cu_uk], 15 * p_nom("Link", "a export") + 15 * p_nom("Link", "b export")
                + 2 * p_nom("Link", "h electrolysis alkaline") + 0.25 * e_nom("h battery")
                <= 5_000)
    assert_rows(added[cu_in], 30 * p_nom("Link", "c export")
                + 2 * p_nom("Link", "g electrolysis alkaline") + 0.25 * e_nom("g battery")
                <= 2_000)
    assert_rows(added[ni], 20 * p_nom("Link", "h electrolysis alkaline")
                + 20 * p_nom("Link", "g electrolysis alkaline") <= 1_000)


@contextlib.contextmanager
def _added_with_variables(n, ctx: Context, *defines: Callable):
    """Call rules in order (one that adds variables, then one that reads them); yield the
    constraints the last one added, by name, with ``"variables"`` (the variables added) and
    ``"objective"``; afterwards remove all of it and restore the objective."""
    m = n.model
    cons, variables, objective = set(m.constraints), set(m.variables), m.objective.expression
    for define in defines[:-1]:
        define(n, ctx)
    before = set(m.constraints)
    defines[-1](n, ctx)
    out = {c: m.constraints[c] for c in m.constraints if c not in before}
    out["objective"] = m.objective.expression
    out["variables"] = {v: m.variables[v] for v in m.variables if v not in variables}
    try:
        yield out
    finally:
        m.remove_constraints([c for c in m.constraints if c not in cons])
        for v in [v for v in m.variables if v not in variables]:
            m.remove_variables(v)
        m.add_objective(objective, overwrite=True)


LINK = "g electrolysis alkaline"


def test_rows_electrolyser_min_load(built):
    r"""Network :func:`assets`, hub g (min load 0.2, start-up 100 EUR/MW), per snapshot:

        u_t - P <= 0;  p_t - 0.2 u_t >= 0;  p_t - u_t <= 0;  s_t - u_t + u_{t-1} >= 0
    with u_{-1} = u_{T2} (cyclic): T0: s0 - u0 + u2, T1: s1 - u1 + u0, T2: s2 - u2 + u1;
    the objective gains 100 (s0 + s1 + s2). Hub h (no minimum load): nothing.
    """
    n, ctx = built("assets")
    objective = n.model.objective.expression
    with _added_with_variables(n, ctx, electrolyser_min_load) as added:
        new = added["variables"]
        assert set(new) == {names.ELECTROLYSER_ONLINE, names.ELECTROLYSER_STARTS}
        assert list(new[names.ELECTROLYSER_ONLINE].coords["name"].values) == [LINK]
        u = new[names.ELECTROLYSER_ONLINE].sel(name=[LINK]).sum("name")
        s = new[names.ELECTROLYSER_STARTS].sel(name=[LINK]).sum("name")
        p, cap = _v(n, "Link-p", LINK), _v(n, "Link-p_nom", LINK)

        def one(con):
            return con.sel(name=LINK, drop=True)
        assert_rows(one(added[names.ELECTROLYSER_ONLINE_LIMIT]), u - cap <= 0)
        assert_rows(one(added[names.ELECTROLYSER_MIN_LOAD]), p - 0.2 * u >= 0)
        assert_rows(one(added[names.ELECTROLYSER_ONLINE_USE]), p - u <= 0)
        rows = {T0: _at(s, T0) - _at(u, T0) + _at(u, T2),
                T1: _at(s, T1) - _at(u, T1) + _at(u, T0),
                T2: _at(s, T2) - _at(u, T2) + _at(u, T1)}
        assert_rows(one(added[names.ELECTROLYSER_START_UP]), _stack(rows, "snapshot") >= 0)
        extra = added["objective"] - objective
        assert_rows(extra.to_constraint("==", 0), (100 * s.sum("snapshot")).to_constraint("==", 0))


def test_rows_electrolyser_part_load(built):
    r"""Network :func:`assets`, hub g (efficiency 0.5, :data:`CURVE`, online capacity u_t
    from the minimum load): the link gives 0.5 x 1.176471 p_t; one row per snapshot for the
    second segment,

        -l_t - 0.5 (1.176471 - 0.823529) p_t + 0.5 x 0.176471 u_t >= 0
        = -l_t - 0.176471 p_t + 0.0882353 u_t >= 0
    with l_t the part-load loss (<= 0). Hub h (no part load): nothing.
    """
    n, ctx = built("assets")
    assert n.links.at[LINK, "efficiency"] == pytest.approx(0.5 / 0.85)
    a = 0.5 * (1 / 0.85 - (1 - 0.5 / 0.85) / 0.5)
    b = 0.5 * (0.5 / 0.85 - 0.5 * (1 - 0.5 / 0.85) / 0.5)
    assert a == pytest.approx(0.176471, abs=1e-6)
    assert b == pytest.approx(0.0882353, abs=1e-6)
    with _added_with_variables(n, ctx, electrolyser_min_load, electrolyser_part_load) as added:
        name = names.electrolyser_part_load(LINK)
        assert set(added) - {"objective", "variables"} == {name}
        u = added["variables"][names.ELECTROLYSER_ONLINE].sel(name=[LINK]).sum("name")
        loss = _v(n, "Generator-p", f"{LINK} part-load loss")
        p = _v(n, "Link-p", LINK)
        assert_rows(added[name].sel(segment=1, drop=True), -loss - a * p + b * u >= 0)


# ---------------------------------------------------------------------------------------------
# Rules stay out of networks that do not use them; every rule has its row test
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "define"), [
    pytest.param(key, f, id=f"{key}-{f.__name__}")
    for key in NETWORKS for f in CONSTRAINTS if f not in APPLIES[key]])
def test_adds_nothing_without_its_feature(built, key, define):
    """A rule adds no constraint (no rows, no name) and no variable to a network without its
    feature: :func:`certified` has no battery, one generator type per site and a mineral table
    without caps; :func:`assets` no certification, grid account or emissions cap. (Hubs
    without the feature next to hubs with it are covered by the row tests' sets of names.)"""
    n, ctx = built(key)
    assert _added(n, ctx, define) == {}


def test_every_rule_has_a_row_test():
    """Adding a rule to CONSTRAINTS without a ``test_rows_<rule>`` here fails; every rule adds
    rows on one of the networks above."""
    missing = [f.__name__ for f in CONSTRAINTS if not callable(globals().get(
        f"test_rows_{f.__name__}"))]
    assert missing == []
    assert set(CONSTRAINTS) <= set().union(*APPLIES.values())


def test_row_check_catches_wrong_rows(built):
    """:func:`assert_rows` fails on a wrong coefficient, variable, sign or right-hand side."""
    n, ctx = built("assets")
    added = _added(n, ctx, site_wind_limit)[names.site_wind_limit("a offshore")]

    def p_nom(gen):
        return _v(n, "Generator-p_nom", gen)
    pmsg, eesg = p_nom("a wind dd_pmsg"), p_nom("a wind dd_eesg")
    assert_rows(added, pmsg + eesg <= 750)
    for wrong in (pmsg + 1.0001 * eesg <= 750, pmsg + p_nom("c wind dd_pmsg") <= 750,
                  pmsg + eesg >= 750, pmsg + eesg == 750, pmsg + eesg <= 751, pmsg <= 750):
        with pytest.raises(AssertionError, match="rows differ"):
            assert_rows(added, wrong)
