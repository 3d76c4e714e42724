"""Where the tests find the shared Carbon Monitor Cities exports and the weather file, and one
city's rows read through the real importer (:func:`peakzero.monitoring.external.read_external`)."""

from pathlib import Path

import pandas as pd

from peakzero.monitoring.external import read_external

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "monitoring"
WEATHER = SHARED / "beijing_weather_2021_2025.csv"
EXPORTS = sorted(SHARED.glob("carbon-monitor-CITIES-*.xlsx")) if SHARED.is_dir() else []
NO_EXPORTS = "Carbon Monitor Cities exports not at ../shared/data/monitoring"


def read_export(city: str) -> pd.DataFrame:
    """``date, region, sector, value`` (kt CO2/day) of one city (``CN-BJ`` for Beijing)."""
    daily = pd.concat([read_external(path).daily for path in EXPORTS], ignore_index=True)
    return daily[daily["region"] == city].reset_index(drop=True)
