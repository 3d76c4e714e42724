"""Record types declared once (:mod:`peakzero.records.declare`) and what is derived from them.

A kernel package: it imports no engine. The programme's record types are declared in
:mod:`peakzero.programme.domain`; monitoring, districts, equipment and demonstration projects
declare theirs the same way.
"""

from peakzero.records.declare import (
    SPEC,
    FieldKind,
    FieldSpec,
    RecordField,
    RecordType,
    Rule,
    choice,
    code,
    day,
    declared,
    integer,
    label,
    number,
    record,
    ref,
    text,
)

__all__ = [
    "SPEC",
    "FieldKind",
    "FieldSpec",
    "RecordField",
    "RecordType",
    "Rule",
    "choice",
    "code",
    "day",
    "declared",
    "integer",
    "label",
    "number",
    "record",
    "ref",
    "text",
]
