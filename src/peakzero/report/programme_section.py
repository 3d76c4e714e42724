"""The programme part of a report: each task's status and the tasks that move the most CO2
(figures from :mod:`peakzero.studies.programme`)."""

from __future__ import annotations

import pandas as pd

from peakzero.programme.evaluation import Evaluation
from peakzero.programme.impacts import IMPACT_BOUNDARY
from peakzero.report.charts import bar_chart
from peakzero.report.html import Report
from peakzero.studies.programme import co2_by_task

__all__ = ["add_programme_section"]

TOP_TASKS = 10
"""How many tasks the chart shows."""
SHOWN_MT = 0.01
"""Tasks moving less CO2 than this (Mt in 2030) are left out of the chart."""


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
    top = co2_by_task(evaluation, SHOWN_MT)
    if len(top):
        section.figure(
            bar_chart(top.sort_values(ascending=False).head(TOP_TASKS), "Mt CO2 in 2030"),
            "减排贡献最大的任务（2030年，达峰方案情景） · Top tasks by CO2 moved in 2030 "
            "(plan scenario; assessment boundary: scope 1 energy CO2 + net imported electricity × "
            "average grid factor)",
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
    section.table(
        rows,
        f"评估日期 · as of {evaluation.as_of.isoformat()}; scenario {evaluation.scenario} vs "
        f"{evaluation.reference}; rules version {evaluation.rules.get('version')}; spread over "
        f"{evaluation.ensemble['runs']} Monte Carlo draws; CO2 on the territorial boundary "
        f"({IMPACT_BOUNDARY})",
    )
