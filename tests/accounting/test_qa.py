"""QA checks find what a reviewer would."""

from pathlib import Path

import pandas as pd
import pytest

from peakzero.accounting.engine import Inventory
from peakzero.accounting.qa import (
    check_district_sums,
    check_regions,
    check_time_series,
    check_view_sums,
    compare_approaches,
)
from peakzero.accounting.run import run_accounting
from peakzero.checks import CheckFailedError


def series(values: dict[int, float], fuel: str = "cement") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "region": "CN-BJ",
            "sector": "EB27",
            "fuel": fuel,
            "gas": "CO2",
            "scope": 1,
            "year": list(values),
            "value": list(values.values()),
        }
    )


def test_zero_between_non_zero_years_is_a_probable_gap() -> None:
    # CEADs Beijing cement process: 1.48 (2016), 0.00 (2017), 1.28 (2018).
    findings = check_time_series(series({2016: 1.48, 2017: 0.0, 2018: 1.28, 2019: 1.03}))
    assert [(f.check, f.severity, f.year) for f in findings] == [
        ("time-series-gap", "warning", 2017)
    ]
    assert "probably a gap" in findings[0].message


def test_leading_and_trailing_zeros_are_not_gaps() -> None:
    data = pd.concat(
        [series({2015: 0.0, 2016: 2.0, 2017: 0.0}), series({2015: 1.0, 2016: 0.0}, "coke")]
    )
    assert check_time_series(data) == []


def test_long_absences_are_not_gaps_and_small_cells_are_info() -> None:
    absent = series({2001: 1.4, 2002: 0.0, 2003: 0.0, 2004: 0.0, 2005: 0.6}, "crude_oil")
    assert check_time_series(absent) == []
    big = series({2016: 100.0, 2017: 100.0, 2018: 100.0}, "natural_gas")
    tiny = series({2016: 0.1, 2017: 0.0, 2018: 0.1}, "coke")
    (small,) = check_time_series(pd.concat([big, tiny]))
    assert (small.severity, small.year, small.detail["fuel"]) == ("info", 2017, "coke")
    (material,) = check_time_series(pd.concat([big, tiny]), min_share=0.0005)
    assert material.severity == "warning"


def test_missing_year_inside_a_series() -> None:
    (finding,) = check_time_series(series({2015: 1.0, 2018: 1.0}))
    assert finding.check == "time-series-missing-year"
    assert finding.detail["missing_years"] == [2016, 2017]


def make_inventory(rows: list[tuple[str, str, float]]) -> Inventory:
    frame = pd.DataFrame(rows, columns=["region", "fuel", "value"])
    frame = frame.assign(
        year=2019, sector="EB46", gpc="I.1", gas="CO2", scope=1, unit="t CO2", line=0
    )
    frame["co2e"] = frame["value"]
    return Inventory(frame, pd.DataFrame(), "test", "grid", "heat", "AR5GWP100")


def test_reference_versus_sectoral() -> None:
    inventory = make_inventory([("CN-BJ", "natural_gas", 100.0), ("CN-BJ", "raw_coal", 50.0)])
    reference = pd.DataFrame(
        {
            "region": "CN-BJ",
            "year": 2019,
            "fuel": ["natural_gas", "raw_coal"],
            "energy_tj": [1.0, 1.0],
            "co2": [104.0, 56.0],
        }
    )
    table, findings = compare_approaches(inventory, reference, threshold=0.05)
    assert table.set_index("fuel")["difference"].to_dict() == pytest.approx(
        {"natural_gas": 0.04, "raw_coal": 0.12}
    )
    (finding,) = findings  # total: 160 vs 150 = +6.7 % > 5 %
    assert finding.detail["difference"] == pytest.approx(10 / 150)
    _, none = compare_approaches(inventory, reference, threshold=0.07)
    assert none == []


def test_fuels_without_supply_data_are_named_not_compared() -> None:
    inventory = make_inventory([("CN-BJ", "natural_gas", 100.0), ("CN-BJ", "raw_coal", 50.0)])
    reference = pd.DataFrame(
        {"region": "CN-BJ", "year": 2019, "fuel": ["natural_gas"], "energy_tj": 1.0, "co2": 101.0}
    )
    table, findings = compare_approaches(inventory, reference)
    assert table["fuel"].tolist() == ["natural_gas"]
    assert table["difference"].tolist() == pytest.approx([0.01])
    (note,) = findings
    assert note.severity == "info" and "raw_coal" in note.message


def views(rows: list[tuple[str, bool, float]]) -> pd.DataFrame:
    table = pd.DataFrame(rows, columns=["view", "aviation", "co2e"])
    return table.assign(region="CN-BJ", year=2019)


def test_views_that_contain_one_another_add_up() -> None:
    consistent = views(
        [
            ("territorial", True, 100.0),
            ("territorial", False, 80.0),
            ("scope1+2", True, 150.0),
            ("scope1+2", False, 130.0),
            ("basic", True, 90.0),
            ("basic+", True, 95.0),
        ]
    )
    assert check_view_sums(consistent) == []
    broken = views(
        [("territorial", True, 100.0), ("territorial", False, 120.0), ("basic", True, -1)]
    )
    found = check_view_sums(broken)
    assert [f.check for f in found] == ["sum", "sum"]
    assert "exceeds territorial" in found[0].message
    assert "negative" in found[1].message


def test_districts_against_their_city() -> None:
    codes = [1, 2, 5, 6, 7, 8, 9, *range(11, 20)]
    districts = [(f"CN-BJ-1101{n:02d}", "natural_gas", 10.0) for n in codes]
    assert len(districts) == 16
    city = ("CN-BJ", "natural_gas", 160.0)
    (partial,) = check_district_sums(make_inventory([city, *districts[:3]]))
    assert partial.severity == "info" and "3 of 16 districts" in partial.message
    assert check_district_sums(make_inventory([city, *districts])) == []
    (mismatch,) = check_district_sums(make_inventory([("CN-BJ", "natural_gas", 150.0), *districts]))
    assert mismatch.severity == "warning"
    assert "106.67%" in mismatch.message


def test_unknown_regions_are_named() -> None:
    inventory = make_inventory([("CN-BJ", "natural_gas", 1.0), ("Yizhuang park", "lpg", 1.0)])
    (finding,) = check_regions(inventory)
    assert finding.severity == "info" and "'Yizhuang park'" in finding.message


def test_strict_mode_in_the_library_refuses_a_run_with_a_qa_warning(tmp_path: Path) -> None:
    activity = tmp_path / "activity.csv"
    activity.write_text(
        "region,year,sector,fuel,value,unit\n"
        "CN-BJ,2016,IV.1,clinker,10,t\nCN-BJ,2017,IV.1,clinker,0,t\nCN-BJ,2018,IV.1,clinker,10,t\n",
        encoding="utf-8",
    )
    lenient = run_accounting(activity, "ipcc-2006")
    assert [f.year for f in lenient.findings if f.severity == "warning"] == [2017]
    with pytest.raises(CheckFailedError, match="2017: series") as caught:
        run_accounting(activity, "ipcc-2006", strict=True)
    assert caught.value.findings == tuple(f for f in lenient.findings if f.severity == "warning")
