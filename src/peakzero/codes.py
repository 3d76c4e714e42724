"""Codelists: fuels, sectors (energy balance and GPC), gases and regions, with zh/en labels.

The lists live as YAML in ``peakzero/data/codelists``; this module loads them once and resolves the
spellings users and source files use (codes, English or Chinese names, CEADs labels) to canonical
ids.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import yaml

from peakzero.errors import ReferenceDataError
from peakzero.io.packaged import data_file

__all__ = [
    "CITY",
    "Code",
    "Codelist",
    "energy_balance_sectors",
    "fuels",
    "gases",
    "gpc_for",
    "gpc_sectors",
    "region_scopes",
    "regions",
    "resolve_sector",
]

_NOT_ALNUM = re.compile(r"[\W_]+", re.UNICODE)


def normalise(text: str) -> str:
    """Spelling-insensitive key: case-folded, without spaces, underscores or punctuation."""
    return _NOT_ALNUM.sub("", text.casefold())


@dataclass(frozen=True)
class Code:
    """One entry of a codelist."""

    id: str
    name_en: str
    name_zh: str
    attrs: Mapping[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        """An extra attribute of the entry (e.g. ``gpc`` or ``kind``)."""
        return self.attrs.get(key, default)

    def label(self, lang: str = "en") -> str:
        """The name in ``lang`` (``en`` or ``zh``)."""
        return self.name_zh if lang.startswith("zh") else self.name_en


class Codelist(Mapping[str, Code]):
    """An ordered, read-only mapping of ids to codes that also resolves other spellings."""

    def __init__(self, name: str, codes: list[Code]) -> None:
        self.name = name
        self._codes = {c.id: c for c in codes}
        self._keys: dict[str, str] = {}
        for code in codes:
            spellings = [code.id, code.name_en, code.name_zh, *code.get("aliases", [])]
            for extra in ("ceads", "number", "gb2260"):
                if code.get(extra) is not None:
                    spellings.append(str(code.get(extra)))
            for spelling in spellings:
                self._keys.setdefault(normalise(str(spelling)), code.id)

    def __getitem__(self, key: str) -> Code:
        return self._codes[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._codes)

    def __len__(self) -> int:
        return len(self._codes)

    def resolve(self, text: object) -> str | None:
        """The canonical id for ``text`` (id, name, alias or source label), or ``None``."""
        if text is None:
            return None
        raw = str(text).strip()
        if raw in self._codes:
            return raw
        return self._keys.get(normalise(raw))

    def describe(self, limit: int = 12) -> str:
        """A short list of valid ids for error messages."""
        ids = list(self._codes)
        shown = ", ".join(ids[:limit])
        return shown + (f", … ({len(ids)} in all)" if len(ids) > limit else "")


def _load(name: str) -> Any:
    path = data_file("codelists", f"{name}.yaml")
    try:
        # libyaml's loader when built (same data as safe_load, ~8x faster: the region list is
        # read when the platform starts, issue 12's first response)
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except (OSError, yaml.YAMLError) as exc:
        msg = f"codelist {name}.yaml cannot be read: {exc}"
        raise ReferenceDataError(msg) from exc


def _codelist(name: str) -> Codelist:
    raw = _load(name)
    codes = []
    for key, entry in raw.items():
        attrs = {k: v for k, v in entry.items() if k not in ("name_en", "name_zh")}
        if not entry.get("name_en") or not entry.get("name_zh"):
            msg = f"codelist {name}.yaml: {key} lacks name_en or name_zh"
            raise ReferenceDataError(msg)
        codes.append(Code(str(key), str(entry["name_en"]), str(entry["name_zh"]), attrs))
    return Codelist(name, codes)


@cache
def fuels() -> Codelist:
    """Fuels and carriers (the 17 CEADs fuels, electricity, heat, cement process, other)."""
    return _codelist("fuels")


@cache
def gases() -> Codelist:
    """Greenhouse gases."""
    return _codelist("gases")


@cache
def energy_balance_sectors() -> Codelist:
    """The 47 sectors of China's energy balance as used by CEADs (ids ``EB01`` … ``EB47``)."""
    return _codelist("energy_balance_sectors")


@cache
def gpc_sectors() -> Codelist:
    """GPC sub-sectors (``I.1`` … ``VI.1``)."""
    return _codelist("gpc_sectors")


@cache
def regions() -> Codelist:
    """China, its 31 provincial divisions (ISO 3166-2) and Beijing's 16 districts."""
    return _codelist("regions")


CITY = "CN-BJ"
"""The city as a whole: the region of every record no source assigns to a district."""


@cache
def region_scopes() -> tuple[str, ...]:
    """The regions the platform scopes data by: the city (:data:`CITY`) and its districts, in
    codelist order (the city first)."""
    return (CITY, *(id for id, code in regions().items() if code.get("parent") == CITY))


def resolve_sector(text: object) -> str | None:
    """Canonical sector id: a GPC code (``II.4``) or an energy-balance id (``EB39``).

    Energy-balance sectors are also found by number (``39``), by ``EB 39`` or by name.
    """
    if text is None:
        return None
    raw = str(text).strip()
    gpc = gpc_sectors()
    if raw.upper() in gpc:
        return raw.upper()
    match = re.fullmatch(r"(?i)(?:eb)?\s*0*(\d{1,2})(?:\.0)?", raw)
    if match:
        candidate = f"EB{int(match.group(1)):02d}"
        return candidate if candidate in energy_balance_sectors() else None
    return energy_balance_sectors().resolve(raw) or gpc.resolve(raw)


@cache
def _gpc_rules() -> tuple[tuple[str, frozenset[str] | None, str], ...]:
    rules = []
    for rule in _load("gpc_rules"):
        sectors = rule["sectors"]
        scope = None if sectors == "*" else frozenset(sectors)
        rules.append((str(rule["fuel"]), scope, str(rule["gpc"])))
    return tuple(rules)


def gpc_for(sector: str, fuel: str) -> str:
    """The GPC sub-sector of a (sector, fuel) row; GPC sectors map to themselves.

    Energy-balance rows go through ``gpc_rules.yaml`` first (transport is rebuilt from fuels),
    then fall back to the sector's own ``gpc``.
    """
    if sector in gpc_sectors():
        return sector
    for rule_fuel, scope, target in _gpc_rules():
        if rule_fuel == fuel and (scope is None or sector in scope):
            return target
    return str(energy_balance_sectors()[sector].get("gpc"))
