"""Seed the demo database: accounts, the illustrative programme and datasets, in that order.

Idempotent: a second run adds no record (the programme saves as unchanged, the datasets are
kept) and only resets the accounts' passwords (printed again).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from peakzero.demo import DEMO_WHO
from peakzero.demo.accounts import check_demo_target, demo_database_url, seed_accounts
from peakzero.demo.illustrative import seed_datasets, seed_programme
from peakzero.store.datasets import Dataset

__all__ = ["DemoDatabase", "seed_demo"]


@dataclass(frozen=True)
class DemoDatabase:
    """The seeded demo database: its URL, each account's new password, the datasets."""

    url: str
    passwords: dict[str, str]
    programme_changes: int
    datasets: tuple[Dataset, ...]


def seed_demo(folder: str | Path, host: str) -> DemoDatabase:
    """Make or refresh the demo database in ``folder`` for a platform listening on ``host``.

    Raises
    ------
    InputError
        If ``host`` is not a loopback address (:func:`~.accounts.check_demo_target`); nothing
        is written.
    """
    from peakzero.store.database import open_session

    url = demo_database_url(folder)
    check_demo_target(url, host)
    Path(folder).mkdir(parents=True, exist_ok=True)
    with open_session(url, migrate=True) as session:
        passwords = seed_accounts(session, who=DEMO_WHO)
        changes = seed_programme(session, DEMO_WHO)
        datasets = seed_datasets(session, Path(folder) / "illustrative", DEMO_WHO)
    return DemoDatabase(url, passwords, changes, datasets)
