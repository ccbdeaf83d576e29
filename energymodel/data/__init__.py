"""Raw files -> ``inputs/``: every derived input is made here from verbatim raw copies.

``energymodel prepare inputs | profiles | minerals`` (``make inputs``, ``make profiles``,
``make minerals``) writes the derived files; each method is written down in
``inputs/PROVENANCE.md``.

- :mod:`~energymodel.data.prepare`: UK wind (2019 and weather years 2010-2019), GB and India grid;
- :mod:`~energymodel.data.profiles`: India offshore wind from NASA POWER wind speeds;
- :mod:`~energymodel.data.minerals`: the critical-mineral tables and their format.

These modules import nothing of the model: they make its inputs.
"""
