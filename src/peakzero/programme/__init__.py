"""The innovation programme (创新行动方案): areas, key tasks, KPIs linked to pathway levers,
milestones and measures; the default Beijing programme as data (:func:`load_programme`)."""

from peakzero.programme.default import load_programme, to_document
from peakzero.programme.domain import (
    INFORMATION,
    KINDS,
    KPI,
    Area,
    Measure,
    Milestone,
    Organisation,
    Person,
    Programme,
    Task,
    Team,
    check_kpi_lever_units,
    check_programme,
    units_compatible,
)

__all__ = [
    "INFORMATION",
    "KINDS",
    "KPI",
    "Area",
    "Measure",
    "Milestone",
    "Organisation",
    "Person",
    "Programme",
    "Task",
    "Team",
    "check_kpi_lever_units",
    "check_programme",
    "load_programme",
    "to_document",
    "units_compatible",
]
