"""Benchmark and key figures of the hourly grid profiles (goal: a year well under a second).

Prints figures; not a test. ``.venv/bin/python benchmarks/bench_grid_profiles.py``.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from environment import print_environment
from peakzero.grid.climate import beijing_climate, solar
from peakzero.grid.profiles import beijing_profiles, load_profiles
from peakzero.grid.profiles_contract import COLUMNS


def main() -> None:
    print_environment(("pvlib",))
    beijing_climate()  # read the climate table once (cached), as a running program would
    timings = []
    for year in range(2030, 2036):  # distinct years: no cached result
        start = time.perf_counter()
        beijing_profiles(year)
        timings.append(time.perf_counter() - start)
    print(f"beijing_profiles, one year: {np.median(timings) * 1000:.0f} ms median of 6 years")
    start = time.perf_counter()
    result = beijing_profiles(2030)
    print(f"the same year again (cached): {(time.perf_counter() - start) * 1000:.2f} ms")

    frame = result.frame
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "profiles.csv"
        out = frame.copy()
        out.columns = [f"{c} [{COLUMNS[c][0]}]" for c in out.columns]
        out.index = pd.DatetimeIndex(out.index).strftime("%Y-%m-%dT%H:%M%z")
        out.index.name = "time"
        out.to_csv(path)
        start = time.perf_counter()
        load_profiles(path)
        print(f"load_profiles, all eight columns: {(time.perf_counter() - start) * 1000:.0f} ms")

    index = pd.DatetimeIndex(frame.index)
    sun = solar(index, frame["temperature"].to_numpy(), beijing_climate())
    heat = frame["heat_demand"]
    print(f"PV full-load hours: {frame['pv'].sum():.0f} h/yr (peak {frame['pv'].max():.2f})")
    print(f"global horizontal irradiation: {sun.ghi.sum() / 1000:.0f} kWh/m2/yr")
    print(f"tilted-plane irradiation: {sun.poa.sum() / 1000:.0f} kWh/m2/yr")
    print(f"wind full-load hours: {frame['wind'].sum():.0f} h/yr (flat assumption)")
    print(
        f"temperature: min {frame['temperature'].min():.1f} degC, "
        f"max {frame['temperature'].max():.1f} degC, mean {frame['temperature'].mean():.1f} degC"
    )
    for column in ("heat_pump_cop", "co2_heat_pump_cop"):
        seasonal = heat.sum() / (heat / frame[column]).sum()
        print(
            f"{column}: heat-weighted {seasonal:.2f}, "
            f"min {frame[column].min():.2f}, max {frame[column].max():.2f}"
        )
    print(f"peak hour of electric_load: {frame['electric_load'].idxmax()}")
    print(f"share of heat_demand in January: {heat[index.month == 1].sum():.3f}")


if __name__ == "__main__":
    main()
