"""Grid study: the documented weeks are cut from the dispatch, a year's figures by name."""

from dataclasses import fields
from typing import Any

import pandas as pd
import pytest

from peakzero.grid.results import GridResult
from peakzero.studies.grid import (
    WEEKS,
    WHOLE_WINDOW,
    GridFacts,
    GridSettings,
    dispatch_weeks,
    grid_year,
)


def _hours(first: str, count: int) -> pd.DataFrame:
    index = pd.date_range(first, periods=count, freq="h")
    return pd.DataFrame({"demand": range(count)}, index=index)


def test_a_whole_year_shows_the_documented_winter_and_summer_weeks() -> None:
    weeks = dispatch_weeks(_hours("2030-01-01", 8760), 2030)
    assert list(weeks) == list(WEEKS) == ["winter", "summer"]
    for name, (month, day) in WEEKS.items():
        week = weeks[name]
        assert len(week) == 7 * 24
        assert week.index[0] == pd.Timestamp(2030, month, day)
        assert week.index[-1] == pd.Timestamp(2030, month, day + 6, 23)
    assert weeks["winter"].index[0].day_name() == "Monday"


def test_a_window_shows_the_weeks_it_holds_or_else_itself() -> None:
    winter = dispatch_weeks(_hours("2030-01-14", 168), 2030)  # the CLI's --window 312:168
    assert list(winter) == ["winter"] and len(winter["winter"]) == 168
    first_day = _hours("2030-01-01", 24)
    assert list(dispatch_weeks(first_day, 2030)) == [WHOLE_WINDOW]
    assert dispatch_weeks(first_day, 2030)[WHOLE_WINDOW].equals(first_day)


def _result(**figures: object) -> GridResult:
    """A result with the given figures; every other field empty or zero."""
    empty: dict[str, object] = {
        "scenario": "plan",
        "year": 2030,
        "scenario_hash": "",
        "resolution": "full",
        "aggregation_note": "",
        "aggregation_error": None,
        "shedding": (),
        "prices": pd.DataFrame(),
        "network": None,
    }
    values = {**empty, **figures}
    kwargs: dict[str, Any] = {
        f.name: values.get(f.name, {} if "dict" in str(f.type) else 0.0) for f in fields(GridResult)
    }
    return GridResult(**kwargs)


def test_a_year_is_read_by_name_in_the_result_s_currency() -> None:
    result = _result(
        objective=11.5e9,
        co2={"total": 51.7},
        import_peak_mw=22_200.0,
        curtailment_share=0.012,
        unserved_mwh={"electricity": 1.5, "heat": 0.5},
        snapshots=168,
        seconds=3.0,
    )
    year = grid_year(2030, result)
    assert year.system_cost_bn == pytest.approx(11.5)
    assert year.import_peak_gw == pytest.approx(22.2)
    assert (year.co2_mt, year.unserved_mwh, year.snapshots) == (51.7, 2.0, 168)
    assert (year.resolution, year.solve_seconds, year.curtailment_share) == ("full", 3.0, 0.012)
    assert year.resolution_label == "full (168 snapshots)"
    # The unit comes from the result, not from the study (the grid may change its currency).
    assert f"{year.currency}/yr" == result.as_dict()["units"]["objective"]


def test_notes_are_said_once() -> None:
    results = {y: _result(aggregation_note="full resolution") for y in (2030, 2045)}
    facts = GridFacts(GridSettings(), results, pd.DataFrame(), [])
    assert facts.aggregation_notes == ["full resolution"]
    note = results[2030].as_dict().get("currency_note")
    assert facts.currency_note == (None if note is None else str(note))
