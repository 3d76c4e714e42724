"""Saved user scenarios and the comparison of two scenarios: the views behind the explorer's
"Save as…", its list of saved scenarios, a version's share link and ``/pathways/compare``.

A version stores the YAML of :func:`peakzero.api.pathways.scenario_yaml` for its base scenario
and moved levers (what ``peakzero pathway run --scenario FILE`` runs) and its SHA-256; its run
is the explorer's own :func:`~peakzero.api.pathways.run_view` of the same base and levers, so the
share link, the JSON and the command line show one set of figures.

Access (``pathways.user_scenarios`` in the policy table): a listing is filtered by
:func:`peakzero.accounts.visible_regions`; one scenario is asked of
:func:`peakzero.accounts.authorize` with its region, and anything the user may not read is
:class:`~peakzero.store.user_scenarios.UserScenarioNotFoundError` (the API's 404). Saving needs
``write`` in the region: a new scenario for a region outside it is a 422 on ``body.region``.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import datetime
from typing import Any

from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from peakzero import codes
from peakzero.accounts import authorize, visible, visible_regions
from peakzero.accounts.policy import Principal
from peakzero.api import pathways as explorer
from peakzero.api.problems import refuse
from peakzero.store.user_scenarios import (
    MAX_NAME,
    MAX_NOTE,
    SavedScenario,
    SavedVersion,
    UserScenarioNotFoundError,
    get_scenario,
    get_version,
    list_scenarios,
    save_version,
)

__all__ = [
    "RESOURCE",
    "CompareSide",
    "CompareView",
    "LeverDifference",
    "RegionChoice",
    "SaveRequest",
    "SavedScenarioInfo",
    "SavedScenarioView",
    "TargetPair",
    "VersionInfo",
    "VersionView",
    "compare_view",
    "readable_regions",
    "region_choices",
    "save",
    "saved_list",
    "saved_scenario",
    "saved_version",
    "share_link",
    "version_view",
    "writable_regions",
]

RESOURCE = "pathways.user_scenarios"
SAVED_REF = re.compile(r"^(\d+)/(\d+)$")


class SaveRequest(explorer.RunRequest):
    """A version to save: the base scenario and moved levers of the explorer, under ``name``
    in ``region`` (saving under a name the region already has appends a version)."""

    name: str = Field(min_length=1, max_length=MAX_NAME, description="the saved scenario's name")
    region: str = Field(default=codes.CITY, description="the city (CN-BJ) or a district's code")
    note: str | None = Field(default=None, max_length=MAX_NOTE, description="what this version is")


class RegionChoice(BaseModel):
    id: str
    name_en: str
    name_zh: str


class VersionInfo(BaseModel):
    id: int
    name: str
    region: str
    version: int
    base: str
    levers: dict[str, float]
    sha256: str = Field(description="SHA-256 of the resolved inputs (the scenario YAML)")
    who: str
    created_at: datetime
    note: str | None
    share_link: str
    yaml_url: str
    iamc_url: str

    @classmethod
    def of(cls, version: SavedVersion) -> VersionInfo:
        link = share_link(version.id, version.version)
        api = f"/api/v1/pathways/scenarios/{version.id}/versions/{version.version}"
        return cls(
            id=version.id,
            name=version.name,
            region=version.region,
            version=version.version,
            base=version.base,
            levers=dict(version.levers),
            sha256=version.sha256,
            who=version.who,
            created_at=version.created_at,
            note=version.note,
            share_link=link,
            yaml_url=f"{api}/scenario.yaml",
            iamc_url=f"{api}/iamc.csv",
        )


class SavedScenarioInfo(BaseModel):
    id: int
    name: str
    region: str
    owner: str
    created_at: datetime
    versions: int
    latest: VersionInfo

    @classmethod
    def of(cls, scenario: SavedScenario) -> SavedScenarioInfo:
        return cls(
            id=scenario.id,
            name=scenario.name,
            region=scenario.region,
            owner=scenario.owner,
            created_at=scenario.created_at,
            versions=len(scenario.versions),
            latest=VersionInfo.of(scenario.latest),
        )


class SavedScenarioView(BaseModel):
    id: int
    name: str
    region: str
    owner: str
    created_at: datetime
    versions: list[VersionInfo]


class VersionView(VersionInfo):
    inputs: str = Field(description="the scenario YAML (`peakzero pathway run --scenario FILE`)")
    inputs_current: bool = Field(
        description="whether the explorer resolves the base and levers to the same YAML today"
    )
    run: explorer.RunView


class LeverDifference(BaseModel):
    id: str
    name_en: str
    name_zh: str
    unit: str
    a: float
    b: float


class CompareSide(BaseModel):
    ref: str
    label: str
    base: str
    levers: dict[str, float]
    run: explorer.RunView


class TargetPair(BaseModel):
    """One target as each side's run measures it (``None``: that scenario does not state it)."""

    name: str
    year: int
    target: float
    unit: str
    a: explorer.TargetView | None
    b: explorer.TargetView | None


