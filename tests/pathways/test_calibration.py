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


def test_coal_equivalent_renewable_share_by_hand_and_against_observation() -> None:
    from peakzero.pathways.catalogue import parameters
    from peakzero.pathways.run import run_pathway

    results = run_pathway("current-policy").results
    column = list(results.years).index(2025)

    def at(variable: str) -> float:
        return float(results[variable][0, column])

    uplift = parameters()["coal_equivalent_kgce_per_kwh"].value / (3.6 / 29.3076) - 1
    local = at("Secondary Energy|Electricity|Solar and Wind")
    renewable = at("Share|Renewable Energy") * at("Primary Energy") / 100
    primary = at("Primary Energy") + uplift * (at("Trade|Electricity|Imports") + local)
    share = 100 * (renewable + uplift * (at("Trade|Green Electricity Imports") + local)) / primary
    assert at("Share|Renewable Energy (coal equivalent)") == pytest.approx(share)
    rows = {(r["id"], r["year"]): r for r in compare().to_dict(orient="records")}
    for year in (2023, 2025):  # Beijing's figures: 14.3 % and 18 %
        row = rows["renewable_share", year]
        assert abs(row["modelled"] - row["observed"]) < 1.5  # percentage points


def test_renewable_share_targets_are_judged_with_their_caveat() -> None:
    from peakzero.pathways.metrics import summarise
    from peakzero.pathways.run import run_pathway

    targets = [t for t in summarise(run_pathway("current-policy")).targets if "Renewable" in t.name]
    assert targets and all(t.met is not None and "coal-equivalent" in t.note for t in targets)
