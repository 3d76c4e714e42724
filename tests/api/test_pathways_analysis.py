"""The explorer's wedges and cost curve: the Shapley wedges of the scenario with levers moved add
up to the gap between the reference and the scenario in each year; the MACC keeps the levers that
do not abate apart and unpriced; bad input is 422 naming the field; a viewer reads, a visitor is
401."""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx
import pytest
from fastapi import FastAPI

from peakzero.accounts import add_user, create_token
from peakzero.api import create_app
from peakzero.api.macc_reasons import MESSAGES, UNPRICED
from peakzero.api.pathways import RunRequest, run_view
from peakzero.api.pathways_analysis import MaccView, WedgesView
from peakzero.pathways import catalogue
from peakzero.pathways.costs import UNCOSTED
from peakzero.pathways.macc import REASON_CODES
from peakzero.settings import Settings
from peakzero.web.i18n import LOCALES

Call = Callable[..., httpx.Response]
Settle = Callable[..., Settings]
PASSWORD = "correct horse battery staple"
WEDGES, MACC = "/api/v1/pathways/wedges", "/api/v1/pathways/macc"


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory, settings_for: Settle) -> FastAPI:
    app = create_app(settings_for(tmp_path_factory.mktemp("analysis")))
    with app.state.store.session() as db:
        add_user(db, "viewer", PASSWORD, ["viewer"], who="test")
    return app


@pytest.fixture(scope="module")
def auth(platform: FastAPI) -> dict[str, str]:
    with platform.state.store.session() as db:
        token = create_token(db, "viewer", who="test", label="tests").token
    return {"Authorization": f"Bearer {token}"}


def test_the_wedges_add_up_to_the_gap_between_reference_and_scenario(
    platform: FastAPI, call: Call, auth: dict[str, str]
) -> None:
    body = {"scenario": "plan", "levers": {"ccus_mt": 20}, "year": 2035, "boundary": "assessment"}
    start = time.perf_counter()
    answer = call(platform, "POST", WEDGES, json=body, headers=auth)
    print(f"wedges: {(time.perf_counter() - start) * 1000:.0f} ms")  # measured only
    assert answer.status_code == 200, answer.text
    view = WedgesView.model_validate(answer.json())
    assert view.boundary == "assessment" and view.orders == 40 and not view.cached
    assert "ccus_mt" in {w.group for w in view.wedges}
    print(f"wedges computed in {view.seconds * 1000:.0f} ms")
    column = view.years.index(2035)
    # The gap by hand: the assessment CO2 of the reference minus that of the moved scenario.
    reference = run_view(RunRequest(scenario="baseline"))
    moved = run_view(RunRequest(scenario="plan", levers={"ccus_mt": 20}))
    gap = reference.assessment[column] - moved.assessment[column]
    assert view.gap_in_year == pytest.approx(gap, abs=1e-3)
    for index in range(len(view.years)):
        total = sum(w.abated[index] for w in view.wedges)
        assert total == pytest.approx(view.gap[index], abs=1e-2)
    ranked = [w.in_year for w in view.wedges]
    assert ranked == sorted(ranked, reverse=True)
    assert 0 < view.largest_standard_error < 5
    assert all(w.name_zh and w.name_en and len(w.abated) == len(view.years) for w in view.wedges)
    repeat = call(platform, "POST", WEDGES, json=body, headers=auth)
    again = WedgesView.model_validate(repeat.json())
    assert again.cached and again.key == view.key and again.gap == view.gap


def test_a_scenario_against_itself_has_no_wedge(
    platform: FastAPI, call: Call, auth: dict[str, str]
) -> None:
    body = {"scenario": "plan", "reference": "plan", "boundary": "net"}
    view = WedgesView.model_validate(call(platform, "POST", WEDGES, json=body, headers=auth).json())
    assert view.wedges == [] and set(view.gap) == {0.0} and view.variable == "Emissions|CO2"


def test_the_macc_keeps_levers_that_do_not_abate_apart_and_unpriced(
    platform: FastAPI, call: Call, auth: dict[str, str]
) -> None:
    body = {"scenario": "plan", "levers": {"nev_share": 0.6}, "basis": "paid", "scope": "net"}
    answer = call(platform, "POST", MACC, json=body, headers=auth)
    assert answer.status_code == 200, answer.text
    view = MaccView.model_validate(answer.json())
    assert view.basis == "paid" and view.scope == "net" and view.year == 2030
    assert view.bars and view.basis_notes
    costs = [b.cost_per_t for b in view.bars]
    assert all(c is not None for c in costs) and costs == sorted(costs)  # type: ignore[type-var]
    assert all(b.abated_mt > 0 for b in [*view.bars, *view.unpriced])
    assert all(b.cost_per_t is None and b.reason for b in view.unpriced)
    assert view.not_abating and all(
        b.abated_mt <= 1e-9 and b.cost_per_t is None and "does not abate" in b.reason
        for b in view.not_abating
    )
    assert any("Danish" in b.cost_note for b in view.bars)
    resource = MaccView.model_validate(
        call(platform, "POST", MACC, json={**body, "basis": "resource"}, headers=auth).json()
    )
    assert resource.basis == "resource"
    paid = {b.group: b.cost_per_t for b in view.bars}
    assert {b.group: b.cost_per_t for b in resource.bars} != paid


