"""energymodel: plan offshore wind to green hydrogen hubs with PyPSA and HiGHS.

The subpackages follow the data flow, one hop each::

    config.load -> model.inputs.load -> model.network.build -> model.solve.solve
        -> results.summarise -> results.folder.write -> report.write

``config/`` (network and scenario files), ``data/`` (raw files -> ``inputs/``), ``model/``
(inputs, network, constraints, solve), ``results/`` (tables and the results folder),
``report/`` (the pages), ``studies/`` (sweeps, trade-offs); :mod:`energymodel.pipeline` runs
one network end to end and :mod:`energymodel.cli` is the command line.
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__"]
