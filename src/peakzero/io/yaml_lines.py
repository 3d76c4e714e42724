"""YAML with line numbers: the data, the line of each key path, and the defects safe_load hides.

User files (scenarios, programmes) are validated by key path (``levers.nev_share.values.2030``);
this module gives each key path its line, so that messages can point at it, and reports keys
given twice in one mapping (``yaml.safe_load`` silently keeps the last one). A scalar that looks
like a date but is none (``2024-13-31``) stays text, for the caller to report with its key path,
instead of failing the whole parse.
"""

from __future__ import annotations

import yaml

from peakzero.errors import Problem

__all__ = ["read_yaml"]


def _timestamp(loader: yaml.SafeLoader | yaml.CSafeLoader, node: yaml.ScalarNode) -> object:
    """A date, or the text of one that looks like a date but is none (e.g. month 13)."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        return str(node.value)


class _Loader(yaml.SafeLoader):
    """The safe loader, with impossible dates kept as text."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)

# libyaml's parser, when PyYAML was built with it: the same node tree (tags resolved by the same
# Python resolver, scalars as text, line marks) several times faster, which matters for the
# explorer's recompute (each request reads a user scenario). Only a document it accepts is read
# with it: a faulty one is read again by :class:`_Loader`, whose messages are the documented ones.
_FAST: type[yaml.CSafeLoader] | None = None
if yaml.__with_libyaml__:

    class _FastLoader(yaml.CSafeLoader):
        """libyaml's safe loader, with impossible dates kept as text."""

    _FastLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
    _FAST = _FastLoader


def read_yaml(text: str, file: str) -> tuple[object, dict[str, int], list[Problem]]:
    """The document, the line of each key path, and syntax or duplicate-key problems."""
    # One parse: compose the node tree (it carries line numbers), then construct from it.
    if _FAST is not None:
        fast = _FAST(text)
        try:
            node = fast.get_single_node()
            data = None if node is None else fast.construct_document(node)
        except yaml.YAMLError:
            pass  # read again below, for the message
        else:
            return _lines(data, node, file)
        finally:
            fast.dispose()
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = None if node is None else loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = "; ".join(str(part) for part in (exc.context, exc.problem) if part)
        line = None if mark is None else mark.line + 1
        return None, {}, [Problem(file, f"not valid YAML: {reason}", line=line)]
    except yaml.YAMLError as exc:
        return None, {}, [Problem(file, f"not valid YAML: {exc}")]
    finally:
        loader.dispose()
    return _lines(data, node, file)


def _lines(
    data: object, node: yaml.Node | None, file: str
) -> tuple[object, dict[str, int], list[Problem]]:
    lines: dict[str, int] = {}
    problems: list[Problem] = []
    if node is not None:
        _walk(node, "", lines, problems, file)
    return data, lines, problems


def _walk(
    node: yaml.Node, prefix: str, lines: dict[str, int], problems: list[Problem], file: str
) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            path = f"{prefix}.{key}" if prefix else key
            line = key_node.start_mark.line + 1
            if key in seen:
                msg = "this key is given twice in the same mapping"
                problems.append(Problem(file, msg, line=line, column=path))
            seen.add(key)
            lines.setdefault(path, line)
            _walk(value_node, path, lines, problems, file)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            path = f"{prefix}.{index}"
            lines[path] = item.start_mark.line + 1
            _walk(item, path, lines, problems, file)
