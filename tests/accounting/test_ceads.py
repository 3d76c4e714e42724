"""CEADs importer: synthetic workbooks (openpyxl) and, when present, the real CEADs files."""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from peakzero import codes
from peakzero.accounting.ceads import CEADS_COLUMNS, read_ceads, read_ceads_workbooks
from peakzero.accounting.ceads_layout import NotATable, SheetKey, sheet_key
from peakzero.errors import InputError

REPO = Path(__file__).resolve().parents[2]
CEADS_DIR = REPO / ".." / "shared" / "data" / "ceads"
PACKAGED = REPO / "src" / "peakzero" / "data" / "ceads" / "beijing_1997_2019.csv"
needs_ceads = pytest.mark.skipif(
    not CEADS_DIR.is_dir(), reason=f"CEADs workbooks not found in {CEADS_DIR}"
)

# Column headers as in the 1997 workbook; the 2019 ones are spelt differently (see SPELT_2019).
HEADERS = [
    "Raw Coal", "Cleaned Coal", "Other Washed Coal", "Briquettes", "Coke", "Coke Oven Gas",
    "Other Gas", "Other Coking Products", "Crude Oil", "Gasoline", "Kerosene", "Diesel Oil",
    "Fuel Oil", "LPG", "Refinery Gas", "Other Petroleum Products", "Natural Gas",
    "Scope 2 Heat", "Scope 2 Electricity", "Other Energy", "Process", "Scope 1 Total",
]  # fmt: skip
SPELT_2019 = [h.replace(" ", "_") for h in HEADERS]
SPELT_2019[1] = "CleanedCoal"
FUEL_IDS = [
    "raw_coal", "cleaned_coal", "other_washed_coal", "briquettes", "coke", "coke_oven_gas",
    "other_gas", "other_coking_products", "crude_oil", "gasoline", "kerosene", "diesel_oil",
    "fuel_oil", "lpg", "refinery_gas", "other_petroleum_products", "natural_gas",
    "heat", "electricity", "other_energy", "cement",
]  # fmt: skip
SCOPE1 = [i for i in range(21) if i not in (17, 18)]  # everything but the two Scope 2 columns
# The CEADs files label the two household sectors "Urban" and "Rural".
SECTOR_LABELS = [
    *[c.name_en for c in codes.energy_balance_sectors().values()][:45],
    "Urban",
    "Rural",
]
FIRST_DATA_ROW = 5  # spreadsheet row of EB01 in a table written at A1


def table_values(seed: int) -> np.ndarray:
    """47 sectors × 21 columns, about half zeros, Scope 2 non-zero (it is not scope 1)."""
    rng = np.random.default_rng(seed)
    values = rng.uniform(0.0, 3.0, size=(47, 21)).round(6)
    values[rng.random((47, 21)) < 0.5] = 0.0
    values[:, 0] += 1.0  # raw coal is non-zero everywhere
    values[:, 4] = 0.0  # coke: an all-zero series
    return values


def inventory_rows(
    values: np.ndarray,
    headers: Sequence[str] = HEADERS,
    total_label: str = "Total Consumption",
    corner: str = "",
) -> list[list[Any]]:
    """A CEADs-style table: header, unit row, blank row, total row, 47 sector rows."""
    scope1_total = values[:, SCOPE1].sum(axis=1, keepdims=True)
    body = np.hstack([values, scope1_total])
    totals = body.sum(axis=0)
    return [
        [corner, *headers],
        ["unit", *["Mt CO2"] * len(headers)],
        [None] * (len(headers) + 1),
        [total_label, *totals.tolist()],
        *([label, *row] for label, row in zip(SECTOR_LABELS, body.tolist(), strict=True)),
    ]


