"""Time aggregation (tsam segments) against the full resolution on a small synthetic year."""

from typing import Any

import pytest
from grid_standin import standin_profiles

from peakzero.grid.aggregation import aggregate, calibration
from peakzero.grid.inputs import grid_inputs
from peakzero.grid.network import GridOptions, build_network
from peakzero.grid.solve import DEFAULT_SEGMENTS, measure_aggregation_error, solve


def _week() -> Any:
    """A January week standing for the plan's 2030."""
    options = GridOptions(hours=(0, 168))
    return build_network(grid_inputs("plan", 2030), standin_profiles(2030), options=options)


def test_segments_keep_the_year_and_its_annual_energies() -> None:
    n = _week()
    m = aggregate(n, 48)
    assert len(m.snapshots) == 48
    # Costs and energies stand for the year; stores count the week's own 168 hours.
    weights = m.snapshot_weightings.sum()
    assert [weights.objective, weights.generators, weights.stores] == pytest.approx(
        [8760.0, 8760.0, 168.0]
    )
    load = n.loads_t.p_set.mul(n.snapshot_weightings.generators, axis=0).sum()
    load_m = m.loads_t.p_set.mul(m.snapshot_weightings.generators, axis=0).sum()
    assert load_m.to_numpy() == pytest.approx(load.to_numpy(), rel=1e-9)


def test_default_resolution_is_close_to_full() -> None:
    check = measure_aggregation_error(_week(), segments=42, profiles_note="stand-in")
    assert check.segments == 42 and check.scenario == "plan" and check.year == 2030
    assert abs(check.relative_error) < 0.02
    assert check.full_objective > 0


def test_the_default_resolution_reports_its_measured_error() -> None:
    known = calibration()
    assert DEFAULT_SEGMENTS in known, "benchmarks/bench_grid.py --calibrate measures it"
    m = solve(_week(), segments=24, resolution="default")
    assert m.snapshots == 24 and "no measured error" in m.aggregation_note
    assert len(m.prices) == 168 and m.prices.notna().all().all()  # hourly, from the segments
    calibrated = known[DEFAULT_SEGMENTS]
    assert abs(calibrated.relative_error) < 0.02
    assert calibrated.note().startswith(f"measured with {DEFAULT_SEGMENTS} segments")
