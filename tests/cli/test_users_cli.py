"""``peakzero users``: add, list, disable, token create and revoke, against a SQLite file."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from typer.testing import CliRunner, Result

from peakzero.accounts import lookup_token, passwords
from peakzero.accounts.audit import PLATFORM
from peakzero.cli import app
from peakzero.store.database import open_session
from peakzero.store.repository import audit_trail

runner = CliRunner()
PASSWORD = "a long enough secret\n"


@pytest.fixture(autouse=True)
def _cheap_hashes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.delenv("PEAKZERO_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    previous = passwords.set_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    yield
    passwords.set_hasher(previous)


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'platform.db'}"


def _add(db: str, *args: str, password: str = PASSWORD) -> Result:
    return runner.invoke(
        app, ["users", "add", *args, "--password-stdin", "--db", db], input=password
    )


def test_add_list_disable(db: str) -> None:
    result = _add(
        db,
        "hd",
        "--role",
        "district_officer",
        "--district",
        "110108",
        "--district",
        "朝阳",
        "--display-name",
        "海淀 张三",
    )
    assert result.exit_code == 0, result.output
    assert "added user hd (district_officer; districts CN-BJ-110105, CN-BJ-110108" in result.output
    assert _add(db, "boss", "--role", "admin").exit_code == 0
    listed = runner.invoke(app, ["users", "list", "--db", db])
    assert listed.exit_code == 0, listed.output
    lines = listed.output.splitlines()
    assert lines[0].startswith("boss  active  admin")
    assert lines[1].startswith("hd  active  district_officer; districts CN-BJ-110105, CN-BJ-110108")
    assert "name: 海淀 张三" in lines[1]
    disabled = runner.invoke(app, ["users", "disable", "hd", "--db", db])
    assert disabled.exit_code == 0, disabled.output
    assert "hd  disabled" in runner.invoke(app, ["users", "list", "--db", db]).output
    with open_session(db) as session:
        assert [(e.action, e.key) for e in audit_trail(session, PLATFORM)] == [
            ("insert", "hd"),
            ("insert", "boss"),
            ("update", "hd"),
        ]


def test_a_bad_district_exits_2_naming_it_and_the_valid_ones(db: str) -> None:
    result = runner.invoke(
        app,
        ["users", "add", "hd", "--role", "district_officer", "--district", "110199", "--db", db],
    )  # refused before the password is asked for
    assert result.exit_code == 2
    assert "district '110199' is not one of Beijing's 16 districts" in result.output
    assert "110108 海淀区 Haidian" in result.output and "110105 朝阳区 Chaoyang" in result.output


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (["--role", "mayor"], PASSWORD, "unknown role 'mayor'; valid roles: admin"),
        (["--role", "district_officer"], PASSWORD, "needs at least one district"),
        (["--role", "viewer"], "short\n", "at least 12 characters"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(
    db: str, args: list[str], password: str, message: str
) -> None:
    result = _add(db, "someone", *args, password=password)
    assert result.exit_code == 2, result.output
    assert message in result.output
    listed = runner.invoke(app, ["users", "list", "--db", db]).output
    # Refused before the database is opened, or (the password) before anything is written.
    assert "no database at" in listed or "no users yet" in listed


def test_a_taken_name_exits_2(db: str) -> None:
    assert _add(db, "pm", "--role", "programme_manager").exit_code == 0
    again = _add(db, "pm", "--role", "viewer")
    assert again.exit_code == 2
    assert "a user named 'pm' exists already" in again.output


def test_the_password_is_asked_twice_without_stdin(db: str) -> None:
    result = runner.invoke(
        app,
        ["users", "add", "v1", "--role", "viewer", "--db", db],
        input="a long enough secret\na long enough secret\n",
    )
    assert result.exit_code == 0, result.output
    assert "a long enough secret" not in result.output


def test_token_create_prints_it_once_and_revoke_ends_it(db: str) -> None:
    assert _add(db, "script", "--role", "modeller").exit_code == 0
    made = runner.invoke(
        app, ["users", "token", "create", "script", "--label", "nightly", "--db", db]
    )
    assert made.exit_code == 0, made.output
    token = made.stdout.strip()
    assert token.startswith("pzt_")
    listed = runner.invoke(app, ["users", "list", "--db", db]).output
    assert token[:12] in listed and token not in listed
    with open_session(db) as session:
        assert lookup_token(session, token) is not None
    revoked = runner.invoke(app, ["users", "token", "revoke", "script", token[:12], "--db", db])
    assert revoked.exit_code == 0, revoked.output
    assert f"revoked token {token[:12]} of script" in revoked.output
    with open_session(db) as session:
        assert lookup_token(session, token) is None
    unknown = runner.invoke(app, ["users", "token", "revoke", "script", "pzt_nope", "--db", db])
    assert unknown.exit_code == 2
    assert "has no token with prefix 'pzt_nope'" in unknown.output


def test_commands_on_a_missing_database_say_so(tmp_path: Path) -> None:
    result = runner.invoke(app, ["users", "list", "--db", f"sqlite:///{tmp_path / 'none.db'}"])
    assert result.exit_code == 2
    assert "no database at" in result.output


def test_users_help_imports_no_engine() -> None:
    """``peakzero users add --help`` answers without loading SQLAlchemy or argon2."""
    code = (
        "import sys\n"
        "sys.argv = ['peakzero', 'users', 'add', '--help']\n"
        "from peakzero.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('LOADED', *sorted(m for m in ('sqlalchemy', 'argon2') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip().splitlines()[-1] == "LOADED"
    assert "--password-stdin" in done.stdout
