"""Scenarios as data: YAML files that inherit from a parent and override the catalogue.

A scenario file (``data/pathways/scenarios/<name>.yaml``, or a user's own file) has the keys
``name``, ``parent``, ``name_en``, ``name_zh``, ``description``
and the overrides ``levers: {id: path}``, ``drivers: {id: path}``, ``parameters: {id: number}``
and ``targets: [...]``. :func:`load_scenario` follows the parents to the root and resolves every
lever, driver and parameter of the catalogue: the nearest scenario that sets it wins, else the
catalogue's default. A user file's ``parent`` names a packaged scenario or a file next to it.

The scenario's name (the ``scenario`` column of every output) is the file's ``name``, or the file
name without ``.yaml`` when it has none. A user's file may name itself anything (a copy of
``plan.yaml`` saved as ``plan-faster.yaml`` may keep ``name: plan``, its hash tells the two
apart); a packaged file's ``name`` is its file name, as ``--scenario NAME`` finds it by that.

Every defect of every file in the chain is collected and raised as one
:class:`~peakzero.errors.InputError` before anything is returned; each problem names the file,
the line, the key path (e.g. ``levers.nev_share.values.2030``), the value and what is allowed.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from peakzero import __version__
from peakzero.errors import InputError, Problem, ReferenceDataError, raise_if_any
from peakzero.io.packaged import data_file, data_name, data_text
from peakzero.io.yaml_lines import read_yaml
from peakzero.pathways import catalogue, observed
from peakzero.pathways.paths import PathSpec, check_range, parse_path
from peakzero.pathways.scenario_sections import (
    COMPARISONS,
    Target,
    parameter_overrides,
    path_overrides,
)
from peakzero.pathways.scenario_sections import targets as target_overrides

__all__ = [
    "COMPARISONS",
    "TOP_LEVEL_KEYS",
    "ResolvedScenario",
    "ScenarioInfo",
    "Target",
    "list_scenarios",
    "load_scenario",
    "load_scenario_text",
    "packaged_scenario",
    "with_levers",
]

TOP_LEVEL_KEYS = (
    "name",
    "parent",
    "name_en",
    "name_zh",
    "description",
    "levers",
    "drivers",
    "parameters",
    "targets",
)
_DATA = data_name("pathways")


@dataclass(frozen=True)
class ScenarioInfo:
    """A scenario file's header: its name, parent and descriptions."""

    name: str
    parent: str | None
    name_en: str
    name_zh: str
    description: str
    file: str


@dataclass(frozen=True)
class ResolvedScenario:
    """A scenario with its whole chain of parents applied over the catalogue.

    ``levers`` and ``drivers`` hold every catalogue item (the chain's override or the catalogue
    default), ``parameters`` every catalogue parameter. ``inputs`` is the JSON-ready record of all
    of it (paths as :meth:`PathSpec.to_json`) and ``hash`` the SHA-256 of its canonical JSON and
    the peakzero version: equal hashes mean equal model inputs.

    ``history`` says how the scenario treats the observed years (:mod:`.observed`):
    ``reference`` (the calibrated ``current-policy``), ``policy`` (the reference up to 2025, its
    own paths after) or ``counterfactual`` (leaves history from 2019, e.g. the frozen-technology
    baseline); ``history_note`` is the sentence to show with it.
    """

    name: str
    name_en: str
    name_zh: str
    description: str
    chain: tuple[str, ...]  # root first, this scenario last
    levers: dict[str, PathSpec]
    drivers: dict[str, PathSpec]
    parameters: dict[str, float]
    targets: tuple[Target, ...]
    inputs: dict[str, Any]
    hash: str
    history: str = observed.COUNTERFACTUAL
    history_note: str = ""


@dataclass(frozen=True)
class _Layer:
    """One scenario file, parsed and checked on its own (before its parents are known)."""

    info: ScenarioInfo
    ident: str  # the file's identity, for finding cycles of parents
    directory: Path | None  # where a user file's sibling parents are; None for packaged files
    parent_line: int | None
    levers: dict[str, PathSpec]
    drivers: dict[str, PathSpec]
    parameters: dict[str, float]
    targets: tuple[Target, ...]
    problems: tuple[Problem, ...]


