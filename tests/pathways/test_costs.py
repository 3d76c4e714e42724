"""Costs of a pathway and the abatement cost curve: hand-computed cases and invariants."""

from pathlib import Path

import numpy as np
import pytest

from peakzero.errors import InputError
from peakzero.pathways.catalogue import levers, parameters
from peakzero.pathways.cost_basis import on_basis
from peakzero.pathways.cost_data import load_cost_data
from peakzero.pathways.costs import LEVER_COSTS, UNCOSTED, _annuities, _new_builds
from peakzero.pathways.macc import macc
from peakzero.pathways.metrics import TERRITORIAL
from peakzero.pathways.outputs import check_additive, to_iamc
from peakzero.pathways.run import YEARS, packaged_costs, run_pathway
from peakzero.studies.pathway_tables import macc_table

HEADER = "item,parameter,year,value,unit,source,status,note\n"


def _write(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "costs.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def test_stock_turnover_and_annuities_by_hand() -> None:
    # A stock of 10 from year 1, then 5, lifetime 2: built in year 1, rebuilt in year 3 when
    # the first build retires; nothing in year 4 (the survivor covers the smaller stock).
    stock = np.array([[0.0, 10, 10, 10, 5]])
    builds = _new_builds(stock, np.array([2.0]))
    assert builds.tolist() == [[0, 10, 0, 10, 0]]
    # At 0 % each build is paid in two halves: 5 a year from year 1 on.
    payments = _annuities(builds, np.ones(5), 0.0, 2)
    assert payments.tolist() == [[0, 5, 5, 5, 5]]
    # At 10 %, a unit paid over 2 years costs 1.1^2 × 0.1 / (1.1^2 − 1) = 0.57619 a year.
    once = _annuities(np.array([[0.0, 1, 0, 0]]), np.ones(4), 0.1, 2)
    assert once[0].tolist() == pytest.approx([0, 0.576190, 0.576190, 0])


def test_fuel_cost_is_energy_times_price() -> None:
    results = run_pathway("baseline").results
    coal_price = packaged_costs().get("coal", "price")
    expected = results["Primary Energy|Coal"][0] * coal_price / 1000  # PJ × CNY/GJ → bn CNY
    assert results["Cost|Fuel|Coal"][0] == pytest.approx(expected)
    assert coal_price[0] == pytest.approx(23.23)  # 2019 takes the first (2020) figure


@pytest.mark.parametrize("scenario", ["baseline", "current-policy", "plan", "neutrality"])
def test_cost_tree_is_additive(scenario: str) -> None:
    long = to_iamc(run_pathway(scenario))
    assert "Cost" in set(long["variable"])
    assert check_additive(long) == []


def test_fleet_is_sized_on_the_observed_civil_car_fleet() -> None:
    results = run_pathway("current-policy").results
    cars = sum(
        results.at(f"Stock|Transportation|Passenger Cars|{kind}", 2019)
        for kind in ("BEV", "FCEV", "ICE")
    )
    assert cars == pytest.approx(5.908e6)  # 2019 statistical communiqué: civil cars
    # Battery-electric cars in 2025: fewer than the 1.28 M new-energy vehicles (beijing-facts.md
    # §3.5), which also count plug-in hybrids, buses, taxis and trucks.
    bev = results.at("Stock|Transportation|Passenger Cars|BEV", 2025)
    assert 0.7e6 < bev < 1.28e6


def test_heating_full_load_hours_match_the_hourly_profile() -> None:
    from peakzero.grid.profiles import beijing_profiles

    shape = beijing_profiles(2030).frame["heat_demand"]
    assert parameters()["heating_full_load_hours"].value == pytest.approx(1 / shape.max(), abs=1)


def test_every_lever_is_either_costed_or_named_as_uncosted() -> None:
    assert set(LEVER_COSTS) | set(UNCOSTED) == set(levers())
    assert not set(LEVER_COSTS) & set(UNCOSTED)


def test_a_per_tonne_lever_costs_exactly_its_price(tmp_path: Path) -> None:
    # Ecological sinks change nothing but the sink: their abatement cost is the price per
    # tonne, whatever the discounting.
    path = _write(tmp_path, "ecological sink,cost,2020,50,CNY/t,test,verified,\n")
    costs = load_cost_data(YEARS, path)
    curve = macc("plan", scope="net", costs=costs)  # a sink counts on the net boundary
    sink = next(e for e in curve.entries if e.lever == "ecological_sink_mt")
    assert sink.cost_per_t == pytest.approx(50.0)
    assert sink.abated_mt > 0


def test_macc_is_sorted_and_explains_every_missing_cost() -> None:
    curve = macc("plan", scope="consumption")
    priced = [e.cost_per_t for e in curve.entries if e.cost_per_t is not None]
    assert priced == sorted(priced)
    assert len(priced) >= 8
    unpriced = {e.lever: e.reason for e in curve.entries if e.cost_per_t is None}
    assert "public transport" in unpriced["green_trip_share"]
    assert all(reason for reason in unpriced.values())
    for entry in curve.entries:
        if entry.cost_per_t is not None:
            assert entry.cost_bn is not None


def test_macc_territorial_scope_does_not_credit_green_power_imports() -> None:
    territorial = macc("plan", scope="territorial")
    assert territorial.emissions == (TERRITORIAL,)
    assert all(e.lever != "green_power_imports_twh" for e in territorial.entries)
    imports = next(e for e in territorial.not_abating if e.lever == "green_power_imports_twh")
    assert imports.abated_mt == pytest.approx(0.0, abs=1e-9)
    assert imports.cost_per_t is None and imports.cost_bn is None


def test_a_bar_that_does_not_abate_is_listed_apart_without_a_cost() -> None:
    # Green power imports change no territorial emission (0 Mt by construction): on that
    # boundary the lever is listed apart, never ranked in the curve nor given a cost, and the
    # CSV table lists it after the curve under "not abating in 2030".
    curve = macc("plan", "baseline", 2030, scope="territorial")
    apart = {e.lever: e for e in curve.not_abating}
    assert "green_power_imports_twh" in apart
    assert all(e.abated_mt <= 0 and e.cost_per_t is None for e in curve.not_abating)
    assert all("does not abate in 2030" in e.reason for e in curve.not_abating)
    assert all(e.abated_mt > 0 for e in curve.entries)
    assert set(apart).isdisjoint(e.lever for e in curve.entries)
    table = macc_table(curve)
    rows = table[table["listed"] == "not abating in 2030"]
    assert set(rows["lever"]) == set(apart)
    assert rows["cost_cny_per_t"].isna().all()
    assert list(table["listed"]).index("not abating in 2030") == len(curve.entries)
    document = curve.as_dict()
    assert {e["lever"] for e in document["not_abating_in_2030"]} == set(apart)


def test_a_bar_with_negative_abatement_is_listed_apart_too(tmp_path: Path) -> None:
    # Measured on imported electricity's CO2 alone, heat pumps (more imported power) abate a
    # negative amount: listed apart with their negative tonnes, no cost.
    curve = macc("plan", emissions=("Indirect Emissions|CO2",), scope="imports only")
    heat_pumps = next(e for e in curve.not_abating if e.lever == "heat_pump_area")
    assert heat_pumps.abated_mt < 0 and heat_pumps.cost_per_t is None
    assert curve.scope == "imports only" and curve.emissions == ("Indirect Emissions|CO2",)
    with pytest.raises(InputError, match="not a variable"):
        macc("plan", emissions=("Emissions|Unobtainium",))


def test_resource_and_paid_prices_by_hand(tmp_path: Path) -> None:
    # Gasoline 113 CNY/GJ at the pump with 13 % VAT, a 10 CNY/GJ consumption tax and 12 % of
    # surcharges on both taxes: 113 / 1.13 = 100 before VAT, of which 0.12 × 13 = 1.56 is the
    # surcharge on the VAT and 10 × 1.12 = 11.2 the consumption tax with its surcharge:
    # 100 − 1.56 − 11.2 = 87.24 CNY/GJ. Electricity delivered at 0.565 CNY/kWh: 565 / 1.13 =
    # 500 less 0.12 × 65 = 492.2 CNY/MWh, where the paid basis keeps the 0.37 generation tariff;
    # green power keeps its premium over the grid, net likewise: 492.2 + 40 / 1.13 × 0.9844.
    path = _write(
        tmp_path,
        "gasoline,price,2020,113,CNY/GJ,test,verified,\n"
        "gasoline,VAT rate,2020,0.13,1,test,verified,\n"
        "gasoline,consumption tax,2020,10,CNY/GJ,test,verified,\n"
        "tax surcharges,rate on VAT and consumption tax,2020,0.12,1,test,verified,\n"
        "grid electricity,price,2020,0.37,CNY/kWh,test,verified,\n"
        "green electricity,price,2020,0.41,CNY/kWh,test,verified,\n"
        "grid electricity,delivered price,2020,0.565,CNY/kWh,test,verified,\n"
        "grid electricity,VAT rate,2020,0.13,1,test,verified,\n",
    )
    quoted = load_cost_data(YEARS, path)
    paid, resource = on_basis(quoted, "paid"), on_basis(quoted, "resource")
    assert paid.get("gasoline", "price")[0] == pytest.approx(113.0)
    assert resource.get("gasoline", "price")[0] == pytest.approx(87.24)
    assert paid.get("grid electricity", "price")[0] == pytest.approx(370.0)
    assert resource.get("grid electricity", "price")[0] == pytest.approx(492.2)
    green = 492.2 + 40 / 1.13 * (1 - 0.12 * 0.13)
    assert resource.get("green electricity", "price")[0] == pytest.approx(green)
    # Coal has no consumption tax: only its packaged VAT (13 %) and the surcharge on it go.
    coal = quoted.get("coal", "price")[0]
    assert resource.get("coal", "price")[0] == pytest.approx(coal / 1.13 * (1 - 0.12 * 0.13))
    # Without a surcharge row the taxes alone are stripped: 113 / 1.13 − 10 = 90.
    bare = load_cost_data(YEARS, path)
    bare.series.pop(("tax surcharges", "rate on VAT and consumption tax"))
    assert on_basis(bare, "resource").get("gasoline", "price")[0] == pytest.approx(90.0)
    with pytest.raises(InputError, match="resource"):
        on_basis(quoted, "shadow")


def test_the_packaged_resource_prices_strip_the_statutory_taxes() -> None:
    # 92# gasoline 236.27 CNY/GJ retail; 1.52 CNY/L x 1388 L/t / 43.07 GJ/t = 48.98 CNY/GJ
    # of consumption tax; 13 % VAT; 12 % surcharges on both:
    # 236.27 / 1.13 × (1 − 0.12 × 0.13) − 48.98 × 1.12 = 150.97 CNY/GJ.
    resource = on_basis(packaged_costs(), "resource")
    column = int(np.flatnonzero(YEARS == 2030)[0])
    assert resource.get("gasoline", "price")[column] == pytest.approx(150.97, abs=0.01)
    # The middle of Beijing's residential (0.4883) and commercial (0.8364 CNY/kWh) delivered
    # tariffs, 0.6624 CNY/kWh, before 13 % VAT and its 12 % surcharges: 577.05 CNY/MWh.
    assert resource.get("grid electricity", "price")[column] == pytest.approx(577.05, abs=0.01)


def test_the_curve_states_its_basis_and_boundary_and_the_bases_differ() -> None:
    resource = macc("plan", basis="resource")
    paid = macc("plan", basis="paid")
    assert (resource.basis, paid.basis) == ("resource", "paid")
    assert "resource costs" in resource.title and "territorial" in resource.title
    assert resource.as_dict()["basis"] == "resource"
    assert resource.as_dict()["emissions"] == [TERRITORIAL]
    assert "before" in resource.basis_notes[0] and "(generation) tariff" in paid.basis_notes[0]
    cost = {e.lever: e.cost_per_t for e in resource.entries}
    cost_paid = {e.lever: e.cost_per_t for e in paid.entries}
    assert cost["heat_pump_area"] != pytest.approx(cost_paid["heat_pump_area"])
    heat_pumps = next(e for e in resource.entries if e.lever == "heat_pump_area")
    assert "Danish" in heat_pumps.cost_note


def test_user_file_replaces_series_and_converts_units(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "grid electricity,price,2020,0.5,CNY/kWh,test,verified,\n"
        "gas,price,2020,1,CNY/GJ,test,verified,\n"
        "carbon capture,investment,2020,1000000,EUR/(t/h),test,verified,\n",
    )
    costs = load_cost_data(YEARS, path)
    assert costs.get("grid electricity", "price")[0] == pytest.approx(500.0)
    assert costs.get("gas", "price")[-1] == pytest.approx(1.0)
    eur = packaged_costs().scalar("economy", "eur_cny")
    assert costs.get("carbon capture", "investment")[0] == pytest.approx(1e6 * eur)
    assert costs.sources[("gas", "price")] == str(path)
    assert costs.sources[("coal", "price")] == "data/pathways/costs.csv"


@pytest.mark.parametrize(
    ("row", "column", "fragment"),
    [
        ("wind,price,2020,1,CNY/GJ,s,verified,", "item", "unknown cost item"),
        ("coal,price,soon,1,CNY/GJ,s,verified,", "year", "year must be a whole year"),
        ("coal,price,2020,cheap,CNY/GJ,s,verified,", "value", "value must be a number"),
        ("coal,price,2020,1,CNY/kg,s,verified,", "unit", "unit must be 'CNY/GJ'"),
        ("coal,price,2020,1,CNY/GJ,,verified,", "source", "needs a source"),
        ("coal,price,2020,1,CNY/GJ,s,guessed,", "status", "status must be one of"),
    ],
)
def test_bad_cost_rows_name_line_and_column(
    tmp_path: Path, row: str, column: str, fragment: str
) -> None:
    path = _write(tmp_path, "gas,price,2020,60,CNY/GJ,s,verified,\n" + row + "\n")
    with pytest.raises(InputError) as caught:
        load_cost_data(YEARS, path)
    problem = caught.value.problems[0]
    assert problem.line == 3
    assert problem.column == column
    assert fragment in problem.message


def test_missing_cost_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read the cost file"):
        load_cost_data(YEARS, tmp_path / "nowhere.csv")


def test_prices_per_kw_and_year_convert_both_ways(tmp_path: Path) -> None:
    rows = "demand response,cost,2020,{value},{unit},test,verified,\n"
    for value, unit, expected in ((10, "CNY/kW/month", 120.0), (100, "CNY/(kW*yr)", 100.0)):
        path = _write(tmp_path, rows.format(value=value, unit=unit))
        costs = load_cost_data(YEARS, path)
        assert costs.get("demand response", "cost")[0] == pytest.approx(expected, rel=1e-3)


def test_the_car_fleet_of_2019_is_the_same_in_every_scenario() -> None:
    fleets = set()
    for scenario in ("baseline", "current-policy", "plan", "neutrality"):
        results = run_pathway(scenario).results
        cars = (
            results["Stock|Transportation|Passenger Cars|BEV"]
            + results["Stock|Transportation|Passenger Cars|ICE"]
        )
        fleets.add(round(float(cars[0, 0])))
    assert fleets == {round(parameters()["car_fleet_2019"].value)}


def test_direct_air_capture_pays_for_storing_its_co2() -> None:
    results = run_pathway("neutrality").results
    costs = packaged_costs()
    removed = results["Carbon Removal|Negative Emissions Technologies"][0, -1]
    per_t = (
        costs.get("direct air capture", "electricity input")[-1]
        * costs.get("grid electricity", "price")[-1]
        + costs.get("direct air capture", "heat input")[-1]
        * 3.6
        * costs.get("district heat", "price")[-1]
        + costs.get("co2 transport and storage", "cost")[-1]
    )
    line = results["Cost|Carbon Management|Negative Emissions"][0, -1]
    assert line == pytest.approx(removed * per_t / 1000)


def test_cost_file_encodings_and_line_numbers(tmp_path: Path) -> None:
    text = (
        HEADER + "gas,price,2020,60,CNY/GJ,测试,verified,\n\ncoal,price,2020,x,CNY/GJ,s,verified,\n"
    )
    bom = tmp_path / "bom.csv"
    bom.write_bytes(text.encode("utf-8-sig"))
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes(text.encode("gbk"))
    for path in (bom, gbk):
        with pytest.raises(InputError) as caught:
            load_cost_data(YEARS, path)
        assert caught.value.problems[0].line == 4  # the blank line counts
        assert caught.value.problems[0].column == "value"
    workbook = tmp_path / "costs.xlsx"
    workbook.write_bytes(b"PK\x03\x04rest")
    with pytest.raises(InputError, match="not a CSV text file"):
        load_cost_data(YEARS, workbook)


@pytest.mark.parametrize(
    ("rows", "fragment"),
    [
        ("coal,price,2020,nan,CNY/GJ,s,verified,\n", "finite"),
        ("economy,discount_rate,2020,8,1,s,verified,\n", "out of range"),
        ("carbon capture,lifetime,2020,0,yr,s,verified,\n", "out of range"),
        (
            "economy,eur_cny,2020,7,CNY/EUR,s,verified,\neconomy,eur_cny,2060,9,CNY/EUR,s,verified,\n",
            "one 'economy, eur_cny' row",
        ),
        (
            "coal,price,2020,20,CNY/GJ,s,verified,\ncoal,price,2020,30,CNY/GJ,s,verified,\n",
            "same item, parameter and year as line 2",
        ),
    ],
)
def test_impossible_cost_figures_are_refused(tmp_path: Path, rows: str, fragment: str) -> None:
    with pytest.raises(InputError, match=fragment):
        load_cost_data(YEARS, _write(tmp_path, rows))


def test_a_lever_that_undoes_its_early_gains_gets_no_cost() -> None:
    curve = macc("neutrality", year=2050)
    for entry in curve.entries:
        if entry.cumulative_mt <= 0:
            assert entry.cost_per_t is None
            assert entry.reason


def test_cost_rows_take_whole_years_and_name_the_first_line_of_a_record(tmp_path: Path) -> None:
    path = _write(tmp_path, "coal,price,2020.0,20,CNY/GJ,s,verified,\n")
    assert load_cost_data(YEARS, path).get("coal", "price")[0] == pytest.approx(20.0)
    duplicate = _write(
        tmp_path, "coal,price,2020,20,CNY/GJ,s,verified,\ncoal,price,02020,30,CNY/GJ,s,verified,\n"
    )
    with pytest.raises(InputError, match="same item, parameter and year as line 2"):
        load_cost_data(YEARS, duplicate)
    spanning = _write(tmp_path, 'coal,price,2020,x,CNY/GJ,s,verified,"one\ntwo"\n')
    with pytest.raises(InputError) as caught:
        load_cost_data(YEARS, spanning)
    assert caught.value.problems[0].line == 2
    free = _write(
        tmp_path, "sustainable aviation fuel,price ratio to jet kerosene,2020,0,1,s,verified,\n"
    )
    with pytest.raises(InputError, match="positive ratio"):
        load_cost_data(YEARS, free)


def test_late_abatement_is_named_as_such(tmp_path: Path) -> None:
    path = _write(tmp_path, "economy,discount_rate,2020,0.5,1,test,uncertain,\n")
    curve = macc("current-policy", "baseline", 2040, "consumption", load_cost_data(YEARS, path))
    # Heat pumps add grid-mix electricity first and save gas later: at 50 % their discounted
    # tonnes are negative although they abate 27.7 Mt over 2020-2060 (on the consumption
    # boundary, with a positive bar in 2040).
    entry = next(e for e in curve.entries if e.lever == "heat_pump_area")
    assert entry.cumulative_mt > 0 and entry.cost_per_t is None and "late" in entry.reason
    assert "does not abate" not in entry.reason
