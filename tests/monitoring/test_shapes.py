"""Spreading monthly proxies over days: working days, heating degree days, Carbon Monitor."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from peakzero.errors import InputError
from peakzero.monitoring.beijing import beijing_cm_shapes
from peakzero.monitoring.method import monthly
from peakzero.monitoring.shapes import (
    calendar_weights,
    carbon_monitor_shape,
    hdd,
    hdd_weights,
    heating_season,
    spread_monthly,
    working_day_weights,
)

WEATHER = (
    Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "monitoring"
) / "beijing_weather_2021_2025.csv"
JAN_2025 = pd.date_range("2025-01-01", "2025-01-31", freq="D")


def _month(period: str, value: float, sector: str = "I.3") -> pd.DataFrame:
    return pd.DataFrame(
        {"region": ["CN-BJ"], "sector": [sector], "period": [period], "value": [value]}
    )


def test_january_2025_working_days_with_the_spring_festival() -> None:
    weights = working_day_weights(JAN_2025)
    # New Year (1st), weekends, Spring Festival from the 28th; Sunday the 26th is a 调休 workday.
    assert weights.sum() == 19
    assert weights["2025-01-26"] == 1.0
    assert weights[["2025-01-01", "2025-01-28", "2025-01-31"]].eq(0.0).all()
    daily = spread_monthly(_month("2025-01", 190.0), weights)
    values = daily.set_index("date")["value"]
    assert len(values) == 31
    assert values["2025-01-02"] == pytest.approx(10.0)
    assert values["2025-01-29"] == 0.0
    assert values.sum() == pytest.approx(190.0, abs=1e-12)


def test_rest_days_can_keep_a_share() -> None:
    weights = working_day_weights(JAN_2025, off_day=0.5)
    daily = spread_monthly(_month("2025-01", 25.0), weights)["value"]
    # 19 working days × 1 + 12 rest days × 0.5 = 25 weight units
    assert sorted(set(daily.round(12))) == [0.5, 1.0]


def test_unknown_year_is_an_error() -> None:
    with pytest.raises(InputError, match="2004–2026"):
        working_day_weights(pd.date_range("2027-01-01", periods=3))


def test_hdd_spreading_in_and_out_of_the_heating_season() -> None:
    days = pd.date_range("2024-03-13", "2024-03-18", freq="D")
    temperature = pd.DataFrame(
        {"date": days, "high": [10, 12, 20, 8, 4, 30], "low": [0, 4, 6, 0, 0, 10]}
    )
    degree_days = hdd(temperature)
    assert degree_days.tolist() == [13.0, 10.0, 5.0, 14.0, 16.0, 0.0]
    assert hdd(temperature.assign(tmean=15.0), base=16.0).tolist() == [1.0] * 6
    weights = hdd_weights(temperature, base_load=0.0)
    assert weights.tolist() == [13.0, 10.0, 5.0, 0.0, 0.0, 0.0]  # season ends on March 15
    assert hdd_weights(temperature, base_load=1.0, season=None).tolist() == [
        14.0,
        11.0,
        6.0,
        15.0,
        17.0,
        1.0,
    ]
    march = pd.date_range("2024-03-01", "2024-03-31", freq="D")
    cold = pd.DataFrame({"date": march, "tmean": np.where(march.day <= 15, 8.0, 3.0)})
    daily = spread_monthly(_month("2024-03", 300.0, "I.1"), hdd_weights(cold, base_load=0.0))
    values = daily.set_index("date")["value"]
    assert values["2024-03-01"] == pytest.approx(20.0)  # 300 × 10 / (15 × 10)
    assert values["2024-03-16"] == 0.0
    assert values.sum() == pytest.approx(300.0)


def test_a_month_without_weight_falls_back_to_equal_days() -> None:
    july = pd.DataFrame({"date": pd.date_range("2024-07-01", periods=31), "tmean": 28.0})
    daily = spread_monthly(_month("2024-07", 31.0, "I.1"), hdd_weights(july, base_load=0.0))
    assert daily["value"].tolist() == pytest.approx([1.0] * 31)


def test_default_base_load_is_the_dossier_fit() -> None:
    days = pd.DataFrame({"date": pd.date_range("2024-07-01", periods=2), "tmean": [28.0, 10.0]})
    assert hdd_weights(days).tolist() == pytest.approx([17.20 / 1.401] * 2)  # July: no heating
    january = days.assign(date=pd.date_range("2024-01-01", periods=2))
    assert hdd_weights(january).tolist() == pytest.approx([17.20 / 1.401, 17.20 / 1.401 + 8.0])


def test_heating_season_bounds() -> None:
    days = pd.to_datetime(["2024-11-14", "2024-11-15", "2025-03-15", "2025-03-16", "2025-01-10"])
    assert heating_season(days).tolist() == [False, True, True, False, True]


def test_spread_by_sector_shapes_and_bad_input() -> None:
    days = pd.date_range("2024-02-01", "2024-02-29", freq="D")
    weights = pd.concat(
        [
            pd.DataFrame({"date": days, "sector": "I.3", "value": 1.0}),
            pd.DataFrame({"date": days, "sector": "II.1", "value": np.arange(1.0, 30.0)}),
        ]
    )
    months = pd.concat([_month("2024-02", 29.0), _month("2024-02", 435.0, "II.1")])
    daily = spread_monthly(months, weights)
    assert len(daily) == 58
    assert daily.groupby("sector")["value"].sum().to_dict() == pytest.approx(
        {"I.3": 29.0, "II.1": 435.0}
    )
    assert daily[daily["sector"].eq("II.1")]["value"].iloc[-1] == pytest.approx(29.0)
    with pytest.raises(InputError, match="2024-03-01"):
        spread_monthly(_month("2024-03", 1.0), calendar_weights(days))
    with pytest.raises(InputError, match="two weights for one day"):
        spread_monthly(_month("2024-02", 1.0), pd.concat([calendar_weights(days)] * 2))
    with pytest.raises(InputError, match="YYYY-MM"):
        spread_monthly(_month("2024-13", 1.0), calendar_weights(days))


def test_carbon_monitor_series_gives_shares_not_levels() -> None:
    days = pd.date_range("2021-01-01", "2022-12-31", freq="D")
    series = pd.DataFrame({"date": days, "sector": "Residential", "value": 500.0 + days.day})
    shape = carbon_monitor_shape(series, "CN-BJ")
    assert set(shape["sector"]) == {"I.1", "I.2"}
    sums = shape.groupby(["sector", shape["date"].dt.year])["value"].sum()
    assert sums.tolist() == pytest.approx([1.0] * 4)
    monthly = carbon_monitor_shape(series, "CN-BJ", by="month")
    assert monthly.groupby(["sector", monthly["date"].dt.strftime("%Y-%m")])[
        "value"
    ].sum().tolist() == pytest.approx([1.0] * 48)
    with pytest.raises(InputError):
        carbon_monitor_shape(series, "CN-BJ", by="week")


@pytest.mark.skipif(not WEATHER.is_file(), reason="weather file not at ../shared/data/monitoring")
def test_hdd_shape_follows_carbon_monitor_residential() -> None:
    """Spread CM's monthly residential sums by HDD18: the days follow CM's daily series."""
    raw = pd.read_csv(WEATHER, encoding="utf-8-sig")
    temperature = pd.DataFrame(
        {"date": raw["date"], "high": raw["highest_temp"], "low": raw["lowest_temp"]}
    )
    shapes = beijing_cm_shapes()
    residential = shapes[shapes["sector"].eq("Residential")].rename(columns={"share": "value"})
    residential = residential.assign(sector="I.1")[["date", "region", "sector", "value"]]
    daily = spread_monthly(monthly(residential), hdd_weights(temperature))
    spread = daily.set_index("date")["value"]
    actual = residential.set_index("date")["value"].reindex(spread.index)
    assert np.corrcoef(spread, actual)[0, 1] == pytest.approx(0.937, abs=0.02)
    assert float((spread - actual).abs().sum() / actual.sum()) < 0.12
    cold_only = spread_monthly(monthly(residential), hdd_weights(temperature, base_load=0.0))
    assert np.corrcoef(cold_only["value"], actual)[0, 1] < 0.8  # why the base load matters