def list_scenarios() -> list[ScenarioInfo]:
    """The packaged scenarios, each after its parent (baseline first).

    Returns
    -------
    list of ScenarioInfo
        Depth first from the roots, children in name order.
    """
    infos = {name: _packaged_layer(name).info for name in _packaged_names()}
    children: dict[str | None, list[str]] = {}
    for name, info in infos.items():
        parent = info.parent if info.parent in infos else None
        children.setdefault(parent, []).append(name)
    ordered: list[ScenarioInfo] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        name = stack.pop()
        ordered.append(infos[name])
        stack.extend(reversed(children.get(name, [])))
    # Files in a cycle of parents are unreachable from a root; list them anyway, last.
    return ordered + [info for info in infos.values() if info not in ordered]


def load_scenario(ref: str | os.PathLike[str]) -> ResolvedScenario:
    """Load a scenario by packaged name or YAML file, with its parents and the catalogue.

    Parameters
    ----------
    ref : str or os.PathLike
        A packaged scenario name (see :func:`list_scenarios`) or the path of a YAML file.

    Returns
    -------
    ResolvedScenario

    Raises
    ------
    InputError
        With one problem per defect in any file of the chain: YAML syntax, unknown keys, unknown
        lever/driver/parameter ids, path errors, values outside the catalogue's range, bad
        targets, a ``name`` that is not text (or, in a packaged file, not the file name), an
        unknown parent or a cycle of parents.
    """
    chain, problems = _chain(_first_layer(ref))
    problems += [problem for layer in chain for problem in layer.problems]
    raise_if_any(problems)
    return _resolve(chain[::-1])


def load_scenario_text(text: str, file: str) -> ResolvedScenario:
    """Load a user scenario given as YAML ``text`` (reported as ``file``) whose parents are
    packaged scenarios — what :func:`load_scenario` does with a file, without writing one (the
    Pathway explorer's recompute, issue 12: the temporary-file round trip was ~40 % of it)."""
    stem = Path(file).stem
    chain, problems = _chain(_parse_layer(text, file, stem, f"text:{file}", None))
    problems += [problem for layer in chain for problem in layer.problems]
    raise_if_any(problems)
    return _resolve(chain[::-1])


@dataclass(frozen=True)
class _Base:
    """What :func:`_resolve` would compute for a child of a packaged scenario that sets only
    levers, apart from those levers (kept per process for :func:`with_levers`)."""

    resolved: ResolvedScenario  # the packaged scenario itself
    history: str  # the child's: policy if the reference is in the chain, else counterfactual
    reference: dict[str, PathSpec] | None  # the reference's levers; None: no join
    levers: dict[str, PathSpec]  # the chain's levers over the catalogue, after any join
    drivers: dict[str, PathSpec]  # the drivers after the join
    rewritten: frozenset[str]  # the levers the join rewrites
    rewritten_drivers: tuple[str, ...]
    changed: tuple[str, ...]  # parameters that differ from the reference's
    levers_json: dict[str, Any]  # PathSpec.to_json of ``levers``
    drivers_json: dict[str, Any]
    targets_json: tuple[dict[str, Any], ...]
    lever_members: dict[str, str]  # each lever's "key":value in the canonical JSON
    document: tuple[str, str, str]  # the canonical JSON around the chain and levers' members


