"""peakzero.testing: its assertions say what differs, its cases hold their answers."""

import doctest
from pathlib import Path

import pandas as pd
import pytest

import peakzero.testing
from peakzero.io.iamc import to_wide
from peakzero.testing import SMALL_CITY, assert_additive, assert_iamc_equal

DATA = Path(__file__).resolve().parent / "data"


def long(values: dict[tuple[str, int], float], scenario: str = "plan") -> pd.DataFrame:
    rows = [
        ("peakzero", scenario, "CN-BJ", variable, "Mt CO2/yr", year, value)
        for (variable, year), value in values.items()
    ]
    columns = ["model", "scenario", "region", "variable", "unit", "year", "value"]
    return pd.DataFrame(rows, columns=columns)


TREE = {
    ("Emissions|CO2", 2030): 10.0,
    ("Emissions|CO2|AFOLU", 2030): 1.0,
    ("Emissions|CO2|Energy", 2030): 9.0,
    ("Emissions|CO2", 2060): 0.0,
    ("Emissions|CO2|AFOLU", 2060): float("nan"),
    ("Emissions|CO2|Energy", 2060): 0.0,
}


def test_equal_in_any_layout_and_order() -> None:
    frame = long({**TREE, ("Emissions|CO2|AFOLU", 2060): 0.0})
    assert_iamc_equal(frame, to_wide(frame.iloc[::-1]).iloc[:, ::-1])
    assert_iamc_equal(frame, frame.assign(value=frame["value"] * (1 + 1e-12)))
    assert_iamc_equal(long(TREE), long(TREE))  # missing on both sides is equal


def test_a_differing_value_is_named_with_its_whole_key() -> None:
    other = long({**TREE, ("Emissions|CO2|Energy", 2030): 9.5})
    with pytest.raises(AssertionError) as caught:
        assert_iamc_equal(long(TREE), other)
    text = str(caught.value)
    assert "0 only in right, 1 value(s) differ" in text
    line = next(x for x in text.splitlines() if "Emissions|CO2|Energy" in x)
    assert line.split() == [
        "peakzero", "plan", "CN-BJ", "Emissions|CO2|Energy", "Mt", "CO2/yr", "2030",
        "9.0", "9.5", "0.5",
    ]  # fmt: skip
    assert_iamc_equal(long(TREE), other, atol=0.5)


def test_rows_on_one_side_only() -> None:
    fewer = long({k: v for k, v in TREE.items() if k[1] == 2030})
    with pytest.raises(AssertionError, match=r"3 row\(s\) only in left, 0 only in right") as caught:
        assert_iamc_equal(long(TREE), fewer)
    assert "rows only in left:" in str(caught.value) and "2060" in str(caught.value)


def test_frames_that_are_not_iamc_or_repeat_a_key() -> None:
    with pytest.raises(AssertionError, match="lacks the column"):
        assert_iamc_equal(long(TREE).drop(columns="unit"), long(TREE))
    twice = pd.concat([long(TREE), long(TREE).head(1)])
    with pytest.raises(AssertionError, match="holds 1 key"):
        assert_iamc_equal(twice, long(TREE))


def test_additive_names_the_parent_region_and_year() -> None:
    assert_additive(long(TREE))
    broken = long({**TREE, ("Emissions|CO2|AFOLU", 2030): 2.0})
    with pytest.raises(AssertionError) as caught:
        assert_additive(pd.concat([broken, long(TREE, scenario="other")]))
    text = str(caught.value)
    assert text.startswith("1 parent value(s) differ from the sum of their children")
    assert "plan" in text and "Emissions|CO2|AFOLU, Emissions|CO2|Energy" in text
    assert " 2030 " in text and "11.0" in text


def test_the_docstring_example_runs() -> None:
    assert doctest.testmod(peakzero.testing).failed == 0


def test_the_small_city_case_is_the_test_data_file(tmp_path: Path) -> None:
    assert (DATA / "activity_small.csv").read_text(encoding="utf-8") == SMALL_CITY.text
    assert SMALL_CITY.write(tmp_path).read_text(encoding="utf-8") == SMALL_CITY.text