def test_the_macc_gives_its_reasons_as_codes_in_the_requests_language(
    platform: FastAPI, call: Call, auth: dict[str, str]
) -> None:
    body = {"scenario": "plan", "levers": {"nev_share": 0.6}}
    views = {}
    for locale in LOCALES:
        answer = call(platform, "POST", f"{MACC}?lang={locale}", json=body, headers=auth)
        assert answer.status_code == 200, answer.text
        views[locale] = MaccView.model_validate(answer.json())
    zh, en = views["zh_CN"], views["en"]
    assert [b.reason for b in zh.not_abating] == [b.reason for b in en.not_abating]  # English
    for bar in zh.not_abating:
        assert bar.reasons[0].code == "not_abating_in_year" and bar.reason_text.startswith("2030年")
        assert "does not abate" not in bar.reason_text
    unpriced = [b for b in zh.unpriced if b.reasons[0].code == "investment_not_priced"]
    assert unpriced and all(b.reasons[0].items for b in unpriced)
    for bar in unpriced:
        assert bar.reason_text.startswith("投资未定价") and "investment" not in bar.reason_text
        assert all(item in catalogue.levers() for item in bar.reasons[0].items)  # lever ids
    for bar in [*en.unpriced, *en.not_abating]:
        # The English texts are the engine's sentence (but a tiny negative abatement, which the
        # engine prints "-0.000", is "0.000" on the page).
        assert bar.reason_text == bar.reason.replace("(-0.000 Mt", "(0.000 Mt")
    assert all(b.reasons == [] and b.reason_text == "" for b in en.bars)


def test_every_reason_code_has_its_message_and_every_unpriced_investment_its_name() -> None:
    assert set(MESSAGES) == set(REASON_CODES)
    for code, sentence in REASON_CODES.items():
        fields = {"{items}": "%(items)s", "{year}": "%(year)s", "{abated:.3f}": "%(abated)s"}
        for engine_field, message_field in fields.items():
            sentence = sentence.replace(engine_field, message_field)
        assert MESSAGES[code] == sentence, code
    assert UNPRICED == UNCOSTED


def test_bad_input_is_422_naming_each_field(
    platform: FastAPI, call: Call, auth: dict[str, str]
) -> None:
    body = {"scenario": "plan", "levers": {"no_such_lever": 1}, "reference": "nope"}
    for path in (WEDGES, MACC):
        answer = call(platform, "POST", path, json=body, headers=auth)
        assert answer.status_code == 422
        fields = {e["field"]: e["message"] for e in answer.json()["errors"]}
        assert "unknown lever" in fields["body.levers.no_such_lever"]
        assert "unknown reference" in fields["body.reference"]
    odd = call(platform, "POST", WEDGES, json={"orders": 3, "boundary": "moon"}, headers=auth)
    assert odd.status_code == 422
    assert {e["field"] for e in odd.json()["errors"]} == {"body.orders", "body.boundary"}
    late = call(platform, "POST", MACC, json={"year": 2061, "basis": "free"}, headers=auth)
    assert {e["field"] for e in late.json()["errors"]} == {"body.year", "body.basis"}


def test_a_viewer_reads_and_a_visitor_signs_in_first(
    platform: FastAPI, call: Call, auth: dict[str, str]
) -> None:
    for path in (WEDGES, MACC):
        assert call(platform, "POST", path, json={}).status_code == 401
        assert call(platform, "POST", path, json={}, headers=auth).status_code == 200


def test_levers_at_their_limits_give_finite_answers(
    platform: FastAPI, call: Call, auth: dict[str, str]
) -> None:
    for pick in ("min", "max"):
        levers = {key: getattr(item, pick) for key, item in catalogue.levers().items()}
        body = {"scenario": "neutrality", "levers": levers, "year": 2060, "orders": 2}
        for path in (WEDGES, MACC):
            answer = call(platform, "POST", path, json=body, headers=auth)
            assert answer.status_code == 200, (pick, path)
            text = answer.text.replace('"cost_bn":null', "").replace('"cost_per_t":null', "")
            assert "null" not in text


def test_the_page_holds_both_charts_in_both_languages(
    platform: FastAPI, call: Call, auth: dict[str, str]
) -> None:
    zh = call(platform, "GET", "/pathways", headers=auth)
    assert zh.status_code == 200 and zh.text.count('id="wedge-chart"') == 1
    assert "<h2>减排楔形与减排成本</h2>" in zh.text and 'id="macc-chart"' in zh.text
    assert "/static/js/pathways_analysis.js" in zh.text and "style=" not in zh.text
    en = call(platform, "GET", "/pathways?lang=en", headers=auth)
    assert "Marginal abatement cost curve" in en.text and "as-paid costs" in en.text
