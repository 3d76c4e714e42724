"""Carbon Monitor Cities importers: hand-made files of both layouts and, when present, the real
website exports in ../shared/data/monitoring."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from peakzero import codes
from peakzero.errors import InputError
from peakzero.monitoring.external import (
    CM_SECTORS,
    carbon_monitor_sectors,
    read_external,
    sector_map,
)

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

PUBLISHED = """city,country,date,sector,value (KtCO2 per day),timestamp
Beijing,China,2021-01-01,Power,70.5,1609459200
Beijing,China,2021-01-02,Power,71.25,1609545600
Beijing,China,20210101,Ground Transport,50,1609459200
Paris,France,2021-01-01,Residential,12.5,1609459200
"""


def write_export(
    path: Path,
    rows: list[list[object]],
    *,
    at: tuple[int, int] = (1, 1),
    sheet: str = "datas",
    footer: tuple[str, ...] = ("cities.carbonmonitor.org", "March 31st, 2026"),
    before: tuple[str, ...] = (),
) -> Path:
    """A website export: header ``city, date, sector, ktCO2 per day`` at ``at`` (1-based row,
    column), a blank row and the footer lines below the data; an empty first sheet."""
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "about"
    sheet_ = book.create_sheet(sheet)
    row, col = at
    for i, text in enumerate(before):
        sheet_.cell(row=i + 1, column=col, value=text)
    header: list[object] = ["city", "date", "sector", "ktCO2 per day"]
    notes: list[list[object]] = [[t] for t in footer]
    table: list[list[object]] = [header, *rows, [], *notes]
    for r, cells in enumerate(table):
        for c, value in enumerate(cells):
            sheet_.cell(row=row + r, column=col + c, value=value)
    book.save(path)
    return path


def test_published_csv_layout(tmp_path: Path) -> None:
    path = tmp_path / "any-name.csv"
    path.write_text(PUBLISHED, encoding="utf-8")
    estimate = read_external(path)
    assert estimate.layout == "published"
    assert estimate.vintage is None
    assert estimate.unit == "kt CO2/day"
    assert dict(estimate.cities) == {"Beijing": "CN-BJ", "Paris": "Paris"}
    daily = estimate.daily
    assert list(daily.columns) == ["date", "region", "sector", "value"]
    assert daily["date"].dtype == "datetime64[ns]"
    beijing = daily[daily["region"] == "CN-BJ"]
    assert beijing["value"].sum() == pytest.approx(70.5 + 71.25 + 50)
    transport = beijing[beijing["sector"] == "Ground Transport"]
    assert transport["date"].tolist() == [pd.Timestamp("2021-01-01")]
    assert "Liu" in estimate.citation and "Huo" in estimate.citation
    assert "not aligned with GPC or CRF" in estimate.scope


def test_published_layout_with_a_plain_value_header_and_spelling_variants(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text(
        "City,Country,Date (dd/mm/yyyy),Sector,Value,Timestamp\n"
        "Beijing,China,01/02/2021,GroundTransportation,1.5,0\n"
        "Beijing,China,01/02/2021,domestic aviation,2,0\n"
        "Beijing,China,01/02/2021,International Aviation,3,0\n",
        encoding="utf-8",
    )
    daily = read_external(path).daily
    # Slashed dates are day-first: 01/02/2021 is the 1st of February.
    assert set(daily["date"]) == {pd.Timestamp("2021-02-01")}
    expected = {"Ground Transport", "Domestic Aviation", "International Aviation"}
    assert set(daily["sector"]) == expected


def test_website_export_with_footer_in_a_second_sheet_not_at_a1(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["Beijing", "01/01/2021", "Aviation", 5.5],
        ["Beijing", "02/01/2021", "Aviation", 5.25],
        ["Beijing", "13/01/2021", "Power", 70.0],
        ["Qingdao", "01/01/2021", "Industry", 100.0],
    ]
    path = write_export(tmp_path / "export.xlsx", rows, at=(4, 3), before=("Daily CO2",))
    estimate = read_external(path)
    assert estimate.layout == "website"
    assert estimate.sheets == ("datas",)
    assert estimate.source == "cities.carbonmonitor.org"
    assert estimate.vintage == dt.date(2026, 3, 31)
    assert estimate.notes == ("Daily CO2",)
    daily = estimate.daily
    assert len(daily) == 4
    power = daily[daily["sector"] == "Power"]
    assert power["date"].tolist() == [pd.Timestamp("2021-01-13")]
    aviation = daily[daily["sector"] == "Aviation"]
    assert aviation["date"].tolist() == [pd.Timestamp("2021-01-01"), pd.Timestamp("2021-01-02")]
    assert set(daily["region"]) == {"CN-BJ", "Qingdao"}


def test_date_cells_and_a_website_table_saved_as_csv(tmp_path: Path) -> None:
    rows: list[list[object]] = [["北京", dt.datetime(2021, 3, 5), "Residential", 9.0]]
    daily = read_external(write_export(tmp_path / "cells.xlsx", rows, footer=())).daily
    assert daily["date"].tolist() == [pd.Timestamp("2021-03-05")]
    assert daily["region"].tolist() == ["CN-BJ"]
    path = tmp_path / "website.csv"
    path.write_text(
        "city,date,sector,ktCO2 per day\nBeijing,05/03/2021,Power,1\n\ncities.carbonmonitor.org\n",
        encoding="utf-8",
    )
    estimate = read_external(path)
    assert (estimate.layout, estimate.source, estimate.vintage) == (
        "website",
        "cities.carbonmonitor.org",
        None,
    )
    assert estimate.daily["date"].tolist() == [pd.Timestamp("2021-03-05")]


def test_unknown_layout_names_the_columns_expected(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("region,year,value\nCN-BJ,2021,1\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_external(path)
    message = str(caught.value)
    assert "no Carbon Monitor Cities table found" in message
    assert "city, date, sector, ktCO2 per day" in message
    assert "city, country, date, sector, value, timestamp" in message


def test_a_near_miss_header_names_what_is_missing(tmp_path: Path) -> None:
    path = tmp_path / "near.csv"
    path.write_text("city,date,sector,amount\nBeijing,01/01/2021,Power,1\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_external(path)
    (problem,) = caught.value.problems
    assert problem.line == 1
    assert "lacks the column(s) value" in problem.message


def test_a_value_in_another_unit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "mt.csv"
    path.write_text("city,date,sector,MtCO2 per day\nBeijing,01/01/2021,Power,1\n", "utf-8")
    with pytest.raises(InputError, match="must be in kt CO2 per day"):
        read_external(path)


def test_every_bad_cell_is_one_problem_with_its_place(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["Beijing", "01/01/2021", "Power", 1.0],
        ["Beijing", "31/02/2021", "Power", 1.0],
        ["Beijing", "2021/01/03", "Power", "n/a"],
        ["Beijing", "04/01/2021", "Shipping", 1.0],
        ["", "05/01/2021", "Power", 1.0],
    ]
    path = write_export(tmp_path / "bad.xlsx", rows)
    with pytest.raises(InputError) as caught:
        read_external(path)
    found = {(p.line, p.column, p.value): p.message for p in caught.value.problems}
    assert all(p.sheet == "datas" and p.file == str(path) for p in caught.value.problems)
    assert set(found) == {
        (3, "date", "31/02/2021"),
        (4, "date", "2021/01/03"),
        (4, "ktCO2 per day", "n/a"),
        (5, "sector", "Shipping"),
        (6, "city", ""),
    }
    assert "dd/mm/yyyy" in found[(3, "date", "31/02/2021")]
    assert "Power" in found[(5, "sector", "Shipping")]
    assert "number" in found[(4, "ktCO2 per day", "n/a")]


def test_csv_problems_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(PUBLISHED + "Beijing,China,2021-01-03,Power,inf,0\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_external(path)
    (problem,) = caught.value.problems
    assert (problem.line, problem.column, problem.value) == (6, "value (KtCO2 per day)", "inf")
    assert problem.sheet is None


def test_missing_file_and_a_workbook_without_a_table(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        read_external(tmp_path / "absent.xlsx")
    book = Workbook()
    book.save(tmp_path / "empty.xlsx")
    with pytest.raises(InputError, match="no Carbon Monitor Cities table"):
        read_external(tmp_path / "empty.xlsx")


def test_a_header_without_data_is_refused(tmp_path: Path) -> None:
    path = write_export(tmp_path / "header-only.xlsx", [])
    with pytest.raises(InputError) as caught:
        read_external(path)
    (problem,) = caught.value.problems
    assert (problem.sheet, problem.line) == ("datas", 1)
    assert "no data rows" in problem.message


def test_a_csv_header_without_data_and_a_line_with_too_many_fields(tmp_path: Path) -> None:
    path = tmp_path / "header-only.csv"
    path.write_text("city,date,sector,ktCO2 per day\n", encoding="utf-8")
    with pytest.raises(InputError, match="no data rows"):
        read_external(path)
    path.write_text(PUBLISHED + "Beijing,China,2021-01-03,Power,1,0,extra\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 6") as caught:
        read_external(path)
    assert "at most 6 fields" in str(caught.value)


def test_the_file_type_is_read_from_the_content_not_the_name(tmp_path: Path) -> None:
    rows: list[list[object]] = [["Beijing", "01/01/2021", "Power", 70.0]]
    path = write_export(tmp_path / "export.csv", rows)  # a workbook with a .csv name
    assert read_external(path).layout == "website"
    renamed = tmp_path / "published.xlsx"
    renamed.write_text(PUBLISHED, encoding="utf-8")  # CSV text with a workbook's name
    assert read_external(renamed).layout == "published"


def test_the_sector_table_maps_every_carbon_monitor_sector_to_gpc() -> None:
    table = carbon_monitor_sectors()
    assert set(table["cm_sector"]) == set(CM_SECTORS)
    assert set(table["gpc"]) <= set(codes.gpc_sectors())
    assert (table["scope"] == "1").all() and (table["gas"] == "CO2").all()
    assert table["source"].str.len().gt(0).all()
    assert table["note"].str.contains("correspondence").all()
    groups = {frozenset(g) for g in sector_map().values()}
    # Any two sectors compare with the same GPC set or with disjoint ones (no double counting).
    assert all(a == b or not a & b for a in groups for b in groups)
    assert sector_map()["Residential"] == ("I.1", "I.2")


@needs_exports
def test_real_exports_beijing_five_sectors_1825_days() -> None:
    estimates = [read_external(p) for p in EXPORTS]
    assert all(e.vintage == dt.date(2026, 3, 31) for e in estimates)
    assert all(e.layout == "website" and e.source == "cities.carbonmonitor.org" for e in estimates)
    daily = pd.concat([e.daily for e in estimates], ignore_index=True)
    assert set(daily["region"]) == {"CN-BJ", "Chongqing", "Qingdao", "Shanghai"}
    beijing = daily[daily["region"] == "CN-BJ"]
    assert set(beijing["sector"]) == {
        "Aviation",
        "Ground Transport",
        "Industry",
        "Power",
        "Residential",
    }
    per_sector = beijing.groupby("sector")["date"]
    assert (per_sector.nunique() == 1825).all() and (per_sector.size() == 1825).all()
    assert beijing["date"].min() == pd.Timestamp("2021-01-01")
    assert beijing["date"].max() == pd.Timestamp("2025-12-31")
    assert pd.Timestamp("2024-02-29") not in set(beijing["date"])
    total_2021 = beijing.loc[beijing["date"].dt.year == 2021, "value"].sum() / 1000
    assert total_2021 == pytest.approx(149.45, rel=1e-3)  # research/monitoring.md §2.4


@needs_exports
def test_the_2023_2025_export_reads_in_well_under_a_few_seconds() -> None:
    start = time.perf_counter()
    estimate = read_external(EXPORTS[1])
    elapsed = time.perf_counter() - start
    assert len(estimate.daily) == 4 * 5 * 1095
    assert elapsed < 3.0, f"{elapsed:.2f} s"
