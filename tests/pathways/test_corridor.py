"""The import-corridor check on toy hours computed by hand, and its warning."""

import numpy as np
import pandas as pd
import pytest

from peakzero.pathways.corridor import (
    CHECK,
    Shapes,
    corridor_findings,
    corridor_mw,
    corridor_table,
    import_peaks,
    stretched,
)
from peakzero.pathways.run import run_pathway

FOUR_HOURS = Shapes(
    load=np.full(4, 0.25),
    heat=np.array([0.0, 0.0, 0.5, 0.5]),
    ev=np.full(4, 0.25),
    pv=np.array([0.0, 1.0, 0.0, 0.0]),
    wind=np.zeros(4),
)


def one(value: float) -> np.ndarray:
    return np.array([value])


def test_import_peak_computed_by_hand() -> None:
    # Load: 0.04 TWh × 0.25 = 10 GW each hour, heat 0.02 TWh × 0.5 = 10 GW in hours 3-4:
    # 10, 10, 20, 20 GW; PV 5 GW in hour 2: net 10, 5, 20, 20; less 3 firm and 2 flexible = 15.
    peaks = import_peaks(
        FOUR_HOURS, one(0.04), one(0.02), one(0.0), one(0.0), one(5.0), one(0.0), one(3.0), one(2.0)
    )
    assert peaks.load.tolist() == pytest.approx([20.0])
    assert peaks.imports.tolist() == pytest.approx([15.0])
    assert peaks.renewables.tolist() == pytest.approx([0.0])


def test_losses_raise_the_peak() -> None:
    peaks = import_peaks(
        FOUR_HOURS, one(0.04), one(0.0), one(0.0), one(0.2), one(0.0), one(0.0), one(0.0), one(0.0)
    )
    assert peaks.imports.tolist() == pytest.approx([12.5])  # 10 GW / (1 - 0.2)


def test_stretched_shape_peaks_as_asked() -> None:
    out = stretched(np.array([0.1, 0.2, 0.3, 0.4]), 2.0)
    assert out.tolist() == pytest.approx([0.0, 1 / 6, 1 / 3, 0.5])


def test_an_exceedance_is_a_warning() -> None:
    table = pd.DataFrame(
        {
            "year": [2030, 2031, 2032],
            "import_peak_gw": [40.0, 45.0, 44.0],
            "grid_import_peak_gw": [np.nan, np.nan, np.nan],
            "corridor_gw": 43.0,
            "exceeded": [False, True, True],
        }
    )
    (finding,) = corridor_findings(table, "toy")
    assert (finding.check, finding.severity, finding.year) == (CHECK, "warning", 2031)
    assert "2031-2032" in finding.message and "45.0 GW in 2031" in finding.message
    assert corridor_findings(table[~table["exceeded"]], "toy") == []


def test_a_narrow_corridor_is_exceeded_and_grid_figures_sit_beside() -> None:
    flat = Shapes(
        load=np.full(8760, 1 / 8760),
        heat=np.full(8760, 1 / 8760),
        ev=np.full(8760, 1 / 8760),
        pv=np.zeros(8760),
        wind=np.zeros(8760),
    )
    table = corridor_table(run_pathway("plan"), flat, {2030: 50_000.0}, corridor=1000.0)
    assert table["exceeded"].all()
    grid = dict(zip(table["year"], table["grid_import_peak_gw"], strict=True))
    assert grid[2030] == pytest.approx(50.0)
    assert np.isnan(grid[2031])
    assert corridor_findings(table, "plan")[0].severity == "warning"


def test_the_corridor_is_the_grids_parameter() -> None:
    assert corridor_mw() == 43_000.0
