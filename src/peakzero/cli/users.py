"""``peakzero users``: accounts of the platform — add, list, disable, API tokens.

A thin shell over :mod:`peakzero.accounts`; every change is audited as the operating-system user
who ran the command. A password is never an option (it would stay in the shell's history): it is
asked for twice, or read from the first line of standard input with ``--password-stdin``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

import typer

from peakzero.cli.programme import DatabaseUrl

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from peakzero.accounts import UserInfo

# The accounts engine (and SQLAlchemy, argon2) are imported inside the commands.

app = typer.Typer(help="Platform accounts: users, roles, district scopes and API tokens.")
token_app = typer.Typer(help="API tokens of a user (Authorization: Bearer TOKEN).")
app.add_typer(token_app, name="token")


@dataclass(frozen=True)
class _Store:
    """An open database session for one command, its URL as shown, and who the audit names."""

    session: Session
    shown: str
    who: str


@contextmanager
def _store(db: str | None, doing: str, *, must_exist: bool = True) -> Iterator[_Store]:
    """The command's database (``--db`` or the default), migrated, its errors made readable."""
    from peakzero.store import database, repository

    url = database.database_url(db)
    with (
        database.open_session(url, must_exist=must_exist, migrate=True) as session,
        database.translate_errors(url, doing),
    ):
        yield _Store(session, database.shown(url), repository.current_user())


def _password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        return line.removesuffix("\n").removesuffix("\r")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


@app.command("add")
def add_command(
    name: Annotated[str, typer.Argument(help="Login name (lower-case letters, digits, . _ -).")],
    role: Annotated[
        list[str],
        typer.Option(
            "--role",
            help="A role (repeat for several): admin, city_planner, modeller, "
            "programme_manager, district_officer, project_owner, viewer.",
        ),
    ],
    district: Annotated[
        list[str] | None,
        typer.Option(
            "--district",
            help="A district of a district_officer (repeat for several): its code "
            "(110108 or CN-BJ-110108) or name (海淀, Haidian).",
        ),
    ] = None,
    project: Annotated[
        list[str] | None,
        typer.Option("--project", help="A project of a project_owner (repeat for several)."),
    ] = None,
    display_name: Annotated[
        str | None, typer.Option("--display-name", help="The name shown on pages.")
    ] = None,
    password_stdin: Annotated[
        bool,
        typer.Option(
            "--password-stdin", help="Read the password from standard input's first line."
        ),
    ] = False,
    db: DatabaseUrl = None,
) -> None:
    """Add an account (the password is asked for, or read with --password-stdin)."""
    from peakzero.accounts import add_user
    from peakzero.accounts.users import check_new_user

    # Check the rest before asking for a password, so that a typo costs no typing.
    check_new_user(name, role, district or [], project or [])
    password = _password(password_stdin)
    with _store(db, "write to", must_exist=False) as store:
        user = add_user(
            store.session,
            name,
            password,
            role,
            who=store.who,
            districts=district or [],
            projects=project or [],
            display_name=display_name,
        )
    typer.echo(f"{store.shown}: added user {user.name} ({_grants(user)}; audited as {store.who})")


def _grants(user: UserInfo) -> str:
    parts = [", ".join(user.roles)]
    if user.districts:
        parts.append("districts " + ", ".join(user.districts))
    if user.projects:
        parts.append("projects " + ", ".join(user.projects))
    return "; ".join(parts)


@app.command("list")
def list_command(db: DatabaseUrl = None) -> None:
    """List the accounts: roles, scopes, status and live API tokens."""
    from peakzero.accounts import list_tokens, list_users

    with _store(db, "read from") as store:
        users = list_users(store.session)
        tokens = {user.name: list_tokens(store.session, user.name) for user in users}
    if not users:
        typer.echo(f"{store.shown}: no users yet (add one with `peakzero users add`)")
        return
    for user in users:
        live = [t.prefix for t in tokens[user.name] if t.revoked_at is None]
        status = "disabled" if user.disabled else "active"
        typer.echo(
            f"{user.name}  {status}  {_grants(user)}  name: {user.display_name}  "
            f"tokens: {', '.join(live) or '-'}"
        )


@app.command("disable")
def disable_command(
    name: Annotated[str, typer.Argument(help="The login name.")],
    db: DatabaseUrl = None,
) -> None:
    """Disable an account: it cannot log in, and its sessions and tokens end at once."""
    from peakzero.accounts import disable_user

    with _store(db, "write to") as store:
        disable_user(store.session, name, who=store.who)
    typer.echo(f"{store.shown}: disabled {name}; its sessions and tokens are revoked")


@token_app.command("create")
def token_create_command(
    name: Annotated[str, typer.Argument(help="The login name the token acts as.")],
    label: Annotated[str, typer.Option("--label", help="What the token is for.")] = "",
    db: DatabaseUrl = None,
) -> None:
    """Make an API token and print it once (only its hash is kept)."""
    from peakzero.accounts import create_token

    with _store(db, "write to") as store:
        made = create_token(store.session, name, who=store.who, label=label)
    typer.echo(made.token)
    typer.echo(
        f"token {made.prefix} for {name}: shown once, store it now "
        f"(revoke with `peakzero users token revoke {name} {made.prefix}`)",
        err=True,
    )


@token_app.command("revoke")
def token_revoke_command(
    name: Annotated[str, typer.Argument(help="The login name.")],
    prefix: Annotated[str, typer.Argument(help="The token's prefix, as `users list` shows it.")],
    db: DatabaseUrl = None,
) -> None:
    """Revoke an API token at once."""
    from peakzero.accounts import revoke_token

    with _store(db, "write to") as store:
        changed = revoke_token(store.session, name, prefix, who=store.who)
    typer.echo(f"{'revoked' if changed else 'already revoked:'} token {prefix} of {name}")
