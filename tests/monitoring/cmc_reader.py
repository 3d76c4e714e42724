"""A tiny reader of the Carbon Monitor Cities XLSX export for these tests only.

The real importer (tables found by structure, footers, problems named) is another part of issue
13; the tests here only need Beijing's rows of the two shared exports.
"""

from pathlib import Path

import pandas as pd

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "monitoring"
WEATHER = SHARED / "beijing_weather_2021_2025.csv"
EXPORTS = sorted(SHARED.glob("carbon-monitor-CITIES-*.xlsx")) if SHARED.is_dir() else []
NO_EXPORTS = "Carbon Monitor Cities exports not at ../shared/data/monitoring"


def read_export(city: str) -> pd.DataFrame:
    """``date, region, sector, value`` (kt CO2/day) of one city; the footer lines drop out."""
    from python_calamine import CalamineWorkbook

    frames = []
    for path in EXPORTS:
        rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        table = pd.DataFrame(rows[1:], columns=["city", "date", "sector", "value"])
        frames.append(table[table["city"] == city])
    table = pd.concat(frames, ignore_index=True)
    return pd.DataFrame(
        {
            "date": pd.to_datetime(table["date"], format="%d/%m/%Y"),
            "region": "CN-BJ",
            "sector": table["sector"].astype(str),
            "value": table["value"].astype(float),
        }
    )
