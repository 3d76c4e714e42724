"""The one place where peakzero imports PyPSA and linopy and sets their options.

Importing PyPSA takes seconds, so only the grid modules import this one (the rest of peakzero
stays fast to start). Options are set here, once, rather than in callers or tests:

* ``api.legacy_string_dtype = False`` keeps pandas 3's ``str`` dtype (PyPSA 2 will always do so)
  and silences PyPSA 1.4's FutureWarning under pandas 3;
* linopy's ``"v1"`` semantics (strict label alignment) are opted into now, because they become
  linopy's default and the legacy mode warns wherever the two would differ.
"""

from __future__ import annotations

import linopy
import pypsa

__all__ = ["linopy", "pypsa"]

pypsa.options.api.legacy_string_dtype = False
pypsa.options.params.optimize.include_objective_constant = False
linopy.options["semantics"] = "v1"
