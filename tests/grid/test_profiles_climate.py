"""The climate table (provenance of every figure) and the astronomy and interpolation it feeds."""

import csv
import io
from importlib.resources import files

import numpy as np
import pytest

from peakzero.errors import ReferenceDataError
from peakzero.grid.climate import (
    STATUSES,
    beijing_climate,
    daily_from_monthly,
    daily_sunshine,
    day_length,
    extraterrestrial_daily,
    parse_climate,
    profile_index,
    relative_sunshine,
    sunrise_hour,
)
from peakzero.units import parse_unit

TEXT = (files("peakzero") / "data" / "grid" / "climate" / "beijing_monthly.csv").read_text(
    encoding="utf-8"
)
ROWS = list(csv.DictReader(io.StringIO(TEXT)))


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['parameter']}:{r['month']}" for r in ROWS])
def test_every_figure_has_a_unit_source_and_status(row: dict[str, str]) -> None:
    assert row["source"].strip()
    assert row["status"] in STATUSES
    assert float(row["value"]) == float(row["value"])
    if row["unit"] != "1":
        parse_unit(row["unit"])


def test_assumptions_say_so_in_their_source() -> None:
    for row in ROWS:
        if row["status"] == "assumption":
            assert row["source"].startswith("assumption"), row["parameter"]


def test_the_packaged_table_reads() -> None:
    climate = beijing_climate()
    assert climate.twelve("t_max").shape == (12,)
    assert (climate.twelve("t_max") > climate.twelve("t_min")).all()
    assert climate.value("latitude") == pytest.approx(39.9)


def test_pv_system_losses_equal_pvlib_pvwatts_defaults() -> None:
    import pvlib  # type: ignore[import-untyped]

    assert beijing_climate().value("pv_system_losses") == pytest.approx(
        pvlib.pvsystem.pvwatts_losses(), abs=0.005
    )


def test_a_row_without_provenance_is_a_reference_data_error() -> None:
    broken = TEXT.replace(",secondary,", ",,", 1)
    with pytest.raises(ReferenceDataError, match=r"line 2, column 'status': status is empty"):
        parse_climate(broken)


def test_bad_status_month_value_and_repeats_are_reported_together() -> None:
    header = "parameter,month,value,unit,source,status,note\n"
    text = header + (
        "t_max,13,1,degC,x,verified,\n"
        "t_min,1,abc,degC,x,verified,\n"
        "latitude,,39.9,degree,x,guess,\n"
        "altitude,,50,m,x,verified,\n"
        "altitude,,60,m,x,verified,\n"
    )
    with pytest.raises(ReferenceDataError) as caught:
        parse_climate(text)
    message = str(caught.value)
    assert "line 2, column 'month'" in message
    assert "line 3, column 'value': not a finite number (value 'abc')" in message
    assert "line 4, column 'status': unknown status" in message
    assert "line 6, column 'parameter': parameter given twice" in message


def test_a_missing_month_or_parameter_is_a_reference_data_error() -> None:
    header = "parameter,month,value,unit,source,status,note\n"
    climate = parse_climate(header + "t_max,1,1,degC,x,verified,\n")
    with pytest.raises(ReferenceDataError, match=r"month\(s\) \[2, 3"):
        climate.twelve("t_max")
    with pytest.raises(ReferenceDataError, match="no row for parameter 'latitude'"):
        climate.value("latitude")
    with pytest.raises(ReferenceDataError, match="the header must be"):
        parse_climate("parameter,value\nx,1\n")


def test_fao56_examples() -> None:
    # FAO-56 example 8: 3 September (J = 246) at 20° S: Ra = 32.2 MJ/m²/day.
    assert extraterrestrial_daily(np.array([246.0]), -20)[0] == pytest.approx(32.2, abs=0.05)
    # FAO-56 example 9: the same day: N = 11.7 h.
    assert day_length(np.array([246.0]), -20)[0] == pytest.approx(11.7, abs=0.05)
    # Equinox: 12 hours everywhere (to the formula's precision).
    assert day_length(np.array([80.0]), 39.9)[0] == pytest.approx(12.0, abs=0.1)


def test_sunrise_in_beijing_clock_time() -> None:
    june, december = sunrise_hour(np.array([172.0, 355.0]), 39.9, 116.4)
    assert 4.6 < june < 5.0  # about 4:45
    assert 7.3 < december < 7.7  # about 7:30


def test_daily_values_keep_monthly_means_without_steps() -> None:
    monthly = np.array([-3, 0, 6, 14, 20, 24, 26, 25, 20, 13, 5, -1], dtype=float)
    daily = daily_from_monthly(monthly)
    month = np.repeat(np.arange(12), [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
    np.testing.assert_allclose(np.bincount(month, daily) / np.bincount(month), monthly, atol=1e-12)
    assert np.abs(np.diff(daily)).max() < 0.5
    assert abs(daily[0] - daily[-1]) < 0.5  # the year wraps
    np.testing.assert_allclose(daily_from_monthly(np.full(12, 7.0)), 7.0)


def test_sunny_and_overcast_days_keep_the_monthly_sunshine() -> None:
    monthly = np.linspace(0.4, 0.7, 12)
    month = np.repeat(np.arange(12), [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
    daily = daily_sunshine(monthly, month)
    np.testing.assert_allclose(np.bincount(month, daily) / np.bincount(month), monthly)
    assert set(np.round(daily, 6)) - {0.0, 1.0}  # one partial day per month
    assert ((daily == 0) | (daily == 1)).sum() >= 365 - 12


def test_relative_sunshine_adds_up_to_the_published_year() -> None:
    climate = beijing_climate()
    index = profile_index(2030)
    doy = np.asarray(index.dayofyear, dtype=float)
    month = np.asarray(index.month)
    sunshine = relative_sunshine(climate, doy, month)
    assert sunshine[0] == pytest.approx(0.65)
    assert sunshine[6] == pytest.approx(0.47)
    assert sunshine.min() == sunshine[6]  # July is the least sunny month (page: 47 %)
    hours = sum(
        sunshine[m] * day_length(np.unique(doy[month == m + 1]), 39.9).sum() for m in range(12)
    )
    # 2,671 h published; the monthly rows are rounded to whole hours per day.
    assert hours == pytest.approx(climate.value("annual_sunshine_check"), rel=0.02)


def test_a_month_with_both_or_neither_sunshine_figure_is_an_error() -> None:
    rows = [r for r in ROWS if not (r["parameter"] == "sunshine_hours" and r["month"] == "3")]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(ROWS[0]))
    writer.writeheader()
    writer.writerows(rows)
    climate = parse_climate(out.getvalue())
    index = profile_index(2030)
    with pytest.raises(ReferenceDataError, match="month 3 needs exactly one"):
        relative_sunshine(climate, np.asarray(index.dayofyear, float), np.asarray(index.month))
