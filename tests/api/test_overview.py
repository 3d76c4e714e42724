"""The Overview: the page and ``/api/v1/overview`` show the one view, in both languages."""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx
from fastapi import FastAPI

from peakzero.api.deps import LANG_COOKIE
from peakzero.api.overview import Overview

Call = Callable[..., httpx.Response]


def test_the_json_twin_holds_history_peak_mix_targets_probabilities_and_programme(
    app: FastAPI, call: Call
) -> None:
    response = call(app, "GET", "/api/v1/overview")
    assert response.status_code == 200
    view = Overview.model_validate(response.json())
    years = [p.year for p in view.history]
    assert years == sorted(years) and view.peak.year in years
    assert view.peak.value == max(p.value for p in view.history)
    assert view.peak.latest_year == years[-1] == view.mix_year
    assert abs(sum(e.co2 for e in view.mix) - view.history[-1].value) < 1e-6
    assert {t.year for t in view.targets} <= {2025, 2030}
    assert {t.status for t in view.targets} <= {"met", "not_met", "not_comparable"}
    scenarios = [p.scenario for p in view.probabilities]
    assert {"baseline", "current-policy", "plan", "neutrality"} <= set(scenarios)
    assert all(p.boundary == "assessment" and p.runs == 20 for p in view.probabilities)
    by_name = {p.scenario: p.probability_peak_by_2030 for p in view.probabilities}
    assert by_name["baseline"] <= by_name["plan"]  # the plan is likelier to peak than no policy
    assert sum(view.programme.status_counts.values()) == view.programme.tasks > 0


def test_the_overview_is_computed_once_then_answered_at_once(app: FastAPI, call: Call) -> None:
    call(app, "GET", "/api/v1/overview")
    start = time.perf_counter()
    for _ in range(5):
        assert call(app, "GET", "/api/v1/overview").status_code == 200
    assert (time.perf_counter() - start) / 5 < 0.5


def test_the_page_is_chinese_by_default_and_shows_the_same_view(app: FastAPI, call: Call) -> None:
    view = Overview.model_validate(call(app, "GET", "/api/v1/overview").json())
    page = call(app, "GET", "/")
    assert page.status_code == 200
    assert '<html lang="zh-CN">' in page.text
    assert "总览" in page.text and "各情景2030年前达峰概率" in page.text
    assert f"峰值：{view.peak.year}年" in page.text
    assert 'data-url="/api/v1/overview"' in page.text
    assert "<script>" not in page.text and " style=" not in page.text  # the CSP forbids both
    assert f"共 {view.programme.tasks} 项任务" in page.text


def test_lang_switches_to_english_and_is_kept_in_a_cookie(app: FastAPI, call: Call) -> None:
    page = call(app, "GET", "/?lang=en")
    assert '<html lang="en">' in page.text and "P(peak by 2030) per scenario" in page.text
    assert page.cookies.get(LANG_COOKIE) == "en"
    again = call(app, "GET", "/", headers={"cookie": f"{LANG_COOKIE}=en"})
    assert '<html lang="en">' in again.text
    back = call(app, "GET", "/?lang=zh-CN", headers={"cookie": f"{LANG_COOKIE}=en"})
    assert '<html lang="zh-CN">' in back.text and back.cookies.get(LANG_COOKIE) == "zh_CN"
    unknown = call(app, "GET", "/?lang=fr")
    assert '<html lang="zh-CN">' in unknown.text


def test_numbers_are_formatted_for_the_locale(app: FastAPI, call: Call) -> None:
    view = Overview.model_validate(call(app, "GET", "/api/v1/overview").json())
    english = call(app, "GET", "/?lang=en").text
    assert f"Peak: {view.peak.year}, {view.peak.value:,.1f} Mt CO2" in english