class CompareView(BaseModel):
    a: CompareSide
    b: CompareSide
    slider_year: int
    targets: list[TargetPair]
    differences: list[LeverDifference] = Field(
        description=f"levers whose {explorer.SLIDER_YEAR} value differs, with both values"
    )


def share_link(scenario_id: int, version: int) -> str:
    """The page that always opens version ``version`` of saved scenario ``scenario_id``."""
    return f"/pathways/saved/{scenario_id}/{version}"


# --- scope ---------------------------------------------------------------------------------------


def readable_regions(principal: Principal) -> Collection[str] | None:
    """The regions whose saved scenarios ``principal`` may read (``None``: all; empty: none)."""
    if not authorize(principal, "read", RESOURCE).allowed:
        return frozenset()
    return visible_regions(principal, RESOURCE)


def writable_regions(principal: Principal) -> list[str]:
    """The regions ``principal`` may save scenarios for, the city first."""
    if not authorize(principal, "write", RESOURCE).allowed:
        return []
    seen = visible(principal, RESOURCE, "write")
    return [c for c in codes.region_scopes() if seen.everything or c in seen.regions]


def region_choices(principal: Principal) -> list[RegionChoice]:
    """The save form's regions (those ``principal`` may write), with their names."""
    table = codes.regions()
    return [
        RegionChoice(id=c, name_en=table[c].name_en, name_zh=table[c].name_zh)
        for c in writable_regions(principal)
    ]


def _readable(principal: Principal, scenario: SavedScenario) -> SavedScenario:
    if not authorize(principal, "read", RESOURCE, owner_region=scenario.region).allowed:
        msg = f"no saved scenario {scenario.id}"
        raise UserScenarioNotFoundError(msg)
    return scenario


# --- views ---------------------------------------------------------------------------------------


def saved_list(session: Session, principal: Principal) -> list[SavedScenarioInfo]:
    """The saved scenarios ``principal`` may read, by region and name."""
    regions = readable_regions(principal)
    if regions is not None and not regions:
        return []
    return [SavedScenarioInfo.of(s) for s in list_scenarios(session, regions)]


def saved_scenario(session: Session, principal: Principal, scenario_id: int) -> SavedScenarioView:
    """One saved scenario and its versions (not found outside ``principal``'s scope)."""
    found = _readable(principal, get_scenario(session, scenario_id, readable_regions(principal)))
    return SavedScenarioView(
        id=found.id,
        name=found.name,
        region=found.region,
        owner=found.owner,
        created_at=found.created_at,
        versions=[VersionInfo.of(v) for v in found.versions],
    )


def saved_version(
    session: Session, principal: Principal, scenario_id: int, version: int
) -> SavedVersion:
    """Version ``version`` of a saved scenario (not found outside ``principal``'s scope)."""
    _readable(principal, get_scenario(session, scenario_id, readable_regions(principal)))
    return get_version(session, scenario_id, version)


def version_view(
    session: Session, principal: Principal, scenario_id: int, version: int
) -> VersionView:
    """A version with its inputs, their hash and its run."""
    found = saved_version(session, principal, scenario_id, version)
    request = explorer.RunRequest(scenario=found.base, levers=found.levers)
    again = explorer.scenario_yaml(found.base, found.levers)
    return VersionView(
        **VersionInfo.of(found).model_dump(),
        inputs=found.inputs,
        inputs_current=again == found.inputs,
        run=explorer.run_view(request),
    )


