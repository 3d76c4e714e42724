"""``peakzero inventory datasets``: add, list, show and delete through the store's functions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from peakzero.cli import app

runner = CliRunner()
DATA = Path(__file__).resolve().parents[1] / "data" / "activity_small.csv"
HAIDIAN = "CN-BJ-110108"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.delenv("PEAKZERO_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    return f"sqlite:///{tmp_path / 'peakzero.db'}"


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["inventory", "datasets", *args])
    return result.exit_code, result.stdout, result.stderr


def test_add_list_show_delete(db: str, tmp_path: Path) -> None:
    haidian = tmp_path / "haidian.csv"
    haidian.write_text(DATA.read_text(encoding="utf-8").replace("CN-BJ,", f"{HAIDIAN},"))
    code, out, _ = run("add", str(DATA), "--name", "2019", "--region", "CN-BJ", "--db", db,
                       "--who", "alice")  # fmt: skip
    assert code == 0 and "stored dataset '2019' of CN-BJ: 6 rows" in out and "alice" in out
    assert run("add", str(haidian), "--name", "2019", "--region", "海淀区", "--db", db)[0] == 0

    code, out, _ = run("list", "--db", db)
    assert code == 0
    assert [line.split("\t")[:3] for line in out.splitlines()] == [
        ["CN-BJ", "2019", "6"],
        [HAIDIAN, "2019", "6"],
    ]
    code, out, _ = run("list", "--region", "Haidian", "--db", db)
    assert [line.split("\t")[0] for line in out.splitlines()] == [HAIDIAN]

    code, out, _ = run("show", "2019", "--region", HAIDIAN, "--db", db)
    assert code == 0
    assert out.splitlines()[0] == "region,year,sector,fuel,value,unit,uncertainty"
    assert len(out.splitlines()) == 7
    code, out, _ = run("show", "2019", "--region", "CN-BJ", "--format", "json", "--db", db)
    document = json.loads(out)
    assert (document["who"], document["row_count"], len(document["rows"])) == ("alice", 6, 6)
    assert document["rows"][0]["uncertainty"] is None
    target = tmp_path / "iamc.csv"
    code, _, _ = run("show", "2019", "--region", "CN-BJ", "--format", "iamc", "-o", str(target),
                     "--db", db)  # fmt: skip
    assert code == 0
    assert target.read_text(encoding="utf-8").startswith("model,scenario,region,variable,unit")

    code, out, _ = run("delete", "2019", "--region", "CN-BJ", "--db", db, "--who", "bob")
    assert code == 0 and "deleted dataset '2019' of CN-BJ, audited as bob" in out
    code, _, err = run("show", "2019", "--region", "CN-BJ", "--db", db)
    assert code == 2 and "no dataset '2019' of region CN-BJ" in err


def test_a_bad_file_exits_2_naming_the_cells_and_stores_nothing(db: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("region,year,sector,fuel,value,unit\nCN-BJ,2019,EB46,gasolinx,1,万吨\n")
    code, _, err = run("add", str(bad), "--name", "bad", "--region", "CN-BJ", "--db", db)
    assert code == 2
    assert "bad.csv, line 2, column 'fuel': unknown fuel" in err and "'gasolinx'" in err
    code, out, err = run("list", "--db", db)
    assert code == 0 and out == "" and "no datasets" in err


def test_an_unknown_region_exits_2_listing_the_valid_ones(db: str) -> None:
    code, _, err = run("add", str(DATA), "--name", "x", "--region", "Shanghai", "--db", db)
    assert code == 2 and "unknown region" in err and "CN-BJ-110108 (Haidian)" in err
