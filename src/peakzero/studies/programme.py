"""Programme figures: the default programme's evaluation and the CO2 its tasks move."""

from __future__ import annotations

from datetime import date

import pandas as pd

from peakzero.programme.default import load_programme
from peakzero.programme.evaluation import Evaluation, TaskEvaluation, evaluate

__all__ = ["co2_by_task", "programme_evaluation", "tasks_by_co2"]


def programme_evaluation(as_of: date) -> Evaluation:
    """The default Beijing programme evaluated on ``as_of`` against the plan scenario."""
    return evaluate(load_programme(), as_of)


def _moving(evaluation: Evaluation, above: float) -> list[TaskEvaluation]:
    """The tasks whose 2030 impact is known and above ``above`` Mt CO2, in programme order."""
    return [t for t in evaluation.tasks if t.co2_2030_mt is not None and t.co2_2030_mt > above]


def tasks_by_co2(evaluation: Evaluation, above: float = 0.0) -> list[TaskEvaluation]:
    """The tasks whose 2030 impact is known and above ``above`` Mt CO2, largest first (ties
    keep the programme's order)."""
    return sorted(_moving(evaluation, above), key=lambda t: t.co2_2030_mt or 0.0, reverse=True)


def co2_by_task(evaluation: Evaluation, above: float = 0.0) -> pd.Series:
    """The same tasks' 2030 impacts (Mt CO2) indexed by task, in programme order: a chart
    orders them as it shows them."""
    return pd.Series({t.task: t.co2_2030_mt for t in _moving(evaluation, above)}, dtype=float)
