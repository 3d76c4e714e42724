"""Year-on-year on the same calendar basis: leap day, working days, Spring Festival, HDD."""

import numpy as np
import pandas as pd
import pytest
from cmc_reader import EXPORTS, NO_EXPORTS, read_export

from peakzero.errors import InputError
from peakzero.monitoring.yoy import spring_festival, spring_festival_yoy, working_days, year_on_year


def february_fixture() -> pd.DataFrame:
    """10 kt/day in 2023, 11 kt/day in 2024, and an outlying 40 kt on 29 February 2024."""
    dates = pd.date_range("2022-12-01", "2025-03-31", freq="D")
    value = np.where(dates.year == 2024, 11.0, 10.0)
    value[dates == pd.Timestamp("2024-02-29")] = 40.0
    return pd.DataFrame({"date": dates, "region": "CN-BJ", "sector": "I.1", "value": value})


def test_working_days_follow_chinas_calendar() -> None:
    # Feb 2023: 20 weekdays, no holiday (Spring Festival was 21–27 Jan). Feb 2024: 21 weekdays,
    # minus 12–16 Feb (Spring Festival holiday), plus the make-up Sundays 4 and 18 Feb = 18.
    feb23 = pd.Series(pd.date_range("2023-02-01", "2023-02-28"))
    feb24 = pd.Series(pd.date_range("2024-02-01", "2024-02-29"))
    assert working_days(feb23).sum() == 20
    assert working_days(feb24).sum() == 18
    assert working_days(pd.Series(pd.to_datetime(["2024-02-04", "2024-02-12"]))).tolist() == [
        True,
        False,
    ]
    with pytest.raises(InputError, match="chinese-calendar knows"):
        working_days(pd.Series(pd.to_datetime(["2099-01-05"])))


# Hand-checked (see docs/methods/monitoring-analysis.md, "Year-on-year"):
#   Feb 2023 = 28 × 10 = 280 kt, 20 working days.
#   Feb 2024 = 28 × 11 + 40 = 348 kt over 29 days, 18 working days (29 Feb a Thursday).
CASES = [
    ("include", "total", 348.0, 280.0, 348 / 280 - 1),  # +24.29 %
    ("exclude", "total", 308.0, 280.0, 0.10),  # 29 Feb dropped: 308 vs 280
    ("rescale", "total", 336.0, 280.0, 0.20),  # 348 × 28/29 = 336
    ("include", "per_calendar_day", 12.0, 10.0, 0.20),  # 348/29 vs 280/28
    ("include", "per_working_day", 348 / 18, 14.0, (348 / 18) / 14 - 1),  # +38.10 %
    ("exclude", "per_working_day", 308 / 17, 14.0, (308 / 17) / 14 - 1),  # +29.41 %
    ("rescale", "per_working_day", 348 / 18, 14.0, (348 / 18) / 14 - 1),  # both scaled by 28/29
]


@pytest.mark.parametrize(("leap_day", "basis", "current", "previous", "change"), CASES)
def test_february_2024_against_2023(
    leap_day: str, basis: str, current: float, previous: float, change: float
) -> None:
    result = year_on_year(february_fixture(), "2024-02", leap_day=leap_day, basis=basis)  # type: ignore[arg-type]
    assert result.current == pytest.approx(current, rel=1e-12)
    assert result.previous == pytest.approx(previous, rel=1e-12)
    assert result.change == pytest.approx(change, rel=1e-12)
    assert (result.previous_start, result.previous_end) == (
        pd.Timestamp("2023-02-01"),
        pd.Timestamp("2023-02-28"),
    )
    assert result.leap_day == leap_day and result.basis == basis
    assert f"29 February: {leap_day}" in result.statement
    assert basis.replace("_", " ") in result.statement


def test_the_three_leap_policies_give_different_answers() -> None:
    changes = {
        p: year_on_year(february_fixture(), "2024-02", leap_day=p).change
        for p in ("include", "exclude", "rescale")
    }
    assert len(set(changes.values())) == 3
    assert changes["include"] == pytest.approx(0.242857142857, rel=1e-9)


def test_leap_day_in_the_earlier_period_is_handled_too() -> None:
    result = year_on_year(february_fixture(), "2025-02", leap_day="rescale")
    assert result.previous_total == pytest.approx(336.0)
    assert result.current_total == pytest.approx(280.0)
    assert result.previous_days == pytest.approx(28.0)


def test_a_missing_leap_day_is_named_not_filled() -> None:
    daily = february_fixture()
    daily = daily[daily["date"] != pd.Timestamp("2024-02-29")]
    with pytest.raises(
        InputError, match=r"date missing from the series; .*leap_day='exclude'.*2024-02-29"
    ):
        year_on_year(daily, "2024-02", leap_day="include", source="export.xlsx")
    assert year_on_year(daily, "2024-02", leap_day="exclude").change == pytest.approx(0.10)


def test_bad_options_are_named() -> None:
    with pytest.raises(InputError) as caught:
        year_on_year(february_fixture(), "2024-02", leap_day="drop", basis="weekly")  # type: ignore[arg-type]
    assert len(caught.value.problems) == 2


