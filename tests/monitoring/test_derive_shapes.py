"""The shipped Carbon Monitor shapes: shares only, re-derivable from the exports, gaps marked."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from peakzero.errors import InputError
from peakzero.monitoring.beijing import beijing_cm_shapes, beijing_daily, beijing_ratios
from peakzero.monitoring.derive_shapes import derive_shapes, main, read_cm_export
from peakzero.monitoring.mapping import anchor
from peakzero.monitoring.method import annual

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "monitoring"
EXPORTS = sorted(DATA.glob("carbon-monitor-CITIES-*.xlsx"))
needs_exports = pytest.mark.skipif(
    not EXPORTS, reason="Carbon Monitor Cities exports not at ../shared/data/monitoring"
)


def test_shipped_shapes_are_shares_of_each_year() -> None:
    shapes = beijing_cm_shapes()
    sums = shapes.groupby(["sector", shapes["date"].dt.year])["share"].sum()
    assert np.allclose(sums, 1.0, atol=1e-9)
    assert len(sums) == 25  # 5 sectors × 2021–2025
    filled = shapes[shapes["filled"].eq(1)]
    assert set(filled["date"].dt.strftime("%Y-%m-%d")) == {"2024-02-29"}
    assert len(shapes) == 5 * 1826


def test_a_gap_is_filled_by_its_neighbours_and_marked() -> None:
    days = pd.to_datetime(["2024-02-28", "2024-03-01"])
    series = pd.DataFrame({"date": days, "sector": "Power", "value": [2.0, 4.0]})
    shapes = derive_shapes(series, "CN-BJ")
    assert shapes["share"].tolist() == pytest.approx([2 / 9, 3 / 9, 4 / 9])
    assert shapes["filled"].tolist() == [0, 1, 0]


def test_shipped_ratios_are_sourced_or_missing() -> None:
    ratios = beijing_ratios()
    known = ratios[ratios["ratio"].notna()]
    assert set(known["status"]) <= {"verified", "secondary", "uncertain", "computed"}
    missing = ratios[ratios["ratio"].isna()]
    assert missing["status"].eq("missing").all()
    assert missing["note"].str.len().gt(0).all()
    assert set(zip(known["sector"], known["year"], strict=True)) >= {
        ("II.1", 2023),
        ("II.4", 2020),
        ("II.4", 2021),
        ("II.4", 2022),
        ("II.4", 2023),
        ("II.4", 2024),
        ("II.4", 2025),
    }


def test_beijing_daily_sums_to_ceads_times_ratio() -> None:
    sums = annual(beijing_daily()).dropna().set_index(["sector", "year"])["value"]
    base = anchor().set_index("sector")["value"]
    assert sums[("II.4", 2024)] == pytest.approx(base["II.4"] * 1000 * 1.134, abs=1e-6)
    assert sums[("II.1", 2023)] == pytest.approx(base["II.1"] * 1000 * 0.803, abs=1e-6)
    assert ("II.4", 2020) not in sums.index  # a ratio but no shipped shape (see test_beijing.py)


@needs_exports
def test_shipped_file_is_what_the_script_derives(tmp_path: Path) -> None:
    out = tmp_path / "shapes.csv"
    main([*map(str, EXPORTS), "--out", str(out)])
    fresh = pd.read_csv(out, parse_dates=["date"])
    shipped = beijing_cm_shapes()
    pd.testing.assert_frame_equal(fresh, shipped, check_exact=False, atol=1e-12)


@needs_exports
def test_export_reader_on_the_real_files() -> None:
    series = read_cm_export(EXPORTS, "Beijing")
    assert len(series) == 9125  # monitoring.md §2.1: 5 sectors × 1,825 days
    totals = series.groupby([series["sector"], series["date"].dt.year])["value"].sum() / 1000
    assert totals[("Residential", 2021)] == pytest.approx(12.101, abs=1e-3)
    with pytest.raises(InputError, match="Atlantis"):
        read_cm_export(EXPORTS, "Atlantis")


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "anything"
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_export_table_found_by_structure_footer_skipped(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["exported"],
        ["city", "date", "sector", "ktCO2 per day"],
        ["Beijing", "01/01/2021", "Power", 2.0],
        ["Shanghai", "01/01/2021", "Power", 9.0],
        ["Beijing", "02/01/2021", "Power", 6.0],
        ["cities.carbonmonitor.org"],
        ["March 31st, 2026"],
    ]
    series = read_cm_export([_workbook(tmp_path / "a.xlsx", rows)], "Beijing")
    assert series["value"].tolist() == [2.0, 6.0]
    assert series["date"].dt.strftime("%Y-%m-%d").tolist() == ["2021-01-01", "2021-01-02"]
    rows[4][3] = "n/a"
    with pytest.raises(InputError, match=r"b\.xlsx.*anything.*row 5, column 'D'.*n/a"):
        read_cm_export([_workbook(tmp_path / "b.xlsx", rows)], "Beijing")
    with pytest.raises(InputError, match="no sheet with columns"):
        read_cm_export([_workbook(tmp_path / "c.xlsx", [["x", "y"]])], "Beijing")
