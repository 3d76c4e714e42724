"""The reference scenario against what Beijing observed in 2019–2025."""

import pytest

from peakzero.pathways.calibration import compare, observations, within


def test_every_observation_has_a_source_and_a_rule() -> None:
    table = observations()
    assert table["source"].str.len().gt(10).all()
    assert set(table["status"]) <= {"verified", "secondary", "uncertain"}
    assert len(compare()) == len(table)


def test_each_row_is_within_its_tolerance_or_the_note_says_why() -> None:
    for row in compare().to_dict(orient="records"):
        if row["within"] is None:
            assert str(row["note"]).startswith("not within 5 %"), row["id"]
        else:
            assert row["within"], (row["id"], row["year"], row["observed"], row["modelled"])
    ids = set(compare()["id"])
    # The rows of issue 11: GDP, air traffic, gas, road fuel and the car fleet.
    assert {"gdp", "gdp_growth_two_year", "air_passengers_index", "natural_gas"} <= ids
    assert {"road_fuel_index", "car_fleet", "energy_consumption_change"} <= ids


def test_tolerances_by_hand() -> None:
    assert within(100.0, 104.9, "5 %") is True
    assert within(-8.1, -7.6, "5 %") is False  # 6 % off
    assert within(14.3, 15.6, "1.5 pp") is True
    assert within(1.0, 2.0, "") is None


def test_the_reference_follows_the_observed_dip_of_air_traffic_and_gdp() -> None:
    rows = {(r["id"], r["year"]): r for r in compare().to_dict(orient="records")}
    assert rows["air_passengers_index", 2020]["modelled"] == pytest.approx(49.0, abs=0.1)
    assert rows["air_passengers_index", 2022]["modelled"] == pytest.approx(22.6, abs=0.1)
    # 1.012 × 1.085: two-year average growth 4.79 % (Beijing: 4.7 %)
    assert rows["gdp_growth_two_year", 2021]["modelled"] == pytest.approx(4.786, abs=0.01)


def test_current_policy_reproduces_the_calibration_targets() -> None:
    rows = {(r["id"], r["year"]): r for r in compare().to_dict(orient="records")}
    electricity = rows["electricity_consumption", 2024]
    assert electricity["modelled"] == pytest.approx(electricity["observed"], rel=0.05)
    for year in (2021, 2024):
        row = rows["green_power_imports", year]
        assert row["modelled"] == pytest.approx(row["observed"], rel=1e-9)
    # Energy per GDP falls 2020-2025, less than the -22.4 % derived from two publications (the
    # note says why); CO2 is down by more than 6 Mt from 2019 to 2023, as Beijing says.
    assert rows["energy_intensity_change", 2025]["modelled"] < 0
    assert rows["co2_change_since_2019", 2023]["modelled"] < -6


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
        # Within 2 pp: the model's total energy carries the observed dip of air traffic (the
        # rows' notes say why they are not within 5 %).
        assert abs(row["modelled"] - row["observed"]) < 2.0  # percentage points


def test_renewable_share_targets_are_judged_with_their_caveat() -> None:
    from peakzero.pathways.metrics import summarise
    from peakzero.pathways.run import run_pathway

    targets = [t for t in summarise(run_pathway("current-policy")).targets if "Renewable" in t.name]
    assert targets and all(t.met is not None and "coal-equivalent" in t.note for t in targets)
