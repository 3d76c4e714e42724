"""The demo platform (``peakzero demo``): a loopback demo database of Beijing's data with one
account per role and an ILLUSTRATIVE programme and inventory set, so that every page and every
role shows what it is for (docs/design/demo.md).

This module holds only the label the illustrative records carry, and how a page tells them
apart; it imports nothing, so the platform's views can ask it cheaply. The seeding is in
:mod:`.accounts` (accounts, the loopback guard) and :mod:`.illustrative` (programme records and
inventory datasets), run together by :func:`.seed.seed_demo`.
"""

from __future__ import annotations

__all__ = [
    "DATASET_FILE_PREFIX",
    "DEMO_WHO",
    "ILLUSTRATIVE",
    "dataset_is_illustrative",
    "is_illustrative",
]

ILLUSTRATIVE = "peakzero demo — illustrative, not official"
"""The source every illustrative record carries (the programme's and the KPI actuals' and
readiness assessments' ``source``, the milestones' deliverable, the calls' requirements)."""
DEMO_WHO = "peakzero-demo"
"""Who the audit log names for the demo's seeding (its changes are the illustrative set's)."""
DATASET_FILE_PREFIX = "peakzero-demo-illustrative-"
"""How the activity file of an illustrative dataset is named (a dataset's ``source`` is the
name of the file it was stored from)."""


def is_illustrative(source: str | None) -> bool:
    """Whether a record's source text marks it as the demo's illustrative data."""
    return source is not None and ILLUSTRATIVE in source


def dataset_is_illustrative(source: str) -> bool:
    """Whether a dataset stored from the file named ``source`` is an illustrative one."""
    return source.startswith(DATASET_FILE_PREFIX)
