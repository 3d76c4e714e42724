"""Comparison statistics on hand-made series with known answers, and on the real exports."""

from __future__ import annotations

import math
import time
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd
import pytest

from peakzero.errors import InputError
from peakzero.monitoring.compare import LEVELS_CAVEAT, TOTAL, compare
from peakzero.monitoring.external import read_external, sector_map

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO / ".." / "shared" / "data" / "monitoring"
EXPORTS = [
    SHARED / "carbon-monitor-CITIES-maingraphdatas2021-2022.xlsx",
    SHARED / "carbon-monitor-CITIES-maingraphdatas2023-2025.xlsx",
]
needs_exports = pytest.mark.skipif(
    not all(p.is_file() for p in EXPORTS),
    reason=f"Carbon Monitor Cities exports not found in {SHARED}",
)
MAP = {"Power": ("I.4.4",), "Residential": ("I.1", "I.2")}


def series(
    sector: str, values: npt.ArrayLike, start: str = "2021-01-01", region: str = "CN-BJ"
) -> pd.DataFrame:
    """A DAILY frame of one sector, one value a day from ``start``."""
    numbers = np.asarray(values, dtype=float)
    dates = pd.date_range(start, periods=len(numbers), freq="D").astype("datetime64[ns]")
    return pd.DataFrame({"date": dates, "region": region, "sector": sector, "value": numbers})


def wavy(days: int, seed: int = 1) -> np.ndarray:
    """A positive daily series with weekly, seasonal and random parts."""
    t = np.arange(days)
    noise = np.random.default_rng(seed).normal(0, 2, days)
    return 50 + 5 * np.sin(2 * np.pi * t / 7) + 20 * np.cos(2 * np.pi * t / 365) + noise


def row(table: pd.DataFrame, sector: str, year: int | None = None) -> pd.Series:
    found = table[table["sector"] == sector]
    if year is not None:
        found = found[found["year"] == year]
    assert len(found) == 1
    return found.iloc[0]


def test_identical_shapes_correlate_perfectly() -> None:
    values = wavy(730)
    result = compare(series("I.4.4", values), series("Power", values), sector_map=MAP)
    power = row(result.correlation, "Power")
    assert power["daily_r"] == pytest.approx(1.0, abs=1e-12)
    assert power["monthly_r"] == pytest.approx(1.0, abs=1e-12)
    assert (power["daily_n"], power["monthly_n"]) == (730, 24)
    assert result.annual["ratio"].to_numpy() == pytest.approx(1.0, abs=1e-12)
    assert result.caveat == LEVELS_CAVEAT and "shape and timing" in result.caveat


def test_a_scaled_copy_has_r_one_and_ratio_the_scale() -> None:
    values = wavy(730)
    result = compare(series("I.4.4", 0.37 * values), series("Power", values), sector_map=MAP)
    assert row(result.correlation, "Power")["daily_r"] == pytest.approx(1.0, abs=1e-12)
    assert row(result.correlation, "Power")["monthly_r"] == pytest.approx(1.0, abs=1e-12)
    power = result.annual[result.annual["sector"] == "Power"]
    assert power["ratio"].to_numpy() == pytest.approx([0.37, 0.37], rel=1e-12)
    assert row(power, "Power", 2022)["yoy_difference_pp"] == pytest.approx(0.0, abs=1e-9)


def test_an_offset_copy_keeps_r_one_and_shifts_the_level() -> None:
    values = wavy(365)
    result = compare(series("I.4.4", values + 10), series("Power", values), sector_map=MAP)
    power = row(result.annual, "Power", 2021)
    assert power["ratio"] == pytest.approx((values.sum() + 3650) / values.sum(), rel=1e-12)
    assert row(result.correlation, "Power")["daily_r"] == pytest.approx(1.0, abs=1e-12)


def test_a_weekly_pattern_shifted_by_a_day_has_the_known_lag_one_correlation() -> None:
    # p = (6, -1, ..., -1): its 7-day mean is 0, so the centred-week anomaly is p itself, and
    # the lag-1 correlation over whole weeks is (6·-1 + -1·6 + 5·1) / (36 + 6) = -7/42 = -1/6.
    pattern = np.array([6.0, -1, -1, -1, -1, -1, -1])
    weeks = 10
    days = 7 * weeks + 6  # the first and last 3 days have no centred week: 7·10 days remain
    t = np.arange(days)
    theirs = 20 + pattern[t % 7]
    ours = 20 + pattern[(t - 1) % 7]
    result = compare(
        series("I.4.4", ours), series("Power", theirs), sector_map=MAP, daily_baseline="week"
    )
    power = row(result.correlation, "Power")
    assert power["daily_n"] == 7 * weeks
    assert power["daily_r"] == pytest.approx(-1 / 6, abs=1e-12)
    assert result.daily_baseline == "week"