def test_a_day_range_and_summed_sectors() -> None:
    daily = february_fixture()
    two = pd.concat([daily, daily.assign(sector="I.2")])
    result = year_on_year(two, "2024-01-10", "2024-01-19")
    assert result.current_total == pytest.approx(2 * 10 * 11.0)
    assert result.previous_total == pytest.approx(2 * 10 * 10.0)


def spring_fixture() -> pd.DataFrame:
    """50 kt/day, dipping for ten days around Spring Festival: to 20 in 2024, to 25 in 2023."""
    dates = pd.date_range("2022-12-01", "2024-03-31", freq="D")
    value = np.full(len(dates), 50.0)
    for year, dip in ((2024, 20.0), (2023, 25.0)):
        day = spring_festival(year)
        inside = (dates >= day - pd.Timedelta(days=3)) & (dates <= day + pd.Timedelta(days=6))
        value[inside] = dip
    return pd.DataFrame({"date": dates, "value": value})


def test_spring_festival_dates_come_from_the_packaged_table() -> None:
    assert spring_festival(2023) == pd.Timestamp("2023-01-22")
    assert spring_festival(2024) == pd.Timestamp("2024-02-10")
    assert spring_festival(2025) == pd.Timestamp("2025-01-29")
    with pytest.raises(InputError, match="not in the packaged table"):
        spring_festival(1990)


def test_spring_festival_alignment_compares_the_holidays_with_each_other() -> None:
    daily = spring_fixture()
    aligned = spring_festival_yoy(daily, 2024, days_before=7, days_after=14)
    # 22 days each: 12 × 50 + 10 × 20 = 800 against 12 × 50 + 10 × 25 = 850.
    assert aligned.current_total == pytest.approx(800.0)
    assert aligned.previous_total == pytest.approx(850.0)
    assert aligned.change == pytest.approx(800 / 850 - 1)
    assert (aligned.current_start, aligned.previous_start) == (
        pd.Timestamp("2024-02-03"),
        pd.Timestamp("2023-01-15"),
    )
    assert aligned.alignment == "spring_festival"
    assert "Spring Festival 2024-02-10 and 2023-01-22" in aligned.statement
    # On the calendar, February 2024 holds the holiday and February 2023 does not:
    # 18 × 50 + 10 × 20 = 1,100 against 28 × 50 = 1,400, a spurious −21.4 %.
    calendar = year_on_year(daily, "2024-02", leap_day="exclude")
    assert calendar.change == pytest.approx(1100 / 1400 - 1)


def test_hdd_normalisation_removes_a_cold_january() -> None:
    dates = pd.date_range("2023-01-01", "2024-12-31", freq="D")
    tmean = 12.0 - 15.0 * np.cos(2 * np.pi * (dates.dayofyear.to_numpy() - 15) / 366)
    tmean[(dates.year == 2024) & (dates.month == 1)] -= 5.0
    weather = pd.DataFrame({"date": dates, "tmean": tmean})
    value = 20.0 + 1.5 * np.maximum(0.0, 18.0 - tmean)
    daily = pd.DataFrame({"date": dates, "value": value})
    raw = year_on_year(daily, "2024-01")
    normalised = year_on_year(daily, "2024-01", weather=weather)
    assert raw.change > 0.1
    assert normalised.change == pytest.approx(0.0, abs=1e-9)
    assert (
        normalised.hdd_normalised and "HDD-normalised (base 18 °C, b = 1.5" in normalised.statement
    )


@pytest.mark.skipif(len(EXPORTS) != 2, reason=NO_EXPORTS)
def test_beijing_export_without_29_february() -> None:
    beijing = read_export("CN-BJ")
    residential = beijing[beijing["sector"] == "Residential"]
    # The export drops 2024-02-29 (dossier §2.1): "include" must say so, "exclude" compares.
    with pytest.raises(InputError, match="2024-02-29"):
        year_on_year(residential, "2024-02", leap_day="include", source="export.xlsx")
    assert year_on_year(residential, "2024-02", leap_day="exclude").change == pytest.approx(
        0.0595, abs=5e-5
    )
    # Ground transport around Spring Festival (computed here): the calendar comparison of
    # February puts the 2024 holiday against an ordinary February 2023.
    transport = beijing[beijing["sector"] == "Ground Transport"]
    calendar = year_on_year(transport, "2024-02", leap_day="exclude")
    aligned = spring_festival_yoy(transport, 2024)
    assert calendar.change == pytest.approx(-0.2135, abs=5e-5)
    assert aligned.change == pytest.approx(-0.1388, abs=5e-5)


def test_blank_values_are_named_not_summed_as_zero() -> None:
    daily = february_fixture()
    daily.loc[daily["date"] == pd.Timestamp("2024-02-03"), "value"] = np.nan
    with pytest.raises(InputError, match="2024-02-03: not a number"):
        year_on_year(daily, "2024-02", source="series.csv")
