"""The import-corridor figures of the Beijing study: climate shapes, grid figures beside."""

import numpy as np
import pytest

from peakzero.studies.corridor import climate_shapes, corridor_facts


def test_climate_shapes_are_shares_and_capacity_factors() -> None:
    shapes = climate_shapes()
    for share in (shapes.load, shapes.heat, shapes.ev):
        assert share.sum() == pytest.approx(1.0)
        assert (share >= 0).all()
    assert shapes.pv.min() >= 0 and shapes.pv.max() <= 1


def test_a_grid_figure_over_the_corridor_is_flagged() -> None:
    facts = corridor_facts(["plan"], {"plan": {2030: 50_000.0}})
    assert facts.at("plan", 2030, "grid_import_peak_gw") == pytest.approx(50.0)
    assert facts.at("plan", 2030, "import_peak_gw") < 43.0  # the annual estimate is within
    (finding,) = facts.findings
    assert finding.severity == "warning" and finding.detail["years"] == [2030]


def test_2019_peak_load_is_near_the_observed_record() -> None:
    # 2019's conventional shape is stretched to the 23.56 GW record over 2019's mean load; the
    # estimate adds heat pumps' winter draw and grid losses, so it sits near, not on, it.
    facts = corridor_facts(["current-policy"])
    assert facts.at("current-policy", 2019, "peak_load_gw") == pytest.approx(23.56, rel=0.05)
    assert np.isfinite(facts.at("current-policy", 2060))
