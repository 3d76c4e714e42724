"""Results read by IAMC variable name and year, and variants run under the ensemble's draws."""

import numpy as np
import pytest

from peakzero.pathways.ensemble import peak_years, sample_multipliers, variant_ensemble
from peakzero.pathways.metrics import TERRITORIAL, record
from peakzero.pathways.model import Results, simulate, year_column
from peakzero.pathways.peaks import peak_over_record
from peakzero.pathways.run import model_inputs, run_pathway
from peakzero.pathways.scenarios import load_scenario
from peakzero.pathways.wedges import variants


def test_at_is_the_value_of_the_variable_in_the_year() -> None:
    results = run_pathway("plan").results
    assert results.runs == 1
    assert TERRITORIAL in results.variables()
    values = results[TERRITORIAL]
    assert results.at(TERRITORIAL, 2019) == float(values[0, 0])
    assert results.at(TERRITORIAL, 2030) == float(values[0, 2030 - 2019])
    assert results.at(TERRITORIAL, 2060) == float(values[0, -1])
    assert results.in_year(TERRITORIAL, 2030).tolist() == [float(values[0, 11])]


def test_an_unknown_variable_or_year_is_a_key_error() -> None:
    results = run_pathway("plan").results
    with pytest.raises(KeyError, match="not a pathway variable"):
        results.at("Emissions|CO3", 2030)
    for year in (2018, 2061):
        with pytest.raises(KeyError, match="2019-2060"):
            results.at(TERRITORIAL, year)
    with pytest.raises(KeyError, match="year 2020"):
        year_column(np.array([2019, 2021]), 2020)  # a gap is not the next year


def test_model_inputs_are_read_by_lever_and_driver_name() -> None:
    inputs = model_inputs(load_scenario("plan"))
    assert inputs.lever_at("storage_gw", 2030) == float(inputs.levers["storage_gw"][0, 11])
    factor = inputs.driver_at("import_grid_factor", 2045)
    assert factor == float(inputs.drivers["import_grid_factor"][0, 26])


def test_variants_under_draws_are_the_ensembles_runs() -> None:
    """Block 0 of the variant ensemble is the pathway ensemble of the target, draw for draw;
    a removal's block is the target with the reference's lever under the same draw."""
    ref, tgt = load_scenario("baseline"), load_scenario("plan")
    runs, seed = 40, 5
    results = variant_ensemble(ref, tgt, [("nev_share",)], runs, seed)
    assert results.runs == 2 * runs
    multipliers = sample_multipliers(runs, seed)
    first = Results(results.years, {k: v[:runs] for k, v in results.values.items()})
    assert np.array_equal(
        peak_over_record(*record(first, "assessment")[:2])[0], peak_years(tgt, multipliers)
    )
    alone = simulate(variants(ref, tgt, [("nev_share",)], multipliers=multipliers))
    assert np.array_equal(alone[TERRITORIAL], results[TERRITORIAL])
    without = model_inputs(ref, multipliers).levers["nev_share"]
    batch = variants(ref, tgt, [("nev_share",)], multipliers=multipliers)
    assert np.array_equal(batch.levers["nev_share"][runs:], without)
    assert np.array_equal(
        batch.levers["nev_share"][:runs], model_inputs(tgt, multipliers).levers["nev_share"]
    )


def test_the_ensembles_default_runs_is_the_run_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    from peakzero.pathways.ensemble import run_ensemble

    monkeypatch.setenv("PEAKZERO_ENSEMBLE_RUNS", "30")
    assert run_ensemble("plan").runs == 30