def write_workbook(
    path: Path, sheets: dict[str, list[list[Any]]], offset: tuple[int, int] = (0, 0)
) -> Path:
    """Write sheets with openpyxl; ``offset`` shifts each table down/right from A1."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for r, row in enumerate(rows, start=offset[0] + 1):
            for c, value in enumerate(row, start=offset[1] + 1):
                if value is not None and value != "":
                    sheet.cell(row=r, column=c, value=value)
    book.save(path)
    return path


def note_rows() -> list[list[Any]]:
    return [["Introduction/简介", "CEADs inventory"], ["Unit/单位", "Mt"]]


def expected_frame(region: str, year: int, values: np.ndarray) -> pd.DataFrame:
    """The long rows of one table, built independently of the importer."""
    records = [
        (region, year, f"EB{s + 1:02d}", FUEL_IDS[f], values[s, f])
        for s in range(47)
        for f in range(21)
    ]
    frame = pd.DataFrame(records, columns=["region", "year", "sector", "fuel", "value"])
    return frame.sort_values(["region", "year", "sector", "fuel"]).reset_index(drop=True)


def only(frame: pd.DataFrame, region: str, year: int) -> pd.DataFrame:
    chosen = frame[(frame["region"] == region) & (frame["year"] == year)]
    return chosen[["region", "year", "sector", "fuel", "value"]].reset_index(drop=True)


def assert_same(actual: pd.DataFrame, expected: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(actual, expected, check_dtype=False, rtol=1e-12)


# --- synthetic workbooks -----------------------------------------------------------------------


def test_provincial_workbook_imports_long_format(tmp_path: Path) -> None:
    values = table_values(1)
    path = write_workbook(
        tmp_path / "Emission_Inventories_for_30_Provinces_2010.xlsx",
        {"NOTE": note_rows(), "Beijing2010": inventory_rows(values)},
    )
    result = read_ceads([path])
    data = result.data
    assert tuple(data.columns) == CEADS_COLUMNS
    assert len(data) == 47 * 21
    assert set(data["gas"]) == {"CO2"} and set(data["unit"]) == {"Mt CO2"}
    assert_same(only(data, "CN-BJ", 2010), expected_frame("CN-BJ", 2010, values))
    scopes = data.groupby("fuel")["scope"].unique().map(lambda s: tuple(s))
    assert scopes["electricity"] == (2,) and scopes["heat"] == (2,)
    assert scopes["cement"] == (1,) and scopes["other_energy"] == (1,)
    assert scopes["raw_coal"] == (1,)
    assert [(s.sheet, s.reason.startswith("not an inventory table")) for s in result.skipped] == [
        ("NOTE", True)
    ]


def test_output_is_sorted_and_typed(tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "provinces_2001.xlsx",
        {
            "Tianjin2001": inventory_rows(table_values(2)),
            "Beijing2001": inventory_rows(table_values(3)),
        },
    )
    other = write_workbook(
        tmp_path / "provinces_2000.xlsx", {"Beijing2000": inventory_rows(table_values(4))}
    )
    data = read_ceads_workbooks([path, other])
    keys = ["region", "year", "sector", "fuel"]
    pd.testing.assert_frame_equal(data, data.sort_values(keys).reset_index(drop=True))
    assert data["year"].dtype == np.int64 and data["scope"].dtype == np.int64
    assert data["value"].dtype == np.float64
    assert list(data.drop_duplicates(["region", "year"])[["region", "year"]].itertuples(False)) == [
        ("CN-BJ", 2000),
        ("CN-BJ", 2001),
        ("CN-TJ", 2001),
    ]


def test_national_workbook_imports_year_sheets_and_names_the_others(tmp_path: Path) -> None:
    v2018, v2019 = table_values(5), table_values(6)
    by_year_summary: list[list[Any]] = [
        ["Year", *HEADERS],
        [2018, *[1.0] * 22],
        [2019, *[1.0] * 22],
    ]
    path = write_workbook(
        tmp_path / "CEADs_China_inventory_2018-2019.xlsx",
        {
            "NOTE": note_rows(),
            "2018": inventory_rows(v2018),
            "2019": inventory_rows(v2019, SPELT_2019, "TotalEmissions", "Emission_Inventory"),
            "Sum": inventory_rows(v2018 + v2019),  # same layout, but it sums two years
            "2018-2019": inventory_rows(v2018 + v2019),
            "by year": by_year_summary,
        },
    )
    result = read_ceads([path])
    assert_same(only(result.data, "CN", 2018), expected_frame("CN", 2018, v2018))
    assert_same(only(result.data, "CN", 2019), expected_frame("CN", 2019, v2019))
    assert set(result.data["region"]) == {"CN"}
    assert len(result.data) == 2 * 47 * 21  # the summaries are not counted again
    reasons = {s.sheet: s.reason for s in result.skipped}
    assert set(reasons) == {"NOTE", "Sum", "2018-2019", "by year"}
    assert "no header row" in reasons["NOTE"]
    assert "neither sheet nor file name gives one year" in reasons["Sum"]
    assert "spans several years" in reasons["2018-2019"]
    assert "no rows of the 47 sectors" in reasons["by year"]
    assert all(s.file == path.name for s in result.skipped)
    assert str(result.skipped[0]).startswith(f"skipped {path.name} [NOTE]: not an inventory table")


def test_year_from_file_name_and_unknown_region_skipped(tmp_path: Path) -> None:
    values = table_values(7)
    path = write_workbook(
        tmp_path / "inventory_2015.xlsx",
        {"Hebei": inventory_rows(values), "Summary2015": inventory_rows(values)},
    )
    result = read_ceads([path])
    assert_same(only(result.data, "CN-HE", 2015), expected_frame("CN-HE", 2015, values))
    [skipped] = result.skipped
    assert skipped.sheet == "Summary2015" and "not a known region" in skipped.reason


def test_year_only_sheet_takes_the_region_from_the_file_name(tmp_path: Path) -> None:
    values = table_values(27)
    beijing = write_workbook(tmp_path / "Beijing_CO2_2019.xlsx", {"2019": inventory_rows(values)})
    data = read_ceads_workbooks([beijing])
    assert set(data["region"]) == {"CN-BJ"}  # not CN: the file is Beijing's
    assert_same(only(data, "CN-BJ", 2019), expected_frame("CN-BJ", 2019, values))
    # The region filter sees the same region, asked for by code or by name.
    for asked in ("CN-BJ", "Beijing", "北京市"):
        assert set(read_ceads_workbooks([beijing], regions=[asked])["region"]) == {"CN-BJ"}
    with pytest.raises(InputError, match=r"no inventory table for this region \(value 'CN'\)"):
        read_ceads([beijing], regions=["CN"])


@pytest.mark.parametrize(
    ("stem", "region"),
    [
        ("Beijing_CO2_2019", "CN-BJ"),
        ("beijing-2019", "CN-BJ"),
        ("InnerMongolia_2019", "CN-NM"),
        ("Inner Mongolia emissions 2019", "CN-NM"),
        ("北京市碳排放清单2019", "CN-BJ"),
        ("CN-HE_2019", "CN-HE"),
        ("China_Beijing_2019", "CN-BJ"),  # a province beats the nation
        ("inventory_2019", "CN"),
        ("CEADs_China_inventory_2019", "CN"),
        ("national_CO2_2019", "CN"),
        ("Emission_Inventories_for_30_Provinces_2019", "CN"),
    ],
)
def test_region_of_a_year_only_sheet(stem: str, region: str) -> None:
    assert sheet_key("2019", stem) == SheetKey(region, 2019)


def test_year_only_sheet_in_a_neutral_file_is_china(tmp_path: Path) -> None:
    values = table_values(28)
    path = write_workbook(tmp_path / "inventory_2019.xlsx", {"2019": inventory_rows(values)})
    data = read_ceads_workbooks([path])
    assert_same(only(data, "CN", 2019), expected_frame("CN", 2019, values))
    assert set(data["region"]) == {"CN"}


def test_year_only_sheet_in_a_file_naming_two_provinces_is_skipped(tmp_path: Path) -> None:
    both = write_workbook(
        tmp_path / "Beijing_Tianjin_2019.xlsx",
        {"2019": inventory_rows(table_values(29)), "Hebei2019": inventory_rows(table_values(30))},
    )
    result = read_ceads([both])
    assert set(result.data["region"]) == {"CN-HE"}  # a sheet named for its region still imports
    [skipped] = result.skipped
    assert (skipped.file, skipped.sheet) == ("Beijing_Tianjin_2019.xlsx", "2019")
    assert "several regions (CN-BJ (Beijing), CN-TJ (Tianjin))" in skipped.reason
    assert sheet_key("2019", "北京天津_2019") == NotATable(skipped.reason)


def test_alternate_spellings_give_the_same_data(tmp_path: Path) -> None:
    values = table_values(8)
    plain = write_workbook(tmp_path / "a_2019.xlsx", {"InnerMongolia2019": inventory_rows(values)})
    spelt = write_workbook(
        tmp_path / "b_2019.xlsx",
        {
            "Inner Mongolia 2019": inventory_rows(
                values, SPELT_2019, "TotalEmissions", "Emission_Inventory"
            )
        },
        offset=(2, 1),  # the table need not start at A1
    )
    first = read_ceads_workbooks([plain])
    second = read_ceads_workbooks([spelt])
    pd.testing.assert_frame_equal(first, second)
    assert set(first["region"]) == {"CN-NM"}


def test_non_numeric_cell_names_sheet_row_and_column(tmp_path: Path) -> None:
    rows = inventory_rows(table_values(9))
    rows[4 + 2][11] = "n/a"  # EB03 (3rd sector), Kerosene (11th value column → column L)
    rows[4 + 9][1] = True  # EB10, Raw Coal
    path = write_workbook(tmp_path / "p_2005.xlsx", {"Beijing2005": rows}, offset=(1, 0))
    with pytest.raises(InputError) as caught:
        read_ceads([path])
    problems = caught.value.problems
    assert [(p.sheet, p.line, p.column, p.value) for p in problems] == [
        ("Beijing2005", FIRST_DATA_ROW + 1 + 2, "L (Kerosene)", "n/a"),
        ("Beijing2005", FIRST_DATA_ROW + 1 + 9, "B (Raw Coal)", True),
    ]
    assert all(p.file == str(path) for p in problems)
    assert "not a number" in str(caught.value)


def test_empty_cells_are_zero(tmp_path: Path) -> None:
    values = table_values(10)
    rows = inventory_rows(values)
    for r in range(4, len(rows)):  # blank out the zero cells of the Natural Gas column
        if rows[r][17] == 0.0:
            rows[r][17] = None
    path = write_workbook(tmp_path / "p_2006.xlsx", {"Beijing2006": rows})
    assert_same(
        only(read_ceads_workbooks([path]), "CN-BJ", 2006), expected_frame("CN-BJ", 2006, values)
    )


def test_total_that_does_not_add_up_is_an_error(tmp_path: Path) -> None:
    rows = inventory_rows(table_values(11))
    rows[3][22] += 0.01  # the total row's Scope 1 Total (column W)
    rows[4 + 38][22] += 0.01  # EB39's Scope 1 Total
    path = write_workbook(tmp_path / "p_2007.xlsx", {"Shanghai2007": rows})
    with pytest.raises(InputError) as caught:
        read_ceads([path])
    where = {(p.sheet, p.line, p.column) for p in caught.value.problems}
    assert ("Shanghai2007", 4, "W (Scope 1 Total)") in where
    assert ("Shanghai2007", FIRST_DATA_ROW + 38, "W (Scope 1 Total)") in where
    assert "differs from the sum" in str(caught.value)


def test_column_total_that_does_not_add_up_is_an_error(tmp_path: Path) -> None:
    rows = inventory_rows(table_values(12))
    rows[3][18] += 0.5  # total row, Scope 2 Heat (not part of Scope 1 Total)
    path = write_workbook(tmp_path / "p_2008.xlsx", {"Shanghai2008": rows})
    with pytest.raises(InputError) as caught:
        read_ceads([path])
    [problem] = caught.value.problems
    assert (problem.line, problem.column) == (4, "S (Scope 2 Heat)")


def test_tiny_rounding_is_accepted(tmp_path: Path) -> None:
    values = table_values(13)
    rows = inventory_rows(values)
    rows[3][22] += 1e-9
    path = write_workbook(tmp_path / "p_2009.xlsx", {"Shanghai2009": rows})
    assert len(read_ceads_workbooks([path])) == 47 * 21


def test_duplicate_region_year_across_files_is_an_error(tmp_path: Path) -> None:
    first = write_workbook(
        tmp_path / "one_2012.xlsx", {"Beijing2012": inventory_rows(table_values(14))}
    )
    second = write_workbook(
        tmp_path / "two_2012.xlsx", {"Beijing2012": inventory_rows(table_values(15))}
    )
    with pytest.raises(InputError) as caught:
        read_ceads([first, second])
    [problem] = caught.value.problems
    assert problem.file == str(second) and problem.sheet == "Beijing2012"
    assert "CN-BJ 2012 is imported twice" in problem.message and str(first) in problem.message


def test_duplicate_within_a_workbook_is_an_error(tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "national.xlsx",
        {"2012": inventory_rows(table_values(16)), "China2012": inventory_rows(table_values(17))},
    )
    with pytest.raises(InputError, match=r"CN 2012 is imported twice.*\[sheet 2012\]"):
        read_ceads([path])


def test_broken_layout_is_an_error_not_a_skip(tmp_path: Path) -> None:
    rows = inventory_rows(table_values(18))
    rows[4 + 45][0] = "Urbn"  # EB46 misspelt
    rows[4 + 1][0] = "Construction"  # EB02 replaced by a second EB42
    path = write_workbook(tmp_path / "p_2013.xlsx", {"Beijing2013": rows})
    with pytest.raises(InputError) as caught:
        read_ceads([path])
    text = str(caught.value)
    assert "sector EB42 appears twice" in text
    assert "sector rows missing: EB02, EB46" in text and "'Urbn'" in text


def test_wrong_unit_is_an_error(tmp_path: Path) -> None:
    rows = inventory_rows(table_values(19))
    rows[1][5] = "kt CO2"
    path = write_workbook(tmp_path / "p_2014.xlsx", {"Beijing2014": rows})
    with pytest.raises(InputError, match=r"row 2, column 'F \(Coke\)'.*not Mt CO2"):
        read_ceads([path])


def test_city_style_workbook_is_skipped_by_name(tmp_path: Path) -> None:
    city = write_workbook(
        tmp_path / "CEADs_290_cities_1997-2019.xlsx",
        {
            "NOTE": note_rows(),
            "emission vector": [
                ["ID", "city", "year", "emission"],
                ["北京1997", "北京", 1997, 61.9],
            ],
        },
    )
    province = write_workbook(
        tmp_path / "p_1997.xlsx", {"Beijing1997": inventory_rows(table_values(20))}
    )
    result = read_ceads([city, province])
    assert [str(s) for s in result.skipped] == [
        "skipped CEADs_290_cities_1997-2019.xlsx [NOTE]: not an inventory table (no header row "
        "with the 17 CEADs fuels and 'Scope 1 Total')",
        "skipped CEADs_290_cities_1997-2019.xlsx [emission vector]: not an inventory table (no "
        "header row with the 17 CEADs fuels and 'Scope 1 Total')",
    ]
    with pytest.raises(InputError, match="no CEADs inventory table found"):
        read_ceads([city])


def test_near_miss_header_is_an_error(tmp_path: Path) -> None:
    rows = inventory_rows(table_values(21))
    rows[0][1] = "Raw Cole"
    path = write_workbook(tmp_path / "p_2016.xlsx", {"Beijing2016": rows})
    with pytest.raises(InputError) as caught:
        read_ceads([path])
    [problem] = caught.value.problems
    assert (problem.sheet, problem.line) == ("Beijing2016", 1)
    assert problem.message == "inventory header row lacks fuel columns: Raw Coal"


def test_fuel_table_without_scope1_total_is_skipped(tmp_path: Path) -> None:
    rows = inventory_rows(table_values(22))
    rows[0][22] = "Total"  # e.g. a CEADs energy table: fuels, but no Scope 1 Total
    other = write_workbook(tmp_path / "energy_2016.xlsx", {"Beijing2016": rows})
    good = write_workbook(tmp_path / "q_2016.xlsx", {"Hebei2016": inventory_rows(table_values(23))})
    [skipped] = read_ceads([other, good]).skipped
    assert skipped.sheet == "Beijing2016" and skipped.reason.endswith("row 1 lacks Scope 1 Total")


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    text = tmp_path / "notes_2019.xlsx"
    text.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(InputError, match=r"nope\.xlsx: file not found"):
        read_ceads([tmp_path / "nope.xlsx", text])
    with pytest.raises(InputError, match="cannot be read as an xlsx workbook"):
        read_ceads([text])
    with pytest.raises(InputError, match="no CEADs workbook given"):
        read_ceads([])


def test_region_filter(tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "p_2003.xlsx",
        {
            "Beijing2003": inventory_rows(table_values(23)),
            "Hebei2003": inventory_rows(table_values(24)),
        },
    )
    data = read_ceads_workbooks([path], regions=["CN-HE"])
    assert set(data["region"]) == {"CN-HE"}
    for name in ("Hebei", "hebei", "河北", "河北省"):  # names resolve through the codelist
        assert read_ceads_workbooks([path], regions=[name]).equals(data)
    with pytest.raises(InputError, match=r"unknown region.*'XX-YY'"):
        read_ceads([path], regions=["XX-YY"])
    with pytest.raises(InputError, match=r"no inventory table for this region \(value 'CN-SH'\)"):
        read_ceads([path], regions=["CN-BJ", "CN-SH"])
    with pytest.raises(InputError, match="no CEADs inventory table found"):
        read_ceads([path], regions=[])


def test_drop_empty_series_keeps_zero_years_of_live_series(tmp_path: Path) -> None:
    v2016, v2017 = table_values(25), table_values(26)
    v2016[26, 20] = 1.48  # cement process of EB27 in 2016 ...
    v2017[26, 20] = 0.0  # ... and the CEADs gap in 2017
    v2016[:, 19] = v2017[:, 19] = 0.0  # other energy: zero everywhere
    files = [
        write_workbook(tmp_path / "p_2016.xlsx", {"Beijing2016": inventory_rows(v2016)}),
        write_workbook(tmp_path / "p_2017.xlsx", {"Beijing2017": inventory_rows(v2017)}),
    ]
    full = read_ceads_workbooks(files)
    kept = read_ceads_workbooks(files, drop_empty_series=True)
    assert "coke" not in set(kept["fuel"]) and "other_energy" not in set(kept["fuel"])
    cement = kept[(kept["sector"] == "EB27") & (kept["fuel"] == "cement")]
    assert cement.set_index("year")["value"].to_dict() == {2016: 1.48, 2017: 0.0}
    series = full.groupby(["sector", "fuel"])["value"].transform(lambda v: (v != 0).any())
    assert len(kept) == int(series.sum()) < len(full)
    pd.testing.assert_frame_equal(kept, full[series.to_numpy(dtype=bool)].reset_index(drop=True))


# --- the real CEADs workbooks ---------------------------------------------------------------


def provincial_workbooks() -> list[Path]:
    return sorted(
        p for p in CEADS_DIR.glob("*.xlsx") if p.name.lower().startswith("emission_inventories")
    )


@cache
def real_import() -> pd.DataFrame:
    return read_ceads_workbooks(provincial_workbooks())


def stated_scope1_totals() -> dict[tuple[str, int], float]:
    """Each sheet's own Scope 1 Total (total row × last column), read without the importer."""
    names = {c.get("ceads"): c.id for c in codes.regions().values() if c.get("ceads")}
    stated = {}
    for path in provincial_workbooks():
        with CalamineWorkbook.from_path(str(path)) as book:
            for sheet in book.sheet_names:
                if sheet == "NOTE":
                    continue
                rows = book.get_sheet_by_name(sheet).to_python()
                assert str(rows[0][-1]).replace("_", " ") == "Scope 1 Total"
                [total] = [r for r in rows if str(r[0]).lower().startswith("total")]
                assert isinstance(total[-1], float)
                stated[(names[sheet[:-4]], int(sheet[-4:]))] = total[-1]
    return stated


