"""Issue 12 (platform speed): the explorer's caches and the C YAML dumper change no result."""

from __future__ import annotations

import yaml

from peakzero.api import pathways as views


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
