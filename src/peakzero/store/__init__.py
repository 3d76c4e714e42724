"""The programme database (SQLAlchemy 2, Alembic): a SQLite file by default, PostgreSQL by URL.

- :mod:`peakzero.store.database` — the URL (``--db``, ``$PEAKZERO_DATABASE_URL`` or the default
  SQLite file), engines, :func:`upgrade` (the Alembic migrations), :class:`StoreError`;
- :mod:`peakzero.store.models` — one table per programme entity and the audit log;
- :mod:`peakzero.store.accounts` — users, roles, scopes, sessions, API tokens, login failures;
- :mod:`peakzero.store.repository` — :func:`save_programme` (one audited transaction) and
  :func:`load_programme` (the same domain objects back);
- :mod:`peakzero.store.user_scenarios` — the explorer's saved scenarios and their immutable
  versions;
- :mod:`peakzero.store.monitoring` — monitoring (a package, one module per part): proxy
  imports with their QA findings, result vintages with their monthly values and revisions (its
  tables join the metadata here; pandas is loaded only by its functions);
- :mod:`peakzero.store.datasets` — named inventory datasets of the city or a district (not
  imported here: it loads the accounting engine and pandas).
"""

# The account tables join Base.metadata here, so that every user of the store (the migrations'
# env, the schema check) sees them.
from peakzero.store import accounts as _accounts  # noqa: F401
from peakzero.store import monitoring as _monitoring  # noqa: F401
from peakzero.store import user_scenarios as _user_scenarios  # noqa: F401
from peakzero.store.database import (
    ENV_VAR,
    StoreError,
    database_url,
    default_path,
    default_url,
    make_engine,
    upgrade,
)
from peakzero.store.repository import (
    AuditEntry,
    audit_trail,
    current_user,
    list_programmes,
    load_programme,
    save_programme,
)

__all__ = [
    "ENV_VAR",
    "AuditEntry",
    "StoreError",
    "audit_trail",
    "current_user",
    "database_url",
    "default_path",
    "default_url",
    "list_programmes",
    "load_programme",
    "make_engine",
    "save_programme",
    "upgrade",
]
