"""HDD and the buildings' fit: a made-up series with a known answer, then Beijing."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from cmc_reader import EXPORTS, WEATHER, read_export

from peakzero.errors import InputError
from peakzero.monitoring.weather import (
    fit_hdd,
    heating_degree_days,
    heating_season,
    normal_hdd,
    read_temperature,
)


def made_up(noise: float = 0.0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Two years of a sine-wave temperature and E = 20 + 1.5·HDD + 4·season (+ noise)."""
    dates = pd.date_range("2023-01-01", "2024-12-31", freq="D")
    day = np.arange(len(dates))
    tmean = 12.0 - 15.0 * np.cos(2 * np.pi * (day - 15) / 365.25)
    weather = pd.DataFrame({"date": dates, "tmean": tmean})
    hdd = np.maximum(0.0, 18.0 - tmean)
    season = heating_season(pd.Series(dates)).to_numpy(dtype=float)
    rng = np.random.default_rng(13)
    value = 20.0 + 1.5 * hdd + 4.0 * season + noise * rng.standard_normal(len(dates))
    return pd.DataFrame({"date": dates, "value": value}), weather


def test_hdd_is_base_minus_mean_and_never_negative() -> None:
    hdd = heating_degree_days(pd.Series([-2.0, 17.5, 18.0, 25.0]), base=18.0)
    assert hdd.tolist() == [20.0, 0.5, 0.0, 0.0]
    assert heating_degree_days(pd.Series([10.0]), base=16.0).tolist() == [6.0]


def test_heating_season_is_15_november_to_15_march_inclusive() -> None:
    dates = pd.Series(
        pd.to_datetime(
            ["2024-11-14", "2024-11-15", "2025-01-10", "2025-03-15", "2025-03-16", "2025-07-01"]
        )
    )
    assert heating_season(dates).tolist() == [False, True, True, True, False, False]


def test_noiseless_fit_recovers_the_coefficients_exactly() -> None:
    daily, weather = made_up()
    fit = fit_hdd(daily, weather, season_term=True)
    assert fit.coefficients["a"] == pytest.approx(20.0, abs=1e-9)
    assert fit.coefficients["b"] == pytest.approx(1.5, abs=1e-9)
    assert fit.coefficients["c"] == pytest.approx(4.0, abs=1e-9)
    assert fit.r2 == pytest.approx(1.0, abs=1e-12)
    assert fit.n == 731
    assert np.allclose(fit.series["fitted"], fit.series["raw"])


def test_noisy_fit_is_within_its_standard_errors() -> None:
    daily, weather = made_up(noise=2.0)
    fit = fit_hdd(daily, weather, season_term=True)
    for name, true in {"a": 20.0, "b": 1.5, "c": 4.0}.items():
        assert abs(fit.coefficients[name] - true) < 4 * fit.standard_errors[name], name
    assert fit.coefficients["b"] == pytest.approx(1.5, rel=0.05)
    assert 0.9 < fit.r2 < 1.0


def test_normalised_series_removes_the_weather_anomaly() -> None:
    daily, weather = made_up()
    # A cold snap: five days 10 °C colder than the sine in the second year only.
    snap = (weather["date"] >= "2024-01-10") & (weather["date"] <= "2024-01-14")
    weather.loc[snap, "tmean"] -= 10.0
    daily.loc[snap, "value"] += 1.5 * 10.0
    fit = fit_hdd(daily, weather, season_term=True)
    normal = normal_hdd(weather).set_index(["month", "day"])["normal_hdd"]
    assert normal[(1, 12)] == pytest.approx(
        0.5 * (18 - weather["tmean"][11]) + 0.5 * (18 - weather["tmean"][365 + 11])
    )
    rows = fit.series.set_index("date")
    day_2023, day_2024 = rows.loc["2023-01-12"], rows.loc["2024-01-12"]
    # Normalised, both years sit at the normal weather: the same value up to the sine's drift.
    assert day_2024["normalised"] == pytest.approx(day_2023["normalised"], abs=0.05)
    assert day_2024["raw"] - day_2023["raw"] == pytest.approx(15.0, abs=0.05)


