"""Studies of many runs: scenario files and sweeps on Dask, and the mineral trade-off.

- :mod:`~energymodel.studies.scenarios`: a scenario file expanded into validated runs, and the
  fingerprint that lets a sweep skip unchanged work;
- :mod:`~energymodel.studies.sweep`: the runs of a scenario file on Dask distributed;
- :mod:`~energymodel.studies.tradeoff`: cost against a network-wide cap on one mineral.

Each run of a study is an ordinary run (:func:`energymodel.pipeline.run`) or a solve of the
model; studies sit above the pipeline and are imported by no step of it.
"""
