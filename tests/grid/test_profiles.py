"""Beijing's hourly profiles from climate: shapes, hand-checkable points and plausibility."""

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest

from peakzero.grid.climate import Climate, beijing_climate, hourly_temperature, solar
from peakzero.grid.profiles import (
    SHARE_COLUMNS,
    air_source_cop,
    beijing_profiles,
    co2_heat_pump_cop,
)
from peakzero.grid.profiles_contract import COLUMNS, HOURS, TIMEZONE


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return beijing_profiles(2030).frame


def hours(frame: pd.DataFrame) -> pd.DatetimeIndex:
    return pd.DatetimeIndex(frame.index)


def with_value(climate: Climate, name: str, value: float) -> Climate:
    single = dict(climate.single)
    single[name] = dataclasses.replace(single[name], value=value)
    return Climate(climate.monthly, single)


def test_every_column_for_every_hour_in_beijing_time(frame: pd.DataFrame) -> None:
    assert list(frame.columns) == list(COLUMNS)
    assert len(frame) == HOURS
    assert isinstance(frame.index, pd.DatetimeIndex)
    assert str(frame.index.tz) == TIMEZONE
    assert frame.index[0] == pd.Timestamp("2030-01-01 00:00", tz=TIMEZONE)
    assert frame.index[-1] == pd.Timestamp("2030-12-31 23:00", tz=TIMEZONE)
    assert (np.diff(frame.index.as_unit("s").asi8) == 3600).all()
    assert all(frame[c].dtype == np.float64 for c in frame.columns)
    assert np.isfinite(frame.to_numpy()).all()


def test_a_leap_year_drops_29_february() -> None:
    profiles = beijing_profiles(2024)
    index = hours(profiles.frame)
    assert profiles.year == 2024
    assert len(index) == HOURS
    assert not ((index.month == 2) & (index.day == 29)).any()
    assert index[59 * 24] == pd.Timestamp("2024-03-01 00:00", tz=TIMEZONE)
    assert index[-1] == pd.Timestamp("2024-12-31 23:00", tz=TIMEZONE)


def test_each_call_returns_its_own_frame() -> None:
    first = beijing_profiles(2030)
    first.frame.loc[:, "pv"] = -1.0
    first.sources["pv"] = "changed"
    second = beijing_profiles(2030)
    assert (second.frame["pv"] >= 0).all()
    assert second.sources["pv"] != "changed"


@pytest.mark.parametrize("year", [1900, 2200, 2030.0, "2030", True])
def test_a_year_out_of_range_is_refused(year: object) -> None:
    with pytest.raises(ValueError, match="year must be an integer"):
        beijing_profiles(year)  # type: ignore[arg-type]


@pytest.mark.parametrize("column", SHARE_COLUMNS)
def test_shares_sum_to_one(frame: pd.DataFrame, column: str) -> None:
    assert frame[column].sum() == pytest.approx(1.0, abs=1e-12)
    assert (frame[column] > 0).all()


def test_every_column_names_its_method_and_source() -> None:
    sources = beijing_profiles(2030).sources
    assert set(sources) == set(COLUMNS)
    assert all(text.strip() for text in sources.values())
    assert "assumption" in sources["electric_load"]
    assert "assumption" in sources["ev_charging"]
    assert "assumption" in sources["wind"]
    assert "Staffell" in sources["heat_pump_cop"]
    assert "pvlib" in sources["pv"]


def test_pv_is_zero_at_night_and_at_most_one(frame: pd.DataFrame) -> None:
    pv = frame["pv"]
    assert pv.min() == 0.0
    assert pv.max() <= 1.0
    night = (hours(frame).hour <= 3) | (hours(frame).hour >= 21)  # the sun is down all year
    assert (pv[night] == 0).all()
    assert pv[(hours(frame).month == 12) & (hours(frame).hour == 6)].max() == 0  # before sunrise


