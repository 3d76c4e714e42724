"""Saved user scenarios of the Pathway explorer: a named scenario of one region with immutable
versions 1, 2, 3, … (migration 0007).

A scenario (:class:`UserScenarioRow`) has a name unique within its region (the city ``CN-BJ`` or
a district), the user who first saved it and when. Each version (:class:`ScenarioVersionRow`)
keeps what reproduces its run without the explorer: the packaged base scenario, the moved levers
(id → value in the slider year), the resolved inputs — the scenario YAML that
``peakzero pathway run --scenario FILE`` runs — and their SHA-256, who saved it, when, and an
optional note. Saving under an existing name appends a version; nothing here updates or deletes
a version, and the mapper refuses to (:func:`_immutable`), so that a share link of ``id/n``
always shows the same thing.

Every list and get takes ``regions``: the regions the caller may read (``None``: all), the
platform's scope filter. A scenario outside them is reported exactly like one that does not
exist (the API's 404). A save is one transaction with its audit row (table ``user_scenarios``,
key ``id/version``, the version's metadata after).
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    func,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from peakzero.programme.domain import REGIONS
from peakzero.store.audit import add_audit
from peakzero.store.database import StoreError, translate_errors
from peakzero.store.models import Base
from peakzero.store.repository import NOT_SET_UP_HINT, as_utc, session_url

__all__ = [
    "MAX_ID",
    "MAX_NAME",
    "MAX_NOTE",
    "TABLE",
    "ImmutableVersionError",
    "SavedScenario",
    "SavedVersion",
    "ScenarioVersionRow",
    "UserScenarioNotFoundError",
    "UserScenarioRow",
    "get_scenario",
    "get_version",
    "inputs_hash",
    "list_scenarios",
    "save_version",
]

TABLE = "user_scenarios"
"""The scenarios' table, and the audit log's ``table_name`` of a saved version."""
MAX_NAME = 100
MAX_NOTE = 1000
MAX_ID = 2**31 - 1
"""The largest id a 32-bit integer column holds (PostgreSQL's ``integer``)."""
_REGION_CHECK = f"region IN ({', '.join(repr(code) for code in REGIONS)})"


class UserScenarioRow(Base):
    """A saved scenario: its name within its region, who first saved it and when."""

    __tablename__ = "user_scenarios"
    __table_args__ = (
        UniqueConstraint("region", "name"),
        CheckConstraint(_REGION_CHECK, name="region"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(MAX_NAME))
    region: Mapped[str] = mapped_column(String)
    owner: Mapped[str] = mapped_column(String)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ScenarioVersionRow(Base):
    """One immutable version of a saved scenario (never updated or deleted)."""

    __tablename__ = "user_scenario_versions"

    scenario: Mapped[int] = mapped_column(ForeignKey("user_scenarios.id"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    base: Mapped[str] = mapped_column(String)
    levers: Mapped[dict[str, Any]] = mapped_column(JSON)
    inputs: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    who: Mapped[str] = mapped_column(String)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    note: Mapped[str | None] = mapped_column(String(MAX_NOTE), nullable=True)


class ImmutableVersionError(StoreError):
    """A saved version was about to be changed or deleted."""


@event.listens_for(ScenarioVersionRow, "before_update")
@event.listens_for(ScenarioVersionRow, "before_delete")
def _immutable(mapper: Any, connection: Any, target: ScenarioVersionRow) -> None:
    # The one place that guards the promise of a share link: a version never changes.
    msg = f"saved scenario versions are immutable ({target.scenario}/{target.version})"
    raise ImmutableVersionError(msg)


class UserScenarioNotFoundError(StoreError):
    """No saved scenario (or version) of that id, or none the caller may see (the API's 404)."""


@dataclass(frozen=True)
class SavedVersion:
    """One version of a saved scenario, with its resolved inputs and their SHA-256."""

    id: int
    name: str
    region: str
    version: int
    base: str
    levers: dict[str, float]
    inputs: str
    sha256: str
    who: str
    created_at: datetime
    note: str | None

    def metadata(self) -> dict[str, Any]:
        """What the audit log keeps of it (JSON-ready; the inputs by their hash)."""
        return {
            "id": self.id,
            "name": self.name,
            "region": self.region,
            "version": self.version,
            "base": self.base,
            "levers": dict(self.levers),
            "sha256": self.sha256,
            "who": self.who,
            "created_at": self.created_at.isoformat(),
            "note": self.note,
        }


@dataclass(frozen=True)
class SavedScenario:
    """A saved scenario and its versions, oldest first."""

    id: int
    name: str
    region: str
    owner: str
    created_at: datetime
    versions: tuple[SavedVersion, ...]

    @property
    def latest(self) -> SavedVersion:
        return self.versions[-1]


def inputs_hash(inputs: str) -> str:
    """The SHA-256 of a version's resolved inputs (the YAML text, UTF-8)."""
    return hashlib.sha256(inputs.encode("utf-8")).hexdigest()


def save_version(
    session: Session,
    *,
    name: str,
    region: str,
    who: str,
    base: str,
    levers: Mapping[str, float],
    inputs: str,
    note: str | None = None,
    commit: bool = True,
) -> SavedVersion:
    """Save ``inputs`` as the next version of scenario ``name`` of ``region`` (version 1 of a new
    scenario owned by ``who`` when the region has none of that name), with its audit row, in one
    transaction. The caller has checked that ``who`` may write in ``region`` and that the
    levers are valid.

    Raises
    ------
    StoreError
        If ``who`` or ``name`` is empty, the region is not the city or a district, or the
        database refuses the change (e.g. a version saved at the same moment); nothing is stored.
    """
    label = name.strip()
    if not who.strip():
        msg = "an audited change needs who made it; give a user name"
        raise StoreError(msg)
    if not label or len(label) > MAX_NAME:
        msg = f"a scenario name is 1 to {MAX_NAME} characters"
        raise StoreError(msg)
    if region not in REGIONS:
        msg = f"unknown region {region!r}; give the city or a district code"
        raise StoreError(msg)
    now = datetime.now(UTC)
    try:
        with translate_errors(session_url(session), f"save scenario {label!r} in", NOT_SET_UP_HINT):
            query = select(UserScenarioRow).where(
                UserScenarioRow.region == region, UserScenarioRow.name == label
            )
            scenario = session.scalars(query).one_or_none()
            if scenario is None:
                scenario = UserScenarioRow(
                    name=label, region=region, owner=who.strip(), created_at=now
                )
                session.add(scenario)
                session.flush()
            last = session.scalar(
                select(func.max(ScenarioVersionRow.version)).where(
                    ScenarioVersionRow.scenario == scenario.id
                )
            )
            row = ScenarioVersionRow(
                scenario=scenario.id,
                version=(last or 0) + 1,
                base=base,
                levers={k: float(v) for k, v in sorted(levers.items())},
                inputs=inputs,
                sha256=inputs_hash(inputs),
                who=who.strip(),
                created_at=now,
                note=(note or "").strip() or None,
            )
            session.add(row)
            session.flush()
            saved = _version(scenario, row)
            add_audit(
                session,
                action="insert",
                table=TABLE,
                key=f"{saved.id}/{saved.version}",
                who=saved.who,
                before=None,
                after=saved.metadata(),
                region=region,
                at=now,
            )
            session.flush()
            if commit:
                session.commit()
    except BaseException:
        if commit:
            session.rollback()
        raise
    return saved


def list_scenarios(
    session: Session, regions: Collection[str] | None = None
) -> tuple[SavedScenario, ...]:
    """The saved scenarios by region and name, each with its versions; only those of
    ``regions`` when given."""
    query = select(UserScenarioRow).order_by(UserScenarioRow.region, UserScenarioRow.name)
    if regions is not None:
        query = query.where(UserScenarioRow.region.in_(list(regions)))
    with translate_errors(session_url(session), "read from", NOT_SET_UP_HINT):
        rows = list(session.scalars(query))
        versions = _versions(session, [row.id for row in rows])
    return tuple(_scenario(row, versions.get(row.id, [])) for row in rows)


def get_scenario(
    session: Session, scenario_id: int, regions: Collection[str] | None = None
) -> SavedScenario:
    """The saved scenario ``scenario_id`` with its versions.

    Raises
    ------
    UserScenarioNotFoundError
        If there is none, or its region is not among ``regions`` (told apart from none at all).
    """
    with translate_errors(session_url(session), "read from", NOT_SET_UP_HINT):
        # An id no integer column can hold is simply not there (not a database error).
        row = session.get(UserScenarioRow, scenario_id) if 0 < scenario_id <= MAX_ID else None
        if row is None or (regions is not None and row.region not in regions):
            msg = f"no saved scenario {scenario_id}"
            raise UserScenarioNotFoundError(msg)
        return _scenario(row, _versions(session, [row.id]).get(row.id, []))


def get_version(
    session: Session, scenario_id: int, version: int, regions: Collection[str] | None = None
) -> SavedVersion:
    """Version ``version`` of saved scenario ``scenario_id``.

    Raises
    ------
    UserScenarioNotFoundError
        As :func:`get_scenario`, or if it has no such version.
    """
    scenario = get_scenario(session, scenario_id, regions)
    for found in scenario.versions:
        if found.version == version:
            return found
    msg = f"saved scenario {scenario_id} has no version {version}"
    raise UserScenarioNotFoundError(msg)


# --- helpers -------------------------------------------------------------------------------------


def _versions(session: Session, ids: list[int]) -> dict[int, list[ScenarioVersionRow]]:
    found: dict[int, list[ScenarioVersionRow]] = {}
    if not ids:
        return found
    query = (
        select(ScenarioVersionRow)
        .where(ScenarioVersionRow.scenario.in_(ids))
        .order_by(ScenarioVersionRow.scenario, ScenarioVersionRow.version)
    )
    for row in session.scalars(query):
        found.setdefault(row.scenario, []).append(row)
    return found


def _version(scenario: UserScenarioRow, row: ScenarioVersionRow) -> SavedVersion:
    return SavedVersion(
        id=scenario.id,
        name=scenario.name,
        region=scenario.region,
        version=row.version,
        base=row.base,
        levers={str(k): float(v) for k, v in row.levers.items()},
        inputs=row.inputs,
        sha256=row.sha256,
        who=row.who,
        created_at=as_utc(row.created_at),
        note=row.note,
    )


def _scenario(row: UserScenarioRow, versions: list[ScenarioVersionRow]) -> SavedScenario:
    return SavedScenario(
        id=row.id,
        name=row.name,
        region=row.region,
        owner=row.owner,
        created_at=as_utc(row.created_at),
        versions=tuple(_version(row, v) for v in versions),
    )