def test_fit_refuses_several_sectors() -> None:
    daily, weather = made_up()
    two = pd.concat([daily.assign(sector="I.1"), daily.assign(sector="I.2")])
    with pytest.raises(InputError, match="fit one sector at a time"):
        fit_hdd(two, weather, source="two.csv")


def test_read_temperature_accepts_tmean_or_high_low(tmp_path: Path) -> None:
    a = tmp_path / "a.csv"
    a.write_text("date,tmean\n2024-01-02,-3.5\n2024-01-01,1\n", encoding="utf-8")
    assert read_temperature(a)["tmean"].tolist() == [1.0, -3.5]
    b = tmp_path / "b.csv"
    b.write_text(
        "\ufeffdate,highest_temp,lowest_temp,weather\n2024-01-01,4,-7,晴\n", encoding="utf-8"
    )
    table = read_temperature(b)
    assert table["tmean"].tolist() == [-1.5]
    assert str(table["date"].dtype) == "datetime64[ns]"


def test_read_temperature_names_every_bad_cell(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "date,high,low\n2024-01-01,5,-2\n2024-13-01,5,-2\n2024-01-01,x,-2\n2024-01-04,-9,3\n2024-01-05,99,0\n"
    )
    with pytest.raises(InputError) as caught:
        read_temperature(path)
    text = str(caught.value)
    assert "line 3, column 'date': not a date YYYY-MM-DD (value '2024-13-01')" in text
    assert "line 4, column 'date': date given twice" in text
    assert "line 4, column 'high': not a temperature" in text
    assert "line 5, column 'high': high below the day's low" in text
    assert "line 6, column 'high'" in text and "(value '99')" in text
    assert len(caught.value.problems) == 5


def test_read_temperature_names_missing_columns(tmp_path: Path) -> None:
    path = tmp_path / "cols.csv"
    path.write_text("day,high\n2024-01-01,3\n")
    with pytest.raises(InputError, match="needs a 'date' column"):
        read_temperature(path)


@pytest.mark.skipif(
    not (WEATHER.is_file() and len(EXPORTS) == 2),
    reason="Beijing weather CSV and Carbon Monitor Cities exports not at ../shared/data/monitoring",
)
def test_beijing_residential_follows_hdd18() -> None:
    weather = read_temperature(WEATHER)
    beijing = read_export("CN-BJ")
    residential = beijing[beijing["sector"] == "Residential"]
    fit = fit_hdd(residential, weather, base=18.0)
    # Dossier §"What the platform should do" 3: R² ≥ 0.85, b ≈ 1.4 kt/day per °C·day (±20 %);
    # found 17.20 + 1.4006·HDD18, R² 0.8659 on 1,825 days (dossier §2.1: 17.20 + 1.401·HDD, 0.866).
    assert fit.n == 1825
    assert fit.r2 >= 0.85
    assert fit.r2 == pytest.approx(0.866, abs=0.0005)
    assert fit.coefficients["b"] == pytest.approx(1.4, rel=0.20)
    assert fit.coefficients["b"] == pytest.approx(1.401, abs=0.0005)
    assert fit.coefficients["a"] == pytest.approx(17.20, abs=0.005)
    season = fit_hdd(residential, weather, base=18.0, season_term=True)
    # Dossier §2.1: the 15 Nov – 15 Mar dummy adds +3.06 kt/day, R² 0.870.
    assert season.coefficients["c"] == pytest.approx(3.06, abs=0.005)
    assert season.r2 == pytest.approx(0.870, abs=0.0005)
    annual = heating_degree_days(weather["tmean"]).groupby(weather["date"].dt.year).sum()
    assert annual.to_dict() == {
        2021: 2551.5,
        2022: 2724.5,
        2023: 2552.5,
        2024: 2447.5,
        2025: 2274.5,
    }