def test_pv_june_beats_december(frame: pd.DataFrame) -> None:
    index = hours(frame)
    noon = index.hour == 12
    june, december = (index.month == 6), (index.month == 12)
    assert frame["pv"][noon & june].mean() > frame["pv"][noon & december].mean()
    daily = frame["pv"].groupby(index.month).sum() / index.to_series().dt.month.value_counts()
    assert daily.sort_index()[6] > daily.sort_index()[12] * 1.2  # longer days


def test_horizontal_noon_irradiance_is_higher_in_june(frame: pd.DataFrame) -> None:
    climate = with_value(beijing_climate(), "pv_tilt", 0.0)
    result = solar(hours(frame), frame["temperature"].to_numpy(), climate)
    noon = hours(frame).hour == 12
    june = result.ghi[noon & (hours(frame).month == 6)].mean()
    december = result.ghi[noon & (hours(frame).month == 12)].mean()
    assert june > 1.5 * december
    assert (
        result.pv[noon & (hours(frame).month == 6)].mean()
        > result.pv[noon & (hours(frame).month == 12)].mean()
    )


def test_annual_full_load_hours_are_plausible(frame: pd.DataFrame) -> None:
    # Modelled: about 1,450 h/yr (docs). peakzero's derived renewable_full_load_hours is 1,468.
    full_load_hours = frame["pv"].sum()
    assert 1200 < full_load_hours < 1600
    assert 0.7 < frame["pv"].max() < 0.9  # clear-sky noon after temperature and system losses


def test_irradiation_matches_the_climate_and_the_published_range(frame: pd.DataFrame) -> None:
    climate = beijing_climate()
    result = solar(hours(frame), frame["temperature"].to_numpy(), climate)
    monthly = np.bincount(hours(frame).month - 1, weights=result.ghi * 3600 / 1e6)
    np.testing.assert_allclose(monthly, result.monthly_irradiation, rtol=1e-9)
    kcal_per_cm2 = result.ghi.sum() * 3600 / 4186.8 / 1e4
    low = climate.value("annual_irradiation_check_min")
    high = climate.value("annual_irradiation_check_max")
    # FAO-56 default Ångström coefficients put the city at the top of the municipal range.
    assert low <= kcal_per_cm2 <= high * 1.01


def test_temperature_monthly_normals_are_kept(frame: pd.DataFrame) -> None:
    climate = beijing_climate()
    daily = frame["temperature"].resample("D").agg(["max", "min"])
    by_month = daily.groupby(pd.DatetimeIndex(daily.index).month).mean()
    np.testing.assert_allclose(by_month["max"], climate.twelve("t_max"), atol=0.1)
    np.testing.assert_allclose(by_month["min"], climate.twelve("t_min"), atol=0.1)
    means = frame["temperature"].groupby(hours(frame).month).mean()
    for month, published in climate.months("t_mean_check").items():
        assert means[month] == pytest.approx(published, abs=0.5)  # the diurnal shape's bias


def test_temperature_peaks_at_14_and_bottoms_near_sunrise(frame: pd.DataFrame) -> None:
    day = frame["temperature"]["2030-07-15"]
    assert day.idxmax().hour == 14
    assert day.idxmin().hour == 5  # sunrise in mid-July is about 5:00 Beijing time
    winter = frame["temperature"]["2030-01-15"]
    assert winter.idxmin().hour in (7, 8)


def test_temperature_is_deterministic_and_smooth(frame: pd.DataFrame) -> None:
    again = hourly_temperature(hours(frame), beijing_climate())
    np.testing.assert_array_equal(again, frame["temperature"].to_numpy())
    assert np.abs(np.diff(frame["temperature"].to_numpy())).max() < 3.0  # no steps


