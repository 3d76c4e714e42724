"""Stored evaluations (migration 0004): saved whole with who and when, listed, shown, on SQLite
and PostgreSQL; and the CLI's `evaluate --save` and `evaluations`."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from peakzero.cli import app
from peakzero.programme import load_programme
from peakzero.programme.evaluation import evaluate
from peakzero.store.database import StoreError, make_engine, upgrade
from peakzero.store.evaluations import list_evaluations, load_evaluation, save_evaluation
from peakzero.store.repository import save_programme

runner = CliRunner()


def test_an_evaluation_is_stored_whole_and_listed(db_url: str) -> None:
    upgrade(db_url)
    engine = make_engine(db_url)
    programme = load_programme()
    result = evaluate(programme, date(2026, 1, 1), runs=20)
    try:
        with Session(engine) as session:
            with pytest.raises(StoreError, match="holds no programme"):
                save_evaluation(session, result, "alice")
            save_programme(session, programme, "alice")
            first = save_evaluation(session, result, "alice")
            second = save_evaluation(session, result, "bob")
        with Session(engine) as session:
            stored = list_evaluations(session)
            assert [(s.id, s.who) for s in stored] == [(first, "alice"), (second, "bob")]
            assert stored[0].as_of == date(2026, 1, 1)
            assert stored[0].scenario_hash == result.scenario_hash
            assert stored[0].status_counts == {"no_data": len(programme.tasks)}
            assert stored[0].at.tzinfo is not None
            assert load_evaluation(session, first) == json.loads(json.dumps(result.as_dict()))
            with pytest.raises(StoreError, match="no stored evaluation has id 999"):
                load_evaluation(session, 999)
            with pytest.raises(StoreError, match="who made it"):
                save_evaluation(session, result, " ")
    finally:
        engine.dispose()


def test_cli_evaluate_save_and_evaluations(db_url: str) -> None:
    assert runner.invoke(app, ["programme", "init-db", "--db", db_url]).exit_code == 0
    result = runner.invoke(
        app,
        ["programme", "evaluate", "--as-of", "2026-01-01", "--runs", "0", "--db", db_url, "--save"],
    )
    assert result.exit_code == 0, result.output
    listing = runner.invoke(app, ["programme", "evaluations", "--db", db_url])
    assert listing.exit_code == 0, listing.output
    (line,) = listing.output.strip().splitlines()
    assert line.startswith("1\tbeijing-sti-action-plan\tas of 2026-01-01")
    shown = runner.invoke(app, ["programme", "evaluations", "--db", db_url, "--show", "1"])
    assert json.loads(shown.output)["as_of"] == "2026-01-01"
    missing = runner.invoke(app, ["programme", "evaluations", "--db", db_url, "--show", "7"])
    assert missing.exit_code == 2
    assert "no stored evaluation has id 7" in missing.output


def test_save_needs_a_database() -> None:
    result = runner.invoke(app, ["programme", "evaluate", "--as-of", "2026-01-01", "--save"])
    assert result.exit_code == 2
    assert "--db" in result.output
