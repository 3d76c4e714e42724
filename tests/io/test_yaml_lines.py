"""YAML with line numbers (``peakzero.io.yaml_lines``)."""

from datetime import date

import pytest

from peakzero.io import yaml_lines
from peakzero.io.yaml_lines import read_yaml


def test_lines_of_key_paths_and_duplicate_keys() -> None:
    data, lines, problems = read_yaml("a:\n  b: 1\n  b: 2\nc: [x, y]\n", "f.yaml")
    assert data == {"a": {"b": 2}, "c": ["x", "y"]}
    assert (lines["a.b"], lines["c"]) == (2, 4)
    (problem,) = problems
    assert (problem.line, problem.column) == (3, "a.b")


def test_a_real_date_is_a_date_and_an_impossible_one_stays_text() -> None:
    data, _, problems = read_yaml("ok: 2024-02-29\nbad: 2024-13-31\n", "f.yaml")
    assert problems == []
    assert data == {"ok": date(2024, 2, 29), "bad": "2024-13-31"}


def test_syntax_error_has_its_line() -> None:
    data, lines, problems = read_yaml("a: [1, 2\nb: 3\n", "f.yaml")
    assert data is None and lines == {}
    (problem,) = problems
    assert problem.line is not None and "not valid YAML" in problem.message


DOCUMENT = (
    "name: x\nwhen: 2024-02-29\nbad: 2024-13-31\nlevers:\n  a:\n    values: {2019: 1, 2030: 2.5}\n"
    "  a: 3\nlist:\n  - 1\n  - {k: v}\nempty:\nyes: yes\n"
)


def test_libyaml_and_the_python_parser_read_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    fast = read_yaml(DOCUMENT, "f.yaml")
    monkeypatch.setattr(yaml_lines, "_FAST", None)
    assert fast == read_yaml(DOCUMENT, "f.yaml")


def test_a_faulty_file_has_the_python_parser_s_message(monkeypatch: pytest.MonkeyPatch) -> None:
    faulty = "a: [1, 2\nb: 3\n"
    fast = read_yaml(faulty, "f.yaml")
    monkeypatch.setattr(yaml_lines, "_FAST", None)
    assert fast == read_yaml(faulty, "f.yaml")
