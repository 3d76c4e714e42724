"""The sector physics of the pathway model, one module per part of the energy system.

Each function takes plain ``(runs, years)`` arrays (energy by carrier as ``(runs, years,
carriers)``) and returns arrays or a dict of reported IAMC variables;
:func:`peakzero.pathways.model.simulate` chains them. Units inside: PJ for energy, TWh for
electricity, Mt CO2.
"""
