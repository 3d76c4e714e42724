"""The report's monitoring section: on a user's small proxy table and on Beijing's inputs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from peakzero.monitoring.mapping import anchor
from peakzero.report.html import Report
from peakzero.report.monitoring_section import (
    MISSING,
    add_monitoring_section,
    annual_frame,
    missing_frame,
)
from peakzero.studies.monitoring import inputs_from_proxies
from peakzero.studies.monitoring.facts import beijing_monitoring_facts


def _inputs() -> object:
    """Road traffic 1 in 2019, 1.1 in 2020 and 1.2 until 30 June 2021; aviation only in 2020."""
    days = pd.date_range("2019-01-01", "2021-06-30", freq="D")
    road = pd.DataFrame(
        {
            "region": "CN-BJ",
            "period": days.strftime("%Y-%m-%d"),
            "sector": "II.1",
            "proxy": "traffic_index",
            "value": np.select([days.year == 2019, days.year == 2020], [1.0, 1.1], 1.2),
            "unit": "1",
        }
    )
    months = pd.period_range("2020-01", "2020-12", freq="M").strftime("%Y-%m")
    air = pd.DataFrame(
        {
            "region": "CN-BJ",
            "period": months,
            "sector": "II.4",
            "proxy": "passengers",
            "value": 1e6,
            "unit": "1",
        }
    )
    return inputs_from_proxies(pd.concat([road, air]), "CN-BJ", source="test proxies")


def test_annual_table_marks_missing_years_and_the_reason() -> None:
    facts = beijing_monitoring_facts(exports=(), inputs=_inputs())  # type: ignore[arg-type]
    table = annual_frame(facts).set_index("sector (kt CO2)")
    base = anchor(year=2019)
    a_road = float(base.loc[base["sector"].eq("II.1"), "value"].iloc[0]) * 1000.0
    # E(2020) = A(2019) × 1.1 × 366/365 (each day of 2020 is 1.1/365 of 2019's proxy sum).
    assert facts.annual.loc["II.1", 2020] == pytest.approx(a_road * 1.1 * 366 / 365)
    # A year still running is summed to date, and its column says so.
    assert table.loc["II.1", "2021 to 06-30"] == round(a_road * 1.2 * 181 / 365)
    assert table.loc["II.4", "2020"] == MISSING  # no 2019 passengers: no base year
    reasons = missing_frame(facts).set_index("sector")
    assert "whole base year 2019" in str(reasons.loc["II.4", "reason"])


def test_section_renders_yoy_nowcast_and_shape_comparison() -> None:
    facts = beijing_monitoring_facts(exports=(), inputs=_inputs())  # type: ignore[arg-type]
    assert facts.yoy_month == "2021-06"
    assert facts.yoy is not None and facts.yoy.total is not None
    assert abs(facts.yoy.total.change - (1.2 / 1.1 - 1)) < 1e-9
    assert facts.nowcast is not None and facts.nowcast.year == 2021
    report = Report("t", "t")
    add_monitoring_section(report, facts)
    page = report.render("0")
    assert "Near-real-time monitoring" in page
    assert "Year-on-year, 2021-06" in page and "Nowcast of 2021 through 2021-06-30" in page
    assert "shapes only" in page  # no raw export given: correlations only
    assert any("vs Carbon Monitor Cities" in line for line in facts.summary())


def test_beijing_section_shows_missing_with_reasons() -> None:
    facts = beijing_monitoring_facts(exports=())
    table = annual_frame(facts)
    assert (table == MISSING).any().any()
    assert missing_frame(facts)["reason"].str.len().gt(0).all()
    report = Report("t", "t")
    add_monitoring_section(report, facts)
    assert "Missing sector-years and why" in report.render("0")
