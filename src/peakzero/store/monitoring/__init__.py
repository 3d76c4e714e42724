"""Monitoring in the database: proxy imports with their QA findings, monitored-result vintages
with their monthly values, and the revision tables between vintages (migration 0010).

- An **import** (:class:`ImportRow`) is one proxy file as stored: its name, the SHA-256 of the
  inputs, who stored it and when, its region, row count, source, vintage and status (``flash``
  or ``final``). Its rows are :class:`ProxyRow` (``region, period, sector, proxy, value, unit``,
  the shared PROXIES shape) and its data-quality findings :class:`FindingRow`.
- A **vintage** (:class:`VintageRow`) is one monitored result as released: its id, the method's
  version, the base inventory (name and year), who made it and when, source and status. Its
  monthly values (:class:`VintageValueRow`: region, sector, month, value, low, high in Mt CO2)
  are never changed; a new inventory makes a new vintage, and the change from the old one is
  kept in :class:`RevisionRow` (old, new, change, change % per month and per year).

:func:`import_proxies` and :func:`save_vintage` are each **one transaction** with their audit
row (:class:`~peakzero.store.models.AuditRow`, same transaction): all or nothing.

One module per part (docs/design/monitoring-store.md):

- :mod:`.tables` — the six tables and their column names;
- :mod:`.records` — the frozen records handed out, the not-found error, shared look-ups;
- :mod:`.checks` — every cell checked before anything is written;
- :mod:`.bulk` — the proxy rows' bulk path of each backend (PostgreSQL binary COPY, SQLite
  executemany), on the session's connection so inside its transaction;
- :mod:`.imports` — store, list and read proxy imports;
- :mod:`.vintages` — store, reconcile, list and read vintages and their revisions.

The tables join :data:`~peakzero.store.models.Base`'s metadata when :mod:`peakzero.store` is
imported; pandas is imported only inside the functions that build a frame, so that importing
the store stays light.
"""

from peakzero.store.monitoring.imports import (
    import_findings,
    import_proxies,
    list_imports,
    read_proxies,
)
from peakzero.store.monitoring.records import MonitoringNotFoundError, ProxyImport, Vintage
from peakzero.store.monitoring.tables import (
    IMPORTS,
    PROXY_COLUMNS,
    STATUSES,
    VINTAGES,
    FindingRow,
    ImportRow,
    ProxyRow,
    RevisionRow,
    VintageRow,
    VintageValueRow,
)
from peakzero.store.monitoring.vintages import (
    list_vintages,
    read_revisions,
    read_vintage,
    reconcile_vintage,
    save_vintage,
)

__all__ = [
    "IMPORTS",
    "PROXY_COLUMNS",
    "STATUSES",
    "VINTAGES",
    "FindingRow",
    "ImportRow",
    "MonitoringNotFoundError",
    "ProxyImport",
    "ProxyRow",
    "RevisionRow",
    "Vintage",
    "VintageRow",
    "VintageValueRow",
    "import_findings",
    "import_proxies",
    "list_imports",
    "list_vintages",
    "read_proxies",
    "read_revisions",
    "read_vintage",
    "reconcile_vintage",
    "save_vintage",
]
