"""Run options that are not network-file fields: time resolution and segments.

The command line (``--resolution``, ``--segments``) and scenario files (``resolution:``,
``segments:``) are checked here, once, before anything is solved.
"""

from __future__ import annotations

import pandas as pd

from energymodel.errors import InputError

__all__ = ["check_resolution", "check_segments"]


def check_resolution(resolution: str | None) -> str | None:
    """Validate a ``--resolution`` step: a whole number of hours such as ``3h``."""
    if resolution is None or resolution == "":
        return None
    option = "--resolution"
    if not isinstance(resolution, str):
        raise InputError(option, str(resolution), "not a time step such as 3h (a text)")
    try:
        step = pd.Timedelta(resolution)
    except ValueError:
        raise InputError(option, resolution, "not a time step such as 3h") from None
    if step < pd.Timedelta("1h") or step % pd.Timedelta("1h"):
        raise InputError(option, resolution, "must be a whole number of hours")
    return f"{step // pd.Timedelta('1h')}h"


def check_segments(segments: int | None, resolution: str | None) -> int | None:
    """Validate ``--segments``: a positive count, not combined with ``--resolution``."""
    if segments is None:
        return None
    option = "--segments"
    if isinstance(segments, bool) or not isinstance(segments, int):
        raise InputError(option, str(segments), "must be a whole number of segments")
    if segments < 1:
        raise InputError(option, str(segments), "must be a positive number of segments")
    if resolution and resolution != "1h":
        raise InputError(option, str(segments), "give --resolution or --segments, not both")
    return segments