def test_a_season_shifted_by_a_month_has_monthly_r_cos_30_degrees() -> None:
    # Every day of month m (0-11) holds 100 + 10·cos(2πm/12); ours is a month later. Monthly
    # anomalies are the cosines (they average 0 over the year), so r = cos(2π/12) = √3/2.
    dates = pd.date_range("2021-01-01", "2022-12-31", freq="D")
    month = dates.month.to_numpy() - 1
    theirs = 100 + 10 * np.cos(2 * np.pi * month / 12)
    ours = 100 + 10 * np.cos(2 * np.pi * (month - 1) / 12)
    result = compare(series("I.4.4", ours), series("Power", theirs), sector_map=MAP)
    power = row(result.correlation, "Power")
    assert power["monthly_r"] == pytest.approx(math.sqrt(3) / 2, abs=1e-12)
    assert power["monthly_n"] == 24
    # Flat within each month: no daily anomaly to correlate, so no daily r.
    assert math.isnan(power["daily_r"])
    assert power["daily_n"] == len(dates)


def test_levels_and_year_on_year_by_hand() -> None:
    theirs = np.r_[np.full(365, 2.0), np.full(365, 2.2)]
    ours = np.full(730, 3.0)
    result = compare(series("I.4.4", ours), series("Power", theirs), sector_map=MAP)
    y2021, y2022 = row(result.annual, "Power", 2021), row(result.annual, "Power", 2022)
    assert (y2021["days"], y2021["ours"], y2021["theirs"]) == (365, pytest.approx(1.095), 0.73)
    assert y2021["ratio"] == pytest.approx(1.5)
    assert math.isnan(y2021["ours_yoy_pct"])
    assert y2022["theirs_yoy_pct"] == pytest.approx(10.0)
    assert y2022["ours_yoy_pct"] == pytest.approx(0.0)
    assert y2022["yoy_difference_pp"] == pytest.approx(-10.0)
    assert list(result.annual.columns) == [
        "region", "sector", "year", "days", "ours", "theirs", "ratio",
        "ours_yoy_pct", "theirs_yoy_pct", "yoy_difference_pp",
    ]  # fmt: skip


def test_a_day_the_external_series_lacks_is_left_out_of_both() -> None:
    ours = series("I.4.4", np.ones(366), start="2024-01-01")
    theirs = series("Power", np.ones(366), start="2024-01-01")
    theirs = theirs[theirs["date"] != pd.Timestamp("2024-02-29")]
    power = row(compare(ours, theirs, sector_map=MAP).annual, "Power", 2024)
    assert (power["days"], power["ours"], power["theirs"]) == (365, 0.365, 0.365)


def test_sub_sectors_sum_into_their_group_and_the_total_covers_only_the_groups() -> None:
    days = 365
    ours = pd.concat(
        [
            series("I.1", np.full(days, 6.0)),
            series("I.2", np.full(days, 4.0)),
            series("I.4.4", np.full(days, 30.0)),
            series("II.4", np.full(days, 1.0)),
            series("I.4", np.full(days, 99.0)),  # no external sector maps here
        ]
    )
    theirs = pd.concat(
        [
            series("Residential", np.full(days, 20.0)),
            series("Power", np.full(days, 60.0)),
            series("Domestic Aviation", np.full(days, 1.5)),
            series("International Aviation", np.full(days, 0.5)),
        ]
    )
    result = compare(ours, theirs, sector_map=sector_map())
    assert result.uncovered == ("I.4",)
    assert result.groups == {
        "Residential": ("I.1", "I.2"),
        "Power": ("I.4.4",),
        "Domestic Aviation + International Aviation": ("II.4",),
    }
    annual = result.annual
    assert row(annual, "Residential")["ratio"] == pytest.approx(0.5)
    assert row(annual, "Domestic Aviation + International Aviation")["ratio"] == pytest.approx(0.5)
    total = row(annual, TOTAL)
    assert total["ours"] == pytest.approx(41 * 0.365)
    assert total["theirs"] == pytest.approx(82 * 0.365)
    assert annual["sector"].tolist()[-1] == TOTAL


