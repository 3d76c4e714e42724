"""Reconciling monitored months to a new annual inventory: hand-computed case, revision table,
bad input (peakzero.monitoring.vintages)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from peakzero.errors import InputError
from peakzero.monitoring.vintages import REVISION_COLUMNS, reconcile

MONTHS = [f"2024-{m:02d}" for m in range(1, 13)]
DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "monitoring"
LIVE_2021 = DATA / "carbon-monitor-CITIES-maingraphdatas2021-2022.xlsx"


def monthly() -> pd.DataFrame:
    """Three sectors of 2024: I.1 with months 1..12 Mt (Σ 78), II.1 with 1 Mt each (Σ 12) and
    I.3 (Σ 24) which the inventory does not cover."""
    i1 = np.arange(1.0, 13.0)
    return pd.DataFrame(
        {
            "region": "CN-BJ",
            "sector": ["I.1"] * 12 + ["II.1"] * 12 + ["I.3"] * 12,
            "month": MONTHS * 3,
            "value": [*i1, *[1.0] * 12, *[2.0] * 12],
            "low": [*(0.9 * i1), *[0.8] * 12, *[1.5] * 12],
            "high": [*(1.1 * i1), *[1.2] * 12, *[2.5] * 12],
        }
    )


def inventory() -> pd.DataFrame:
    """I.1 156 Mt (factor 156/78 = 2), II.1 9 Mt (factor 9/12 = 0.75), and V (AFOLU), which the
    monitor does not track."""
    return pd.DataFrame(
        {
            "region": "CN-BJ",
            "sector": ["I.1", "II.1", "V"],
            "year": [2024, 2024, 2024],
            "value": [156.0, 9.0, 4.0],
        }
    )


def test_months_sum_to_the_inventory_and_keep_their_shape() -> None:
    reconciled, _ = reconcile(monthly(), inventory())
    sums = reconciled.groupby("sector")["value"].sum()
    assert sums["I.1"] == pytest.approx(156.0, abs=1e-9)
    assert sums["II.1"] == pytest.approx(9.0, abs=1e-9)
    assert sums["I.3"] == 24.0  # not in the inventory: unchanged
    i1 = reconciled[reconciled["sector"] == "I.1"]
    np.testing.assert_allclose(i1["value"], 2.0 * np.arange(1.0, 13.0), rtol=0, atol=1e-12)
    np.testing.assert_allclose(i1["low"], 1.8 * np.arange(1.0, 13.0), rtol=1e-12)
    np.testing.assert_allclose(i1["high"], 2.2 * np.arange(1.0, 13.0), rtol=1e-12)
    ii1 = reconciled[reconciled["sector"] == "II.1"]
    np.testing.assert_allclose(ii1["value"], 0.75, rtol=1e-12)
    np.testing.assert_allclose(ii1["low"], 0.6, rtol=1e-12)
    assert list(reconciled.columns) == list(monthly().columns)
    assert len(reconciled) == 36


def test_the_revision_table_by_hand() -> None:
    _, revisions = reconcile(monthly(), inventory())
    assert list(revisions.columns) == list(REVISION_COLUMNS)
    # 12 months and the year of each reconciled sector; nothing for I.3 or V.
    assert len(revisions) == 26
    assert set(revisions["sector"]) == {"I.1", "II.1"}
    by = {(r[1], r[2]): (r[0], *r[3:]) for r in revisions.itertuples(index=False, name=None)}
    assert by[("I.1", "2024-03")] == ("CN-BJ", 3.0, 6.0, 3.0, 100.0)
    assert by[("I.1", "2024")] == ("CN-BJ", 78.0, 156.0, 78.0, 100.0)
    assert by[("II.1", "2024-05")] == ("CN-BJ", 1.0, 0.75, -0.25, -25.0)
    assert by[("II.1", "2024")] == ("CN-BJ", 12.0, 9.0, -3.0, -25.0)
    # Each sector's months come first, then its year.
    assert list(revisions["period"][:13]) == [*MONTHS, "2024"]


def test_a_zero_old_value_has_no_change_percentage() -> None:
    frame = monthly()
    frame.loc[0, ["value", "low", "high"]] = 0.0  # I.1 January: Σ becomes 77
    _, revisions = reconcile(frame, inventory())
    january = revisions[(revisions["sector"] == "I.1") & (revisions["period"] == "2024-01")]
    assert january["new"].iloc[0] == 0.0
    assert np.isnan(january["change_pct"].iloc[0])


def test_a_year_with_missing_months_is_not_reconciled() -> None:
    frame = monthly().drop(index=[3, 4])  # I.1 April and May
    with pytest.raises(InputError) as info:
        reconcile(frame, inventory())
    assert len(info.value.problems) == 1
    assert "2 of the 12 months are missing" in str(info.value)
    assert "CN-BJ I.1 2024" in str(info.value)


def test_months_summing_to_zero_cannot_be_rescaled() -> None:
    frame = monthly()
    frame.loc[frame["sector"] == "II.1", "value"] = 0.0
    with pytest.raises(InputError, match="sum to zero or less"):
        reconcile(frame, inventory())


def test_bad_cells_are_named_one_problem_each() -> None:
    frame = monthly().astype({"value": object})
    frame.loc[2, "month"] = "2024-13"
    frame.loc[5, "value"] = "n/a"
    frame = pd.concat([frame, frame.iloc[[7]]], ignore_index=True)  # a repeated row, line 38
    with pytest.raises(InputError) as info:
        reconcile(frame, inventory())
    lines = sorted((p.line, p.column) for p in info.value.problems)
    assert lines == [(4, "month"), (7, "value"), (38, "month")]


def test_bad_inventory_rows_and_missing_columns() -> None:
    bad = inventory().astype({"year": object})
    bad.loc[1, "year"] = "twenty"
    with pytest.raises(InputError) as info:
        reconcile(monthly(), bad)
    assert [(p.line, p.column) for p in info.value.problems] == [(3, "year")]
    with pytest.raises(InputError, match="missing column 'year'"):
        reconcile(monthly(), inventory().drop(columns="year"))
    twice = pd.concat([inventory(), inventory().iloc[[0]]], ignore_index=True)
    with pytest.raises(InputError, match="repeats"):
        reconcile(monthly(), twice)


@pytest.mark.skipif(
    not LIVE_2021.is_file(), reason=f"Carbon Monitor Cities export not at {LIVE_2021}"
)
def test_the_live_export_revised_to_the_v0325_release_figure() -> None:
    """Real data: Beijing's 2021 months of the live Carbon Monitor Cities export (149.5 Mt in
    the dossier, §1 and §2.1, computed) reconciled to the same product's v0325 city release
    for 2021 (87.0 Mt, dossier §1): one factor for every month, a −41.8 % revision."""
    sheet = pd.read_excel(LIVE_2021, sheet_name="datas", engine="calamine")
    beijing = sheet[sheet["city"] == "Beijing"]
    day = pd.to_datetime(beijing["date"], format="%d/%m/%Y")
    kt = beijing["ktCO2 per day"][day.dt.year == 2021]
    monthly = (
        (kt.groupby(day.dt.strftime("%Y-%m")).sum() / 1000.0)  # kt over the month -> Mt
        .rename_axis("month")
        .reset_index(name="value")
        .assign(region="CN-BJ", sector="total")
    )
    assert len(monthly) == 12
    release = pd.DataFrame(
        {"region": ["CN-BJ"], "sector": ["total"], "year": [2021], "value": [87.0]}
    )
    reconciled, revisions = reconcile(monthly, release)
    assert reconciled["value"].sum() == pytest.approx(87.0, abs=1e-9)
    year = revisions[revisions["period"] == "2021"].iloc[0]
    assert year["old"] == pytest.approx(149.5, abs=0.05)
    assert year["change_pct"] == pytest.approx(-41.8, abs=0.05)
    months = revisions[revisions["period"] != "2021"]
    ratio = (months["new"] / months["old"]).to_numpy()
    np.testing.assert_allclose(ratio, 87.0 / year["old"], rtol=1e-12)  # the shape is kept
