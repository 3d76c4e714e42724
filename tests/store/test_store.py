"""The programme database: migrations, lossless round trip, audit log, all-or-nothing saves, CLI.

Every test that touches a database runs once on SQLite and once on PostgreSQL (``conftest.py``).
"""

from __future__ import annotations

import dataclasses
import shutil
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from peakzero.cli import app
from peakzero.errors import InputError
from peakzero.programme import (
    KPI,
    Measure,
    Milestone,
    Organisation,
    Person,
    Programme,
    Team,
    load_programme,
)
from peakzero.store import repository
from peakzero.store.database import (
    StoreError,
    alembic_config,
    database_url,
    default_path,
    make_engine,
    upgrade,
)
from peakzero.store.models import ENTITY_TABLES, Base
from peakzero.store.repository import (
    audit_trail,
    list_programmes,
    save_programme,
)
from peakzero.store.repository import load_programme as load_stored

runner = CliRunner()
MIGRATIONS_DIR = Path(repository.__file__).parent / "migrations"
DEFAULT = load_programme()


def full_programme() -> Programme:
    """The default programme with every kind of entity and value filled in (dates, floats, …)."""
    p = DEFAULT
    kpi = dataclasses.replace(
        p.kpis[0], baseline=1.0 / 3.0, baseline_year=2020, target_2025=1e4, target_2030=0.1 + 0.2
    )
    task = p.kpis[0].task
    return dataclasses.replace(
        p,
        start=date(2022, 1, 1),
        end=date(2030, 12, 31),
        kpis=(kpi, *p.kpis[1:]),
        milestones=(
            Milestone(
                "m1",
                task,
                date(2023, 6, 30),
                "样车 · prototype",
                "通过验收",
                kpi.code,
                123.456789012345,
                5e6,
            ),
            Milestone("m2", task),
        ),
        organisations=(
            *p.organisations,
            Organisation("lab", "实验室", "Lab", "lead_unit"),
        ),
        teams=(Team("team-a", "甲队", task, "lab"), Team("team-b", "乙队", task)),
        people=(
            Person("p1", "张三", "principal_investigator", "lab", "team-a"),
            Person("p2", "李四", "reviewer"),
        ),
    )


def snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in key order."""
    with engine.connect() as connection:
        return {
            table.name: [
                tuple(row)
                for row in connection.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in Base.metadata.sorted_tables
        }


def row_count(p: Programme) -> int:
    """The rows a programme occupies: its own and one per entity."""
    return 1 + sum(len(getattr(p, name)) for name in ENTITY_TABLES if name != "programmes")


def with_task_name(p: Programme, index: int, name_en: str) -> Programme:
    tasks = list(p.tasks)
    tasks[index] = dataclasses.replace(tasks[index], name_en=name_en)
    return dataclasses.replace(p, tasks=tuple(tasks))


# The account tables of migration 0005 (peakzero.store.accounts).
ACCOUNT_TABLES = {"users", "user_roles", "user_scopes", "sessions", "api_tokens", "login_failures"}

# --- schema ---------------------------------------------------------------------------------------


def test_migrations_create_every_table_as_the_models_define_it(db_url: str) -> None:
    upgrade(db_url)
    upgrade(db_url)  # a second run changes nothing
    engine = make_engine(db_url)
    try:
        names = set(inspect(engine).get_table_names())
        datasets = {"inventory_datasets", "inventory_dataset_rows"}
        monitoring = {  # migration 0010 (peakzero.store.monitoring)
            "monitoring_imports",
            "monitoring_proxies",
            "monitoring_findings",
            "monitoring_vintages",
            "monitoring_values",
            "monitoring_revisions",
        }
        assert names == {
            *ENTITY_TABLES,
            *ACCOUNT_TABLES,
            *datasets,
            "user_scenarios",  # migration 0007: saved explorer scenarios
            "user_scenario_versions",
            *monitoring,
            "audit_log",
            "store_revision",  # migration 0012: the pages' cache's revision
            "evaluations",
            "grid_runs",  # the platform's grid jobs (revision 0008)
            "alembic_version",
        }
        with engine.connect() as connection:
            # The migrated schema has every table, column, key and index of the models.
            assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
            config = alembic_config(db_url)
            config.attributes["connection"] = connection
            command.downgrade(config, "base")
            connection.commit()
        assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    finally:
        engine.dispose()


def test_a_failing_migration_changes_nothing(db_url: str, tmp_path: Path) -> None:
    upgrade(db_url)
    head = ScriptDirectory.from_config(alembic_config(db_url)).get_current_head()
    scripts = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "0099_fails.py").write_text(
        "from alembic import op\n"
        "import sqlalchemy as sa\n"
        "revision = '0099'\n"
        f"down_revision = '{head}'\n"
        "branch_labels = depends_on = None\n"
        "def upgrade():\n"
        "    op.create_table('scratch', sa.Column('id', sa.Integer, primary_key=True))\n"
        "    op.add_column('tasks', sa.Column('owner', sa.String()))\n"
        "    op.execute('SELECT * FROM no_such_table')\n"
        "def downgrade():\n"
        "    pass\n",
        encoding="utf-8",
    )
    config = alembic_config(db_url)
    config.set_main_option("script_location", str(scripts))
    engine = make_engine(db_url)
    try:
        with pytest.raises(DBAPIError), engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        assert "scratch" not in inspect(engine).get_table_names()
        assert "owner" not in [c["name"] for c in inspect(engine).get_columns("tasks")]
        with engine.connect() as connection:
            assert MigrationContext.configure(connection).get_current_revision() == head
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("table", "entity", "key"),
    [
        ("areas", "Area", "code"),
        ("tasks", "Task", "code"),
        ("measures", "Measure", "code"),
        ("kpis", "KPI", "code"),
        ("milestones", "Milestone", "code"),
        ("organisations", "Organisation", "id"),
        ("teams", "Team", "id"),
        ("people", "Person", "id"),
    ],
)
def test_each_table_mirrors_its_dataclass(table: str, entity: str, key: str) -> None:
    from peakzero.programme import domain

    fields = [f.name for f in dataclasses.fields(getattr(domain, entity))]
    columns = [c.name for c in Base.metadata.tables[table].columns]
    assert columns[:3] == ["programme", key, "position"]
    assert sorted(columns[3:]) == sorted(f for f in fields if f != key)
    assert [c.name for c in Base.metadata.tables[table].primary_key.columns] == ["programme", key]


def test_programmes_table_holds_the_programme_fields() -> None:
    own = [f.name for f in dataclasses.fields(Programme) if f.name not in ENTITY_TABLES]
    assert [c.name for c in Base.metadata.tables["programmes"].columns] == own


# --- round trip -----------------------------------------------------------------------------------


@pytest.mark.parametrize("build", [lambda: DEFAULT, full_programme], ids=["default", "full"])
def test_round_trip_is_lossless(engine: Engine, build: Any) -> None:
    programme = build()
    with Session(engine) as session:
        save_programme(session, programme, "alice")
    with Session(engine) as session:  # a new session: nothing comes from its cache
        loaded = load_stored(session, programme.code)
    assert loaded == programme
    assert loaded.milestones == programme.milestones  # the dates and floats came back exactly
    if programme.milestones:
        assert isinstance(loaded.milestones[0].planned, date)
        assert loaded.milestones[0].kpi_target == 123.456789012345
        assert loaded.kpis[0].baseline == 1.0 / 3.0


def test_entities_keep_their_order(session: Session) -> None:
    programme = dataclasses.replace(DEFAULT, tasks=DEFAULT.tasks[::-1], areas=DEFAULT.areas[::-1])
    save_programme(session, programme, "alice")
    loaded = load_stored(session, programme.code)
    assert [t.code for t in loaded.tasks] == [t.code for t in DEFAULT.tasks][::-1]
    assert loaded == programme


def test_other_programmes_are_left_alone(session: Session) -> None:
    other = dataclasses.replace(full_programme(), code="other")
    save_programme(session, DEFAULT, "alice")
    save_programme(session, other, "alice")
    save_programme(session, with_task_name(DEFAULT, 0, "changed"), "alice")
    assert list_programmes(session) == ("beijing-sti-action-plan", "other")
    assert load_stored(session, "other") == other


def test_unknown_programme_is_a_clear_error(session: Session) -> None:
    save_programme(session, DEFAULT, "alice")
    with pytest.raises(StoreError, match=r"no programme 'nope'; it holds beijing-sti-action-plan"):
        load_stored(session, "nope")


# --- audit log ------------------------------------------------------------------------------------


def test_first_save_audits_every_row_as_an_insert(session: Session) -> None:
    before = datetime.now(UTC)
    entries = save_programme(session, full_programme(), "alice")
    after = datetime.now(UTC)
    assert len(entries) == row_count(full_programme())
    assert {e.action for e in entries} == {"insert"}
    assert {e.who for e in entries} == {"alice"}
    assert len({e.change for e in entries}) == 1
    assert all(before <= e.at <= after for e in entries)
    assert all(e.before is None and e.after is not None for e in entries)
    assert audit_trail(session) == entries  # what was returned is what was stored
    milestone = next(e for e in entries if e.table == "milestones" and e.key == "m1")
    assert milestone.after is not None
    assert milestone.after["planned"] == "2023-06-30"
    assert milestone.after["funding_cny"] == 5e6
    assert milestone.after["programme"] == "beijing-sti-action-plan"


def test_an_update_audits_exactly_the_changed_row(session: Session) -> None:
    save_programme(session, DEFAULT, "alice")
    first = audit_trail(session)
    changed = with_task_name(DEFAULT, 3, "A new name")
    moment = datetime.now(UTC)
    entries = save_programme(session, changed, "bob")
    assert len(entries) == 1
    (entry,) = entries
    assert (entry.who, entry.action, entry.table, entry.programme, entry.key) == (
        "bob",
        "update",
        "tasks",
        DEFAULT.code,
        DEFAULT.tasks[3].code,
    )
    assert moment <= entry.at <= datetime.now(UTC)
    assert entry.before is not None and entry.after is not None
    assert entry.before["name_en"] == DEFAULT.tasks[3].name_en
    assert entry.after["name_en"] == "A new name"
    assert {k: v for k, v in entry.before.items() if k != "name_en"} == {
        k: v for k, v in entry.after.items() if k != "name_en"
    }
    assert audit_trail(session) == (*first, entry)
    assert load_stored(session, DEFAULT.code) == changed
    assert save_programme(session, changed, "bob") == ()  # nothing changed, nothing audited


def test_removed_and_added_rows_are_audited(session: Session) -> None:
    full = full_programme()
    save_programme(session, full, "alice")
    smaller = dataclasses.replace(
        full,
        milestones=full.milestones[:1],
        people=full.people[1:],
        measures=(*full.measures, Measure("m7", "新措施", "New measure")),
    )
    entries = save_programme(session, smaller, "carol")
    done = sorted((e.action, e.table, e.key) for e in entries)
    assert done == [
        ("delete", "milestones", "m2"),
        ("delete", "people", "p1"),
        ("insert", "measures", "m7"),
        ("update", "people", "p2"),  # it moved to position 0
    ]
    deleted = next(e for e in entries if e.key == "p1")
    assert deleted.after is None and deleted.before is not None
    assert deleted.before["name"] == "张三"
    assert load_stored(session, full.code) == smaller


def test_who_is_required(session: Session) -> None:
    with pytest.raises(StoreError, match="who made it"):
        save_programme(session, DEFAULT, "  ")


# --- all or nothing -------------------------------------------------------------------------------


def test_a_duplicate_task_code_is_refused_and_nothing_changes(
    engine: Engine, session: Session
) -> None:
    save_programme(session, DEFAULT, "alice")
    state = snapshot(engine)
    duplicate = dataclasses.replace(DEFAULT.tasks[0], name_en="again")
    bad = dataclasses.replace(
        with_task_name(DEFAULT, 1, "renamed"), tasks=(*DEFAULT.tasks, duplicate)
    )
    with pytest.raises(InputError) as caught:
        save_programme(session, bad, "mallory")
    assert [p.column for p in caught.value.problems] == [f"tasks.{len(DEFAULT.tasks)}.code"]
    assert snapshot(engine) == state


def test_a_failure_in_the_last_row_leaves_nothing_behind(engine: Engine, session: Session) -> None:
    # The role is not one of PERSON_ROLES: check_programme does not look at it, the database's
    # CHECK constraint refuses it — in the very last row written.
    bad = dataclasses.replace(
        full_programme(), people=(*full_programme().people, Person("p9", "王五", "boss"))
    )
    empty = snapshot(engine)
    with pytest.raises(StoreError, match="cannot save programme beijing-sti-action-plan"):
        save_programme(session, bad, "mallory")
    assert snapshot(engine) == empty
    assert list_programmes(session) == ()

    save_programme(session, DEFAULT, "alice")
    state = snapshot(engine)
    bad = dataclasses.replace(
        with_task_name(DEFAULT, 0, "renamed"), people=(Person("p9", "王五", "boss"),)
    )
    with pytest.raises(StoreError, match=r"ck_people_role|constraint"):
        save_programme(session, bad, "mallory")
    assert snapshot(engine) == state
    assert load_stored(session, DEFAULT.code) == DEFAULT


def test_a_failure_half_way_rolls_everything_back(
    engine: Engine, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_programme(session, DEFAULT, "alice")
    state = snapshot(engine)
    calls = 0
    put = repository._Writer.put

    def failing_put(self: Any, *args: Any) -> None:
        nonlocal calls
        calls += 1
        if calls == 40:  # after the programme, its areas, tasks and measures were written
            raise RuntimeError("disk full")
        put(self, *args)

    monkeypatch.setattr(repository._Writer, "put", failing_put)
    changed = dataclasses.replace(
        with_task_name(DEFAULT, 0, "renamed"),
        kpis=tuple(dataclasses.replace(k, baseline=1.0) for k in DEFAULT.kpis),
    )
    with pytest.raises(RuntimeError, match="disk full"):
        save_programme(session, changed, "mallory")
    assert calls == 40
    assert snapshot(engine) == state
    monkeypatch.undo()
    assert load_stored(session, DEFAULT.code) == DEFAULT


def test_without_commit_the_caller_owns_the_transaction(engine: Engine) -> None:
    with Session(engine) as session:
        entries = save_programme(session, DEFAULT, "alice", commit=False)
        assert len(entries) == row_count(DEFAULT)
        session.rollback()
    with Session(engine) as session:
        assert list_programmes(session) == ()
        assert audit_trail(session) == ()


# --- URLs -----------------------------------------------------------------------------------------


def test_the_default_database_is_a_sqlite_file_in_the_data_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_path() == tmp_path / "data" / "peakzero" / "peakzero.db"
    assert database_url() == f"sqlite:///{tmp_path / 'data' / 'peakzero' / 'peakzero.db'}"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_path() == tmp_path / "home" / ".local" / "share" / "peakzero" / "peakzero.db"
    upgrade()  # no set-up: the folder is created
    assert default_path().is_file()
    monkeypatch.setenv("PEAKZERO_DATABASE_URL", "sqlite:///elsewhere.db")
    assert database_url() == "sqlite:///elsewhere.db"
    assert database_url("sqlite:///given.db") == "sqlite:///given.db"


# --- CLI ------------------------------------------------------------------------------------------


def test_init_db_then_show_from_the_database(db_url: str) -> None:
    result = runner.invoke(app, ["programme", "init-db", "--db", db_url])
    assert result.exit_code == 0, result.output
    assert f"loaded the default programme {DEFAULT.code} ({row_count(DEFAULT)} rows" in (
        result.output
    )
    again = runner.invoke(app, ["programme", "init-db", "--db", db_url])
    assert again.exit_code == 0, again.output
    assert "nothing loaded" in again.output

    for extra in ([], ["--format", "json"]):
        stored = runner.invoke(app, ["programme", "show", "--db", db_url, *extra])
        packaged = runner.invoke(app, ["programme", "show", *extra])
        assert stored.exit_code == 0, stored.output
        assert stored.output == packaged.output

    engine = make_engine(db_url)
    try:
        with Session(engine) as session:
            trail = audit_trail(session)
    finally:
        engine.dispose()
    assert len(trail) == row_count(DEFAULT)  # the second init-db wrote nothing


def test_init_db_reads_the_url_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'env.db'}"
    monkeypatch.setenv("PEAKZERO_DATABASE_URL", url)
    result = runner.invoke(app, ["programme", "init-db"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "env.db").is_file()
    shown = runner.invoke(app, ["programme", "show", "--db", url])
    assert shown.exit_code == 0, shown.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["init-db", "--db", "notaurl"], "'notaurl' is not a database URL; use sqlite:///"),
        (["init-db", "--db", "mysql://u@h/db"], "unsupported database 'mysql'"),
        (["init-db", "--db", "postgresql+psycopg2://u@h/db"], "driver 'psycopg2'"),
        (
            ["init-db", "--db", "postgresql://u:secret@/db?host=/nonexistent-peakzero"],
            "cannot migrate the database at postgresql+psycopg://u:***@/db",
        ),
        (["show", "--db", "sqlite:////nonexistent-peakzero/x.db"], "no database at"),
        (["show", "--db", "notaurl"], "is not a database URL"),
    ],
)
def test_a_bad_url_is_a_clear_error(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["programme", *args])
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert result.stderr.startswith("error: ")
    assert "Traceback" not in result.output
    assert "secret" not in result.output


def test_show_from_a_database_that_is_not_set_up(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    result = runner.invoke(app, ["programme", "show", "--db", f"sqlite:///{path}"])
    assert result.exit_code == 2
    assert "is the database set up? run `peakzero programme init-db" in result.stderr


def test_show_needs_exactly_one_programme(db_url: str) -> None:
    upgrade(db_url)
    result = runner.invoke(app, ["programme", "show", "--db", db_url])
    assert result.exit_code == 2
    assert "holds no programme yet; run `peakzero programme init-db --db URL`" in result.stderr
    engine = make_engine(db_url)
    try:
        with Session(engine) as session:
            save_programme(session, DEFAULT, "alice")
            save_programme(session, dataclasses.replace(DEFAULT, code="other"), "alice")
    finally:
        engine.dispose()
    result = runner.invoke(app, ["programme", "show", "--db", db_url])
    assert result.exit_code == 2
    assert f"holds several programmes ({DEFAULT.code}, other)" in result.stderr


def test_show_takes_a_file_or_a_database_not_both(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["programme", "show", "--file", "x.yaml", "--db", f"sqlite:///{tmp_path}/x.db"]
    )
    assert result.exit_code == 2
    assert "either --file or --db" in result.output


def test_kpi_and_team_types_are_the_domain_types(session: Session) -> None:
    save_programme(session, full_programme(), "alice")
    loaded = load_stored(session, DEFAULT.code)
    assert all(type(k) is KPI for k in loaded.kpis)
    assert all(type(t) is Team for t in loaded.teams)


def test_the_database_enforces_links_between_rows(session: Session) -> None:
    from sqlalchemy.exc import IntegrityError

    from peakzero.store.models import ROWS

    save_programme(session, DEFAULT, "alice")
    session.add(
        ROWS["tasks"](
            programme=DEFAULT.code,
            code="stray",
            position=99,
            area="nowhere",
            name_zh="无",
            name_en="none",
            kind="technology",
            information="unverified",
        )
    )
    with pytest.raises(IntegrityError):
        session.commit()


def test_open_session_disposes_of_its_engine_and_can_migrate(tmp_path: Path) -> None:
    from peakzero.store.database import StoreError, open_session

    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    with pytest.raises(StoreError, match="no database at"), open_session(url, must_exist=True):
        pass
    with open_session(url, migrate=True) as session:
        assert save_programme(session, DEFAULT, "alice")
    with open_session(url, must_exist=True) as session:
        assert list_programmes(session) == (DEFAULT.code,)
