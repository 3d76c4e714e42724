"""Pathway study: wedges pivoted by year, LMDI periods, the summary table and tables by name."""

from dataclasses import asdict

import pytest

from peakzero.pathways.boundaries import ASSESSMENT
from peakzero.pathways.ensemble import run_ensemble
from peakzero.pathways.history import HISTORY_YEARS
from peakzero.pathways.lmdi import historical_lmdi, lmdi
from peakzero.pathways.macc import macc
from peakzero.pathways.metrics import summarise
from peakzero.pathways.run import run_pathway
from peakzero.studies.pathway_tables import (
    COMPARED_VARIABLES,
    COMPARED_YEARS,
    compare,
    macc_table,
    outlook_table,
    priced_entries,
    scenario_targets,
)
from peakzero.studies.pathways import (
    SCENARIO_PERIOD,
    WEDGE_YEARS,
    decomposition,
    lmdi_periods,
    wedge_pivot,
)


def test_wedges_are_pivoted_by_year_largest_last_year_first() -> None:
    pivot = wedge_pivot("plan", "baseline")
    assert list(pivot.columns) == list(WEDGE_YEARS) == [2030, 2060]
    last = pivot[2060].tolist()
    assert last == sorted(last, reverse=True)
    assert pivot.index.is_unique  # a group of levers is one row


def test_lmdi_periods_are_named_and_add_up() -> None:
    table = lmdi_periods(run_pathway("plan"))
    assert list(table.index) == ["recorded 2011-2019", "plan 2019-2030", "plan 2030-2060"]
    effects = ["population", "gdp_per_capita", "energy_per_gdp", "co2_per_energy"]
    assert list(table.columns) == [*effects, "total"]
    assert table[effects].sum(axis=1).to_numpy() == pytest.approx(table["total"].to_numpy())


def test_the_summary_table_has_named_columns() -> None:
    summaries = [summarise(run_pathway(n)) for n in ("baseline", "plan")]
    ensembles = [run_ensemble(n, 20, 0) for n in ("baseline", "plan")]
    rows = outlook_table(summaries, ensembles)
    assert [r.scenario for r in rows] == ["baseline", "plan"]
    assert list(asdict(rows[1])) == [
        "scenario",
        "peak_year",
        "peak_mt",
        "net_zero_year",
        "cumulative_2020_2060_mt",
        "probability_peak_by_2030",
        "peak_year_p5",
        "peak_year_p95",
        "runs",
        "probability_net_zero_by_2050",
        "probability_net_zero_by_2060",
        "emissions_2030_deterministic_mt",
        "emissions_2030_p5_mt",
        "emissions_2030_p50_mt",
        "emissions_2030_p95_mt",
        "net_zero_year_median",
        "boundary",
        "beside",
    ]
    assert rows[1].boundary == "assessment" == ensembles[1].boundary
    assert rows[1].beside.startswith("territorial 2010 (105.0); consumption 2019")
    assert rows[1].peak_mt == summaries[1].peak_value and rows[1].runs == 20
    assert rows[1].probability_peak_by_2030 == ensembles[1].probability_peak_by_2030
    assert rows[1].emissions_2030_p5_mt <= rows[1].emissions_2030_p50_mt
    assert rows[1].emissions_2030_p50_mt <= rows[1].emissions_2030_p95_mt
    with pytest.raises(ValueError, match="zip"):  # the two lists must be of the same scenarios
        outlook_table(summaries, ensembles[:1])


def test_targets_carry_their_scenario() -> None:
    summary = summarise(run_pathway("plan"))
    rows = scenario_targets([summary])
    assert {r.scenario for r in rows} == {"plan"}
    assert [r.target for r in rows] == summary.targets


def test_the_cost_curve_table_is_named_by_the_curve_s_year() -> None:
    curve = macc("plan", "baseline", 2030)
    table = macc_table(curve)
    assert list(table.columns)[:4] == ["lever", "name_en", "name_zh", "abated_2030_mt"]
    assert "cost_cny_per_t" in table
    assert len(table) == len(curve.entries) + len(curve.not_abating)
    priced = priced_entries(curve, 0.01)
    assert priced and all(e.cost_per_t is not None and e.abated_mt > 0.01 for e in priced)


def test_two_scenarios_are_compared_by_name() -> None:
    comparison = compare("baseline", "plan")
    assert (comparison.a.scenario, comparison.b.scenario) == ("baseline", "plan")
    assert [(v.variable, v.year) for v in comparison.values] == [
        (v, y) for v in COMPARED_VARIABLES for y in COMPARED_YEARS
    ]
    first = comparison.values[0]
    assert first.variable == ASSESSMENT and first.year == 2030
    assert first.b == run_pathway("plan").results.at(ASSESSMENT, 2030)
    assert first.b_minus_a == first.b - first.a
    assert comparison.as_dict()["variables"][0]["b_minus_a"] == first.b_minus_a


def test_decomposition_defaults_to_the_documented_periods() -> None:
    assert decomposition("plan") == lmdi(run_pathway("plan"), *SCENARIO_PERIOD)
    assert decomposition(None) == historical_lmdi(*HISTORY_YEARS)
    assert decomposition("plan", 2030, 2060) == lmdi(run_pathway("plan"), 2030, 2060)
