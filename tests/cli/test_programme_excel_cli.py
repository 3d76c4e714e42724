"""``peakzero programme export --format xlsx`` and ``peakzero programme import``."""

from pathlib import Path

import openpyxl
import pytest
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from peakzero.cli import app
from peakzero.programme import load_programme
from peakzero.programme.excel import FIRST_ROW, read_workbook
from peakzero.store import repository
from peakzero.store.database import make_engine

runner = CliRunner()


@pytest.fixture(autouse=True)
def _no_database_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("PEAKZERO_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


def state(url: str) -> tuple[object, int]:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            code = load_programme().code
            return repository.load_programme(session, code), len(repository.audit_trail(session))
    finally:
        engine.dispose()


def test_export_import_edit_import(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'p.db'}"
    book = tmp_path / "programme.xlsx"
    result = runner.invoke(app, ["programme", "export", "--format", "xlsx", "--output", str(book)])
    assert result.exit_code == 0, result.output
    assert read_workbook(book) == load_programme()

    result = runner.invoke(app, ["programme", "import", str(book), "--db", url])
    assert result.exit_code == 0, result.output
    rows = 1 + sum(
        len(getattr(load_programme(), name))
        for name in ("areas", "tasks", "measures", "kpis", "organisations")
    )
    assert f"{rows} inserted, 0 updated, 0 deleted rows" in result.output

    result = runner.invoke(app, ["programme", "import", str(book), "--db", url])
    assert "0 inserted, 0 updated, 0 deleted rows" in result.output

    again = tmp_path / "again.xlsx"
    result = runner.invoke(app, ["programme", "export", "--output", str(again), "--db", url])
    assert result.exit_code == 0, result.output
    assert read_workbook(again) == load_programme()

    workbook = openpyxl.load_workbook(again)
    workbook["tasks"].cell(row=FIRST_ROW, column=4).value = "Renamed"  # name_en
    workbook.save(again)
    result = runner.invoke(app, ["programme", "import", str(again), "--db", url])
    assert "0 inserted, 1 updated, 0 deleted rows" in result.output
    stored, _ = state(url)
    assert stored.tasks[0].name_en == "Renamed"  # type: ignore[attr-defined]


def test_a_bad_last_row_changes_nothing_in_the_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'p.db'}"
    book = tmp_path / "programme.xlsx"
    runner.invoke(app, ["programme", "export", "--output", str(book)])
    assert runner.invoke(app, ["programme", "import", str(book), "--db", url]).exit_code == 0
    before = state(url)

    workbook = openpyxl.load_workbook(book)
    workbook["tasks"].cell(row=FIRST_ROW, column=4).value = "Renamed"  # a good edit …
    kpis = workbook["kpis"]
    last = kpis.max_row
    unit = list(kpis[2]).index(next(c for c in kpis[2] if c.value == "unit")) + 1
    kpis.cell(row=last, column=unit).value = "Mt CH4/yr"  # … and a bad one in the last row
    workbook.save(book)

    result = runner.invoke(app, ["programme", "import", str(book), "--db", url])
    assert result.exit_code == 2, result.output
    assert f"[sheet kpis], row {last}, column 'unit'" in result.output
    assert "'Mt CH4/yr'" in result.output
    assert "Traceback" not in result.output
    assert state(url) == before


def test_import_of_a_missing_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'p.db'}"
    result = runner.invoke(app, ["programme", "import", str(tmp_path / "none.xlsx"), "--db", url])
    assert result.exit_code == 2
    assert "cannot be read" in result.output
    assert not (tmp_path / "p.db").exists()
