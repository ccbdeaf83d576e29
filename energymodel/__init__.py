"""energymodel: plan offshore wind to green hydrogen hubs with PyPSA and HiGHS.

Data flow, one hop each::

    config.load -> inputs.load -> network.build -> solve.run -> results.summarise -> report.write
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__"]
