"""Audit: ``/audit`` (page) and ``/api/v1/audit`` (JSON) from the one view :func:`audit_view`.

Every change written through the platform is in the store's audit log (who, when, what, before
and after). The listing is read with :func:`peakzero.store.repository.audit_trail` and filtered
with :func:`peakzero.accounts.visible` for ``audit``: a district officer sees the rows of their
own districts only (the policy grants ``own_district``), an administrator, city planner or
programme manager sees everything.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from peakzero.api.deps import Principal, get_locale, require
from peakzero.api.pages import render
from peakzero.api.problems import problem_schema
from peakzero.errors import InputError, Problem
from peakzero.web.i18n import format_moment

__all__ = ["AuditFilters", "AuditRecord", "AuditView", "audit_view", "router"]

router = APIRouter()
Reader = Annotated[Principal, Depends(require("audit", "read"))]
MAX_LIMIT = 1000


class AuditRecord(BaseModel):
    """One audited change of one row."""

    change: str
    at: datetime
    who: str
    action: str
    entity: str
    programme: str
    key: str
    region: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class AuditFilters(BaseModel):
    """The filters applied (``None``: not filtered) and the choices each offers."""

    who: str | None
    entity: str | None
    region: str | None
    users: list[str]
    entities: list[str]
    regions: list[str]


class AuditView(BaseModel):
    """The changes the user may read, newest first: ``total`` matched, ``entries`` the first
    ``limit`` of them."""

    total: int
    limit: int
    entries: list[AuditRecord]
    filters: AuditFilters
    illustrative: bool  # some entries are the demo's seeding of illustrative records


def _check_region(region: str | None) -> str | None:
    if region is None or region == "":
        return None
    from peakzero.accounts.users import valid_districts

    allowed = ["CN-BJ", *sorted(valid_districts())]
    if region not in allowed:
        message = f"region {region!r} is not Beijing (CN-BJ) or one of its districts"
        raise InputError(Problem("query", message, column="query.region", value=region))
    return region


def audit_view(
    request: Request,
    principal: Principal,
    who: str | None = None,
    entity: str | None = None,
    region: str | None = None,
    limit: int = 200,
) -> AuditView:
    """THE view: the audit log as ``principal`` may read it, filtered, newest first."""
    from peakzero.accounts import visible
    from peakzero.store.repository import audit_trail

    region = _check_region(region)
    scope = visible(principal, "audit")
    with request.app.state.store.session() as db:
        trail = audit_trail(db)
    mine = [e for e in trail if not scope.nothing and scope.allows(owner_region=e.region)]
    chosen = [
        e
        for e in reversed(mine)
        if (not who or e.who == who)
        and (not entity or e.table == entity)
        and (region is None or e.region == region)
    ]
    from peakzero.demo import DEMO_WHO

    return AuditView(
        total=len(chosen),
        limit=limit,
        illustrative=any(e.who == DEMO_WHO for e in chosen[:limit]),
        entries=[
            AuditRecord(
                change=e.change,
                at=e.at,
                who=e.who,
                action=e.action,
                entity=e.table,
                programme=e.programme,
                key=e.key,
                region=e.region,
                before=e.before,
                after=e.after,
            )
            for e in chosen[:limit]
        ],
        filters=AuditFilters(
            who=who or None,
            entity=entity or None,
            region=region,
            users=sorted({e.who for e in mine}),
            entities=sorted({e.table for e in mine}),
            regions=sorted({e.region for e in mine if e.region is not None}),
        ),
    )


Who = Annotated[str | None, Query(max_length=200, description="only changes by this user")]
Entity = Annotated[
    str | None, Query(max_length=100, description="only changes of this entity (table)")
]
Region = Annotated[
    str | None, Query(max_length=20, description="only changes of this region (CN-BJ-1101xx)")
]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="at most this many entries")]


@router.get(
    "/api/v1/audit",
    response_model=AuditView,
    tags=["audit"],
    summary="Every change you may read: who, when, what, before and after",
    responses={404: {"content": problem_schema()}, 422: {"content": problem_schema()}},
)
def audit_json(
    request: Request,
    principal: Reader,
    who: Who = None,
    entity: Entity = None,
    region: Region = None,
    limit: Limit = 200,
) -> AuditView:
    return audit_view(request, principal, who, entity, region, limit)


@router.get("/audit", response_class=HTMLResponse, include_in_schema=False)
def audit_page(
    request: Request,
    principal: Reader,
    who: Who = None,
    entity: Entity = None,
    region: Region = None,
    limit: Limit = 200,
) -> HTMLResponse:
    view = audit_view(request, principal, who, entity, region, limit)
    return render(request, "audit.html", {"view": view, **page_helpers(request)})


def page_helpers(request: Request) -> dict[str, Any]:
    """What the audit and users pages format with: time stamps and region names."""
    from peakzero.accounts.users import valid_districts
    from peakzero.codes import regions

    locale = get_locale(request)
    codes = regions()
    names: dict[str, str] = {}
    for code in ["CN-BJ", *valid_districts()]:
        if code in codes:
            found = codes[code]
            names[code] = str(found.name_zh if locale == "zh_CN" else found.name_en)
    return {
        "moment": lambda v: format_moment(v, locale),
        "region_names": names,
        "shown": _shown,
    }


def _shown(value: Any) -> str:
    """A value of the log as the page shows it: text as is, the rest as JSON (Chinese kept)."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
