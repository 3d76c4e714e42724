"""The packaged Beijing inventory against CEADs figures (research: emission-data.md §1.6)."""

import pytest

from peakzero.accounting.builtin import beijing_ceads, beijing_inventory
from peakzero.accounting.history import annual_totals, find_peak, mix
from peakzero.testing import BEIJING_CEADS, BEIJING_PEAK_YEAR, CEADS_ABS


def test_every_year_1997_2019_is_there() -> None:
    assert sorted(beijing_ceads()["year"].unique()) == list(range(1997, 2020))
    assert set(beijing_ceads()["region"]) == {"CN-BJ"}
    assert set(beijing_ceads()["unit"]) == {"Mt CO2"}


@pytest.mark.parametrize("year", sorted(BEIJING_CEADS))
def test_totals_and_fuel_groups(year: int) -> None:
    ceads = BEIJING_CEADS[year]
    inventory = beijing_inventory()
    assert annual_totals(inventory, "CN-BJ")[year] == pytest.approx(ceads.total, abs=CEADS_ABS)
    groups = mix(inventory, "CN-BJ", year, "group").set_index("code")["co2"]
    assert groups.get("coal", 0.0) == pytest.approx(ceads.coal, abs=CEADS_ABS)
    assert groups.get("oil", 0.0) == pytest.approx(ceads.oil, abs=CEADS_ABS)
    assert groups.get("gas", 0.0) == pytest.approx(ceads.gas, abs=CEADS_ABS)
    assert groups.get("process", 0.0) == pytest.approx(ceads.process, abs=CEADS_ABS)


def test_peak_and_aviation() -> None:
    inventory = beijing_inventory()
    peak = find_peak(annual_totals(inventory, "CN-BJ"))
    top, latest = BEIJING_CEADS[BEIJING_PEAK_YEAR].total, BEIJING_CEADS[2019].total
    assert (peak.year, round(peak.value, 2)) == (BEIJING_PEAK_YEAR, top)
    assert peak.change_since_peak == pytest.approx(latest / top - 1, abs=1e-4)
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
    assert by_gpc.sum() == pytest.approx(BEIJING_CEADS[2019].total, abs=CEADS_ABS)