@cache  # packaged scenarios only: immutable data (issue 12, the explorer's recompute)
def _base(name: str) -> _Base:
    chain, problems = _chain(_packaged_layer(name))
    problems += [problem for layer in chain for problem in layer.problems]
    raise_if_any(problems)
    layers = chain[::-1]
    idents = [layer.ident for layer in layers]
    applied, drivers, parameters = _apply(layers)
    # As _resolve does for a child on top of ``layers`` (its ident is never the reference's).
    history, reference, levers = observed.COUNTERFACTUAL, None, applied
    rewritten: list[str] = []
    rewritten_drivers: list[str] = []
    changed: list[str] = []
    if _REFERENCE_IDENT in idents:
        history = observed.POLICY
        joined = _joined(layers, idents, applied, drivers, parameters)
        reference, levers, drivers, rewritten, rewritten_drivers, changed = joined
    resolved = _resolve(layers)
    levers_json = {key: spec.to_json() for key, spec in levers.items()}
    drivers_json = {key: spec.to_json() for key, spec in drivers.items()}
    targets_json = tuple(asdict(target) for target in resolved.targets)
    inputs = {
        "chain": [],
        "history": history,
        "levers": {},
        "drivers": drivers_json,
        "parameters": resolved.parameters,
        "targets": list(targets_json),
    }
    return _Base(
        resolved=resolved,
        history=history,
        reference=reference,
        levers=levers,
        drivers=drivers,
        rewritten=frozenset(rewritten),
        rewritten_drivers=tuple(rewritten_drivers),
        changed=tuple(changed),
        levers_json=levers_json,
        drivers_json=drivers_json,
        targets_json=targets_json,
        lever_members={key: _member(key, value) for key, value in levers_json.items()},
        document=_document_parts(inputs),
    )


def packaged_scenario(name: str) -> ResolvedScenario:
    """The packaged scenario ``name``, resolved once per process (``load_scenario(name)`` reads
    it again each time). Callers only read it; they must not change its dictionaries."""
    if name not in _packaged_names():
        return load_scenario(name)  # the InputError naming the packaged scenarios
    return _base(name).resolved


def with_levers(parent: str, info: ScenarioInfo, levers: dict[str, PathSpec]) -> ResolvedScenario:
    """What :func:`load_scenario_text` resolves for a user file (``info``) whose parent is the
    packaged scenario ``parent`` and which sets only ``levers`` (parsed and checked as
    :func:`~.scenario_sections.path_overrides` returns them), without resolving the chain
    again: the parent's part is kept per process and only the given levers are joined to the
    reference (the Pathway explorer's recompute, issue 12). A test checks it field by field
    against :func:`load_scenario_text`."""
    base = _base(parent)
    joined = dict(base.levers)  # a dict keeps each key's place, as _apply's update does
    moved: set[str] = set()
    items = catalogue.levers()
    for key, spec in levers.items():
        if base.reference is None:
            joined[key] = spec
            continue
        item = items[key]
        joined[key] = observed.joined(base.reference[key], spec, item.min, item.max)
        if joined[key] is not spec:
            moved.add(key)
    rewritten: list[str] = []
    if base.reference is not None:  # in join_paths' order: the levers', then the drivers'
        rewritten = [
            key for key in joined if (key in moved if key in levers else key in base.rewritten)
        ]
        rewritten += base.rewritten_drivers
    top = base.resolved
    chain = (*top.chain, info.name)
    levers_json = dict(base.levers_json)
    levers_json.update((key, joined[key].to_json()) for key in levers)
    inputs: dict[str, Any] = {
        "chain": list(chain),
        "history": base.history,
        "levers": levers_json,
        "drivers": dict(base.drivers_json),
        "parameters": dict(top.parameters),
        "targets": [dict(target) for target in base.targets_json],
    }
    return ResolvedScenario(
        name=info.name,
        name_en=info.name_en,
        name_zh=info.name_zh,
        description=info.description,
        chain=chain,
        levers=joined,
        drivers=dict(base.drivers),
        parameters=dict(top.parameters),
        targets=top.targets,
        inputs=inputs,
        hash=_digest_with_levers(base, inputs["chain"], levers_json),
        history=base.history,
        history_note=observed.history_note(base.history, rewritten, list(base.changed)),
    )


# --- finding the files ---------------------------------------------------------------------------


@cache  # packaged files only: a user's file is read again on every load
def _packaged_names() -> tuple[str, ...]:
    folder = data_file("pathways", "scenarios")
    return tuple(
        sorted(e.name[: -len(".yaml")] for e in folder.iterdir() if e.name.endswith(".yaml"))
    )


@cache  # packaged files only (the installed package does not change under a running process)
def _packaged_layer(name: str) -> _Layer:
    parts = ("pathways", "scenarios", f"{name}.yaml")
    file = data_name(*parts)
    text = data_text(*parts)  # ReferenceDataError naming the file if it cannot be read
    return _parse_layer(text, file, name, f"package:{name}", None)


