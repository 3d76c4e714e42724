"""Nowcast from the year to date: hand-made series, then the dossier's back-test on Beijing."""

import math

import numpy as np
import pandas as pd
import pytest
from cmc_reader import EXPORTS, NO_EXPORTS, read_export

from peakzero.errors import InputError
from peakzero.monitoring.nowcast import TOTAL, backtest, nowcast, yearly_shares

# Sector B: Jan–Mar at 2, 3, 2.5 kt/day in 2021, 2022, 2023; 1 kt/day the rest of the year.
# Its YTD shares through March: 2021 180/455, 2022 270/545, 2023 225/500.
SHARE_21, SHARE_22, SHARE_23 = 180 / 455, 270 / 545, 225 / 500


def hand_made() -> pd.DataFrame:
    """Sector A: 1, 2, 3 kt/day flat in 2021–2023; sector B seasonal as above."""
    dates = pd.date_range("2021-01-01", "2023-12-31", freq="D")
    year = dates.year.to_numpy()
    a = (year - 2020).astype(float)
    winter = {2021: 2.0, 2022: 3.0, 2023: 2.5}
    b = np.where(dates.month <= 3, pd.Series(year).map(winter).to_numpy(), 1.0)
    rows = [
        pd.DataFrame({"date": dates, "region": "CN-BJ", "sector": "A", "value": a}),
        pd.DataFrame({"date": dates, "region": "CN-BJ", "sector": "B", "value": b}),
    ]
    return pd.concat(rows, ignore_index=True)


def test_yearly_shares_by_hand() -> None:
    shares = yearly_shares(hand_made(), 3, 31).set_index(["series", "year"])
    assert shares.loc[("A", 2022), "ytd"] == pytest.approx(180.0)
    assert shares.loc[("A", 2022), "share"] == pytest.approx(90 / 365)
    assert shares.loc[("B", 2022), "share"] == pytest.approx(SHARE_22)
    assert shares.loc[(TOTAL, 2021), "annual"] == pytest.approx(365 + 455)
    assert shares["complete"].all()


def test_nowcast_through_march_by_hand() -> None:
    result = nowcast(
        hand_made(), 2023, through="2023-03-31", proxy_uncertainty={"A": 0.05, "B": 0.1}
    )
    rows = result.set_index("series")
    # A: a flat year, the share is 90/365 every year, so the estimate is exact and its spread 0.
    assert rows.loc["A", "estimate"] == pytest.approx(3 * 365)
    assert rows.loc["A", "rel_share"] == pytest.approx(0.0, abs=1e-12)
    assert rows.loc["A", "rel_band"] == pytest.approx(0.05)
    # B: YTD 225 kt over the mean share of 2021 and 2022.
    mean = (SHARE_21 + SHARE_22) / 2
    assert rows.loc["B", "estimate"] == pytest.approx(225 / mean)  # 505.04 against 500 actual
    sd = abs(SHARE_21 - SHARE_22) / math.sqrt(2)
    assert rows.loc["B", "rel_share"] == pytest.approx(sd / mean)
    assert rows.loc["B", "rel_band"] == pytest.approx(math.sqrt((sd / mean) ** 2 + 0.1**2))
    assert rows.loc["B", "low"] == pytest.approx(
        225 / mean * (1 - math.sqrt((sd / mean) ** 2 + 0.01))
    )
    # Total: its own share (not the sum of the sector nowcasts); proxy terms in quadrature.
    # 2021: (90 + 180) / (365 + 455); 2022: (180 + 270) / (730 + 545); 2023 YTD 270 + 225.
    total_share = ((90 + 180) / (365 + 455) + (180 + 270) / (730 + 545)) / 2
    assert rows.loc[TOTAL, "estimate"] == pytest.approx((270 + 225) / total_share)
    proxy = math.hypot(0.05 * 3 * 365, 0.1 * 225 / mean) / float(rows["estimate"][TOTAL])
    assert rows.loc[TOTAL, "rel_proxy"] == pytest.approx(proxy)
    assert rows.loc[TOTAL, "history"] == "2021,2022"
    assert (result["through"] == pd.Timestamp("2023-03-31")).all()


def test_one_history_year_leaves_the_spread_unknown() -> None:
    result = nowcast(hand_made(), 2023, through="2023-03-31", exclude_years=[2022]).set_index(
        "series"
    )
    assert result.loc["B", "estimate"] == pytest.approx(225 / SHARE_21)
    assert result.loc["B", "n_history"] == 1
    assert math.isnan(float(result["rel_band"]["B"]))


