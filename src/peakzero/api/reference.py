"""The platform's API reference page, generated from the app's OpenAPI schema (``make docs``, or
``python -m peakzero.api.reference``, which writes :data:`PAGE`; a test checks it is current).

Every path and method with its summary, parameters, request body and answers, and what it needs:
the capability (a resource of the policy table) and action of the route's ``require`` hook,
found from its dependency (:func:`peakzero.api.deps.route_requirements`), with the roles the
policy grants it to. The models the operations name follow, field by field.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from peakzero.accounts import RESOURCES, Role
from peakzero.accounts.policy import grants
from peakzero.api.deps import PUBLIC_READS, SESSION_CAPABILITY, route_requirements

__all__ = ["PAGE", "api_reference", "main"]

PAGE = "docs/reference/api.md"
"""Where the page is kept, from the repository's root."""

METHODS = ("get", "post", "put", "patch", "delete")
INTRO = (
    "Generated from the OpenAPI schema of `peakzero.api.create_app()` by "
    "`python -m peakzero.api.reference` (`make docs`); do not edit by hand. Every page of the "
    "platform has its JSON twin here (the pages themselves are not listed). A request is a "
    "visitor's, a browser session's (cookie; its writes carry the `X-CSRF-Token` header) or an "
    "API token's (`Authorization: Bearer …`). **Needs** is the capability — a resource of "
    "`data/platform/policy.csv` — and action the route's access hook asks the policy about, "
    "with the roles it grants them to and their scope; anyone else gets 401 (a visitor) or 404 "
    "(a signed-in user: outside one's role or scope is indistinguishable from absent). Errors "
    "are problem JSON (RFC 9457, the `Problem` model); 422 names each field. The schema itself "
    "is served at `/openapi.json`."
)


def api_reference(schema: dict[str, Any] | None = None) -> str:
    """The Markdown reference page of ``schema`` (default: a fresh app's)."""
    if schema is None:
        schema, needs = _app_schema()
    else:
        needs = {}
    lines = [f"# {schema['info']['title']} — API reference", "", INTRO, ""]
    operations = [
        (path, method, item[method])
        for path, item in schema.get("paths", {}).items()
        for method in METHODS
        if method in item
    ]
    components = schema.get("components", {}).get("schemas", {})
    tags = sorted({_tag(op) for _, _, op in operations})
    lines += ["## Contents", ""]
    for tag in tags:
        listed = [f"`{m.upper()} {p}`" for p, m, op in operations if _tag(op) == tag]
        lines.append(f"- **{tag}**: {', '.join(listed)}")
    for tag in tags:
        lines += ["", f"## {tag}"]
        for path, method, operation in operations:
            if _tag(operation) == tag:
                hooks = needs.get((method.upper(), path), [])
                lines += _operation(path, method, operation, hooks, components)
    lines += _models(schema, operations)
    return "\n".join(lines).rstrip() + "\n"


def _app_schema() -> tuple[dict[str, Any], dict[tuple[str, str], list[tuple[str, str]]]]:
    """A fresh app's schema and access hooks (its data folder a temporary one: creating the app
    writes a secret key there)."""
    from peakzero.api import create_app
    from peakzero.settings import Settings

    with tempfile.TemporaryDirectory() as folder:
        app = create_app(Settings(data_dir=Path(folder)))
        hooks = {
            key: [(c, str(a)) for c, a in found] for key, found in route_requirements(app).items()
        }
        return app.openapi(), hooks


def _tag(operation: dict[str, Any]) -> str:
    return str((operation.get("tags") or ["other"])[0])


def _operation(
    path: str,
    method: str,
    operation: dict[str, Any],
    hooks: list[tuple[str, str]],
    components: dict[str, Any],
) -> list[str]:
    lines = ["", f"### `{method.upper()} {path}`", "", operation.get("summary", "").strip() or "—"]
    if description := (operation.get("description") or "").strip():
        lines += ["", description]
    lines += ["", "**Needs**: " + ("; ".join(_needs(c, a) for c, a in hooks) or "nothing")]
    parameters = operation.get("parameters", [])
    if parameters:
        lines += ["", "**Parameters**", "", "| name | in | type | required | description |"]
        lines.append("|---|---|---|---|---|")
        for p in parameters:
            schema = p.get("schema", {})
            text = p.get("description") or schema.get("description", "")
            lines.append(
                f"| `{p['name']}` | {p['in']} | {_type(schema)}{_default(schema)} "
                f"| {'yes' if p.get('required') else 'no'} | {_cell(text)} |"
            )
    if body := operation.get("requestBody"):
        for media, content in body.get("content", {}).items():
            shape = content.get("schema", {})
            lines += ["", f"**Request body** (`{media}`): {_type(shape)}"]
            if (name := _ref_name(shape)) is not None and name in components:
                lines += ["", *_fields(components[name])]
    lines += ["", "**Answers**", "", "| status | meaning | body |", "|---|---|---|"]
    for status, answer in sorted(operation.get("responses", {}).items()):
        bodies = [
            f"`{m}` {_type(c.get('schema', {}))}" for m, c in answer.get("content", {}).items()
        ]
        lines.append(f"| {status} | {_cell(answer.get('description', ''))} | {', '.join(bodies)} |")
    return lines


