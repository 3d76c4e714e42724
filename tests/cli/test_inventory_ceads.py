"""``peakzero inventory import-ceads`` end to end, on small workbooks written with openpyxl."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from typer.testing import CliRunner

from peakzero import codes
from peakzero.accounting.ceads import CEADS_COLUMNS
from peakzero.cli import app

runner = CliRunner()

FUELS = [
    "Raw Coal", "Cleaned Coal", "Other Washed Coal", "Briquettes", "Coke", "Coke Oven Gas",
    "Other Gas", "Other Coking Products", "Crude Oil", "Gasoline", "Kerosene", "Diesel Oil",
    "Fuel Oil", "LPG", "Refinery Gas", "Other Petroleum Products", "Natural Gas",
]  # fmt: skip
HEADERS = [*FUELS, "Scope 2 Heat", "Scope 2 Electricity", "Other Energy", "Process"]
LABELS = [c.name_en for c in codes.energy_balance_sectors().values()]


def table(seed: int) -> list[list[Any]]:
    """A consistent CEADs table (Scope 2 columns zero, so Scope 1 Total is the row sum)."""
    values = np.random.default_rng(seed).uniform(0.0, 2.0, size=(47, len(HEADERS))).round(4)
    values[:, 17:19] = 0.0
    body = np.hstack([values, values.sum(axis=1, keepdims=True)])
    return [
        ["", *HEADERS, "Scope 1 Total"],
        ["", *["Mt CO2"] * (len(HEADERS) + 1)],
        ["Total Consumption", *body.sum(axis=0).tolist()],
        *([label, *row] for label, row in zip(LABELS, body.tolist(), strict=True)),
    ]


def workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def invoke(*args: str) -> Any:
    return runner.invoke(app, ["inventory", "import-ceads", *args])


def test_writes_csv_to_output_and_names_skipped_sheets(tmp_path: Path) -> None:
    source = workbook(
        tmp_path / "provinces_2019.xlsx",
        {"NOTE": [["Introduction", "CEADs"]], "Beijing2019": table(1), "Hebei2019": table(2)},
    )
    output = tmp_path / "out" / "inventory.csv"
    result = invoke(str(source), "--output", str(output))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "note: skipped provinces_2019.xlsx [NOTE]: not an inventory table" in result.stderr
    data = pd.read_csv(output)
    assert tuple(data.columns) == CEADS_COLUMNS
    assert set(data["region"]) == {"CN-BJ", "CN-HE"}
    assert len(data) == 2 * 47 * len(HEADERS)
    assert list(output.parent.iterdir()) == [output]  # no temporary file left behind


def test_writes_csv_to_stdout_with_filters(tmp_path: Path) -> None:
    first = workbook(tmp_path / "p_2018.xlsx", {"Beijing2018": table(3), "Hebei2018": table(4)})
    second = workbook(tmp_path / "p_2019.xlsx", {"Beijing2019": table(5), "Hebei2019": table(6)})
    result = invoke(str(first), str(second), "--region", "CN-BJ", "--drop-empty-series")
    assert result.exit_code == 0, result.stderr
    data = pd.read_csv(io.StringIO(result.stdout))
    assert set(data["region"]) == {"CN-BJ"}
    assert sorted(set(data["year"])) == [2018, 2019]
    assert not {"electricity", "heat"} & set(data["fuel"])  # all-zero series dropped
    both = invoke(str(first), "--region", "CN-BJ", "--region", "CN-HE")
    assert set(pd.read_csv(io.StringIO(both.stdout))["region"]) == {"CN-BJ", "CN-HE"}


def test_bad_cell_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    rows = table(7)
    rows[3][5] = "n/a"  # EB01, Coke (column F)
    source = workbook(tmp_path / "p_2010.xlsx", {"Beijing2010": rows})
    output = tmp_path / "inventory.csv"
    result = invoke(str(source), "--output", str(output))
    assert result.exit_code == 2
    assert "Beijing2010" in result.stderr and "row 4, column 'F (Coke)'" in result.stderr
    assert "not a number" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == [source]


def test_existing_output_is_kept_when_the_import_fails(tmp_path: Path) -> None:
    output = tmp_path / "inventory.csv"
    output.write_text("old\n", encoding="utf-8")
    duplicate = [
        workbook(tmp_path / f"{name}_2011.xlsx", {"Beijing2011": table(seed)})
        for seed, name in enumerate(("a", "b"))
    ]
    result = invoke(*map(str, duplicate), "--output", str(output))
    assert result.exit_code == 2
    assert "CN-BJ 2011 is imported twice" in result.stderr
    assert output.read_text(encoding="utf-8") == "old\n"


def test_missing_file_exits_2(tmp_path: Path) -> None:
    missing = tmp_path / "nope.xlsx"
    output = tmp_path / "inventory.csv"
    result = invoke(str(missing), "--output", str(output))
    assert result.exit_code == 2
    assert result.stderr == f"error: {missing}: file not found\n"
    assert not output.exists()


def test_unknown_region_exits_2(tmp_path: Path) -> None:
    source = workbook(tmp_path / "p_2012.xlsx", {"Beijing2012": table(8)})
    result = invoke(str(source), "--region", "Atlantis")
    assert result.exit_code == 2
    assert "unknown region" in result.stderr and "'Atlantis'" in result.stderr


def test_region_given_by_name_and_year_only_sheet_named_by_file(tmp_path: Path) -> None:
    beijing = workbook(tmp_path / "Beijing_CO2_2019.xlsx", {"2019": table(9)})
    hebei = workbook(tmp_path / "p_2019.xlsx", {"Hebei2019": table(10)})
    for name in ("北京", "Beijing", "CN-BJ"):
        result = invoke(str(beijing), str(hebei), "--region", name)
        assert result.exit_code == 0, result.stderr
        data = pd.read_csv(io.StringIO(result.stdout))
        assert set(data["region"]) == {"CN-BJ"} and set(data["year"]) == {2019}
    assert "unknown region" in invoke(str(beijing), "--region", "北平府").stderr


def test_year_only_sheet_in_a_file_naming_two_provinces_is_skipped(tmp_path: Path) -> None:
    both = workbook(tmp_path / "Beijing_Tianjin_2019.xlsx", {"2019": table(11)})
    hebei = workbook(tmp_path / "p_2019.xlsx", {"Hebei2019": table(12)})
    result = invoke(str(both), str(hebei))
    assert result.exit_code == 0, result.stderr
    assert set(pd.read_csv(io.StringIO(result.stdout))["region"]) == {"CN-HE"}
    assert "note: skipped Beijing_Tianjin_2019.xlsx [2019]: " in result.stderr
    assert "CN-BJ (Beijing), CN-TJ (Tianjin)" in result.stderr
