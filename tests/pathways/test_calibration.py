"""The reference scenario against what Beijing observed in 2020–2025."""

import pytest

from peakzero.pathways.calibration import compare, observations


def test_every_observation_has_a_source_and_a_rule() -> None:
    table = observations()
    assert table["source"].str.len().gt(10).all()
    assert set(table["status"]) <= {"verified", "secondary", "uncertain"}
    assert len(compare()) == len(table)


def test_current_policy_reproduces_the_calibration_targets() -> None:
    rows = {(r["id"], r["year"]): r for r in compare().to_dict(orient="records")}
    electricity = rows["electricity_consumption", 2024]
    assert electricity["modelled"] == pytest.approx(electricity["observed"], rel=0.01)
    for year in (2021, 2024):
        row = rows["green_power_imports", year]
        assert row["modelled"] == pytest.approx(row["observed"], rel=1e-9)
    change = rows["energy_intensity_change", 2025]
    assert abs(change["modelled"] - change["observed"]) < 5.0  # percentage points
    assert rows["co2_change_since_2019", 2023]["modelled"] < 0
