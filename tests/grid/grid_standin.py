"""A deterministic stand-in for Beijing's hourly profiles (tests and the benchmark only).

Simple sinusoids with Beijing-like seasons: cold winters with heating, hot summers with cooling,
an evening peak of car charging, PV by day and a noisy wind. Not data: it only has to be a valid
:class:`~peakzero.grid.profiles_contract.Profiles` until the climate profiles land.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from peakzero.grid.inputs import grid_inputs
from peakzero.grid.network import GridOptions, build_network
from peakzero.grid.profiles_contract import COLUMNS, HOURS, TIMEZONE, Profiles
from peakzero.grid.results import GridResult
from peakzero.grid.solve import solve


def standin_profiles(year: int = 2030) -> Profiles:
    index = pd.date_range(f"{year}-01-01", periods=HOURS, freq="h", tz=TIMEZONE)
    hour = np.asarray(index.hour, dtype=float)
    day = np.arange(HOURS) / 24.0
    season = np.cos(2 * np.pi * (day - 15) / 365)  # 1 in mid-January, -1 in mid-July
    temperature = 12.5 - 15.0 * season + 4.0 * np.sin(2 * np.pi * (hour - 9) / 24)
    sun = np.clip(np.sin(np.pi * (hour - 6) / 12), 0, None) * (0.75 - 0.25 * season)
    rng = np.random.default_rng(0)
    noise = np.convolve(rng.normal(0, 1, HOURS + 47), np.ones(48) / 48, mode="valid")
    wind = np.clip(0.25 + 0.08 * season + 0.6 * noise, 0, 1)
    heat = np.clip(16.0 - temperature, 0, None) + 1.0  # space heating + hot water
    cooling = np.clip(temperature - 24.0, 0, None)
    load = 1.0 + 0.25 * np.sin(2 * np.pi * (hour - 8) / 24) + 0.05 * cooling
    ev = 0.3 + np.exp(-(((hour - 19) / 2.5) ** 2))
    frame = pd.DataFrame(
        {
            "pv": 0.8 * sun,
            "wind": wind,
            "temperature": temperature,
            "heat_demand": heat / heat.sum(),
            "electric_load": load / load.sum(),
            "ev_charging": ev / ev.sum(),
            "heat_pump_cop": np.clip(2.8 + 0.06 * temperature, 1.5, 5.0),
            "co2_heat_pump_cop": np.clip(3.2 + 0.04 * temperature, 1.8, 5.0),
        },
        index=index,
    )[list(COLUMNS)]
    return Profiles(year, frame, dict.fromkeys(COLUMNS, "peakzero test stand-in (sinusoids)"))


@cache
def solved_week(year: int = 2030) -> GridResult:
    """The plan scenario's network of ``year`` for the first week of January, solved at full
    resolution once per test session (tests must not change it)."""
    inputs = grid_inputs("plan", year)
    network = build_network(inputs, standin_profiles(year), options=GridOptions(hours=(0, 168)))
    return solve(network, resolution="full")
