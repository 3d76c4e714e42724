"""Golden CEADs totals: 690 province-years, checked against every import."""

import math
from pathlib import Path

import pandas as pd
import pytest

from peakzero.accounting.builtin import beijing_ceads
from peakzero.accounting.ceads import read_ceads_workbooks

TESTS = Path(__file__).resolve().parents[1]
GOLDEN = TESTS / "data" / "golden" / "ceads_scope1_totals.csv"
CEADS_DIR = TESTS.parents[1] / "shared" / "data" / "ceads"


def golden() -> pd.Series:
    table = pd.read_csv(GOLDEN)
    return table.set_index(["region", "year"])["scope1_mt_co2"]


def test_golden_file_covers_30_provinces_and_23_years() -> None:
    totals = golden()
    assert len(totals) == 690
    assert totals.index.get_level_values("region").nunique() == 30
    assert sorted(totals.index.get_level_values("year").unique()) == list(range(1997, 2020))
    assert totals["CN-BJ", 2010] == pytest.approx(105.04, abs=0.005)


def test_packaged_beijing_matches_the_golden_totals() -> None:
    beijing = beijing_ceads().groupby("year")["value"].sum()
    expected = golden()["CN-BJ"]
    for year, total in expected.items():
        assert math.isclose(beijing[year], total, rel_tol=1e-9), year


@pytest.mark.skipif(not CEADS_DIR.is_dir(), reason="CEADs workbooks not at ../shared/data/ceads")
def test_every_province_year_imports_to_its_golden_total() -> None:
    paths = sorted(
        p for p in CEADS_DIR.glob("*.xlsx") if p.name.lower().startswith("emission_inventories")
    )
    data = read_ceads_workbooks(paths)
    imported = data[data["scope"] == 1].groupby(["region", "year"])["value"].sum()
    expected = golden()
    assert set(imported.index) == set(expected.index)
    both = pd.concat([imported.rename("imported"), expected.rename("golden")], axis=1)
    for row in both.reset_index().to_dict(orient="records"):
        assert math.isclose(row["imported"], row["golden"], rel_tol=1e-9), row
