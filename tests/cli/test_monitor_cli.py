"""``peakzero monitor``: every command on a user's small file and on Beijing's shipped inputs,
and bad input (exit 2, the message naming file, line and value, nothing stored)."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from peakzero.monitoring.mapping import anchor

runner = CliRunner()
ACTIVITY = Path(__file__).resolve().parents[1] / "data" / "activity_small.csv"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.delenv("PEAKZERO_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    return f"sqlite:///{tmp_path / 'peakzero.db'}"


@pytest.fixture
def traffic(tmp_path: Path) -> Path:
    """A user's file: Beijing's road traffic index, 1 every day of 2019, 2 every day of 2020."""
    days = pd.date_range("2019-01-01", "2020-12-31", freq="D")
    frame = pd.DataFrame(
        {
            "region": "CN-BJ",
            "period": days.strftime("%Y-%m-%d"),
            "sector": "II.1",
            "proxy": "traffic_index",
            "value": np.where(days.year == 2019, 1.0, 2.0),
            "unit": "1",
        }
    )
    path = tmp_path / "traffic.csv"
    frame.to_csv(path, index=False)
    return path


def run(*args: str) -> tuple[int, str, str]:
    from peakzero.cli import app

    result = runner.invoke(app, ["monitor", *args])
    return result.exit_code, result.stdout, result.stderr


def _road_kt_per_day_2019() -> float:
    base = anchor(year=2019)
    return float(base.loc[base["sector"].eq("II.1"), "value"].iloc[0]) * 1000.0 / 365


def test_import_then_monthly_daily_yoy_nowcast_qa(db: str, traffic: Path) -> None:
    code, out, err = run("import", str(traffic), "--db", db, "--vintage", "2026-12-01",
                         "--who", "alice")  # fmt: skip
    assert code == 0, err
    assert "stored import #1 traffic.csv of CN-BJ: 731 rows, flash vintage 2026-12-01" in out

    day = _road_kt_per_day_2019()
    code, out, err = run("monthly", "--db", db, "--from", "2020-01-01", "--to", "2020-02-29")
    assert code == 0, err
    assert "stored imports #1 traffic.csv" in err
    rows = pd.read_csv(StringIO(out))
    road = rows[rows["sector"].eq("II.1")].set_index("period")["value"]
    assert road["2020-01"] == pytest.approx(31 * 2 * day)
    assert road["2020-02"] == pytest.approx(29 * 2 * day)

    code, out, _ = run("daily", "--db", db, "--from", "2020-03-01", "--to", "2020-03-02",
                       "--format", "json")  # fmt: skip
    document = json.loads(out)
    assert code == 0 and document["base_inventory"] == "CEADs 2019"
    assert document["rows"][0]["value"] == pytest.approx(2 * day)

    code, out, _ = run("monthly", "--db", db, "--from", "2020-01-01", "--to", "2020-01-31",
                       "--format", "iamc")  # fmt: skip
    assert code == 0
    assert out.splitlines()[0] == "model,scenario,region,variable,unit,subannual,2020"
    assert "Emissions|CO2|II.1,kt CO2/month,01," in out

    code, out, err = run("yoy", "--db", db, "--month", "2020-03")
    assert code == 0, err
    total = pd.read_csv(StringIO(out)).set_index("sector").loc["total"]
    assert total["change_pct"] == pytest.approx(100.0)

    code, out, err = run("nowcast", "--db", db, "--year", "2020", "--through", "2020-03-31")
    assert code == 0, err
    row = pd.read_csv(StringIO(out)).set_index("series").loc["total"]
    # Year to date: 91 days at 2 × day; share of the same dates in 2019: 90/365.
    assert row["estimate"] == pytest.approx(91 * 2 * day / (90 / 365))

    code, out, _ = run("qa", "--db", db)
    assert code == 0 and "CN-BJ: stored imports #1 traffic.csv: 0 errors" in out


def test_proxies_file_without_the_store(db: str, traffic: Path) -> None:
    code, out, err = run("monthly", "--proxies", str(traffic), "--from", "2020-01-01",
                         "--to", "2020-01-31")  # fmt: skip
    assert code == 0, err
    assert "proxies from traffic.csv" in err
    assert "CN-BJ,2020-01,II.1," in out


def test_bad_file_exits_2_naming_file_line_and_value_and_stores_nothing(
    db: str, traffic: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    lines = traffic.read_text().splitlines()
    lines[3] = lines[3].replace("traffic_index", "trafic")
    lines[5] = lines[5].replace(",1.0,", ",lots,")
    bad.write_text("\n".join(lines) + "\n")
    code, out, err = run("import", str(traffic), str(bad), "--db", db)
    assert code == 2
    assert "bad.csv, line 4" in err and "trafic" in err
    assert "bad.csv, line 6" in err and "lots" in err
    assert "stored" not in out
    assert not Path(db.removeprefix("sqlite:///")).exists()  # refused before the store opens


def test_qa_of_a_given_file_reports_errors_with_exit_1(traffic: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    lines = traffic.read_text().splitlines()
    lines[2] = lines[2].replace("2019-01-02", "2019-02-30")
    bad.write_text("\n".join(lines) + "\n")
    code, out, _ = run("qa", str(bad))
    assert code == 1
    assert "bad.csv: 1 errors" in out and "2019-02-30" in out


def test_yoy_needs_a_month_or_a_range(db: str) -> None:
    code, _, err = run("yoy")
    assert code == 2 and "--month" in err


def test_unknown_view_exits_2(db: str) -> None:
    code, _, err = run("monthly", "--view", "scope3")
    assert code == 2 and "scope3" in err


def test_beijing_shipped_inputs(db: str) -> None:
    code, out, err = run("monthly", "--from", "2024-01-01", "--to", "2024-12-31")
    assert code == 0, err
    assert "Beijing's shipped inputs" in err and "missing I.3 2024" in err
    rows = pd.read_csv(StringIO(out))
    assert rows.loc[rows["sector"].eq("II.4"), "value"].notna().all()

    code, out, err = run("yoy", "--month", "2024-12")
    assert code == 0, err
    assert "missing:" in out

    code, out, err = run("nowcast", "--year", "2024", "--through", "2024-06-30")
    assert code == 0, err
    assert "sectors II.4" in err

    code, out, err = run("compare")
    assert code == 0, err
    assert "shapes only" in err and "by construction" in err
    correlations = pd.read_csv(StringIO(out)).set_index("sector")
    assert correlations.loc["Ground Transport", "daily_r"] == pytest.approx(1.0)


REPO = Path(__file__).resolve().parents[2]
CMC = REPO / ".." / "shared" / "data" / "monitoring"  # the exports are never committed


def test_compare_with_a_raw_export(db: str) -> None:
    exports = sorted(CMC.glob("*.xlsx")) if CMC.is_dir() else []
    if not exports:
        pytest.skip(f"no Carbon Monitor Cities export in {CMC} (not shipped; see its README)")
    code, out, err = run("compare", str(exports[0]), "--format", "json")
    if code != 0 and "share no region" in err:
        pytest.skip(f"{exports[0].name} holds no Beijing series")
    assert code == 0, err
    document = json.loads(out)
    assert document["levels"] is True


def test_reconcile_against_a_named_dataset(db: str, traffic: Path, tmp_path: Path) -> None:
    activity = tmp_path / "activity2020.csv"
    activity.write_text(ACTIVITY.read_text(encoding="utf-8").replace(",2019,", ",2020,"))
    from peakzero.cli import app

    added = runner.invoke(app, ["inventory", "datasets", "add", str(activity), "--name", "y2020",
                                "--region", "CN-BJ", "--db", db])  # fmt: skip
    assert added.exit_code == 0, added.stderr
    code, out, err = run("reconcile", "--year", "2020", "--inventory", "y2020", "--db", db,
                         "--proxies", str(traffic))  # fmt: skip
    assert code == 0, err
    assert out.splitlines()[0] == "region,sector,period,old,new,change,change_pct"
    revised = pd.read_csv(StringIO(out), dtype={"period": str})
    assert set(revised["sector"]) == {"II.1"}
    year = revised.set_index("period").loc["2020"]
    assert year["new"] == pytest.approx(year["old"] * (1 + year["change_pct"] / 100))


def test_import_is_all_or_nothing_across_files(db: str, traffic: Path, tmp_path: Path) -> None:
    haidian = tmp_path / "haidian.csv"
    haidian.write_text(traffic.read_text().replace("CN-BJ,", "CN-BJ-110108,"))
    code, out, err = run("import", str(haidian), str(traffic), "--region", "CN-BJ-110108",
                         "--db", db)  # fmt: skip
    assert code == 2 and "traffic.csv" in err and "CN-BJ" in err
    code, out, err = run("qa", "--db", db)
    assert code == 0 and "no proxies to check" in err and out == ""


def test_reconcile_stores_both_vintages_and_the_revisions(
    db: str, traffic: Path, tmp_path: Path
) -> None:
    from peakzero.cli import app
    from peakzero.store import database
    from peakzero.store import monitoring as store

    activity = tmp_path / "activity2020.csv"
    activity.write_text(ACTIVITY.read_text(encoding="utf-8").replace(",2019,", ",2020,"))
    added = runner.invoke(app, ["inventory", "datasets", "add", str(activity), "--name", "y2020",
                                "--region", "CN-BJ", "--db", db])  # fmt: skip
    assert added.exit_code == 0, added.stderr
    code, _, err = run("reconcile", "--year", "2020", "--inventory", "y2020", "--db", db,
                       "--proxies", str(traffic), "--vintage", "2020-final",
                       "--supersedes", "2020-flash", "--who", "alice")  # fmt: skip
    assert code == 0, err
    assert "stored vintage 2020-final superseding 2020-flash" in err
    with database.open_session(db, must_exist=True) as session:
        assert [v.id for v in store.list_vintages(session)] == ["2020-flash", "2020-final"]
        revisions = store.read_revisions(session, "2020-final")
    assert set(revisions["sector"]) == {"II.1"} and len(revisions) == 13  # 12 months + year


def test_scope1_2_view_adds_purchased_electricity(db: str, traffic: Path, tmp_path: Path) -> None:
    from peakzero.accounting.grid_factors import load_grid_factor
    from peakzero.units import conversion_factor

    power = tmp_path / "power.csv"
    days = pd.date_range("2020-01-01", "2020-01-31", freq="D")
    pd.DataFrame(
        {
            "region": "CN-BJ",
            "period": days.strftime("%Y-%m-%d"),
            "sector": "I.scope2",
            "proxy": "electricity_consumption",
            "value": 1000.0,
            "unit": "MWh",
        }
    ).to_csv(power, index=False)
    code, out, err = run("daily", "--proxies", str(traffic), "--proxies", str(power),
                         "--from", "2020-01-01", "--to", "2020-01-31", "--view", "scope1+2",
                         "--grid-factor", "mee-national-2022", "--no-aviation")  # fmt: skip
    assert code == 0, err
    rows = pd.read_csv(StringIO(out))
    factor = load_grid_factor("mee-national-2022", "electricity")
    kt = 1000.0 * factor.value * conversion_factor(factor.unit, "t/MWh") / 1000.0
    scope2 = rows[rows["sector"].eq("I.scope2")]
    assert scope2["value"].to_numpy() == pytest.approx(np.full(31, kt))
    assert "II.4" not in set(rows["sector"])
    code, _, err = run("daily", "--proxies", str(traffic), "--view", "scope1+2")
    assert code == 2 and "grid factor" in err


def test_anchor_to_a_named_inventory_dataset(db: str, traffic: Path) -> None:
    from peakzero.cli import app

    added = runner.invoke(app, ["inventory", "datasets", "add", str(ACTIVITY), "--name", "y2019",
                                "--region", "CN-BJ", "--db", db])  # fmt: skip
    assert added.exit_code == 0, added.stderr
    code, out, err = run("monthly", "--proxies", str(traffic), "--inventory", "y2019",
                         "--db", db, "--from", "2020-01-01", "--to", "2020-01-31",
                         "--format", "json")  # fmt: skip
    assert code == 0, err
    document = json.loads(out)
    assert document["base_inventory"] == "y2019 2019"
    assert "proxies from traffic.csv; anchored to y2019 2019" in err
