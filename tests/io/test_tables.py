from pathlib import Path

import pytest

from peakzero.errors import InputError
from peakzero.io.tables import read_table


def test_csv_with_bom_and_header_case(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes("\ufeffRegion, Year ,Value\nCN-BJ,2019,1.5\n".encode())
    table = read_table(path, ["region", "year", "value"])
    assert list(table.frame.columns) == ["region", "year", "value"]
    assert table.frame["value"].tolist() == [1.5]  # numeric columns parsed when clean
    assert table.lines == [2]


def test_unknown_and_missing_columns(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("region,yeer\nCN-BJ,2019\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_table(path, ["region", "year"])
    messages = [str(p) for p in caught.value.problems]
    assert len(messages) == 2
    assert "missing column 'year'" in messages[0]
    assert "unknown column 'yeer'" in messages[1]


def test_missing_file_and_empty_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        read_table(tmp_path / "none.csv", ["region"])
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="not a readable"):
        read_table(empty, ["region"])
