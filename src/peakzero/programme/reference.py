"""The programme's reference page, generated from its record declarations (``make docs``)."""

from __future__ import annotations

import sys

from peakzero.programme.domain import PROGRAMME, RECORDS
from peakzero.records.reference import reference_page

__all__ = ["PAGE", "programme_reference"]

PAGE = "docs/reference/programme-records.md"
"""Where the page is kept, from the repository's root."""


def programme_reference() -> str:
    """The Markdown reference page of the programme's record types."""
    intro = (
        "Generated from the declarations in `src/peakzero/programme/domain.py` by "
        "`make docs`; do not edit by hand. Each record type is one section of a programme "
        "YAML file, one sheet of the Excel workbook (row 1: the Chinese labels, row 2: the field "
        "names), one database table (a programme's records with `programme` and `position`) and "
        "one API model "
        "(`peakzero.records.schema.model_of`). 'added' names the database revision (migration) "
        "that introduced a table or field."
    )
    return reference_page("Programme records", intro, (PROGRAMME, *RECORDS))


if __name__ == "__main__":
    sys.stdout.write(programme_reference())
