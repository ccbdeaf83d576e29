"""The network file's trade fields: electrolysis offshore, and hydrogen exported to another hub.

Two sections of the network file (docs/network-file.md, docs/trade.md):

- ``offshore_electrolysis``: how a site whose ``placement`` allows ``offshore`` turns its wind
  into hydrogen at sea (an electrolyser on a platform, desalination, compression, a
  submarine hydrogen pipeline to its hub);
- ``exports``: routes that deliver part of a hub's hydrogen at another hub, as ammonia, as
  liquid hydrogen or by pipeline, each a chain of technology-data conversions.

Numbers that no source of inputs/ gives are planning assumptions (``planning_assumptions`` of
:mod:`energymodel.config.network`); the figures here are either data with a source or choices
of the scenario.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from energymodel.config import limits
from energymodel.config.base import StrictModel, number

__all__ = ["CHAINS", "Export", "Placement", "ShippingRoute", "OffshoreElectrolysis", "Trade"]

#: Where a site's electricity becomes hydrogen: at its hub (export cable) or at sea.
Placement = Literal["onshore", "offshore"]
#: Carrier chains of an export route.
Chain = Literal["ammonia", "liquid_hydrogen", "pipeline"]
CHAINS: tuple[str, ...] = ("ammonia", "liquid_hydrogen", "pipeline")
#: UN/LOCODE of a port (country and place), e.g. INMUN (Mundra), GBIMM (Immingham).
Locode = str


class OffshoreElectrolysis(StrictModel):
    """Electrolysis at sea, for the sites whose ``placement`` allows ``offshore``."""

    technology: Literal["alkaline", "pem"] = Field(
        "pem", description="Electrolyser technology on the platforms (PEM: the technology of "
        "Singlitico et al.'s offshore cost model and of the offshore pilots).")
    capex_multiplier: number(ge=1, le=10) = Field(
        1.33, description="Investment of an offshore electrolyser relative to the same "
        "electrolyser onshore: Singlitico et al. (2021), installation fraction 0.33 doubled "
        "offshore (inputs/raw/hydrogen/offshore_electrolysis_compiled.csv).")
    pipeline: Literal["new", "repurposed"] = Field(
        "new", description="technology-data row of the hydrogen export pipeline: 'H2 (g) "
        "submarine pipeline' (new) or 'H2 (g) submarine pipeline repurposed'.")


class ShippingRoute(StrictModel):
    """A sea route between two ports of ``trade.sea_distances``."""

    from_port: Locode = Field(pattern=r"^[A-Z]{5}$",
                              description="UN/LOCODE of the loading port, e.g. INMUN.")
    to_port: Locode = Field(pattern=r"^[A-Z]{5}$",
                            description="UN/LOCODE of the discharge port, e.g. GBIMM.")
    via: Literal["suez", "cape"] = Field(
        "suez", description="Through the Suez Canal or round the Cape of Good Hope.")


class Export(StrictModel):
    """Hydrogen of one hub delivered at another, through a chain of conversions.

    The whole chain is solved with the origin hub (its wind and electricity supply the
    conversion); the import terminal is costed at the destination's cost of capital. The
    delivered hydrogen is a constant flow at the destination.
    """

    name: str = Field(min_length=1, description="Display name of the route.")
    origin: str = Field(description="Key of the hub whose hydrogen is exported.")
    destination: str = Field(description="Key of the hub where it is delivered (its own "
                             "LCOH is the comparison).")
    chain: Chain = Field(description="ammonia (Haber-Bosch with air separation, NH3 tanks, "
                         "ships, cracker), liquid_hydrogen (liquefaction, LH2 tanks, ships, "
                         "evaporation) or pipeline.")
    share: number(gt=0, le=1) | None = Field(
        None, description="Share of the origin hub's offtake delivered at the destination "
        "instead of at the origin (1: all of it). Give share or t_per_day.")
    t_per_day: number(gt=0, le=limits.MAX_T_PER_DAY) | None = Field(
        None, description="Hydrogen delivered at the destination, t/day, in addition to the "
        "origin hub's own offtake. Give share or t_per_day.")
    route: ShippingRoute | None = Field(
        None, description="Sea route (ammonia and liquid_hydrogen).")
    distance_km: number(gt=0, le=limits.MAX_DISTANCE_KM) | None = Field(
        None, description="Pipeline length, km (chain pipeline).")

    @model_validator(mode="after")
    def _one_amount(self) -> Export:
        if (self.share is None) == (self.t_per_day is None):
            msg = "give exactly one of share and t_per_day"
            raise ValueError(msg)
        if self.chain == "pipeline":
            if self.distance_km is None:
                msg = "distance_km: required for chain pipeline"
                raise ValueError(msg)
            if self.route is not None:
                msg = "route: a pipeline has no sea route (give distance_km)"
                raise ValueError(msg)
        elif self.route is None:
            msg = f"route: required for chain {self.chain} (from_port, to_port, via)"
            raise ValueError(msg)
        elif self.distance_km is not None:
            msg = "distance_km: only for chain pipeline (a ship's distance is the sea route's)"
            raise ValueError(msg)
        return self


class Trade(StrictModel):
    """Input tables of the export routes."""

    sea_distances: Path = Field(
        Path("../inputs/trade/sea_distances.csv"),
        description="Sea distances between ports by route (inputs/trade/sea_distances.csv).")
    shipping: Path = Field(
        Path("../inputs/trade/shipping.csv"),
        description="Ammonia ship fuel use and boil-off per km (inputs/trade/shipping.csv).")
    sea_routes: Path | None = Field(
        Path("../inputs/trade/sea_routes.csv"),
        description="Polylines of the sea routes, for the map only (inputs/trade/"
        "sea_routes.csv); null: no shipping lanes drawn.")
