r"""Time aggregation: PyPSA's resampling, or variable-length segments that keep chronology.

:func:`resample` puts a built network on coarser snapshots, either fixed steps (``3h``, PyPSA's
``n.cluster.temporal.resample``) or :func:`segment`; :func:`aligned` averages an hourly input
frame onto them.

:func:`segment` finds the segments of PyPSA's ``n.cluster.temporal.segment`` (tsam): Ward
agglomerative clustering of adjacent hours on the network's time series, each scaled to 0..1.
Consecutive hours with similar wind, offtake and grid price are merged into one snapshot whose
weight is its length in hours and whose time series are the means over the segment (PyPSA's
``n.cluster.temporal.from_snapshot_map``). Chronology is kept, so cyclic stores stay exact in
form: PyPSA's store balance :math:`e_t = e_{t-1} - w_t p_t` uses the segment length
:math:`w_t`.

tsam itself passes the adjacency of the hours to scikit-learn as dense 8,760 x 8,760 matrices
(about 3 s and over 1 GB per hub); this module passes the same chain as a sparse matrix, which
gives the same segments (tested against PyPSA + tsam) in a tenth of a second.

Each hub is segmented on its own (hub by hub in :func:`energymodel.model.solve.solve`), so hubs get
different segment boundaries. :func:`common_snapshots` puts the solved hubs on the union of
their boundaries before they are merged: every value is constant within a segment, so repeating
it on the finer snapshots (and interpolating store levels linearly inside a segment, as the
constant flow implies) represents each hub's solution exactly; weighted sums are unchanged.
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
import pypsa
import scipy.sparse as sp
from sklearn.cluster import AgglomerativeClustering

logger = logging.getLogger(__name__)


def boundaries(n: pypsa.Network, segments: int) -> pd.DatetimeIndex:
    """First snapshot of each of ``segments`` segments, as ``n.cluster.temporal.segment``.

    The time series PyPSA segments on (every non-empty dynamic attribute except ``e_min_pu``)
    are divided by their maximum (PyPSA) and scaled to 0..1 (tsam), then clustered with Ward
    linkage under a chain connectivity (each hour adjacent to the next).
    """
    frames = [df for c in n.components if not c.static.empty
              for attr, df in c.dynamic.items() if not df.empty and attr != "e_min_pu"]
    x = pd.concat(frames, axis=1)
    x = x / x.max().replace(0, 1)
    span = (x.max() - x.min()).replace(0, 1)
    x = ((x - x.min()) / span).fillna(0).to_numpy()
    steps = len(x)
    chain = sp.diags([np.ones(steps - 1), np.ones(steps - 1)], [1, -1], format="csr")
    labels = AgglomerativeClustering(n_clusters=segments, linkage="ward",
                                     connectivity=chain).fit_predict(x)
    return n.snapshots[np.flatnonzero(np.r_[True, labels[1:] != labels[:-1]])]


def segment(n: pypsa.Network, segments: int) -> pypsa.Network:
    """Return ``n`` with ``segments`` variable-length snapshots (time series averaged)."""
    if segments >= len(n.snapshots):
        return n
    starts = boundaries(n, segments)
    first = starts[starts.searchsorted(n.snapshots, side="right") - 1]
    m = n.cluster.temporal.from_snapshot_map(pd.Series(first, index=n.snapshots))
    logger.info("Segmented %s into %d snapshots", n.name, len(m.snapshots))
    return m


def _end(n: pypsa.Network) -> pd.Timestamp:
    """End of the last snapshot of ``n``."""
    return n.snapshots[-1] + pd.Timedelta(hours=float(n.snapshot_weightings.objective.iloc[-1]))


def expand(n: pypsa.Network, union: pd.DatetimeIndex) -> None:
    """Put a solved, segmented network on finer snapshots ``union`` (in place).

    ``union`` must contain every snapshot of ``n`` and end with it. Time series repeat their
    segment's value; store levels at the end of each finer snapshot follow the segment's
    constant flow: :math:`e = e_{seg} + p_{seg} \times` (hours left in the segment).
    """
    old = n.snapshots
    end = _end(n)
    seg = old[old.searchsorted(union, side="right") - 1]
    nxt = union[1:].append(pd.DatetimeIndex([end]))
    hours = pd.Timedelta("1h")
    weights = pd.Series((nxt - union) / hours, index=union)
    seg_end = pd.Series(old[1:].append(pd.DatetimeIndex([end])), index=old).loc[seg]
    left = pd.Series((pd.DatetimeIndex(seg_end) - nxt) / hours, index=union)
    saved = {(c.name, attr): df.copy() for c in n.components for attr, df in c.dynamic.items()
             if not df.empty}
    columns = n.snapshot_weightings.columns
    n.set_snapshots(union)
    n.snapshot_weightings = pd.DataFrame({c: weights for c in columns}, index=union)
    for (name, attr), df in saved.items():
        new = df.reindex(seg).set_axis(union)
        if name == "Store" and attr == "e" and ("Store", "p") in saved:
            flow = saved[("Store", "p")].reindex(seg).set_axis(union)
            new = new + flow.reindex(columns=new.columns, fill_value=0.0).mul(left, axis=0)
        n._import_series_from_df(new, name, attr, overwrite=True)


def common_snapshots(networks: list[pypsa.Network]) -> list[pypsa.Network]:
    """Put separately segmented, solved networks on the union of their snapshots (in place)."""
    union = networks[0].snapshots
    for n in networks[1:]:
        union = union.union(n.snapshots)
    ends = {_end(n) for n in networks}
    if len(ends) != 1 or any(n.snapshots[0] != union[0] for n in networks):
        msg = "segmented networks do not cover the same period"
        raise ValueError(msg)
    for n in networks:
        if not n.snapshots.equals(union):
            expand(n, union)
    logger.info("Merged segmented hubs on %d common snapshots", len(union))
    return networks


def resample(n: pypsa.Network, resolution: str | None,
             segments: int | None = None) -> pypsa.Network:
    """Aggregate snapshots with PyPSA's own temporal clustering (e.g. ``"3h"``).

    ``segments`` instead cuts the year into that many variable-length segments
    (:func:`segment`); the two are mutually exclusive.
    """
    if segments:
        if resolution and resolution != "1h":
            msg = "give a resolution or a number of segments, not both"
            raise ValueError(msg)
        return segment(n, segments)
    if not resolution or resolution == "1h":
        return n
    m = n.cluster.temporal.resample(resolution)
    logger.info("Resampled %s to %s: %d snapshots", n.name, resolution, len(m.snapshots))
    return m


def aligned(frame: pd.DataFrame, n: pypsa.Network) -> pd.DataFrame:
    """Average an hourly input frame onto the (possibly aggregated) snapshots of ``n``."""
    if len(frame.index) == len(n.snapshots):
        return frame.set_axis(n.snapshots)
    step = n.snapshots.searchsorted(frame.index, side="right") - 1
    return frame.groupby(n.snapshots[step]).mean()
