"""Beijing's monitored series 2021–2025 from the shipped ratios and shapes (issue 13)."""

from __future__ import annotations

import pandas as pd
import pytest

from peakzero.monitoring.beijing import (
    YEARS,
    beijing_daily,
    beijing_gaps,
    beijing_monthly,
    beijing_ratios,
    beijing_totals,
)
from peakzero.monitoring.mapping import anchor
from peakzero.monitoring.method import annual
from peakzero.monitoring.sectors import monitored_sectors

SCOPE1 = sorted(s.id for s in monitored_sectors().values() if s.scope == 1)


def _known() -> pd.DataFrame:
    ratios = beijing_ratios()
    known = ratios[ratios["ratio"].notna() & ratios["year"].isin(YEARS)]
    return known.set_index(["sector", "year"])


def test_ratios_carry_a_source_and_a_label() -> None:
    ratios = beijing_ratios()
    known = ratios[ratios["ratio"].notna()]
    assert set(known["status"]) <= {"verified", "secondary", "uncertain", "computed"}
    assert known["source"].str.contains("http|observations.csv").all()
    assert ratios[ratios["ratio"].isna()]["status"].eq("missing").all()
    # 2021's industrial index is the statistics bureau's own "比2019年同期增长34.1%".
    assert known.set_index(["sector", "year"]).loc[("I.3", 2021), "ratio"] == 1.341
    # the power-and-heat branch: +4.4 % (2020) then +6.7 % (2021), chained by hand.
    assert known.set_index(["sector", "year"]).loc[("I.4.4", 2021), "ratio"] == pytest.approx(
        1.044 * 1.067, abs=1e-6
    )
    # air passengers over the 103.0 M of 2019: 58.69 M (2021), 52.879156 + 39.4 M (2023).
    aviation = known.set_index(["sector", "year"])["ratio"]
    assert aviation.loc[("II.4", 2021)] == pytest.approx(58.69 / 103.0, abs=5e-4)
    assert aviation.loc[("II.4", 2023)] == pytest.approx((52.879156 + 39.4) / 103.0, abs=5e-4)
    # 2025 as published (Capital 70.76 M, Daxing 53.61 M); 2024 from their growth rates.
    assert aviation.loc[("II.4", 2025)] == pytest.approx((70.76 + 53.61) / 103.0, abs=5e-4)
    assert aviation.loc[("II.4", 2024)] == pytest.approx(
        (70.76 / 1.050 + 53.61 / 1.084) / 103.0, abs=5e-4
    )


def test_each_monitored_sector_year_sums_to_anchor_times_ratio() -> None:
    sums = annual(beijing_daily()).dropna().astype({"year": int}).set_index(["sector", "year"])
    base = anchor().set_index("sector")["value"] * 1000  # Mt → kt
    known = _known()
    assert set(sums.index) == set(known.index)  # every ratio has a shape in 2021–2025
    expected = base.reindex(known.index.get_level_values("sector")).to_numpy() * known["ratio"]
    got = sums["value"].reindex(known.index)
    assert (got - expected).abs().max() < 1e-9 * expected.max()
    # I.3, I.4, I.4.4, IV.1 2021; II.4 2021–2025; II.1 2023
    assert len(known) == 10


def test_monthly_sums_equal_the_annual_level() -> None:
    months = beijing_monthly()
    months = months.assign(year=months["period"].str[:4].astype(int))
    by_year = months.groupby(["sector", "year"])["value"].sum(min_count=1).dropna()
    sums = annual(beijing_daily()).dropna().astype({"year": int}).set_index(["sector", "year"])
    assert by_year.to_numpy() == pytest.approx(sums["value"].reindex(by_year.index).to_numpy())
    assert months["value"].isna().any()  # missing sector-years stay NaN, never 0


def test_missing_sector_years_are_nan_and_listed_with_a_reason() -> None:
    gaps = beijing_gaps()
    known = set(_known().index)
    listed = set(zip(gaps["sector"], gaps["year"], strict=True))
    assert listed | known == {(s, y) for s in SCOPE1 for y in YEARS}
    assert not listed & known
    assert gaps["reason"].str.startswith("no sourced ratio").all()
    assert gaps["reason"].str.len().gt(30).all()
    daily = beijing_daily()
    year = daily["date"].dt.year
    for sector, y in [("I.1", 2021), ("I.3", 2022), ("II.1", 2025)]:
        rows = daily[daily["sector"].eq(sector) & year.eq(y)]
        assert len(rows) >= 365
        assert rows["value"].isna().all()


def test_total_reported_only_for_complete_years() -> None:
    totals = beijing_totals().set_index("year")
    assert list(totals.index) == list(YEARS)
    assert totals["value"].isna().eq(~totals["complete"]).all()
    # no year of 2021–2025 has every scope-1 sector today: no total is shown
    assert not totals["complete"].any()
    missing = str(totals.loc[2021, "missing"]).split(", ")
    assert "I.1" in missing
    assert "I.3" not in missing


def test_a_complete_year_reports_its_total(monkeypatch: pytest.MonkeyPatch) -> None:
    # Hand-made case: every scope-1 sector gets ratio 1 in 2021, so 2021's total is the 2019
    # anchor summed over the scope-1 sectors; 2022 stays incomplete.
    import peakzero.monitoring.beijing as bj

    ratios = bj.beijing_ratios()
    y2021 = ratios["year"].eq(2021)
    ratios.loc[y2021, "ratio"] = 1.0
    monkeypatch.setattr(bj, "beijing_ratios", lambda: ratios)
    totals = bj.beijing_totals().set_index("year")
    base = anchor().set_index("sector")["value"].reindex(SCOPE1) * 1000
    assert totals.loc[2021, "complete"]
    assert totals.loc[2021, "missing"] == ""
    assert totals.loc[2021, "value"] == pytest.approx(base.sum(), rel=1e-12)
    assert totals["value"].isna().loc[2022]
    assert bj.beijing_gaps()["year"].ne(2021).all()
