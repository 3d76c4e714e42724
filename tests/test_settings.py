"""Run settings: defaults, PEAKZERO_* variables, and located errors for bad values."""

from __future__ import annotations

import re

import pytest

from peakzero.errors import InputError
from peakzero.settings import DEFAULT_SOLVER_OPTIONS, Settings, settings


def test_defaults_without_any_variable() -> None:
    s = Settings.from_environ({})
    assert s == Settings()
    assert s.database_url is None
    assert dict(s.solver_options) == {"solver": "hipo", "run_crossover": "on"}
    assert (s.grid_segments, s.ensemble_runs, s.impact_runs) == (1200, 1000, 500)


def test_variables_override_the_defaults() -> None:
    s = Settings.from_environ(
        {
            "PEAKZERO_DATABASE_URL": "sqlite:///x.db",
            "PEAKZERO_SOLVER_OPTIONS": '{"solver": "ipm"}',
            "PEAKZERO_GRID_SEGMENTS": "400",
            "PEAKZERO_ENSEMBLE_RUNS": "50",
            "PEAKZERO_IMPACT_RUNS": "20",
            "PEAKZERO_GRID_SEGMENTS_TYPO": "1",
        }
    )
    assert s.database_url == "sqlite:///x.db"
    assert dict(s.solver_options) == {"solver": "ipm"}
    assert (s.grid_segments, s.ensemble_runs, s.impact_runs) == (400, 50, 20)


def test_the_grid_jobs_dask_settings() -> None:
    assert (Settings().dask_scheduler, Settings().dask_processes) == (None, True)
    s = Settings.from_environ(
        {"PEAKZERO_DASK_SCHEDULER": "tcp://127.0.0.1:8786", "PEAKZERO_DASK_PROCESSES": "0"}
    )
    assert (s.dask_scheduler, s.dask_processes) == ("tcp://127.0.0.1:8786", False)


def test_an_empty_variable_counts_as_unset() -> None:
    assert Settings.from_environ({"PEAKZERO_DATABASE_URL": "", "PEAKZERO_GRID_SEGMENTS": ""}) == (
        Settings()
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("PEAKZERO_GRID_SEGMENTS", "many"),
        ("PEAKZERO_ENSEMBLE_RUNS", "0"),
        ("PEAKZERO_IMPACT_RUNS", "-3"),
        ("PEAKZERO_SOLVER_OPTIONS", "solver=ipm"),
        ("PEAKZERO_SOLVER_OPTIONS", "[1]"),
        ("PEAKZERO_DASK_PROCESSES", "yes"),
    ],
)
def test_a_bad_value_names_the_variable(name: str, value: str) -> None:
    with pytest.raises(InputError, match=rf"\${name}: use .*\(value .?{re.escape(value)}"):
        Settings.from_environ({name: value})


def test_settings_reads_the_environment_when_called(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PEAKZERO_GRID_SEGMENTS", "96")
    assert settings().grid_segments == 96
    monkeypatch.delenv("PEAKZERO_GRID_SEGMENTS")
    assert settings().grid_segments == 1200


def test_the_default_solver_options_cannot_be_changed_by_accident() -> None:
    with pytest.raises(TypeError):
        DEFAULT_SOLVER_OPTIONS["solver"] = "simplex"  # type: ignore[index]
