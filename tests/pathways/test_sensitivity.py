"""Sobol indices through peakzero's wrapper: toy functions with known indices, then a scenario."""

import numpy as np
import pytest

from peakzero.errors import InputError
from peakzero.pathways.sensitivity import pathway_sensitivity, sobol


def test_a_linear_model_gives_the_hand_computed_indices() -> None:
    # Y = X1 + 2 X2 (+ 0 X3), X uniform on [0, 1]: Var Y = (1 + 4) / 12, so S1 = ST = 1/5 for
    # X1, 4/5 for X2 and 0 for X3 (no interactions: first order equals total).
    def evaluate(points: np.ndarray) -> dict[str, np.ndarray]:
        return {"y": points[:, 0] + 2.0 * points[:, 1]}

    (found,) = sobol(["x1", "x2", "x3"], evaluate, samples=4096, seed=1)
    by_name = {i.input: i for i in found.indices}
    assert [i.input for i in found.indices][:2] == ["x2", "x1"]  # largest total first
    for name, share in (("x1", 0.2), ("x2", 0.8), ("x3", 0.0)):
        assert by_name[name].first == pytest.approx(share, abs=0.03)
        assert by_name[name].total == pytest.approx(share, abs=0.03)
        assert by_name[name].first_confidence < 0.1
    assert found.variance == pytest.approx(5 / 12, rel=0.02)


def test_the_ishigami_function_gives_its_analytic_indices() -> None:
    # f = sin x1 + 7 sin^2 x2 + 0.1 x3^4 sin x1, x uniform on [-pi, pi]: S1 = 0.3139, 0.4424, 0;
    # ST = 0.5576, 0.4424, 0.2437 (Ishigami and Homma 1990; Sobol' and Levitan 1999).
    def evaluate(points: np.ndarray) -> dict[str, np.ndarray]:
        x = -np.pi + 2.0 * np.pi * points
        return {
            "f": np.sin(x[:, 0]) + 7.0 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])
        }

    (found,) = sobol(["x1", "x2", "x3"], evaluate, samples=8192, seed=2)
    by_name = {i.input: i for i in found.indices}
    for name, first, total in (("x1", 0.3139, 0.5576), ("x2", 0.4424, 0.4424), ("x3", 0.0, 0.2437)):
        assert by_name[name].first == pytest.approx(first, abs=0.04), name
        assert by_name[name].total == pytest.approx(total, abs=0.04), name


def test_an_output_without_variance_is_said_so_not_divided_by_zero() -> None:
    (found,) = sobol(["a", "b"], lambda p: {"constant": np.ones(len(p))}, samples=64)
    assert found.indices == []
    assert "no variance" in found.note


def test_samples_must_be_a_power_of_two() -> None:
    with pytest.raises(InputError, match="power of 2"):
        sobol(["a"], lambda p: {"y": p[:, 0]}, samples=1000)


def test_a_scenario_names_the_inputs_that_drive_2030_emissions() -> None:
    # On the assessment boundary (the default) current policy's P(peak by 2030) is uncertain,
    # and imported electricity counts: its demand's elasticity to GDP comes to the fore.
    found = pathway_sensitivity("current-policy", samples=128, seed=0)
    assert found.runs == 128 * (len(found.kinds) + 2)
    assert {"lever", "driver", "parameter"} == set(found.kinds.values())
    peak_by, emissions = found.outputs
    assert peak_by.name == "P(peak by 2030)" and 0.0 < peak_by.mean < 1.0
    assert emissions.name == "Assessment Emissions|CO2 in 2030"
    assert "electricity_gdp_elasticity" in [i.input for i in emissions.indices[:2]]
    # Territorial CO2 in 2030 is driven first by the CHP plants' heat fraction (their gas is
    # held at the firm-power floor, so it sets how much local gas burns), then the heated area;
    # its peak is the 2010 record in every run (no variance to apportion).
    territorial = pathway_sensitivity("current-policy", samples=128, seed=0, boundary="territorial")
    peak_by, emissions = territorial.outputs
    assert peak_by.mean == 1.0 and peak_by.note.startswith("no variance")
    assert [i.input for i in emissions.indices[:2]] == ["chp_heat_fraction", "heated_area"]
    assert sum(i.first for i in emissions.indices) == pytest.approx(1.0, abs=0.3)


def test_an_output_that_rarely_changes_is_flagged_not_warned() -> None:
    def evaluate(points: np.ndarray) -> dict[str, np.ndarray]:
        # Only one run differs, and it is in no base block (rows 0 and 3 of each group of
        # inputs + 2 are the base samples A and B): the estimators see constant values.
        values = np.zeros(len(points))
        values[1] = 1.0
        return {"rare": values}

    (found,) = sobol(["a", "b"], evaluate, samples=256, seed=3)
    assert found.variance > 0
    assert "too few runs differ" in found.note


def test_grouped_inputs_get_one_index_together() -> None:
    # Y = X1 + X2 + 2 X3, uniform: Var = (1 + 1 + 4) / 12; the group {X1, X2} explains 2/6.
    def evaluate(points: np.ndarray) -> dict[str, np.ndarray]:
        return {"y": points[:, 0] + points[:, 1] + 2.0 * points[:, 2]}

    (found,) = sobol(["x1", "x2", "x3"], evaluate, samples=4096, seed=4, groups=["g", "g", "x3"])
    by_name = {i.input: i for i in found.indices}
    assert set(by_name) == {"g", "x3"}
    assert by_name["g"].first == pytest.approx(1 / 3, abs=0.03)
    assert by_name["x3"].total == pytest.approx(2 / 3, abs=0.03)


def test_correlated_inputs_are_indexed_as_one_group() -> None:
    from peakzero.pathways.correlation import correlations
    from peakzero.pathways.sensitivity import CORRELATED

    found = pathway_sensitivity("current-policy", samples=64, seed=0, correlated=True)
    members = correlations().items
    assert CORRELATED in found.kinds and not set(members) & set(found.kinds)
    assert found.runs == 64 * (len(found.kinds) + 2)
    names = {i.input for o in found.outputs for i in o.indices}
    assert CORRELATED in names and "gdp_growth" not in names


def test_wide_intervals_are_said_in_the_note() -> None:
    # An indicator that is 1 in about 6 % of the runs: the estimators cannot rank the inputs.
    def evaluate(points: np.ndarray) -> dict[str, np.ndarray]:
        return {"rare": (points[:, 0] + 0.05 * points[:, 1] > 0.97).astype(float)}

    (rare,) = sobol(["a", "b"], evaluate, samples=64, seed=0)
    assert rare.indices and rare.note.startswith(("indices uncertain", "too few runs"))
    (plain,) = sobol(["a", "b"], lambda p: {"y": p[:, 0] + 0.1 * p[:, 1]}, samples=1024)
    assert plain.note == ""
