"""The CMCC formula on a hand-computed three-sector case (issue 13, monitoring.md §1.4)."""

from __future__ import annotations

import pandas as pd
import pytest

from peakzero.errors import InputError
from peakzero.monitoring.method import annual, annual_ratios, daily_emissions, monthly
from peakzero.monitoring.shapes import spread_monthly, working_day_weights

ANCHOR = pd.DataFrame(
    {"region": "CN-BJ", "sector": ["I.1", "II.1", "II.4"], "value": [4.0, 20.0, 21.0]}
)


def _shape(year: int) -> pd.DataFrame:
    days = pd.date_range(f"{year}-01-01", f"{year}-12-31", freq="D")
    n = len(days)
    frames = [
        pd.DataFrame({"date": days, "region": "CN-BJ", "sector": sector, "value": values})
        for sector, values in (
            ("I.1", [float(1 + (i % 7)) for i in range(n)]),
            ("II.1", [2.0] * n),
            ("II.4", [float(i + 1) for i in range(n)]),
        )
    ]
    return pd.concat(frames, ignore_index=True)


def test_three_sectors_sum_to_anchor_times_ratio() -> None:
    proxy = pd.DataFrame(
        {
            "region": "CN-BJ",
            "sector": ["I.1", "I.1", "II.1", "II.1", "II.4", "II.4"],
            "year": [2019, 2024, 2019, 2024, 2019, 2024],
            "value": [100.0, 90.0, 50.0, 40.0, 103.0, 114.0],
        }
    )
    ratios = annual_ratios(proxy, 2019)
    daily = daily_emissions(ANCHOR, ratios, _shape(2024))
    sums = annual(daily).set_index("sector")["value"]
    # kt = Mt × 1000 × P(y)/P(y0), by hand
    assert sums["I.1"] == pytest.approx(4000.0 * 0.9, abs=1e-9)
    assert sums["II.1"] == pytest.approx(20000.0 * 0.8, abs=1e-9)
    assert sums["II.4"] == pytest.approx(21000.0 * 114.0 / 103.0, abs=1e-9)
    # II.1's flat shape over 366 days of 2024: each day is the year's 1/366
    flat = daily[daily["sector"].eq("II.1")]["value"]
    assert flat.iloc[0] == pytest.approx(16000.0 / 366, abs=1e-12)
    # II.4's shape is d = 1..366: day d is 21000 × 114/103 × d / (366·367/2)
    aviation = daily[daily["sector"].eq("II.4")]["value"].to_numpy()
    assert aviation[9] == pytest.approx(21000.0 * 114 / 103 * 10 / (366 * 367 / 2), rel=1e-12)


def test_base_year_sums_to_anchor_exactly() -> None:
    ratios = pd.DataFrame(
        {"region": "CN-BJ", "sector": ["I.1", "II.1", "II.4"], "year": 2019, "ratio": 1.0}
    )
    sums = annual(daily_emissions(ANCHOR, ratios, _shape(2019))).set_index("sector")["value"]
    assert sums.to_dict() == pytest.approx({"I.1": 4000.0, "II.1": 20000.0, "II.4": 21000.0})
    assert sums.sum() == pytest.approx(45000.0, abs=1e-9)


def test_missing_ratio_gives_missing_days_not_a_level() -> None:
    ratios = pd.DataFrame({"region": "CN-BJ", "sector": ["I.1"], "year": 2024, "ratio": 0.9})
    daily = daily_emissions(ANCHOR, ratios, _shape(2024))
    assert daily[daily["sector"].eq("II.1")]["value"].isna().all()
    months = monthly(daily)
    assert months[months["sector"].eq("II.1")]["value"].isna().all()
    assert len(months[months["sector"].eq("I.1")]) == 12


def test_shares_of_a_running_year_are_not_renormalised() -> None:
    shape = _shape(2024)
    shape = shape[shape["date"].lt("2024-02-01") & shape["sector"].eq("II.1")].copy()
    shape["value"] = 1.0 / 366
    ratios = pd.DataFrame({"region": "CN-BJ", "sector": ["II.1"], "year": 2024, "ratio": 0.8})
    daily = daily_emissions(ANCHOR, ratios, shape, normalise=False)
    assert daily["value"].sum() == pytest.approx(16000.0 * 31 / 366, abs=1e-9)


def test_bad_input_is_named() -> None:
    shape = _shape(2024)
    shape.loc[0, "value"] = -1.0
    shape.loc[1, "sector"] = "I.3"
    ratios = pd.DataFrame({"region": "CN-BJ", "sector": ["I.1"], "year": 2024, "ratio": 0.9})
    with pytest.raises(InputError) as info:
        daily_emissions(ANCHOR, ratios, shape)
    text = str(info.value)
    assert "I.3" in text
    assert "negative value on 2024-01-01" in text
    proxy = pd.DataFrame({"region": "CN-BJ", "sector": ["I.1"], "year": [2024], "value": [1.0]})
    with pytest.raises(InputError, match="base year 2019"):
        annual_ratios(proxy, 2019)


def test_ambiguous_input_is_refused() -> None:
    ratios = pd.DataFrame({"region": "CN-BJ", "sector": ["I.1", "I.1"], "year": 2024, "ratio": 1.0})
    two_years = pd.concat([ANCHOR.assign(year=2018), ANCHOR.assign(year=2019)])
    shape = _shape(2024)
    with pytest.raises(InputError) as info:
        daily_emissions(two_years, ratios, pd.concat([shape, shape.head(1)]))
    text = str(info.value)
    assert "one base year only" in text
    assert "two ratios" in text
    assert "day given twice: 2024-01-01" in text


def test_monthly_proxies_end_to_end() -> None:
    """Monthly proxies → working-day days → annual ratio → daily emissions summing to A × ratio."""
    months = [f"{y}-{m:02d}" for y in (2019, 2024) for m in range(1, 13)]
    proxy = pd.DataFrame(
        {"region": "CN-BJ", "sector": "I.1", "period": months, "value": [10.0] * 12 + [12.0] * 12}
    )
    days = pd.date_range("2019-01-01", "2024-12-31", freq="D")
    daily_proxy = spread_monthly(proxy, working_day_weights(days, off_day=0.5))
    ratios = annual_ratios(annual(daily_proxy), 2019)
    assert ratios.set_index("year")["ratio"].to_dict() == pytest.approx({2019: 1.0, 2024: 1.2})
    emissions = daily_emissions(ANCHOR[ANCHOR["sector"].eq("I.1")], ratios, daily_proxy)
    sums = annual(emissions).set_index("year")["value"]
    assert sums[2019] == pytest.approx(4000.0, abs=1e-9)
    assert sums[2024] == pytest.approx(4800.0, abs=1e-9)
    by_month = monthly(emissions).set_index("period")["value"]
    assert by_month["2024-02"] == pytest.approx(400.0, abs=1e-9)  # equal months: 4800 / 12