def save(session: Session, principal: Principal, body: SaveRequest) -> SavedVersion:
    """Save ``body`` as a new scenario, or the next version of the region's scenario of that
    name. Raises :class:`RequestValidationError` with one error per problem (an unknown or
    out-of-range lever, an unknown scenario or region, a region ``principal`` may not write);
    nothing is stored then."""
    problems = explorer.lever_problems(body)
    allowed = writable_regions(principal)
    if body.region not in codes.region_scopes():
        msg = f"unknown region; give the city or a district: {', '.join(codes.region_scopes())}"
        problems.append({"loc": ("body", "region"), "msg": msg, "input": body.region})
    elif body.region not in allowed:
        msg = f"you may save scenarios for: {', '.join(allowed) or 'no region'}"
        problems.append({"loc": ("body", "region"), "msg": msg, "input": body.region})
    if not body.name.strip():
        problems.append({"loc": ("body", "name"), "msg": "give the scenario a name", "input": ""})
    refuse(problems)
    return save_version(
        session,
        name=body.name,
        region=body.region,
        who=principal.name,
        base=body.scenario,
        levers=body.levers,
        inputs=explorer.scenario_yaml(body.scenario, body.levers),
        note=body.note,
    )


# --- compare -------------------------------------------------------------------------------------


def _side(session: Session, principal: Principal, ref: str, field: str) -> CompareSide:
    """A packaged scenario by name, or a saved version as ``id/version``."""
    match = SAVED_REF.match(ref.strip())
    if match:
        scenario_id, number = int(match.group(1)), int(match.group(2))
        found = saved_version(session, principal, scenario_id, number)
        label = f"{found.name} v{found.version}"
        base, levers = found.base, dict(found.levers)
    else:
        problems = explorer.lever_problems(explorer.RunRequest(scenario=ref))
        if problems:
            msg = "give a packaged scenario's name or a saved scenario's id/version"
            names = ", ".join(explorer.scenario_names())
            error = {"loc": ("query", field), "msg": f"{msg} ({names})", "input": ref}
            raise RequestValidationError([error])
        label, base, levers = ref, ref, {}
    run = explorer.run_view(explorer.RunRequest(scenario=base, levers=levers))
    return CompareSide(ref=ref, label=label, base=base, levers=levers, run=run)


def _slider_values(base: str, levers: dict[str, float]) -> dict[str, Any]:
    view = explorer.explorer(base)
    return {
        lever.id: (lever, levers.get(lever.id, lever.value))
        for area in view.areas
        for lever in area.levers
    }


def compare_view(session: Session, principal: Principal, a: str, b: str) -> CompareView:
    """Two scenarios' runs side by side and the levers whose slider-year value differs."""
    left, right = _side(session, principal, a, "a"), _side(session, principal, b, "b")
    values_a = _slider_values(left.base, left.levers)
    values_b = _slider_values(right.base, right.levers)
    differences = []
    for key, (lever, value_a) in values_a.items():
        value_b = values_b[key][1]
        if abs(value_a - value_b) > 1e-9 * max(1.0, abs(value_a)):
            differences.append(
                LeverDifference(
                    id=key,
                    name_en=lever.name_en,
                    name_zh=lever.name_zh,
                    unit=lever.unit,
                    a=value_a,
                    b=value_b,
                )
            )
    return CompareView(
        a=left,
        b=right,
        slider_year=explorer.SLIDER_YEAR,
        targets=_target_pairs(left.run.targets, right.run.targets),
        differences=differences,
    )


def _target_pairs(a: list[explorer.TargetView], b: list[explorer.TargetView]) -> list[TargetPair]:
    by_a = {(t.name, t.year): t for t in a}
    by_b = {(t.name, t.year): t for t in b}
    keys = list(by_a) + [k for k in by_b if k not in by_a]
    pairs = []
    for key in keys:
        shown = by_a.get(key) or by_b[key]
        pairs.append(
            TargetPair(
                name=shown.name,
                year=shown.year,
                target=shown.target,
                unit=shown.unit,
                a=by_a.get(key),
                b=by_b.get(key),
            )
        )
    return pairs
