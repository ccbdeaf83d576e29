"""The model: inputs read once, the PyPSA network, custom constraints, solving.

The middle of the pipeline, one module per step:

- :mod:`~energymodel.model.inputs`: every input file read, checked and converted to model
  units once (:func:`~energymodel.model.inputs.load`);
- :mod:`~energymodel.model.network`: the PyPSA network of a network file and its inputs;
- :mod:`~energymodel.model.constraints`: the custom linopy constraints, one module per family;
- :mod:`~energymodel.model.aggregate`: time aggregation (resampling, segments);
- :mod:`~energymodel.model.solve`: HiGHS, hub group by hub group, merged;
- :mod:`~energymodel.model.diagnose`: an infeasible hub explained in the planner's terms.

The model never imports :mod:`energymodel.results` or :mod:`energymodel.report`.
"""
