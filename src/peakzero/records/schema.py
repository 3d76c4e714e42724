"""Pydantic models of declared record types, for the API's request and response bodies.

:func:`model_of` builds, from one declaration, a model whose fields carry what the declaration
says: the Chinese and English label as title, the description and unit, the allowed values (an
``enum`` in the JSON schema), bounds, the pattern of codes, and the revision that added the field
(``x-added``). ``model.model_validate(data)`` checks a request body by the rules of the YAML and
Excel readers' field checks: text is stripped, numbers and whole numbers must be numbers (not
text, not true/false), dates are dates or ISO text, unknown keys are refused. Cross-record rules
(links, duplicates) stay with :func:`~peakzero.programme.checks.check_programme`.
:func:`to_record` turns a validated model into the domain record. Models are made once per record
type (cached).
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, create_model

from peakzero.records.declare import RecordField, RecordType
from peakzero.records.reading import CODE_PATTERN

__all__ = ["model_of", "to_record"]


def _date_or_text(value: Any) -> Any:
    """Dates come as dates or ISO text; pydantic would also take a number as a Unix time."""
    if isinstance(value, int | float):
        msg = "a date must be YYYY-MM-DD text"
        raise ValueError(msg)  # pydantic reports a ValueError as a validation error
    return value


_Date = Annotated[date, BeforeValidator(_date_or_text)]


@cache
def model_of(kind: RecordType) -> type[BaseModel]:
    """The pydantic model of ``kind`` (named like its dataclass; unknown keys are refused)."""
    fields: dict[str, Any] = {item.name: _field(item) for item in kind.fields}
    config = ConfigDict(
        extra="forbid", frozen=True, title=kind.cls.__name__, str_strip_whitespace=True
    )
    model: type[BaseModel] = create_model(
        kind.cls.__name__, __config__=config, __doc__=kind.description, **fields
    )
    return model


def to_record(kind: RecordType, model: BaseModel) -> Any:
    """The domain record of a validated model of ``kind`` (an optional field given as null
    takes its declared default)."""
    values = {item.name: getattr(model, item.name) for item in kind.fields}
    return kind.cls(
        **{
            item.name: item.default if values[item.name] is None else values[item.name]
            for item in kind.fields
        }
    )


def _field(item: RecordField) -> tuple[Any, Any]:
    spec = item.spec
    annotation: Any
    constraints: dict[str, Any] = {}
    if spec.kind == "choice":
        annotation = Literal[spec.allowed]
    elif spec.kind == "number":
        annotation = float
        low = spec.low if spec.low is not None else spec.floor
        if low is not None:
            constraints["ge"] = low
        constraints["allow_inf_nan"] = False
        constraints["strict"] = True  # as the readers: no "1e3", no true/false
    elif spec.kind == "integer":
        annotation = int
        constraints["ge"], constraints["le"] = spec.low, spec.high
        constraints["strict"] = True
    elif spec.kind == "date":
        annotation = _Date
    else:
        annotation = str
        constraints["min_length"] = 1
        if spec.kind in ("code", "ref"):
            constraints["pattern"] = f"^{CODE_PATTERN}$"
    extra: dict[str, Any] = {"x-label-zh": spec.zh, "x-added": spec.added}
    if spec.unit is not None:
        extra["x-unit"] = spec.unit
    if spec.target is not None:
        extra["x-refers-to"] = spec.target
    description = spec.description or None
    if item.required:
        default: Any = ...
    else:
        annotation = annotation | None
        default = item.default
    info = Field(
        default,
        title=spec.en,
        description=description,
        json_schema_extra=extra,
        **constraints,
    )
    return annotation, info
