"""The innovation programme (创新行动方案): areas, key tasks, KPIs linked to pathway levers,
milestones and measures; the default Beijing programme as data (:func:`load_programme`).

Every record type and codelist of :mod:`peakzero.programme.domain` is public here as well (its
``__all__``), so that the list of them is written once.
"""

from peakzero.programme import domain
from peakzero.programme.checks import check_kpi_lever_units, check_programme, units_compatible
from peakzero.programme.default import load_programme, to_document
from peakzero.programme.domain import *  # noqa: F403  (the names of domain.__all__)

__all__ = [
    *domain.__all__,
    "check_kpi_lever_units",
    "check_programme",
    "load_programme",
    "to_document",
    "units_compatible",
]