def _needs(capability: str, action: str) -> str:
    """The capability, action and who holds them, from the policy (public reads and one's own
    session are the access hook's, not the table's)."""
    head = f"`{capability}` {action}"
    if action == "read" and capability in PUBLIC_READS:
        return f"{head} — anyone, signed in or not (public)"
    if capability == SESSION_CAPABILITY:
        return f"{head} — any signed-in user (one's own account and session)"
    held = [
        f"{role} ({'+'.join(sorted(scopes))})"
        for role in Role
        if (scopes := grants(role, capability, action))
    ]
    what = RESOURCES.get(capability, "")
    return f"{head} — {what}; granted to {', '.join(held) or 'no role'}"


def _ref_name(schema: dict[str, Any]) -> str | None:
    ref = schema.get("$ref")
    return None if ref is None else str(ref).rsplit("/", 1)[-1]


def _type(schema: dict[str, Any]) -> str:
    """A schema in a few words: a model's name links to its section below."""
    if (name := _ref_name(schema)) is not None:
        return f"[`{name}`](#{name.lower()})"
    if "enum" in schema:
        return "one of " + ", ".join(f"`{v}`" for v in schema["enum"])
    if "const" in schema:
        return f"`{schema['const']}`"
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return " or ".join(_type(s) for s in schema[key])
    kind = schema.get("type", "any")
    if kind == "array":
        return f"list of {_type(schema.get('items', {}))}"
    if kind == "object" and "additionalProperties" in schema:
        extra = schema["additionalProperties"]
        return f"map of {_type(extra) if isinstance(extra, dict) else 'any'}"
    if fmt := schema.get("format"):
        return f"{kind} ({fmt})"
    return str(kind)


def _default(schema: dict[str, Any]) -> str:
    return f" (default `{json.dumps(schema['default'])}`)" if "default" in schema else ""


def _cell(text: str) -> str:
    """Text fit for a table cell (one line, no column breaks)."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _models(schema: dict[str, Any], operations: Iterable[tuple[str, str, Any]]) -> list[str]:
    """Every model the operations name (and the models those name), field by field."""
    components = schema.get("components", {}).get("schemas", {})
    lines = ["", "## Models"]
    for name in sorted(_refs([op for _, _, op in operations], components)):
        model = components[name]
        lines += ["", f"### {name}", ""]
        if description := (model.get("description") or "").strip():
            lines += [_cell(description), ""]
        lines += _fields(model)
    return lines


def _fields(model: dict[str, Any]) -> list[str]:
    """A model's fields as a table (a model without fields: its type)."""
    fields = model.get("properties", {})
    if not fields:
        return [_type(model)]
    required = set(model.get("required", []))
    lines = ["| field | type | required | description |", "|---|---|---|---|"]
    for field, spec in fields.items():
        lines.append(
            f"| `{field}` | {_type(spec)}{_default(spec)} "
            f"| {'yes' if field in required else 'no'} | {_cell(spec.get('description', ''))} |"
        )
    return lines


def _refs(found: Any, components: dict[str, Any], seen: set[str] | None = None) -> set[str]:
    """The names of the models ``found`` refers to, followed through the models themselves."""
    seen = set() if seen is None else seen
    if isinstance(found, dict):
        name = _ref_name(found)
        if name is not None and name not in seen and name in components:
            seen.add(name)
            _refs(components[name], components, seen)
        for value in found.values():
            _refs(value, components, seen)
    elif isinstance(found, list):
        for value in found:
            _refs(value, components, seen)
    return seen


def main() -> None:
    """Write :data:`PAGE` under the current folder (the repository's root)."""
    Path(PAGE).write_text(api_reference(), encoding="utf-8")
    sys.stdout.write(f"wrote {PAGE}\n")


if __name__ == "__main__":
    main()
