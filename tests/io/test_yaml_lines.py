"""YAML with line numbers (``peakzero.io.yaml_lines``)."""

from datetime import date

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
