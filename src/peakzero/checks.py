"""One shape for the results of checks: a :class:`Finding` with a severity, and strict mode.

Every engine's checks (accounting QA, and the checks that monitoring, equipment and MRV will add)
return findings of this one shape, so a report, the CLI and the API list them alike. A check never
raises by itself: it reports. Strict mode is the caller's choice and lives in the library
(:func:`enforce`), not only behind the CLI's ``--strict``, so a script or a server can refuse a
result on the same rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from peakzero.errors import PeakzeroError

__all__ = ["SEVERITIES", "CheckFailedError", "Finding", "Severity", "at_least", "enforce"]

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
"""From the gravest: ``error`` (the result is wrong), ``warning`` (look at it before using the
result), ``info`` (worth knowing, no action needed)."""


@dataclass(frozen=True)
class Finding:
    """One finding of a check: which check, how grave, what was found and where."""

    check: str
    severity: Severity
    message: str
    region: str | None = None
    year: int | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return {
            "check": self.check,
            "severity": self.severity,
            "region": self.region,
            "year": self.year,
            "message": self.message,
            **self.detail,
        }


class CheckFailedError(PeakzeroError):
    """Strict mode refused a result: ``findings`` are those at or above the strict level."""

    def __init__(self, findings: Iterable[Finding], level: Severity) -> None:
        self.findings = tuple(findings)
        self.level = level
        lines = [f"- {f.severity}: {_where(f)}{f.message}" for f in self.findings]
        count = len(self.findings)
        super().__init__(
            f"{count} finding(s) at or above '{level}' in strict mode:\n" + "\n".join(lines)
        )


def _where(finding: Finding) -> str:
    place = " ".join(str(p) for p in (finding.region, finding.year) if p is not None)
    return f"{place}: " if place else ""


def at_least(findings: Iterable[Finding], level: Severity = "warning") -> list[Finding]:
    """The findings as grave as ``level`` or graver."""
    rank = SEVERITIES.index(level)
    return [f for f in findings if SEVERITIES.index(f.severity) <= rank]


def enforce(findings: Iterable[Finding], level: Severity = "warning") -> None:
    """Strict mode: raise :class:`CheckFailedError` if any finding is as grave as ``level``."""
    if graver := at_least(findings, level):
        raise CheckFailedError(graver, level)
