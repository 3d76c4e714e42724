"""The Beijing demo writes an offline report with the inventory's facts."""

import functools
import re
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from peakzero.cli import app
from peakzero.report.demo import run_demo
from peakzero.studies.grid import GridSettings
from peakzero.testing import BEIJING_CEADS, BEIJING_PEAK_YEAR, CEADS_ABS

PEAK, LATEST = BEIJING_CEADS[BEIJING_PEAK_YEAR].total, BEIJING_CEADS[2019].total

QUICK_GRID = GridSettings(years=(2030,), hours=(312, 168))
"""One winter week of 2030 at full resolution: the demo's grid in seconds, not minutes."""


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    run_demo(folder, QUICK_GRID)
    return folder


def test_report_is_self_contained(demo_folder: Path) -> None:
    page = (demo_folder / "index.html").read_text(encoding="utf-8")
    assert page.count("<svg") >= 4
    # Offline: no scripts, stylesheets, fonts or images fetched from anywhere.
    assert not re.search(r"<(script|link|img|iframe)\b", page)
    assert not re.search(r"url\((?!#)", page)  # only references inside the page
    assert "碳排放核算" in page and "Emissions inventory" in page
    assert f"{PEAK:.2f}" in page and str(BEIJING_PEAK_YEAR) in page
    assert "2,030.00" not in page  # years in the targets table read as years


def test_data_files(demo_folder: Path) -> None:
    history = pd.read_csv(demo_folder / "beijing_history.csv", index_col="year")
    assert history.loc[BEIJING_PEAK_YEAR, "with aviation"] == pytest.approx(PEAK, abs=CEADS_ABS)
    assert (history["with aviation"] > history["without aviation"]).all()
    iamc = pd.read_csv(demo_folder / "beijing_iamc.csv")
    total = iamc[iamc["variable"] == "Emissions|CO2"]
    assert total["2019"].item() == pytest.approx(LATEST, abs=CEADS_ABS)


def test_monitoring_section_and_files(demo_folder: Path) -> None:
    page = (demo_folder / "index.html").read_text(encoding="utf-8")
    assert "Near-real-time monitoring" in page and "Missing sector-years and why" in page
    monthly = pd.read_csv(demo_folder / "monitoring_monthly.csv")
    assert list(monthly.columns) == [
        "region", "period", "sector", "value", "sigma", "low", "high", "unit"
    ]  # fmt: skip
    assert monthly["value"].isna().any() and monthly["value"].notna().any()
    missing = pd.read_csv(demo_folder / "monitoring_missing.csv")
    assert missing["reason"].notna().all()


def test_demo_command_prints_the_peak(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from peakzero.report import demo

    # The command runs the demo with its default grid; the quick one stands in for it here.
    monkeypatch.setattr(demo, "run_demo", functools.partial(run_demo, grid=QUICK_GRID))
    # --no-serve: stop after the report (DEMO_SERVE=0 make demo), no demo database made.
    result = CliRunner().invoke(app, ["demo", "--no-serve", "--output", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Demo accounts" not in result.stdout and not (tmp_path / "peakzero-demo.db").exists()
    assert f"peak {BEIJING_PEAK_YEAR}: {PEAK:.2f} Mt CO2" in result.stdout
    assert "2017" in result.stdout  # the cement-process gap is flagged
    # The grid line is printed from the study's named figures, in the result's currency.
    assert re.search(r"2030: +[\d.]+ bn [A-Z]{3}/yr, +[\d.]+ Mt CO2, import peak", result.stdout)
    assert "full (168 snapshots)" in result.stdout
    assert (tmp_path / "index.html").is_file()
    assert "monitoring: CN-BJ 2021–2025 on CEADs 2019" in result.stdout


def test_report_has_the_pathways(demo_folder: Path) -> None:
    page = (demo_folder / "index.html").read_text(encoding="utf-8")
    assert "技术路径" in page and "Technology pathways to 2060" in page
    assert "P(peak by 2030)" in page and "neutrality" in page
    # Uncertainty (issue 11): fan charts, the deterministic run beside the median, Sobol.
    assert "Fan charts" in page and "deterministic (central inputs)" in page
    assert "P(net zero by 2050)" in page and "P(met)" in page and "Sobol" in page
    co2 = pd.read_csv(demo_folder / "pathways_territorial_co2.csv", index_col="year")
    assert list(co2.columns) == ["baseline", "current-policy", "plan", "neutrality"]
    assert co2.loc[2019].to_numpy() == pytest.approx([LATEST] * 4, abs=CEADS_ABS)
    assert co2["neutrality"].iloc[-1] < co2["baseline"].iloc[-1]
    # The cost curve says its basis and boundary next to the figures, shows the "as paid"
    # costs beside, and lists the levers that do not abate in 2030 apart.
    assert "resource costs" in page and "CNY/t (as paid)" in page
    assert "Not abating in 2030 on the territorial boundary" in page
    assert (demo_folder / "pathways_macc_plan_paid.json").is_file()
    # The report leads with the assessment boundary, its record since 1997 beside it.
    assert "Assessment boundary: scope 1 energy CO2 + net imported electricity" in page
    assessed = pd.read_csv(demo_folder / "pathways_assessment_co2.csv", index_col="year")
    assert assessed.loc[2019].to_numpy() == pytest.approx([137.46] * 4, abs=0.01)
    recorded = pd.read_csv(demo_folder / "pathways_assessment_recorded.csv", index_col="year")
    assert (recorded.index[0], recorded.index[-1]) == (1997, 2018)
    assert recorded["territorial"].idxmax() == 2010 and recorded["assessment"].idxmax() == 2010


def test_report_has_the_programme(demo_folder: Path) -> None:
    import json

    page = (demo_folder / "index.html").read_text(encoding="utf-8")
    assert "创新任务与动态评估" in page and "Top tasks by CO2 moved in 2030" in page
    evaluation = json.loads((demo_folder / "programme_evaluation.json").read_text(encoding="utf-8"))
    tasks = {t["task"]: t for t in evaluation["tasks"]}
    assert tasks["new_energy_vehicles"]["co2_2030_mt"] > 1.0
    assert {t["status"] for t in tasks.values()} <= {"on_track", "at_risk", "off_track", "no_data"}


def test_report_has_the_grid(demo_folder: Path) -> None:
    page = (demo_folder / "index.html").read_text(encoding="utf-8")
    assert "Hourly energy system" in page and "Hourly electricity balance, winter week" in page
    capacities = pd.read_csv(demo_folder / "grid_capacities.csv", index_col="capacity")
    assert capacities.loc["pumped hydro", "2030"] == pytest.approx(800)
    dispatch = pd.read_csv(demo_folder / "grid_dispatch_2030.csv", index_col=0)
    assert len(dispatch) == 168
    assert dispatch.sum(axis=1).abs().max() < 1e-3  # the electricity bus balances every hour


def test_report_has_the_import_corridor(demo_folder: Path) -> None:
    page = (demo_folder / "index.html").read_text(encoding="utf-8")
    assert "Import corridor check" in page and "plan (hourly grid)" in page
