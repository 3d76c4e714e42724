"""Programme study: tasks ranked by the CO2 they move."""

from datetime import date

from peakzero.programme.default import load_programme
from peakzero.programme.evaluation import evaluate
from peakzero.studies.programme import co2_by_task, tasks_by_co2


def test_tasks_are_ranked_by_co2_moved_largest_first() -> None:
    evaluation = evaluate(load_programme(), date(2026, 6, 30), runs=0)
    ranked = tasks_by_co2(evaluation)
    moved = [t.co2_2030_mt for t in ranked if t.co2_2030_mt is not None]
    assert len(moved) == len(ranked) > 0 and all(m > 0 for m in moved)
    assert moved == sorted(moved, reverse=True)
    assert all((t.co2_2030_mt or 0.0) > 1.0 for t in tasks_by_co2(evaluation, 1.0))
    known = [t for t in evaluation.tasks if t.co2_2030_mt is not None and t.co2_2030_mt > 0]
    assert len(ranked) == len(known)


def test_co2_by_task_keeps_the_programme_order() -> None:
    evaluation = evaluate(load_programme(), date(2026, 6, 30), runs=0)
    series = co2_by_task(evaluation, 0.01)
    order = [t.task for t in evaluation.tasks]
    assert list(series.index) == sorted(series.index, key=order.index)
    assert set(series.index) == {t.task for t in tasks_by_co2(evaluation, 0.01)}
