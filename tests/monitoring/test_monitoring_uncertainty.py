"""Borrowed CMCC uncertainties and a monthly band that does not shrink like independent days."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from peakzero.errors import InputError
from peakzero.monitoring.sectors import monitored_sectors
from peakzero.monitoring.uncertainty import band, relative_uncertainty, total_band

DAYS = pd.date_range("2024-01-01", "2024-01-31", freq="D")
DAILY = pd.concat(
    [
        pd.DataFrame({"date": DAYS, "region": "CN-BJ", "sector": "I.1", "value": 10.0}),
        pd.DataFrame({"date": DAYS, "region": "CN-BJ", "sector": "II.4", "value": 60.0}),
    ],
    ignore_index=True,
)


def _sigma(frame: pd.DataFrame) -> dict[str, float]:
    return dict(zip(frame["sector"].astype(str), frame["sigma"].astype(float), strict=True))


def test_table_is_borrowed_from_cmcc_with_unknown_confidence() -> None:
    table = relative_uncertainty()
    assert set(table["sector"]) == set(monitored_sectors())
    known = table[table["value"].notna()]
    assert known["borrowed"].eq("yes").all()
    assert known["source"].str.contains("CMCC").all()
    assert table["confidence"].eq("unknown").all()
    figures = table.set_index(["sector", "scale"])["value"]
    assert figures[("I.4.4", "daily")] == 0.0969  # monitoring.md §1.4, power
    assert figures[("II.1", "annual")] == 0.0323


def test_monthly_band_with_correlation_is_wider_than_independent_days() -> None:
    daily = band(DAILY)
    i1 = daily[daily["sector"].eq("I.1")]
    assert i1["sigma"].iloc[0] == pytest.approx(1.937)
    independent = float(np.sqrt((i1["sigma"] ** 2).sum()))  # √(Σ daily var) = 1.937 × √31
    months = _sigma(band(DAILY, "monthly", correlation=0.3))
    assert months["I.1"] > independent
    assert months["I.1"] == pytest.approx(np.sqrt(0.7 * 31 * 1.937**2 + 0.3 * (31 * 1.937) ** 2))
    full = _sigma(band(DAILY, "monthly"))  # default ρ = 1: no shrinking at all
    assert full["I.1"] == pytest.approx(0.1937 * 310.0)
    assert _sigma(band(DAILY, "monthly", correlation=0.0))["I.1"] == pytest.approx(independent)
    assert np.isnan(full["II.4"])  # no aviation figure: no band


def test_annual_band_and_totals() -> None:
    years = band(DAILY, "annual")
    low = dict(zip(years["sector"], years["low"].astype(float), strict=True))
    assert low["I.1"] == pytest.approx(310.0 * (1 - 0.026))
    one = band(DAILY[DAILY["sector"].eq("I.1")], "monthly")
    two = pd.concat([one, one.assign(sector="I.3")])
    total = total_band(two, ["region", "period"])
    assert total["sigma"].iloc[0] == pytest.approx(one["sigma"].iloc[0] * np.sqrt(2))
    with_air = total_band(band(DAILY, "monthly"), ["region", "period"])
    assert np.isnan(with_air["sigma"].iloc[0])
    with pytest.raises(InputError) as info:
        band(DAILY, "weekly", correlation=2.0)
    assert len(info.value.problems) == 2
