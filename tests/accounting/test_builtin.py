"""The packaged Beijing inventory against CEADs figures (research: emission-data.md §1.6)."""

import pytest

from peakzero.accounting.builtin import beijing_ceads, beijing_inventory
from peakzero.accounting.history import annual_totals, find_peak, mix

# year: (total, coal and coal products, oil products, natural gas, cement process), Mt CO2
CEADS_BEIJING = {
    1997: (61.92, 45.85, 13.68, 0.35, 2.04),
    2005: (92.12, 59.52, 22.74, 6.42, 3.44),
    2010: (105.04, 51.08, 35.67, 15.24, 3.05),
    2017: (85.56, 7.83, 44.07, 33.66, 0.00),
    2019: (89.18, 2.95, 46.11, 39.10, 1.03),
}


def test_every_year_1997_2019_is_there() -> None:
    assert sorted(beijing_ceads()["year"].unique()) == list(range(1997, 2020))
    assert set(beijing_ceads()["region"]) == {"CN-BJ"}
    assert set(beijing_ceads()["unit"]) == {"Mt CO2"}


@pytest.mark.parametrize("year", sorted(CEADS_BEIJING))
def test_totals_and_fuel_groups(year: int) -> None:
    total, coal, oil, gas, cement = CEADS_BEIJING[year]
    inventory = beijing_inventory()
    assert annual_totals(inventory, "CN-BJ")[year] == pytest.approx(total, abs=0.006)
    groups = mix(inventory, "CN-BJ", year, "group").set_index("code")["co2"]
    assert groups.get("coal", 0.0) == pytest.approx(coal, abs=0.006)
    assert groups.get("oil", 0.0) == pytest.approx(oil, abs=0.006)
    assert groups.get("gas", 0.0) == pytest.approx(gas, abs=0.006)
    assert groups.get("process", 0.0) == pytest.approx(cement, abs=0.006)


def test_peak_and_aviation() -> None:
    inventory = beijing_inventory()
    peak = find_peak(annual_totals(inventory, "CN-BJ"))
    assert (peak.year, round(peak.value, 2)) == (2010, 105.04)
    assert peak.change_since_peak == pytest.approx(89.18 / 105.04 - 1, abs=1e-4)
    with_air = annual_totals(inventory, "CN-BJ")[2019]
    without = annual_totals(inventory, "CN-BJ", aviation=False)[2019]
    # Jet kerosene sold in Beijing (EB43 kerosene, 21.16 Mt) is about a quarter of the total.
    assert with_air - without == pytest.approx(21.16, abs=0.01)
    assert (with_air - without) / with_air == pytest.approx(0.237, abs=0.005)


def test_gpc_rebuilds_road_transport_from_household_gasoline() -> None:
    by_gpc = mix(beijing_inventory(), "CN-BJ", 2019, "gpc").set_index("code")["co2"]
    # 14.66 Mt of gasoline CO2 in 2019, 10.83 Mt of it in the households rows: all on-road.
    assert by_gpc["II.1"] > 14.66
    assert by_gpc["II.4"] == pytest.approx(21.16, abs=0.01)
    assert by_gpc.sum() == pytest.approx(89.18, abs=0.006)