def test_the_total_needs_every_sector_on_the_day() -> None:
    ours = pd.concat([series("I.1", np.ones(365)), series("I.4.4", np.ones(365))])
    theirs = pd.concat([series("Residential", np.ones(365)), series("Power", np.ones(364))])
    annual = compare(ours, theirs, sector_map=MAP).annual
    assert row(annual, "Residential")["days"] == 365
    assert row(annual, TOTAL)["days"] == 364


def test_regions_only_one_side_has_are_left_out() -> None:
    ours = pd.concat([series("I.4.4", np.ones(30)), series("I.4.4", np.ones(30), region="X")])
    theirs = pd.concat([series("Power", np.ones(30)), series("Power", np.ones(30), region="Y")])
    result = compare(ours, theirs, sector_map=MAP)
    assert result.regions == ("CN-BJ",)
    assert set(result.annual["region"]) == {"CN-BJ"}


def test_bad_inputs_are_input_errors() -> None:
    ours, theirs = series("I.4.4", np.ones(10)), series("Power", np.ones(10))
    with pytest.raises(InputError, match="no GPC sub-sectors for this sector"):
        compare(ours, series("Shipping", np.ones(10)), sector_map=MAP)
    with pytest.raises(InputError, match="appears twice"):
        compare(pd.concat([ours, ours]), theirs, sector_map=MAP)
    with pytest.raises(InputError, match="share no region"):
        compare(ours, series("Power", np.ones(10), region="Qingdao"), sector_map=MAP)
    with pytest.raises(InputError, match="missing column"):
        compare(ours.drop(columns="region"), theirs, sector_map=MAP)
    both = pd.concat([theirs, series("Residential", np.ones(10))])
    with pytest.raises(InputError, match=r"both map to I\.1"):
        compare(ours, both, sector_map={"Power": ("I.4.4", "I.1"), "Residential": ("I.1",)})
    with pytest.raises(InputError, match="none of the compared sectors"):
        compare(series("I.4", np.ones(10)), theirs, sector_map=MAP)
    with pytest.raises(ValueError, match="daily_baseline"):
        compare(ours, theirs, sector_map=MAP, daily_baseline="year")  # type: ignore[arg-type]


@needs_exports
def test_real_export_against_a_rescaled_copy_on_gpc_sectors() -> None:
    external = pd.concat([read_external(p).daily for p in EXPORTS], ignore_index=True)
    beijing = external[external["region"] == "CN-BJ"]
    mapping = sector_map()
    # Ours: Carbon Monitor's Beijing split over its GPC sub-sectors (60/40) and scaled by 0.6.
    parts = []
    for sector, ids in mapping.items():
        rows = beijing[beijing["sector"] == sector]
        shares = [0.6, 0.4] if len(ids) == 2 else [1.0]
        for gpc, share in zip(ids, shares, strict=True):
            parts.append(rows.assign(sector=gpc, value=rows["value"] * 0.6 * share))
    ours = pd.concat(parts, ignore_index=True)
    start = time.perf_counter()
    result = compare(ours, external, sector_map=mapping)
    elapsed = time.perf_counter() - start
    assert result.regions == ("CN-BJ",)
    assert result.annual["ratio"].to_numpy() == pytest.approx(0.6, rel=1e-9)
    assert result.correlation["daily_r"].to_numpy() == pytest.approx(1.0, abs=1e-9)
    assert result.correlation["monthly_r"].to_numpy() == pytest.approx(1.0, abs=1e-9)
    total = result.annual[result.annual["sector"] == TOTAL].set_index("year")
    assert total.loc[2021, "theirs"] == pytest.approx(149.45, rel=1e-3)  # monitoring.md §2.4
    assert total.loc[2022, "theirs_yoy_pct"] == pytest.approx(7.8, abs=0.05)  # §2.1
    assert total.loc[2024, "days"] == 365  # the export drops 29 February
    aviation = row(result.annual, "Aviation", 2024)
    assert aviation["theirs_yoy_pct"] == pytest.approx(24.6, abs=0.05)  # §2.1, 2024/2023
    assert elapsed < 2.0, f"{elapsed:.2f} s"
