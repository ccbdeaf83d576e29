r"""Time segmentation: variable-length segments that keep the year's chronology.

:func:`segment` wraps PyPSA's ``n.cluster.temporal.segment`` (tsam): consecutive hours with
similar wind, offtake and grid price are merged into one snapshot whose weight is its length in
hours and whose time series are the means over the segment. Chronology is kept, so cyclic
stores stay exact in form: PyPSA's store balance :math:`e_t = e_{t-1} - w_t p_t` uses the
segment length :math:`w_t`.

Each hub is segmented on its own (hub by hub in :func:`energymodel.solve.solve`), so hubs get
different segment boundaries. :func:`common_snapshots` puts the solved hubs on the union of
their boundaries before they are merged: every value is constant within a segment, so repeating
it on the finer snapshots (and interpolating store levels linearly inside a segment, as the
constant flow implies) represents each hub's solution exactly; weighted sums are unchanged.
"""

from __future__ import annotations

import logging

import pandas as pd
import pypsa

logger = logging.getLogger(__name__)


def segment(n: pypsa.Network, segments: int) -> pypsa.Network:
    """Return ``n`` with ``segments`` variable-length snapshots (PyPSA + tsam)."""
    if segments >= len(n.snapshots):
        return n
    m = n.cluster.temporal.segment(segments, solver="highs")
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
