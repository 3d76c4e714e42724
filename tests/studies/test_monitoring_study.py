"""The monitoring study on a user's small proxy table (hand-computed) and on Beijing's inputs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from peakzero.errors import InputError
from peakzero.monitoring.mapping import anchor
from peakzero.studies.monitoring import (
    beijing_inputs,
    comparison_study,
    inputs_from_proxies,
    monitored_series,
    nowcast_study,
    quality_study,
    reconcile_study,
    yoy_study,
)


def _traffic(level_2020: float = 2.0) -> pd.DataFrame:
    """Road traffic index of Beijing: 1 every day of 2019, ``level_2020`` in 2020 H1."""
    days = pd.date_range("2019-01-01", "2020-06-30", freq="D")
    value = np.where(days.year == 2019, 1.0, level_2020)
    return pd.DataFrame(
        {
            "region": "CN-BJ",
            "period": days.strftime("%Y-%m-%d"),
            "sector": "II.1",
            "proxy": "traffic_index",
            "value": value,
            "unit": "dimensionless",
        }
    )


def _a_road_kt() -> float:
    base = anchor(year=2019)
    return float(base.loc[base["sector"].eq("II.1"), "value"].iloc[0]) * 1000.0


def test_series_from_proxies_is_anchor_times_proxy_over_base_year() -> None:
    inputs = inputs_from_proxies(_traffic(), "CN-BJ", source="test.csv")
    assert inputs.base_year == 2019
    series = monitored_series(inputs, "2020-01-01", "2020-01-31")
    a = _a_road_kt()
    # E(d) = A(2019) × P(d) / P(2019) = A × 2 / 365 per day; January: 31 days.
    assert series.daily["value"].to_numpy() == pytest.approx(np.full(31, a * 2 / 365))
    jan = series.monthly.set_index("period").loc["2020-01"]
    assert jan["value"] == pytest.approx(31 * a * 2 / 365)
    assert jan["low"] < jan["value"] < jan["high"]
    assert series.monthly_total["value"].iloc[0] == pytest.approx(jan["value"])
    assert series.describe()["base_inventory"] == "CEADs 2019"


def test_yoy_of_a_month_doubles() -> None:
    inputs = inputs_from_proxies(_traffic(), "CN-BJ")
    study = yoy_study(inputs, "2020-01")
    assert study.total is not None
    assert study.total.change == pytest.approx(1.0)
    assert study.sectors == ("II.1",)


def test_nowcast_uses_the_base_year_share() -> None:
    inputs = inputs_from_proxies(_traffic(), "CN-BJ")
    study = nowcast_study(inputs, 2020, through="2020-06-30")
    a = _a_road_kt()
    ytd = 182 * a * 2 / 365  # 1 Jan … 30 Jun 2020: 182 days (leap year)
    share = 181 / 365  # the same dates of 2019
    assert study.total["estimate"] == pytest.approx(ytd / share)
    assert study.sectors == ("II.1",)


def test_proxies_without_the_base_year_are_missing_with_the_reason() -> None:
    late = _traffic()
    late = late[late["period"] >= "2019-03-01"]
    inputs = inputs_from_proxies(late, "CN-BJ")
    assert inputs.daily["value"].isna().all()
    assert "whole base year" in inputs.missing["reason"].iloc[0]


def test_other_region_is_refused_by_name() -> None:
    with pytest.raises(InputError, match="CN-SH"):
        inputs_from_proxies(_traffic(), "CN-SH")


def test_quality_passes_a_clean_table() -> None:
    assert quality_study(_traffic()).passed


def test_reconcile_rescales_to_the_inventory() -> None:
    days = pd.date_range("2019-01-01", "2020-12-31", freq="D")
    proxies = _traffic().iloc[:0]
    proxies = pd.DataFrame(
        {
            "region": "CN-BJ",
            "period": days.strftime("%Y-%m-%d"),
            "sector": "II.1",
            "proxy": "traffic_index",
            "value": 1.0,
            "unit": "dimensionless",
        }
    )
    inputs = inputs_from_proxies(proxies, "CN-BJ")
    a = _a_road_kt()
    inventory = pd.DataFrame(
        {"region": ["CN-BJ"], "sector": ["II.1"], "year": [2020], "value": [a / 1000 * 1.1]}
    )
    study = reconcile_study(inputs, 2020, inventory, name="test")
    assert study.reconciled["value"].sum() == pytest.approx(a * 1.1)
    year_row = study.revisions[study.revisions["period"].eq("2020")]
    assert year_row["change_pct"].iloc[0] == pytest.approx(100 * (1.1 / (366 / 365) - 1))


def test_beijing_inputs_show_missing_years_and_shape_correlations() -> None:
    inputs = beijing_inputs()
    assert inputs.base_inventory == "CEADs"
    assert not inputs.missing.empty
    assert inputs.missing["reason"].str.len().gt(0).all()
    study = comparison_study(inputs)
    assert not study.levels
    assert study.annual.empty
    assert "Ground Transport" in study.by_construction
