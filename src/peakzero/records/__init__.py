"""Record types declared once (:mod:`peakzero.records.declare`) and what is derived from them.

A kernel package: it imports no engine. The programme's record types are declared in
:mod:`peakzero.programme.domain`; monitoring, districts, equipment and demonstration projects
declare theirs the same way. The names of :mod:`peakzero.records.declare` (its ``__all__``) are
public here.
"""

from peakzero.records import declare
from peakzero.records.declare import *  # noqa: F403  (the names of declare.__all__)

__all__ = list(declare.__all__)