def _user_layer(path: Path) -> _Layer:
    file = str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        return _broken_layer(file, path, f"cannot be read: {exc.strerror or exc}")
    except UnicodeDecodeError:
        return _broken_layer(file, path, "not UTF-8 text; save the scenario as UTF-8 YAML")
    return _parse_layer(text, file, path.stem, str(path.resolve()), path.parent)


def _broken_layer(file: str, path: Path, message: str) -> _Layer:
    info = ScenarioInfo(path.stem, None, path.stem, path.stem, "", file)
    ident = str(path.resolve())
    return _Layer(info, ident, path.parent, None, {}, {}, {}, (), (Problem(file, message),))


def _looks_like_file(ref: str) -> bool:
    return ref.lower().endswith((".yaml", ".yml")) or "/" in ref or os.sep in ref


def _first_layer(ref: str | os.PathLike[str]) -> _Layer:
    names = _packaged_names()
    text = os.fspath(ref)
    if isinstance(ref, os.PathLike) or _looks_like_file(text) or text not in names:
        path = Path(text)
        if path.is_file():
            return _user_layer(path)
        if isinstance(ref, os.PathLike) or _looks_like_file(text):
            msg = f"scenario file not found; give a YAML file or one of {', '.join(names)}"
            raise InputError(Problem(text, msg))
        msg = f"unknown scenario; use one of {', '.join(names)} or the path of a YAML file"
        raise InputError(Problem("scenario", msg, value=text))
    return _packaged_layer(text)


def _parent_layer(child: _Layer, parent: str) -> tuple[_Layer | None, Problem | None]:
    """The layer ``parent`` names: a file path or sibling (user files only), or a packaged name."""
    folder = child.directory
    names = _packaged_names()
    if folder is not None and _looks_like_file(parent):
        path = folder / parent
        if path.is_file():
            return _user_layer(path), None
        msg = f"parent file {path} not found"
        return None, _parent_problem(child, msg)
    if parent in names:
        return _packaged_layer(parent), None
    if folder is not None:
        for suffix in (".yaml", ".yml"):
            path = folder / f"{parent}{suffix}"
            if path.is_file():
                return _user_layer(path), None
    msg = f"unknown parent scenario; use one of {', '.join(names)}"
    if folder is not None:
        msg += f" or the name of a YAML file in {folder}"
    return None, _parent_problem(child, msg)


def _parent_problem(child: _Layer, message: str) -> Problem:
    return Problem(
        child.info.file, message, line=child.parent_line, column="parent", value=child.info.parent
    )


def _chain(first: _Layer) -> tuple[list[_Layer], list[Problem]]:
    """The layers from ``first`` to the root (child first), and any parent problem."""
    chain = [first]
    while chain[-1].info.parent is not None:
        child, parent_name = chain[-1], chain[-1].info.parent
        parent, problem = _parent_layer(child, parent_name)
        if parent is None:
            return chain, [problem] if problem is not None else []
        idents = [layer.ident for layer in chain]
        if parent.ident in idents:
            loop = [layer.info.name for layer in chain[idents.index(parent.ident) :]]
            msg = f"the parents form a cycle: {' → '.join([*loop, parent.info.name])}"
            return chain, [_parent_problem(child, msg)]
        chain.append(parent)
    return chain, []


# --- one file ------------------------------------------------------------------------------------


