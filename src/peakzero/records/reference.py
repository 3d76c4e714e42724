"""The reference page of declared record types (``docs/reference/programme-records.md``).

Generated from the declarations, so that the page cannot drift from the code: a test compares
the committed page with :func:`reference_page`, and ``make docs`` (``python -m
peakzero.programme.reference``) writes it anew.
"""

from __future__ import annotations

from collections.abc import Iterable

from peakzero.records.declare import FieldSpec, RecordType

__all__ = ["reference_page"]

_KIND_SHOWN = {
    "code": "code",
    "ref": "code of",
    "text": "text",
    "label": "name",
    "choice": "one of",
    "number": "number",
    "integer": "whole number",
    "date": "date",
}


def reference_page(title: str, intro: str, kinds: Iterable[RecordType]) -> str:
    """A Markdown page: per record type its names, key, nesting and fields."""
    lines = [f"# {title}", "", intro, ""]
    for kind in kinds:
        lines += [f"## `{kind.table}` — {kind.zh} · {kind.en}", "", kind.description, ""]
        facts = [f"key: {', '.join(f'`{name}`' for name in kind.key)}", f"added in {kind.added}"]
        if kind.parent is not None:
            facts.append(f"nested under its `{kind.parent}` in a programme file")
        if kind.children:
            facts.append(f"holds {', '.join(f'`{c}`' for c in kind.children)}")
        lines += ["; ".join(facts) + ".", ""]
        lines += [
            "| field | 中文 | English | type | unit | required | allowed | added |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for item in kind.fields:
            spec = item.spec
            mark = " (key)" if item.name in kind.key else ""
            lines.append(
                f"| `{item.name}`{mark} | {spec.zh} | {spec.en} | {_type(spec)} "
                f"| {spec.unit or ''} | {'yes' if item.required else 'no'} | {_allowed(spec)} "
                f"| {spec.added} |"
            )
        notes = [f"`{f.name}`: {f.spec.description}" for f in kind.fields if f.spec.description]
        if notes:
            lines += ["", *(f"- {note}" for note in notes)]
        if kind.checks:
            shown = "; ".join(f"`{sql}`" for _, sql in kind.checks)
            lines += ["", f"The database also checks: {shown}."]
        lines.append("")
    return "\n".join(lines)


def _type(spec: FieldSpec) -> str:
    shown = _KIND_SHOWN[spec.kind]
    if spec.kind == "ref" and spec.target is not None:
        return f"{shown} `{spec.target}`"
    return shown


def _allowed(spec: FieldSpec) -> str:
    if spec.allowed:
        return ", ".join(f"`{value}`" for value in spec.allowed)
    low = spec.low if spec.low is not None else spec.floor
    if low is not None and spec.high is not None:
        return f"{low:g}–{spec.high:g}"
    if low is not None:
        return f"≥ {low:g}"
    return ""