@needs_ceads
def test_real_workbooks_match_their_own_scope1_totals() -> None:
    data = real_import()
    scope1 = data[data["scope"] == 1].groupby(["region", "year"])["value"].sum()
    stated = stated_scope1_totals()
    assert len(stated) == 690 and len(scope1) == 690
    assert len({r for r, _ in stated}) == 30 and len({y for _, y in stated}) == 23
    for key, total in stated.items():
        assert math.isclose(scope1[key], total, rel_tol=1e-9), key


@needs_ceads
def test_real_beijing_values_from_the_research() -> None:
    data = real_import()
    beijing = data[data["region"] == "CN-BJ"]
    totals = beijing[beijing["scope"] == 1].groupby("year")["value"].sum()
    assert list(totals.index) == list(range(1997, 2020))
    assert totals[2010] == pytest.approx(105.04, abs=0.005)
    assert totals[2019] == pytest.approx(89.18, abs=0.005)
    assert totals.idxmax() == 2010
    cement = beijing[beijing["fuel"] == "cement"].groupby("year")["value"].sum()
    assert cement[2017] == 0.0
    assert cement[2016] == pytest.approx(1.48, abs=0.005)
    assert cement[2018] == pytest.approx(1.28, abs=0.005)
    cell = beijing.set_index(["year", "sector", "fuel"])["value"]
    assert cell[(2019, "EB43", "kerosene")] == pytest.approx(21.16, abs=0.005)
    assert cell[(2019, "EB46", "gasoline")] == pytest.approx(10.83, abs=0.005)
    assert (beijing.loc[beijing["scope"] == 2, "value"] == 0.0).all()


@needs_ceads
def test_packaged_beijing_file_is_a_fresh_import() -> None:
    packaged = pd.read_csv(PACKAGED, dtype={"region": str, "sector": str, "fuel": str})
    fresh = read_ceads_workbooks(
        sorted(CEADS_DIR.glob("*.xlsx")), regions=["CN-BJ"], drop_empty_series=True
    )
    pd.testing.assert_frame_equal(packaged, fresh, check_dtype=False, rtol=1e-12)


def test_packaged_beijing_file_shape() -> None:
    packaged = pd.read_csv(PACKAGED)
    assert tuple(packaged.columns) == CEADS_COLUMNS
    assert set(packaged["region"]) == {"CN-BJ"}
    assert sorted(set(packaged["year"])) == list(range(1997, 2020))
    totals = packaged[packaged["scope"] == 1].groupby("year")["value"].sum()
    assert totals[2010] == pytest.approx(105.04, abs=0.005)