def _parse_layer(text: str, file: str, stem: str, ident: str, folder: Path | None) -> _Layer:
    data, lines, problems = read_yaml(text, file)
    raw: dict[Any, Any] = {}
    if isinstance(data, dict):
        raw = data
    elif data is not None:
        msg = f"a scenario file is a mapping with the keys {', '.join(TOP_LEVEL_KEYS)}"
        problems.append(Problem(file, msg, line=1))
    problems += [
        Problem(file, f"unknown key; use {', '.join(TOP_LEVEL_KEYS)}", column=str(key))
        for key in raw
        if key not in TOP_LEVEL_KEYS
    ]
    name = raw.get("name", stem)
    if not isinstance(name, str) or not name.strip() or "\n" in name:
        msg = f"name must be one line of text (without it the file name is used: {stem!r})"
        problems.append(Problem(file, msg, column="name", value=name))
        name = stem
    elif folder is None and name != stem:  # a packaged file: --scenario finds it by file name
        msg = f"name must be the file name without .yaml ({stem!r})"
        problems.append(Problem(file, msg, column="name", value=name))
    parent = raw.get("parent")
    if parent is not None and (not isinstance(parent, str) or not parent.strip()):
        msg = "parent must name a scenario (a packaged name or a YAML file)"
        problems.append(Problem(file, msg, column="parent", value=parent))
        parent = None
    levers, found_levers = path_overrides(raw.get("levers"), "levers", catalogue.levers(), file)
    drivers, found_drivers = path_overrides(
        raw.get("drivers"), "drivers", catalogue.drivers(), file
    )
    parameters, found_parameters = parameter_overrides(raw.get("parameters"), file)
    targets, found_targets = target_overrides(raw.get("targets"), file)
    problems += found_levers + found_drivers + found_parameters + found_targets
    info = ScenarioInfo(
        name=name.strip(),
        parent=parent,
        name_en=str(raw.get("name_en") or name.strip()),
        name_zh=str(raw.get("name_zh") or name.strip()),
        description=str(raw.get("description") or ""),
        file=file,
    )
    return _Layer(
        info,
        ident,
        folder,
        lines.get("parent"),
        levers,
        drivers,
        parameters,
        targets,
        tuple(_with_line(problem, lines) for problem in problems),
    )


def _with_line(problem: Problem, lines: dict[str, int]) -> Problem:
    """The problem with the line of its key path (or of the nearest enclosing key)."""
    if problem.line is not None or problem.column is None:
        return problem
    parts = problem.column.split(".")
    while parts:
        line = lines.get(".".join(parts))
        if line is not None:
            return replace(problem, line=line)
        parts.pop()
    return problem


@cache
def _defaults(section: str) -> dict[str, PathSpec]:
    """The catalogue's ``default`` path of every lever or driver (``section``: levers/drivers)."""
    items = catalogue.levers() if section == "levers" else catalogue.drivers()
    file = f"{_DATA}/{section}.yaml"
    specs: dict[str, PathSpec] = {}
    problems: list[Problem] = []
    for key, item in items.items():
        where = f"{key}.default"
        try:
            spec = parse_path(item.default, file, where)
        except InputError as exc:
            problems += exc.problems
            continue
        problems += check_range(spec, item.min, item.max, file, where, item.unit)
        specs[key] = spec
    if problems:
        msg = "\n".join(str(problem) for problem in problems)
        raise ReferenceDataError(msg)
    return specs


def _apply(
    layers: list[_Layer],
) -> tuple[dict[str, PathSpec], dict[str, PathSpec], dict[str, float]]:
    """Levers, drivers and parameters of ``layers`` (root first) over the catalogue."""
    levers = dict(_defaults("levers"))
    drivers = dict(_defaults("drivers"))
    parameters = {key: p.value for key, p in catalogue.parameters().items()}
    for layer in layers:
        levers.update(layer.levers)
        drivers.update(layer.drivers)
        parameters.update(layer.parameters)
    return levers, drivers, parameters


_REFERENCE_IDENT = f"package:{catalogue.REFERENCE}"


def _joined(
    layers: list[_Layer],
    idents: list[str],
    levers: dict[str, PathSpec],
    drivers: dict[str, PathSpec],
    parameters: Mapping[str, Any],
) -> tuple[
    dict[str, PathSpec], dict[str, PathSpec], dict[str, PathSpec], list[str], list[str], list[str]
]:
    """A chain below the packaged reference joined to it (:mod:`.observed`): the reference's
    levers, the joined levers and drivers, the levers and drivers the join rewrites, and the
    parameters that differ from the reference's."""
    ref_levers, ref_drivers, ref_parameters = _apply(layers[: idents.index(_REFERENCE_IDENT) + 1])
    joined_levers, rewritten = observed.join_paths(ref_levers, levers, catalogue.levers())
    joined_drivers, rewritten_drivers = observed.join_paths(
        ref_drivers, drivers, catalogue.drivers()
    )
    changed = [key for key, value in parameters.items() if value != ref_parameters[key]]
    return ref_levers, joined_levers, joined_drivers, rewritten, rewritten_drivers, changed