def test_heat_demand_is_hot_water_only_outside_the_heating_season(frame: pd.DataFrame) -> None:
    climate = beijing_climate()
    hot_water = climate.value("hot_water_share") / HOURS
    index = hours(frame)
    season = (
        (index.month >= 12)
        | (index.month <= 2)
        | ((index.month == 11) & (index.day >= 15))
        | ((index.month == 3) & (index.day <= 15))
    )
    heat = frame["heat_demand"]
    np.testing.assert_allclose(heat[~season], hot_water, rtol=1e-12)
    assert heat[season].sum() == pytest.approx(1 - hot_water * (~season).sum())
    assert heat["2030-01-15"].mean() > heat["2030-11-15"].mean()  # colder days need more
    assert heat["2030-03-16"].max() == pytest.approx(hot_water)
    assert heat["2030-11-14"].max() == pytest.approx(hot_water)
    assert heat["2030-11-15"].min() > hot_water


def test_air_source_cop_equals_the_formula_at_a_hand_computed_point() -> None:
    climate = beijing_climate()
    # 5 °C outdoors, 55 °C sink: ΔT = 50 K → 6.81 − 6.05 + 1.575 = 2.335
    assert air_source_cop(np.array([5.0]), climate)[0] == pytest.approx(2.335, abs=1e-12)


def test_cop_columns_follow_temperature(frame: pd.DataFrame) -> None:
    temperature = frame["temperature"].to_numpy()
    lift = 55 - temperature
    expected = 6.81 - 0.121 * lift + 0.000630 * lift**2
    np.testing.assert_allclose(frame["heat_pump_cop"], expected, rtol=1e-12)
    order = np.argsort(temperature)
    for column in ("heat_pump_cop", "co2_heat_pump_cop"):
        by_temperature = frame[column].to_numpy()[order]
        assert (np.diff(by_temperature) >= -1e-12).all(), f"{column} must fall as it gets colder"
        assert frame[column].min() > 1.0


def test_co2_cop_at_a_hand_computed_point() -> None:
    climate = beijing_climate()
    sink = (65 - 40) / math.log((65 + 273.15) / (40 + 273.15))  # 325.50 K, mean of the glide
    expected = 0.45 * sink / (sink - (0 + 273.15 - 8))  # 0 °C air, 8 K evaporator approach
    assert co2_heat_pump_cop(np.array([0.0]), climate)[0] == pytest.approx(expected, rel=1e-12)
    assert expected == pytest.approx(2.427, abs=1e-3)
    hot = co2_heat_pump_cop(np.array([60.0]), climate)[0]  # lift held at its 10 K minimum
    assert hot == pytest.approx(0.45 * sink / 10)


def test_electric_load_peaks_in_the_evening_and_in_summer_heat(frame: pd.DataFrame) -> None:
    load = frame["electric_load"]
    by_hour = load.groupby(hours(frame).hour).mean()
    assert by_hour.idxmax() in (18, 19, 20)
    assert by_hour.idxmin() in (0, 1, 2, 3, 4)
    weekday = load.loc[pd.Timestamp("2030-05-08 10:00", tz=TIMEZONE)]  # a Wednesday
    weekend = load.loc[pd.Timestamp("2030-05-11 10:00", tz=TIMEZONE)]  # a Saturday
    assert weekday > weekend
    july, april = load[hours(frame).month == 7].mean(), load[hours(frame).month == 4].mean()
    assert july > april


def test_ev_charging_peaks_after_evening_arrival(frame: pd.DataFrame) -> None:
    ev = frame["ev_charging"].groupby(hours(frame).hour).sum()
    assert ev.idxmax() in (19, 20)
    assert ev[4] < ev.max() / 100
    assert ev[10] > ev[14]  # charging at work after the morning arrival


def test_wind_is_a_flat_assumption_within_capacity(frame: pd.DataFrame) -> None:
    wind = frame["wind"]
    assert wind.nunique() == 1
    assert 0 < wind.iloc[0] < 1
    assert beijing_climate().single["wind_capacity_factor"].status == "assumption"
