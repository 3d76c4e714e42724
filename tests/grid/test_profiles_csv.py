"""Measured hourly series from CSV: round trip, units, leap years and every kind of bad input."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from peakzero.errors import InputError
from peakzero.grid.profiles import beijing_profiles, load_profiles
from peakzero.grid.profiles_contract import COLUMNS, HOURS, TIMEZONE


def write(frame: pd.DataFrame, path: Path, units: dict[str, str] | None = None) -> Path:
    out = frame.copy()
    out.columns = [f"{c} [{(units or {}).get(c, COLUMNS[c][0])}]" for c in out.columns]
    out.index = pd.DatetimeIndex(out.index).strftime("%Y-%m-%dT%H:%M%z")
    out.index.name = "time"
    out.to_csv(path)
    return path


def full_year(year: int) -> pd.DatetimeIndex:
    start = pd.Timestamp(year=year, month=1, day=1, tz=TIMEZONE)
    return pd.date_range(start, start + pd.DateOffset(years=1), freq="h", inclusive="left")


@pytest.fixture(scope="module")
def generated() -> pd.DataFrame:
    return beijing_profiles(2030).frame


@pytest.fixture(scope="module")
def lines(generated: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    path = write(generated[["temperature", "pv"]], tmp_path_factory.mktemp("csv") / "base.csv")
    return path.read_text(encoding="utf-8").splitlines()


def problems_of(tmp_path: Path, text_lines: list[str], **kwargs: int) -> list[str]:
    path = tmp_path / "bad.csv"
    path.write_text("\n".join(text_lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_profiles(path, **kwargs)
    assert all(p.file == str(path) for p in caught.value.problems)
    return [str(p) for p in caught.value.problems]


def test_round_trip_of_a_generated_year(generated: pd.DataFrame, tmp_path: Path) -> None:
    path = write(generated, tmp_path / "all.csv")
    loaded = load_profiles(path)
    assert loaded.year == 2030
    pd.testing.assert_frame_equal(loaded.frame, generated, rtol=1e-12)
    assert all(source.startswith(f"measured: {path}") for source in loaded.sources.values())


def test_missing_columns_come_from_beijing(generated: pd.DataFrame, tmp_path: Path) -> None:
    measured = generated[["temperature"]] + 1.0
    loaded = load_profiles(write(measured, tmp_path / "t.csv"), year=2030)
    np.testing.assert_allclose(loaded.frame["temperature"], generated["temperature"] + 1.0)
    pd.testing.assert_series_equal(loaded.frame["pv"], generated["pv"])
    assert loaded.sources["temperature"].endswith("column 'temperature [degC]'")
    assert loaded.sources["pv"] == beijing_profiles(2030).sources["pv"]
    assert list(loaded.frame.columns) == list(COLUMNS)


def test_units_are_converted(generated: pd.DataFrame, tmp_path: Path) -> None:
    frame = generated[["temperature", "pv", "electric_load"]].copy()
    frame["temperature"] = frame["temperature"] * 9 / 5 + 32
    frame["pv"] = frame["pv"] * 100
    frame["electric_load"] = frame["electric_load"] * 120e6  # a year of 120 TWh in MWh
    units = {"temperature": "degF", "pv": "percent", "electric_load": "MWh"}
    loaded = load_profiles(write(frame, tmp_path / "u.csv", units)).frame
    np.testing.assert_allclose(loaded["temperature"], generated["temperature"], atol=1e-9)
    np.testing.assert_allclose(loaded["pv"], generated["pv"], atol=1e-12)
    np.testing.assert_allclose(loaded["electric_load"], generated["electric_load"], rtol=1e-9)
    assert loaded["electric_load"].sum() == pytest.approx(1.0)


def test_column_names_ignore_case_and_spaces(tmp_path: Path, lines: list[str]) -> None:
    path = tmp_path / "case.csv"
    header = lines[0].replace("temperature [degC]", " Temperature[ degC ] ")
    path.write_text("\n".join([header, *lines[1:]]) + "\n", encoding="utf-8")
    loaded = load_profiles(path)
    assert loaded.sources["temperature"].endswith("column 'Temperature[ degC ]'")


def test_kelvin_and_chinese_energy_units(generated: pd.DataFrame, tmp_path: Path) -> None:
    frame = generated[["temperature", "heat_demand"]].copy()
    frame["temperature"] += 273.15
    frame["heat_demand"] *= 5e4
    units = {"temperature": "K", "heat_demand": "万千瓦时"}
    loaded = load_profiles(write(frame, tmp_path / "k.csv", units)).frame
    np.testing.assert_allclose(loaded["temperature"], generated["temperature"], atol=1e-9)
    np.testing.assert_allclose(loaded["heat_demand"], generated["heat_demand"], rtol=1e-9)


def test_a_leap_year_with_or_without_29_february(tmp_path: Path) -> None:
    generated = beijing_profiles(2024).frame
    without = load_profiles(write(generated, tmp_path / "without.csv"), year=2024)
    pd.testing.assert_frame_equal(without.frame, generated, rtol=1e-12)
    index = full_year(2024)
    assert len(index) == HOURS + 24
    series = pd.DataFrame({"temperature": np.arange(len(index), dtype=float)}, index=index)
    loaded = load_profiles(write(series, tmp_path / "with.csv")).frame
    assert len(loaded) == HOURS
    feb29 = (index.month == 2) & (index.day == 29)
    np.testing.assert_array_equal(loaded["temperature"], np.arange(len(index))[~feb29])


def test_wrong_number_of_rows(tmp_path: Path, lines: list[str]) -> None:
    messages = problems_of(tmp_path, lines[:-1])
    assert messages == [
        f"{tmp_path / 'bad.csv'}, column 'time': the file has 8,759 hourly rows; expected 8,760 "
        "hourly rows (8,784 for a leap year), one per hour from 1 January 00:00"
    ]


def test_a_time_zone_other_than_beijing(tmp_path: Path, lines: list[str]) -> None:
    changed = list(lines)
    changed[5] = changed[5].replace("+0800", "+00:00", 1)
    (message,) = problems_of(tmp_path, changed)
    assert "bad.csv, line 6, column 'time': time zone offset +00:00 found" in message
    assert "Beijing time (UTC+08:00) is required" in message
    assert "2030-01-01T04:00+00:00" in message
    changed[5] = changed[5].replace("+00:00", "Z", 1)
    (message,) = problems_of(tmp_path, changed)
    assert "line 6, column 'time': time zone offset Z found" in message


def test_a_timestamp_without_offset_is_an_error(tmp_path: Path, lines: list[str]) -> None:
    changed = list(lines)
    changed[9] = changed[9].replace("+0800", "", 1)
    (message,) = problems_of(tmp_path, changed)
    assert "line 10, column 'time': no UTC offset" in message
    assert "(value '2030-01-01T08:00')" in message


def test_gaps_and_duplicate_hours(tmp_path: Path, lines: list[str]) -> None:
    changed = list(lines)
    del changed[100]  # 2030-01-05 03:00 missing
    changed.insert(200, changed[200])  # a duplicate keeps the count at 8,760
    messages = problems_of(tmp_path, changed)
    assert len(messages) == 2
    assert (
        "line 101, column 'time': gap: 1 hour(s) missing after 2030-01-05T02:00+0800"
        in (messages[0])
    )
    assert (
        "line 202, column 'time': duplicate hour (value '2030-01-09T08:00+0800')" in (messages[1])
    )


def test_out_of_order_and_unreadable_times(tmp_path: Path, lines: list[str]) -> None:
    changed = list(lines)
    changed[3], changed[4] = changed[4], changed[3]
    changed[50] = "yesterday+08:00," + changed[50].split(",", 1)[1]
    messages = problems_of(tmp_path, changed)
    assert any("line 51, column 'time': no UTC offset" in m for m in messages)
    changed[50] = lines[50].replace("T", "X", 1)
    messages = problems_of(tmp_path, changed)
    assert any("line 51, column 'time': no UTC offset" in m for m in messages)
    changed[50] = lines[50].replace("2030-01-03", "2030-13-03", 1)
    messages = problems_of(tmp_path, changed)
    assert any("line 51, column 'time': not an ISO 8601 date and time" in m for m in messages)
    changed[50] = lines[50]
    messages = problems_of(tmp_path, changed)
    assert any("line 5, column 'time': out of order" in m for m in messages)


def test_the_year_must_match_and_start_on_1_january(tmp_path: Path, lines: list[str]) -> None:
    messages = problems_of(tmp_path, lines, year=2031)
    assert messages == [
        f"{tmp_path / 'bad.csv'}, line 2, column 'time': the file starts in 2030, not in 2031 "
        "(value '2030-01-01T00:00+0800')"
    ]
    shifted = [lines[0], *lines[2:], lines[1].replace("2030-01-01", "2031-01-01")]
    messages = problems_of(tmp_path, shifted)
    assert any(
        "line 2, column 'time': the first hour must be 2030-01-01T00:00+08:00" in m
        for m in messages
    )


def test_non_numeric_and_negative_values(tmp_path: Path, lines: list[str]) -> None:
    changed = list(lines)
    time, temperature, pv = changed[12].split(",")
    changed[12] = f"{time},warm,{pv}"
    time, temperature, pv = changed[13].split(",")
    changed[13] = f"{time},{temperature},-0.5"
    time, temperature, pv = changed[14].split(",")
    changed[14] = f"{time},{temperature},"
    time, temperature, pv = changed[15].split(",")
    changed[15] = f"{time},-40,1.5"
    messages = problems_of(tmp_path, changed)
    assert messages == [
        f"{tmp_path / 'bad.csv'}, line 13, column 'temperature [degC]': not a number "
        "(value 'warm')",
        f"{tmp_path / 'bad.csv'}, line 14, column 'pv [1]': negative; the value must be 0 or "
        "more (value '-0.5')",
        f"{tmp_path / 'bad.csv'}, line 15, column 'pv [1]': not a number (value '')",
        f"{tmp_path / 'bad.csv'}, line 16, column 'pv [1]': above 1; output per unit of "
        "capacity cannot exceed 1 (value '1.5')",
    ]


def test_many_bad_cells_are_counted_not_listed(tmp_path: Path, lines: list[str]) -> None:
    changed = [lines[0]] + [line.rsplit(",", 1)[0] + ",x" for line in lines[1:]]
    messages = problems_of(tmp_path, changed)
    assert len(messages) == 11
    assert messages[0].endswith("column 'pv [1]': and 8,750 more cells that are not numbers")


def test_unknown_column(tmp_path: Path, lines: list[str]) -> None:
    changed = [lines[0].replace("pv [1]", "solar [1]"), *lines[1:]]
    (message,) = problems_of(tmp_path, changed)
    assert "line 1, column 'solar [1]': unknown column 'solar [1]'; the columns are: time, " in (
        message
    )
    assert "pv [1]" in message
    assert "co2_heat_pump_cop [1]" in message


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("pv [MW]", "column 'pv [MW]': unit 'MW' is not allowed for 'pv'; allowed: 1 or percent"),
        (
            "pv [bananas]",
            "column 'pv [bananas]': unit 'bananas' does not parse",
        ),
        ("pv", "column 'pv': give the unit in brackets, e.g. 'pv [1]'"),
    ],
)
def test_incompatible_or_missing_unit(
    tmp_path: Path, lines: list[str], header: str, expected: str
) -> None:
    changed = [lines[0].replace("pv [1]", header), *lines[1:]]
    (message,) = problems_of(tmp_path, changed)
    assert f"bad.csv, line 1, {expected}" in message


def test_a_temperature_in_energy_and_a_share_in_power_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("time,temperature [MWh],electric_load [MW]\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_profiles(path)
    messages = "\n".join(str(p) for p in caught.value.problems)
    assert "unit 'MWh' is not allowed for 'temperature'; allowed: a temperature unit" in messages
    assert "unit 'MW' is not allowed for 'electric_load'; allowed: an energy unit" in messages
    assert "no data rows" in messages


def test_missing_time_duplicate_column_and_empty_files(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("pv [1],pv [1]\n0,0\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_profiles(path)
    messages = [str(p) for p in caught.value.problems]
    assert any("column 'pv [1]': column 'pv' appears twice" in m for m in messages)
    assert any("column 'time': missing column 'time'" in m for m in messages)
    path.write_text("time,pv [1]\n", encoding="utf-8")
    with pytest.raises(InputError, match="no data rows"):
        load_profiles(path)
    path.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="no header"):
        load_profiles(path)
    with pytest.raises(InputError, match="file not found"):
        load_profiles(tmp_path / "missing.csv")
    path.write_bytes(b"PK\x03\x04 a workbook")
    with pytest.raises(InputError, match="not a CSV text file"):
        load_profiles(path)


def test_a_share_column_that_sums_to_zero(tmp_path: Path, generated: pd.DataFrame) -> None:
    frame = generated[["ev_charging"]] * 0.0
    path = write(frame, tmp_path / "zero.csv")
    with pytest.raises(InputError, match=r"column 'ev_charging \[1\]': the column sums to 0"):
        load_profiles(path)


def test_problems_are_collected_across_columns_and_rows(tmp_path: Path, lines: list[str]) -> None:
    changed = [lines[0].replace("pv [1]", "pv [MW]"), *lines[1:]]
    changed[3] = changed[3].replace("+0800", "+0900", 1)
    changed[7] = changed[7].split(",", 1)[0] + ",hot,0"
    messages = problems_of(tmp_path, changed)
    assert len(messages) == 3  # the rows are checked in the columns whose header is usable
    assert "line 1, column 'pv [MW]': unit 'MW' is not allowed" in messages[0]
    assert "line 4, column 'time': time zone offset +0900 found" in messages[1]
    assert "line 8, column 'temperature [degC]': not a number (value 'hot')" in messages[2]


def test_a_measured_temperature_remakes_the_cops_and_the_heat_demand(tmp_path: Path) -> None:
    base = beijing_profiles(2030).frame
    path = tmp_path / "cold.csv"
    times = [t.isoformat(timespec="minutes") for t in base.index]
    cold = base["temperature"] - 10.0  # a whole year ten degrees colder
    rows = [f"{t},{v}" for t, v in zip(times, cold, strict=True)]
    path.write_text("time,temperature [degC]\n" + "\n".join(rows) + "\n", encoding="utf-8")
    loaded = load_profiles(path).frame
    assert (loaded["heat_pump_cop"] < base["heat_pump_cop"]).all()
    assert (loaded["co2_heat_pump_cop"] <= base["co2_heat_pump_cop"]).all()
    assert loaded["heat_demand"].sum() == pytest.approx(1.0)
    assert not np.allclose(loaded["heat_demand"], base["heat_demand"])
    assert (loaded["pv"] == base["pv"]).all()  # not driven by the temperature here