def test_nowcast_refuses_what_it_cannot_do() -> None:
    with pytest.raises(InputError, match="no values in 2030"):
        nowcast(hand_made(), 2030)
    with pytest.raises(InputError, match="no complete past year"):
        nowcast(hand_made(), 2021)
    with pytest.raises(InputError, match="must reach the 'through' date"):
        nowcast(hand_made(), 2023, through="2024-01-05")


def test_backtest_by_hand() -> None:
    table = backtest(hand_made(), through_months=(3,))
    rows = table.set_index(["series", "year"])
    # Prior years only: 2021 has no past, 2022 uses 2021, 2023 uses 2021 and 2022.
    assert sorted(table["year"].unique()) == [2022, 2023]
    assert rows.loc[("B", 2022), "estimate"] == pytest.approx(270 / SHARE_21)
    assert rows.loc[("B", 2022), "error_pct"] == pytest.approx(100 * (270 / SHARE_21 / 545 - 1))
    assert rows.loc[("A", 2023), "error_pct"] == pytest.approx(0.0, abs=1e-9)
    loo = backtest(hand_made(), through_months=(3,), history="leave_one_out").set_index(
        ["series", "year"]
    )
    assert loo.loc[("B", 2021), "estimate"] == pytest.approx(180 / ((SHARE_22 + SHARE_23) / 2))
    assert loo.loc[("B", 2021), "history"] == "2022,2023"


# Dossier §4 item 4: nowcast errors in % of the actual year, 2022 excluded from the history.
DOSSIER = {
    "total excl. industry": {
        2023: (-2.14, -1.71, +0.08),
        2024: (+0.74, -1.14, +0.32),
        2025: (+0.31, -0.71, +0.41),
    },
    "total": {
        2023: (-0.19, -1.37, +0.09),
        2024: (+1.59, -0.68, -0.65),
        2025: (+1.69, -1.03, -0.12),
    },
}


@pytest.mark.skipif(len(EXPORTS) != 2, reason=NO_EXPORTS)
def test_dossier_backtest_reproduces_to_a_hundredth_of_a_point() -> None:
    beijing = read_export("CN-BJ")
    assert len(beijing) == 5 * 1825
    series = {"total": beijing, "total excl. industry": beijing[beijing["sector"] != "Industry"]}
    for label, daily in series.items():
        # The dossier's rule: the history of a year is the complete years BEFORE it, less 2022
        # (2023 from 2021 alone; 2024 from 2021 and 2023; 2025 from 2021, 2023 and 2024).
        table = backtest(daily, years=[2023, 2024, 2025], exclude_years=[2022])
        found = table[table["series"] == TOTAL].set_index(["year", "through"])["error_pct"]
        for year, errors in DOSSIER[label].items():
            for month, expected in zip((3, 6, 9), errors, strict=True):
                assert found[(year, month)] == pytest.approx(expected, abs=0.01), (
                    label,
                    year,
                    month,
                )
        histories = table[table["series"] == TOTAL].groupby("year")["history"].first().to_dict()
        assert histories == {2023: "2021", 2024: "2021,2023", 2025: "2021,2023,2024"}


@pytest.mark.skipif(len(EXPORTS) != 2, reason=NO_EXPORTS)
def test_leave_one_year_out_differs_from_the_dossier_rule_where_later_years_enter() -> None:
    beijing = read_export("CN-BJ")
    loo = backtest(beijing, years=[2023, 2024, 2025], exclude_years=[2022], history="leave_one_out")
    found = loo[loo["series"] == TOTAL].set_index(["year", "through"])["error_pct"].round(2)
    # 2025 has no later year, so both rules agree; 2023 and 2024 change (computed here).
    assert found[(2025, 3)] == 1.69
    assert found[(2023, 3)] == -1.38
    assert found[(2024, 3)] == 0.84
    assert (loo["history"][loo["year"] == 2023] == "2021,2024,2025").all()


def test_blank_values_and_late_history_years_are_named() -> None:
    daily = hand_made()
    daily.loc[5, "value"] = np.nan
    with pytest.raises(InputError, match="2021-01-06: not a number"):
        nowcast(daily, 2023, source="proxies.csv")
    with pytest.raises(InputError, match="history year not before 2022"):
        nowcast(hand_made(), 2022, history_years=[2021, 2023])
