"""Simplex bases: kept with a run's results, used to start a similar LP's solve (warm start).

A basis says of every column and row of an LP whether it is basic or at one of its bounds.
HiGHS writes one after any optimum reached by simplex or by interior point with crossover
(the default, :data:`energymodel.model.solve.DEFAULT_OPTIONS`). An LP that differs from a
solved one only in costs, bounds or right-hand sides (a cost year, a discount rate, an
offtake, a cap's level) has the same columns and rows, and simplex started from the solved
one's optimal basis often needs a small share of the iterations of a cold solve: interior
point cannot be started from a basis, simplex can.

- Each hub group's basis is written gzipped as ``<key>.bas.gz`` (HiGHS's own basis file),
  with ``<key>.json`` holding the :func:`signature` of the LP's structure, its size and the
  objective; ``key`` names the group's hubs (:func:`key`).
- A start is used only when the stored signature equals the new LP's: same variables and
  constraints, same shapes, same masks. Otherwise the solve is cold.
- Correctness never depends on the basis: simplex from any basis ends at an optimum of the LP
  it is given (a poor start only costs iterations), and every solution is checked
  (:mod:`energymodel.model.check`) like a cold one. When the optimum is not unique, a warm
  solve may end at another optimal vertex than a cold one: same objective, possibly other
  capacities (docs/speed.md).
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import logging
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import linopy
import numpy as np

logger = logging.getLogger(__name__)

SUFFIX = ".bas.gz"
META_SUFFIX = ".json"


@dataclass(frozen=True)
class Warm:
    """Where a solve looks for a starting basis and where it keeps its own.

    ``read`` are folders tried in order (for a sweep: the scenario's own earlier results, then
    its nearest solved neighbour's; none: a cold run); ``write`` is the folder the bases of
    this solve go to (None: not kept).
    """

    read: Sequence[Path] = field(default_factory=tuple)
    write: Path | None = None


def key(hubs: Sequence[str]) -> str:
    """File name of a hub group's basis: its hubs joined by ``+``."""
    return "+".join(hubs)


def signature(m: linopy.Model) -> str:
    """SHA-256 of an LP's structure: every variable and constraint, its shape and its mask,
    in model order. Two LPs with the same signature have the same columns and rows, in the
    same order, whatever their coefficients."""
    digest = hashlib.sha256()
    for kind, container in (("variable", m.variables), ("constraint", m.constraints)):
        for name in container:
            labels = container[name].labels
            digest.update(f"{kind}:{name}:{labels.shape}".encode())
            digest.update(np.ascontiguousarray(labels.values >= 0).tobytes())
    return digest.hexdigest()


def save(h: object, shape: str, folder: Path, name: str) -> Path | None:
    """Write HiGHS's current basis to ``folder/name.bas.gz``, with ``shape``, the
    :func:`signature` of its LP taken before solving (PyPSA adds to the model after);
    nothing when HiGHS holds no valid basis (interior point without crossover)."""
    if not h.getBasis().valid:
        logger.info("No valid basis to keep for %s", name)
        return None
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}{SUFFIX}"
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "basis.bas"
        h.writeBasis(str(plain))
        with plain.open("rb") as src, target.open("wb") as raw, \
                gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as dst:
            shutil.copyfileobj(src, dst)  # no time or name in the header: same run, same bytes
    meta = {"signature": shape, "columns": int(h.getNumCol()),
            "rows": int(h.getNumRow()), "objective": float(h.getObjectiveValue())}
    (folder / f"{name}{META_SUFFIX}").write_text(json.dumps(meta, indent=2) + "\n",
                                                 encoding="utf-8")
    return target


def find(folders: Sequence[Path], name: str, shape: str) -> Path | None:
    """The first kept basis of ``name`` among ``folders`` whose LP has the structure
    ``shape`` (a :func:`signature`)."""
    for folder in folders:
        meta_path = Path(folder) / f"{name}{META_SUFFIX}"
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if meta.get("signature") == shape and (Path(folder) / f"{name}{SUFFIX}").is_file():
            return Path(folder) / f"{name}{SUFFIX}"
        logger.info("Basis in %s does not fit %s (the LP's structure differs)", folder, name)
    return None


@contextlib.contextmanager
def start(warm: Warm | None, name: str, shape: str) -> Iterator[tuple[Path, Path] | None]:
    """A plain basis file to start an LP of structure ``shape`` from (deleted afterwards) and
    the kept file it came from, or None: cold."""
    found = find(warm.read, name, shape) if warm is not None else None
    if found is None:
        yield None
        return
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "start.bas"
        try:
            with gzip.open(found, "rb") as src, plain.open("wb") as dst:
                shutil.copyfileobj(src, dst)
        except (OSError, EOFError) as err:  # a damaged file: BadGzipFile is an OSError
            logger.warning("Kept basis %s cannot be read (%s); solving %s cold", found, err,
                           name)
            yield None
            return
        logger.info("Starting %s from the basis in %s", name, found.parent)
        yield plain, found
