"""The programme part of a report: each task's status and the tasks that move the most CO2."""

from __future__ import annotations

from datetime import date

import pandas as pd

from peakzero.programme.default import load_programme
from peakzero.programme.evaluation import Evaluation, evaluate
from peakzero.report.charts import bar_chart
from peakzero.report.html import Report

__all__ = ["add_programme_section", "programme_evaluation"]


def programme_evaluation(as_of: date) -> Evaluation:
    """The default Beijing programme evaluated on ``as_of`` against the plan scenario."""
    return evaluate(load_programme(), as_of)


def add_programme_section(report: Report, evaluation: Evaluation) -> None:
    """Append the programme's status table and its top tasks by CO2 moved."""
    section = report.section("创新任务与动态评估", "Innovation programme and dynamic evaluation")
    section.text(
        "行动方案点名的任务及其关联的技术杠杆；里程碑、指标目标和经费尚未公开，"
        "因此进度类评估为“无数据”，减排影响由技术路径模型给出。",
        "The tasks the action plan names and the pathway levers they move. Milestones, KPI "
        "targets and funding are not published, so schedule and KPI status is 'no data'; the "
        "emission impact comes from the pathway engine.",
    )
    rows = pd.DataFrame(
        [
            {
                "task": t.task,
                "area": t.area,
                "status": t.status,
                "Mt CO2 in 2030": t.co2_2030_mt,
                "5-95 %": None
                if t.co2_2030_mt_low is None or t.co2_2030_mt_high is None
                else f"{t.co2_2030_mt_low:.2f}-{t.co2_2030_mt_high:.2f}",
                "levers": ", ".join(t.levers),
            }
            for t in evaluation.tasks
        ]
    )
    moved = rows.dropna(subset=["Mt CO2 in 2030"])
    top = moved[moved["Mt CO2 in 2030"] > 0.01].set_index("task")["Mt CO2 in 2030"]
    if len(top):
        section.figure(
            bar_chart(top.sort_values(ascending=False).head(10), "Mt CO2 in 2030"),
            "减排贡献最大的任务（2030年，达峰方案情景） · Top tasks by CO2 moved in 2030 "
            "(plan scenario)",
        )
    section.table(
        rows,
        f"评估日期 · as of {evaluation.as_of.isoformat()}; scenario {evaluation.scenario} vs "
        f"{evaluation.reference}; rules version {evaluation.rules.get('version')}; spread over "
        f"{evaluation.ensemble['runs']} Monte Carlo draws",
    )
