"""Progress records in a programme file: milestone acceptance, the measures of a task, dated KPI
actuals and readiness levels — read from YAML, checked across entities, placed at their line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from peakzero.errors import InputError, Problem
from peakzero.programme import load_programme

PROGRESS = """\
programme: {code: test, name_zh: 测试, name_en: Test, start: 2023-01-01, end: 2030-12-31}
areas:
  - {code: a1, name_zh: 甲, name_en: Area one}
tasks:
  - code: t1
    area: a1
    name_zh: 任务一
    name_en: Task one
    kind: technology
    information: unverified
    kpis:
      - {code: t1.nev, name_zh: 纯电占比, name_en: BEV share, unit: "%", lever: nev_share,
         baseline: 10, baseline_year: 2020, target_2030: 60}
    milestones:
      - {code: t1.m1, planned: 2025-06-30, kpi: t1.nev, kpi_target: 30, accepted: 2025-07-15}
measures:
  - {code: m1, name_zh: 措施, name_en: Measure}
task_measures:
  - {task: t1, measure: m1}
kpi_actuals:
  - {kpi: t1.nev, measured: 2025-12-31, value: 33.5, source: 统计公报}
  - {kpi: t1.nev, measured: 2024-12-31, value: 21}
readiness:
  - {task: t1, assessed: 2024-06-01, trl: 6}
  - {task: t1, assessed: 2023-03-01, trl: 4, source: expert panel}
"""


def problems_of(tmp_path: Path, text: str) -> tuple[Problem, ...]:
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_programme(path)
    return caught.value.problems


def test_progress_sections_load_and_sort_by_date(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(PROGRESS, encoding="utf-8")
    p = load_programme(path)
    assert p.milestones[0].accepted == date(2025, 7, 15)
    assert p.measures_of("t1") == ("m1",)
    assert [(a.measured.year, a.value) for a in p.actuals_of("t1.nev")] == [
        (2024, 21),
        (2025, 33.5),
    ]
    assert p.actuals_of("t1.nev")[1].source == "统计公报"
    assert [(r.assessed.year, r.trl) for r in p.readiness_of("t1")] == [(2023, 4), (2024, 6)]


@pytest.mark.parametrize(
    ("old", "new", "column", "value"),
    [
        ("{task: t1, measure: m1}", "{task: t1, measure: m9}", "task_measures.0.measure", "m9"),
        ("{task: t1, measure: m1}", "{task: t9, measure: m1}", "task_measures.0.task", "t9"),
        (
            "{kpi: t1.nev, measured: 2024",
            "{kpi: t1.xx, measured: 2024",
            "kpi_actuals.1.kpi",
            "t1.xx",
        ),
        ("value: 21}", "value: lots}", "kpi_actuals.1.value", "lots"),
        ("measured: 2024-12-31", "measured: 2024-13-31", "kpi_actuals.1.measured", "2024-13-31"),
        ("trl: 6}", "trl: 10}", "readiness.0.trl", 10),
        ("trl: 6}", "trl: 6.5}", "readiness.0.trl", 6.5),
        ("{task: t1, assessed: 2024", "{task: t2, assessed: 2024", "readiness.0.task", "t2"),
        (
            "accepted: 2025-07-15",
            "accepted: 2022-07-15",
            "tasks.0.milestones.0.accepted",
            "2022-07-15",
        ),
    ],
)
def test_each_bad_progress_record_is_placed(
    tmp_path: Path, old: str, new: str, column: str, value: object
) -> None:
    text = PROGRESS.replace(old, new)
    assert text != PROGRESS
    (problem,) = problems_of(tmp_path, text)
    assert (problem.column, problem.value) == (column, value)
    assert problem.line is not None
    assert new.split(":")[0].strip("{ ") in text.splitlines()[problem.line - 1]


def test_a_duplicate_actual_names_the_first(tmp_path: Path) -> None:
    text = PROGRESS.replace("measured: 2024-12-31", "measured: 2025-12-31")
    (problem,) = problems_of(tmp_path, text)
    assert problem.column == "kpi_actuals.1.measured"
    assert "first given at kpi_actuals.0" in problem.message