def _resolve(layers: list[_Layer]) -> ResolvedScenario:
    """Apply ``layers`` (root first) over the catalogue; a scenario below the packaged reference
    takes the reference's paths up to the last observed year (:mod:`.observed`)."""
    levers, drivers, parameters = _apply(layers)
    targets: dict[str, Target] = {}
    for layer in layers:
        # A child's target replaces its parent's of the same name, in the parent's place.
        targets.update((target.name, target) for target in layer.targets)
    idents = [layer.ident for layer in layers]
    history = observed.COUNTERFACTUAL
    rewritten: list[str] = []
    changed: list[str] = []
    if idents[-1] == _REFERENCE_IDENT:
        history = observed.REFERENCE_KIND
    elif _REFERENCE_IDENT in idents:
        history = observed.POLICY
        _, levers, drivers, rewritten, rewritten_drivers, changed = _joined(
            layers, idents, levers, drivers, parameters
        )
        rewritten += rewritten_drivers
    chain = tuple(layer.info.name for layer in layers)
    inputs: dict[str, Any] = {
        "chain": list(chain),
        "history": history,
        "levers": {key: spec.to_json() for key, spec in levers.items()},
        "drivers": {key: spec.to_json() for key, spec in drivers.items()},
        "parameters": dict(parameters),
        "targets": [asdict(target) for target in targets.values()],
    }
    top = layers[-1].info
    return ResolvedScenario(
        name=top.name,
        name_en=top.name_en,
        name_zh=top.name_zh,
        description=top.description,
        chain=chain,
        levers=levers,
        drivers=drivers,
        parameters=parameters,
        targets=tuple(targets.values()),
        inputs=inputs,
        hash=_digest(inputs),
        history=history,
        history_note=observed.history_note(history, rewritten, changed),
    )


def _canonical(value: object) -> str:
    """The canonical JSON of ``value``: sorted keys, no spaces, UTF-8 text, no NaN."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def _digest(inputs: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON (sorted keys, no spaces) of the inputs and the version."""
    return _sha256(_canonical({"inputs": inputs, "peakzero": __version__}))


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _digest_with_levers(base: _Base, chain: list[str], levers: dict[str, Any]) -> str:
    """:func:`_digest` of a child of ``base`` (``with_levers``) whose ``levers`` JSON differ
    from ``base.levers_json`` in a few keys: the same text, built from the parts of it that do
    not change (the levers' JSON above all, most of it) instead of encoding them again."""
    members = base.lever_members
    text = "".join(
        (
            base.document[0],
            _canonical(chain),
            base.document[1],
            ",".join(
                members[key] if levers[key] is base.levers_json[key] else _member(key, levers[key])
                for key in sorted(levers)
            ),
            base.document[2],
        )
    )
    return _sha256(text)


def _member(key: str, value: object) -> str:
    """One ``"key":value`` of a canonical JSON object."""
    return f"{_canonical(key)}:{_canonical(value)}"


def _document_parts(inputs: dict[str, Any]) -> tuple[str, str, str]:
    """The canonical document of ``inputs`` around its chain's and its levers' JSON (the
    ``chain`` key sorts first in ``inputs``, so its list follows the document's opening)."""
    empty = {**inputs, "chain": [], "levers": {}}
    text = _canonical({"inputs": empty, "peakzero": __version__})
    head, levers = '{"inputs":{"chain":[]', '"levers":{}'
    if not text.startswith(head) or text.count(levers) != 1:  # by construction, never
        msg = "the canonical scenario document changed its shape"
        raise ReferenceDataError(msg)
    before, after = text[len(head) :].split(levers)
    return head[:-2], f"{before}{levers[:-1]}", f"{levers[-1]}{after}"
