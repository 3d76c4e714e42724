"""The demo's accounts: one per role, random passwords, for a loopback demo database only.

No account or password is built into peakzero (docs/design/accounts.md): these are made when
``peakzero demo`` starts, with passwords drawn at random and printed once, and only when the
platform will listen on a loopback address and the database is the demo's own SQLite file
(:func:`check_demo_target`) — a shared or production database never gets them. Running the demo
again resets the passwords and grants instead of adding accounts.
"""

from __future__ import annotations

import ipaddress
import secrets
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session

from peakzero.accounts import Role, add_user, enable_user, set_password, set_roles
from peakzero.accounts.errors import UnknownUser
from peakzero.accounts.users import get_user
from peakzero.errors import InputError, Problem

__all__ = [
    "DEMO_ACCOUNTS",
    "DEMO_DATABASE",
    "DemoAccount",
    "check_demo_target",
    "demo_database_url",
    "is_loopback",
    "seed_accounts",
]

DEMO_DATABASE = "peakzero-demo.db"
"""The demo database's file name (in the demo's output folder)."""
PASSWORD_BYTES = 12
"""Random bytes of a demo password: 16 URL-safe characters (the accounts need 12 or more)."""
HAIDIAN = "CN-BJ-110108"
CHAOYANG = "CN-BJ-110105"
DEMO_PROJECT = "demo-illustrative"


@dataclass(frozen=True)
class DemoAccount:
    """A demo account: its login name, role and scope."""

    name: str
    role: Role
    districts: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()

    @property
    def display_name(self) -> str:
        return f"Demo {self.role}" + (f" {' '.join(self.districts)}" if self.districts else "")


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("demo-admin", Role.admin),
    DemoAccount("demo-city-planner", Role.city_planner),
    DemoAccount("demo-modeller", Role.modeller),
    DemoAccount("demo-programme-manager", Role.programme_manager),
    DemoAccount("demo-haidian", Role.district_officer, districts=(HAIDIAN,)),
    DemoAccount("demo-chaoyang", Role.district_officer, districts=(CHAOYANG,)),
    DemoAccount("demo-project-owner", Role.project_owner, projects=(DEMO_PROJECT,)),
    DemoAccount("demo-viewer", Role.viewer),
)
"""One account per role; two district officers (海淀 and 朝阳) so that scoping shows."""


def demo_database_url(folder: str | Path) -> str:
    """The URL of the demo database in ``folder``."""
    return f"sqlite:///{Path(folder).resolve() / DEMO_DATABASE}"


def is_loopback(host: str) -> bool:
    """Whether ``host`` is ``localhost`` or a loopback address (127.0.0.0/8, ::1)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:
        return False


def check_demo_target(url: str, host: str) -> None:
    """Refuse to make demo accounts unless the platform listens on loopback only and ``url`` is
    a demo database (a SQLite file named :data:`DEMO_DATABASE`).

    Raises
    ------
    InputError
        Naming the host or the database and what is allowed; nothing is written.
    """
    problems = []
    if not is_loopback(host):
        msg = (
            "demo accounts (printed passwords) are made only for a platform on a loopback "
            "address; use 127.0.0.1, ::1 or localhost, or make real accounts with `peakzero "
            "users add`"
        )
        problems.append(Problem("--host", msg, value=host))
    try:
        parsed = make_url(url)
        demo_file = parsed.get_backend_name() == "sqlite" and (
            Path(parsed.database or "").name == DEMO_DATABASE
        )
    except ArgumentError:
        demo_file = False
    if not demo_file:
        msg = (
            f"demo accounts are made only in the demo database, a SQLite file named "
            f"{DEMO_DATABASE}; never in another database"
        )
        problems.append(Problem("database", msg, value=url))
    if problems:
        raise InputError(problems)


def seed_accounts(session: Session, *, who: str) -> dict[str, str]:
    """Make (or reset) every demo account with a new random password, audited as ``who``, in
    one transaction; login name → password. The caller has checked the target
    (:func:`check_demo_target`)."""
    passwords: dict[str, str] = {}
    try:
        _seed(session, who, passwords)
    except BaseException:
        session.rollback()
        raise
    session.commit()
    return passwords


def _seed(session: Session, who: str, passwords: dict[str, str]) -> None:
    for account in DEMO_ACCOUNTS:
        password = secrets.token_urlsafe(PASSWORD_BYTES)
        try:
            get_user(session, account.name)
        except UnknownUser:
            add_user(
                session,
                account.name,
                password,
                [account.role],
                who=who,
                districts=account.districts,
                projects=account.projects,
                display_name=account.display_name,
                commit=False,
            )
        else:
            # Someone may have changed the account in the running demo: put it back.
            set_roles(
                session,
                account.name,
                [account.role],
                who=who,
                districts=account.districts,
                projects=account.projects,
                commit=False,
            )
            enable_user(session, account.name, who=who, commit=False)
            set_password(session, account.name, password, who=who, commit=False)
        passwords[account.name] = password
