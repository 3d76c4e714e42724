"""One shape of check results, and strict mode in the library."""

from __future__ import annotations

import pytest

from peakzero.checks import CheckFailedError, Finding, at_least, enforce

FINDINGS = [
    Finding("gap", "info", "a small cell drops to zero", "CN-BJ", 2017),
    Finding("sum", "warning", "districts add up to 97 %", "CN-BJ", 2019, {"share": 0.97}),
]


def test_as_dict_keeps_the_fields_then_the_detail() -> None:
    assert FINDINGS[1].as_dict() == {
        "check": "sum",
        "severity": "warning",
        "region": "CN-BJ",
        "year": 2019,
        "message": "districts add up to 97 %",
        "share": 0.97,
    }


def test_at_least_orders_the_severities() -> None:
    assert at_least(FINDINGS, "info") == FINDINGS
    assert at_least(FINDINGS, "warning") == FINDINGS[1:]
    assert at_least(FINDINGS, "error") == []


def test_strict_mode_raises_on_what_is_grave_enough() -> None:
    enforce(FINDINGS[:1])  # info only: passes
    enforce(FINDINGS, "error")
    with pytest.raises(CheckFailedError, match=r"1 finding.*\n- warning: CN-BJ 2019: districts"):
        enforce(FINDINGS)
    try:
        enforce(FINDINGS, "info")
    except CheckFailedError as exc:
        assert exc.findings == tuple(FINDINGS)


def test_accounting_qa_returns_the_shared_finding() -> None:
    from peakzero.accounting import qa

    assert qa.Finding is Finding
