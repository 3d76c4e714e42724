"""The report's import-corridor section, on a small table."""

import numpy as np
import pandas as pd

from peakzero.checks import Finding
from peakzero.report.corridor_section import add_corridor_section, corridor_frame
from peakzero.report.html import Report
from peakzero.studies.corridor import CorridorFacts


def facts() -> CorridorFacts:
    table = pd.DataFrame(
        {
            "scenario": ["plan", "plan", "toy", "toy"],
            "year": [2030, 2060, 2030, 2060],
            "import_peak_gw": [19.0, 27.3, 40.0, 50.0],
            "grid_import_peak_gw": [21.0, np.nan, np.nan, np.nan],
            "corridor_gw": 43.0,
            "exceeded": [False, False, False, True],
        }
    )
    warning = Finding("import corridor", "warning", "toy: exceeds the 43 GW corridor in 2060")
    return CorridorFacts(table, [warning])


def test_frame_puts_the_grid_beside_the_estimate() -> None:
    frame = corridor_frame(facts()).set_index("import peak GW")
    assert frame.loc["plan (annual estimate)", "2030"] == 19.0
    assert frame.loc["plan (hourly grid)", "2030"] == 21.0
    assert frame.loc["toy (annual estimate)", "2060"] == 50.0


def test_section_shows_the_warning() -> None:
    report = Report("t", "t")
    add_corridor_section(report, facts())
    page = report.render("0")
    assert "Import corridor check" in page and "Warning: toy: exceeds" in page
