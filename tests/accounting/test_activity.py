"""Bad activity data: one clear problem per defect, nothing computed."""

from pathlib import Path

import pytest

from peakzero.accounting.activity import read_activity
from peakzero.errors import InputError


def write(tmp_path: Path, text: str, name: str = "activity.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        read_activity(path)
    return [str(p) for p in caught.value.problems]


def test_good_file_is_canonical(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Region,Year,Sector,Fuel,Value,Unit\n"
        'Beijing,2019,Urban (households),Natural Gas,"1,000",万立方米\n'
        "海淀区,2019,39,raw_coal,2,10^4 t\n",
    )
    data = read_activity(path)
    assert data["region"].tolist() == ["CN-BJ", "CN-BJ-110108"]
    assert data["sector"].tolist() == ["EB46", "EB39"]
    assert data["basis"].tolist() == ["volume", "mass"]
    assert data["quantity"].tolist() == pytest.approx([1e7, 2e4])
    assert data["line"].tolist() == [2, 3]


def test_every_defect_is_reported_with_its_place(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "region,year,sector,fuel,value,unit\n"
        "CN-BJ,2019,EB46,coal,1,t\n"  # unknown fuel
        "CN-BJ,2019,EB99,gasoline,1,t\n"  # unknown sector
        "CN-BJ,2019,EB46,gasoline,abc,t\n"  # non-numeric
        "CN-BJ,2019,EB45,gasoline,-3,t\n"  # negative
        "CN-BJ,2019,EB44,gasoline,1,furlong\n"  # unit does not parse
        "CN-BJ,2019,EB44,diesel_oil,1,kWh/h\n"  # wrong dimension
        "CN-BJ,2019,EB44,electricity,1,t\n"  # electricity in mass
        "CN-BJ,20x9,EB44,lpg,1,t\n",  # bad year
    )
    found = problems(path)
    assert len(found) == 8
    expected = [
        ("line 2, column 'fuel'", "'coal'"),
        ("line 3, column 'sector'", "'EB99'"),
        ("line 4, column 'value'", "'abc'"),
        ("line 5, column 'value'", "'-3'"),
        ("line 6, column 'unit'", "'furlong'"),
        ("line 7, column 'unit'", "'kWh/h'"),
        ("line 8, column 'unit'", "electricity cannot be given as mass"),
        ("line 9, column 'year'", "'20x9'"),
    ]
    for place, detail in expected:
        assert any(place in p and detail in p for p in found), (place, found)
    assert all(p.startswith(str(path)) for p in found)


def test_missing_column_and_duplicates(tmp_path: Path) -> None:
    missing = write(tmp_path, "region,year,sector,fuel,value\nCN-BJ,2019,EB46,lpg,1\n", "m.csv")
    assert problems(missing) == [
        f"{missing}, line 1, column 'unit': missing column 'unit'; the columns are: "
        "region, year, sector, fuel, value, unit, uncertainty"
    ]
    duplicate = write(
        tmp_path,
        "region,year,sector,fuel,value,unit\nCN-BJ,2019,EB46,lpg,1,t\nBeijing,2019,46,LPG,2,t\n",
        "d.csv",
    )
    (message,) = problems(duplicate)
    assert "line 3" in message and "already given on line 2" in message


def test_xlsx_problems_name_sheet_and_row(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "活动数据"
    sheet.append(["region", "year", "sector", "fuel", "value", "unit"])
    sheet.append(["CN-BJ", 2019, "EB46", "gasoline", 10, "万吨"])
    sheet.append([])
    sheet.append(["CN-BJ", 2019, "EB46", "petrol", 10, "万吨"])
    path = tmp_path / "activity.xlsx"
    book.save(path)
    (message,) = problems(path)
    assert "[sheet 活动数据], row 4, column 'fuel'" in message


def test_scale_inside_the_unit_cannot_make_a_value_negative(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "region,year,sector,fuel,value,unit\n"
        "CN-BJ,2019,EB46,lpg,1000,-1 t\nCN-BJ,2019,EB45,lpg,1000,0 t\nCN-BJ,2019,EB44,lpg,1,t)\n"
        "CN-BJ,2019,EB43,lpg,1,10^400 t\n",
    )
    found = problems(path)
    assert len(found) == 4
    assert "line 5, column 'unit'" in found[3] and "not a finite number > 0" in found[3]
    assert "not a finite number > 0" in found[0] and "line 2, column 'unit'" in found[0]
    assert "line 4, column 'unit'" in found[2] and "does not parse" in found[2]


def test_numbers_are_shown_as_typed(tmp_path: Path) -> None:
    path = write(tmp_path, "region,year,sector,fuel,value,unit\nCN-BJ,1800,EB46,lpg,-5,t\n")
    found = problems(path)
    assert found[0].endswith("(value 1800)")
    assert found[1].endswith("(value -5)")


def test_blank_lines_are_skipped_and_lines_still_count(tmp_path: Path) -> None:
    path = write(tmp_path, "region,year,sector,fuel,value,unit\n\nCN-BJ,2019,EB46,coal,1,t\n\n\n")
    (message,) = problems(path)
    assert "line 3, column 'fuel'" in message


def test_gbk_file_and_short_chinese_names(tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes(
        "region,year,sector,fuel,value,unit\n北京,2019,城镇居民生活消费,天然气,1,亿立方米\n".encode(
            "gbk"
        )
    )
    data = read_activity(path)
    assert (data["region"].iloc[0], data["sector"].iloc[0], data["fuel"].iloc[0]) == (
        "CN-BJ",
        "EB46",
        "natural_gas",
    )


def test_header_only_file_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "region,year,sector,fuel,value,unit\n")
    (message,) = problems(path)
    assert "no data rows" in message
