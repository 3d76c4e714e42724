"""A user's language (revision 0009): kept audited, refused when not a locale, the session and
the login carry it; the migration goes back to 0008."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import inspect
from sqlalchemy.orm import Session

from peakzero.accounts import (
    InvalidAccountInput,
    add_user,
    get_user,
    login,
    lookup_session,
    set_language,
)
from peakzero.store.database import alembic_config, make_engine, upgrade
from peakzero.store.models import AuditRow

PASSWORD = "correct horse battery staple"


def test_a_language_is_kept_audited_and_carried_by_the_session(session: Session) -> None:
    add_user(session, "li", PASSWORD, ["viewer"], who="admin")
    assert get_user(session, "li").language is None
    set_language(session, "li", "en", who="li")
    assert set_language(session, "li", "en", who="li").language == "en"  # no change, no row
    rows = session.query(AuditRow).filter(AuditRow.key == "li").order_by(AuditRow.id).all()
    assert [(r.who, r.before, r.after) for r in rows[1:]] == [
        ("li", {"language": None}, {"language": "en"})
    ]
    result = login(session, "li", PASSWORD, "127.0.0.1")
    assert result.session is not None and result.session.language == "en"
    found = lookup_session(session, result.session.token)
    assert found is not None and found.language == "en"


def test_a_language_that_is_no_locale_is_refused(session: Session) -> None:
    add_user(session, "wang", PASSWORD, ["viewer"], who="admin")
    with pytest.raises(InvalidAccountInput, match="zh_CN, en") as refused:
        set_language(session, "wang", "fr", who="wang")
    assert refused.value.field == "language"
    assert get_user(session, "wang").language is None


def test_0009_adds_the_column_and_goes_back_to_0008(db_url: str) -> None:
    upgrade(db_url)
    engine = make_engine(db_url)
    try:
        assert "language" in {c["name"] for c in inspect(engine).get_columns("users")}
        with engine.connect() as connection:
            config = alembic_config(db_url)
            config.attributes["connection"] = connection
            command.downgrade(config, "0008")
            connection.commit()
        assert "language" not in {c["name"] for c in inspect(engine).get_columns("users")}
    finally:
        engine.dispose()
