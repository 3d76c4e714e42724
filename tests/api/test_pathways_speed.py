"""Issue 12 (platform speed): the explorer's caches, the C YAML dumper and the recompute's
in-memory resolution change no result."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
import yaml
from fastapi import FastAPI

from peakzero.accounts import add_user
from peakzero.api import pathways as views

from .conftest import bearer  # noqa: TID252

GOLDEN = Path(__file__).parents[1] / "data" / "golden"
RECOMPUTES = {
    "explorer_recompute_plan.json": {
        "scenario": "plan",
        "levers": {"nev_share": 0.8, "ccus_mt": 2.5},
    },
    "explorer_recompute_current_policy.json": {
        "scenario": "current-policy",
        "levers": {"ccus_mt": 0.0, "bev_bus_share": 1.0, "green_building_share": 0.1},
    },
}


@pytest.mark.parametrize("golden", sorted(RECOMPUTES))
def test_recompute_answers_the_bytes_of_the_code_before(
    app: FastAPI, call: Callable[..., httpx.Response], golden: str
) -> None:
    """The recompute's JSON, byte for byte, as the code before the speed-up answered it
    (tests/data/golden/README.md); asked twice, the second time from the kept runs."""
    expected = (GOLDEN / golden).read_bytes()
    headers = _reader(app)
    for _ in range(2):
        answer = call(app, "POST", "/api/v1/pathways/run", json=RECOMPUTES[golden], headers=headers)
        assert answer.status_code == 200
        assert answer.content == expected, json.loads(answer.content)["inputs_hash"]


def _reader(app: FastAPI) -> dict[str, str]:
    from peakzero.accounts import list_users

    with app.state.store.session() as db:
        if "golden-reader" not in {user.name for user in list_users(db)}:
            add_user(db, "golden-reader", "correct horse battery staple", ["modeller"], who="test")
    return bearer(app, "golden-reader")


def _some_levers() -> list[dict[str, float]]:
    levers = [lever for area in views.explorer("plan").areas for lever in area.levers][:3]
    return [{}, {levers[0].id: levers[0].min}, {lv.id: lv.max for lv in levers}]


def test_cached_run_view_is_byte_identical_to_a_fresh_run() -> None:
    for levers in _some_levers():
        request = views.RunRequest(scenario="plan", levers=levers)
        fresh = views._run_view.__wrapped__("plan", tuple(levers.items()))
        assert views.run_view(request).model_dump_json() == fresh.model_dump_json()
        assert views.run_view(request).model_dump_json() == fresh.model_dump_json()  # from cache


def test_cached_explorer_is_identical_to_a_fresh_build() -> None:
    fresh = views._explorer.__wrapped__("plan")
    assert views.explorer("plan").model_dump_json() == fresh.model_dump_json()
    assert views.explorer("plan") is views.explorer("plan")


def test_c_dumper_writes_the_same_scenario_file() -> None:
    for levers in _some_levers():
        text = views.scenario_yaml("plan", levers)
        assert yaml.safe_load(text)["levers"].keys() == levers.keys()
        document = yaml.safe_load(text)
        assert text == yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


def test_in_memory_scenario_runs_like_the_temporary_file() -> None:
    from peakzero.pathways.model import simulate
    from peakzero.pathways.outputs import to_iamc
    from peakzero.pathways.run import PathwayRun, model_inputs
    from peakzero.pathways.scenarios import load_scenario

    for levers in _some_levers()[1:]:
        with views._resolved("plan", levers) as ref:
            from_file = load_scenario(ref)
        in_memory = views._scenario("plan", levers)
        assert from_file.hash == in_memory.hash
        runs = [PathwayRun(s, simulate(model_inputs(s))) for s in (from_file, in_memory)]
        assert to_iamc(runs[0]).equals(to_iamc(runs[1]))


def test_levers_set_on_the_kept_parent_resolve_like_the_scenario_file() -> None:
    """``with_levers`` (the recompute's path) against ``load_scenario_text`` of the file the
    page downloads: every field, in the same order, for each packaged scenario and levers moved
    to either end of their range (which the join to the reference rewrites or keeps)."""
    import dataclasses
    import random

    from peakzero.pathways.scenarios import load_scenario_text

    levers = [lever for area in views.explorer("plan").areas for lever in area.levers]
    rng = random.Random(5)
    for name in views.scenario_names():
        cases = [{lv.id: lv.max for lv in levers}, {lv.id: lv.min for lv in levers}]
        cases += [{lv.id: rng.choice((lv.min, lv.max, lv.value)) for lv in levers[i::7]}
                  for i in range(7)]  # fmt: skip
        for moved in cases:
            text = views.scenario_yaml(name, moved)
            slow = load_scenario_text(text, f"{name}-explorer.yaml")
            fast = views._scenario(name, moved)
            for field in dataclasses.fields(slow):
                before, after = getattr(slow, field.name), getattr(fast, field.name)
                assert before == after, (name, moved, field.name)
                if isinstance(before, dict):
                    assert list(before) == list(after), (name, field.name)


def test_kept_lever_sliders_follow_the_locale_and_the_scenario(
    app: FastAPI, call: Callable[..., httpx.Response]
) -> None:
    """The page's sliders are kept per (locale, scenario): each page shows its own language's
    names and its own scenario's 2030 values, whatever was asked before."""
    headers = _reader(app)
    lever = next(lv for area in views.explorer("plan").areas for lv in area.levers
                 if lv.value != _lever(views.explorer("baseline"), lv.id).value)  # fmt: skip
    for _ in range(2):
        for scenario in ("plan", "baseline"):
            value = _lever(views.explorer(scenario), lever.id).value
            for lang, name in (("zh_CN", lever.name_zh), ("en", lever.name_en)):
                page = call(
                    app, "GET", f"/pathways?scenario={scenario}&lang={lang}", headers=headers
                )
                assert page.status_code == 200
                assert f">{name}</label>" in page.text
                assert (
                    f'data-default="{value}"' in page.text.split(f'id="lever-{lever.id}"')[1][:400]
                )


def _lever(view: views.ExplorerView, key: str) -> views.LeverView:
    return next(lever for area in view.areas for lever in area.levers if lever.id == key)


def test_reused_model_inputs_equal_fresh_ones() -> None:
    """The recompute's model inputs (the unmoved paths' arrays reused) equal ``model_inputs``'s,
    byte for byte."""
    from peakzero.pathways.run import model_inputs, model_inputs_from

    for name in ("plan", "baseline", "current-policy"):
        unmoved, kept = views._unmoved(name)
        for moved in _some_levers():
            scenario = views._scenario(name, moved)
            reused, fresh = model_inputs_from(kept, unmoved, scenario), model_inputs(scenario)
            for part in ("levers", "drivers"):
                ours, theirs = getattr(reused, part), getattr(fresh, part)
                assert list(ours) == list(theirs)
                assert all(ours[k].tobytes() == theirs[k].tobytes() for k in ours), (name, part)
            assert reused.parameters == fresh.parameters
