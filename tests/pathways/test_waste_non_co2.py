"""Waste sector and non-CO2 gases: hand-computed small cases, the additive tree, the GWP switch."""

import math

import numpy as np
import pytest

from peakzero.errors import InputError
from peakzero.pathways.non_co2_data import Series, energy_factors, waste_data
from peakzero.pathways.outputs import check_additive, to_iamc, unit_of
from peakzero.pathways.run import run_pathway
from peakzero.pathways.scenarios import list_scenarios
from peakzero.pathways.sectors import non_co2
from peakzero.pathways.sectors.waste import incineration_co2, landfill_ch4, treated_mt

SCENARIOS = [info.name for info in list_scenarios()]
LANDFILL = {
    "landfill_doc": 0.5,
    "landfill_docf": 1.0,
    "landfill_mcf": 1.0,
    "landfill_ch4_fraction": 0.5,
    "landfill_oxidation": 0.1,
    "landfill_k": math.log(2.0),  # half the stock decays each year
    "landfill_recovery": 0.0,
}


def test_incineration_co2_by_hand() -> None:
    # 2 Mt wet waste x 0.2 carbon x 0.5 fossil x 0.9 oxidised = 0.18 Mt C = 0.66 Mt CO2
    p = {"msw_carbon_fraction_wet": 0.2, "msw_fossil_carbon_fraction": 0.5}
    p["incineration_oxidation"] = 0.9
    assert incineration_co2(np.array([[2.0]]), p)[0, 0] == pytest.approx(0.18 * 44 / 12)


def test_landfill_ch4_first_order_decay_by_hand() -> None:
    # 1 Mt deposited in 2018 only: DDOCm = 1 x 0.5 x 1 x 1 = 0.5 Mt C. Half decays in 2019
    # (0.25), a quarter of it in 2020 (0.125); CH4 = C x F x 16/12, 10 % oxidised in the cover.
    history = Series(np.array([2018.0]), np.array([1.0]), "Mt/yr")
    deposited = np.array([[0.0, 2.0, 0.0]])  # 2019-2021; 2020's deposit decays from 2021
    ch4 = landfill_ch4(deposited, history, 2019, LANDFILL)
    per_c = 0.5 * 16 / 12 * 0.9
    assert ch4[0] == pytest.approx([0.25 * per_c, 0.125 * per_c, (0.0625 + 0.5) * per_c])


def test_landfill_recovery_takes_its_share_before_oxidation() -> None:
    history = Series(np.array([2018.0]), np.array([1.0]), "Mt/yr")
    ch4 = landfill_ch4(np.zeros((1, 1)), history, 2019, {**LANDFILL, "landfill_recovery": 0.4})
    assert ch4[0, 0] == pytest.approx(0.25 * 0.5 * 16 / 12 * 0.6 * 0.9)


def test_waste_treated_keeps_the_tonnage_per_resident_after_the_last_observation() -> None:
    years = np.arange(2019, 2024)
    series = Series(np.array([2019.0, 2021.0]), np.array([1000.0, 2000.0]), "t/d")
    population = np.array([[10.0, 10.0, 10.0, 11.0, 12.0]])
    mt = treated_mt(years, population, series)
    assert mt[0] == pytest.approx(np.array([1000, 1500, 2000, 2200, 2400]) * 365 / 1e6)


def test_beijing_2019_waste_from_the_packaged_data() -> None:
    results = run_pathway("current-policy").results
    # 27 700 t/d x 365, half of it incinerated by capacity (16 650 / 32 711)
    assert results.at("Waste|Municipal Solid Waste", 2019) == pytest.approx(10.1105)
    incinerated = 27700 * 365 / 1e6 * 0.509
    co2 = incinerated * 0.20 * 0.39 * 0.95 * 44 / 12
    assert results.at("Emissions|CO2|Waste", 2019) == pytest.approx(co2)
    assert results.at("Waste|Municipal Solid Waste|Landfill", 2025) == 0.0  # zero landfill
    assert (
        0
        < results.at("Emissions|CH4|Waste|Solid Waste Disposal", 2060)
        < results.at("Emissions|CH4|Waste|Solid Waste Disposal", 2025)
    )  # the old deposits keep decaying


def test_energy_non_co2_by_hand() -> None:
    factors = dict.fromkeys(energy_factors(), 0.0)
    factors.update({"ch4_residential_coal": 300.0, "n2o_power_heat_gas": 0.1})
    energy = np.zeros((1, 1, 3))
    energy[0, 0, 0] = 2.0  # PJ of coal
    gas = np.zeros((1, 1, 3))
    gas[0, 0, 2] = 10.0  # PJ of gas
    out = non_co2.energy_non_co2({"residential": energy, "power_heat": gas}, factors)
    assert out["Emissions|CH4|Energy|Demand"][0, 0] == pytest.approx(2e3 * 300 / 1e9)  # Mt
    assert out["Emissions|N2O|Energy|Supply"][0, 0] == pytest.approx(10e3 * 0.1 / 1e6)  # kt


@pytest.mark.parametrize("name", SCENARIOS)
def test_kyoto_tree_adds_up(name: str) -> None:
    run = run_pathway(name)
    r = run.results
    kyoto = r["Emissions|Kyoto Gases"]
    expected = r["Emissions|CO2"] + 28 * r["Emissions|CH4"] + 265 * r["Emissions|N2O"] / 1e3
    assert kyoto == pytest.approx(expected)
    for gas in ("CH4", "N2O"):
        parts = r[f"Emissions|{gas}|Energy"] + r[f"Emissions|{gas}|Waste"]
        assert r[f"Emissions|{gas}"] == pytest.approx(parts)
    long = to_iamc(run)
    assert check_additive(long) == []
    units = dict(zip(long["variable"], long["unit"], strict=False))
    assert units["Emissions|Kyoto Gases"] == "Mt CO2-equiv/yr (AR5GWP100)"
    assert units["Emissions|CH4"] == "Mt CH4/yr" and units["Emissions|N2O"] == "kt N2O/yr"
    # the territorial, CEADs-comparable variable is untouched by waste
    eip = r["Emissions|CO2|Energy and Industrial Processes"]
    assert r["Emissions|CO2"] == pytest.approx(
        eip + r["Emissions|CO2|AFOLU"] + r["Emissions|CO2|Removals"] + r["Emissions|CO2|Waste"]
    )


def test_the_gwp_metric_is_a_switch() -> None:
    ar5 = run_pathway("plan").results
    ar6 = run_pathway("plan", gwp_metric="AR6").results
    assert ar6.metadata["gwp_metric"] == "AR6GWP100"
    ch4, n2o = ar5.at("Emissions|CH4", 2030), ar5.at("Emissions|N2O", 2030)
    gap = (27.9 - 28) * ch4 + (273 - 265) * n2o / 1e3
    kyoto = ar6.at("Emissions|Kyoto Gases", 2030) - ar5.at("Emissions|Kyoto Gases", 2030)
    assert kyoto == pytest.approx(gap)
    assert ar6.at("Emissions|CO2", 2030) == ar5.at("Emissions|CO2", 2030)
    assert unit_of("Emissions|Kyoto Gases|CH4", "AR6GWP100") == "Mt CO2-equiv/yr (AR6GWP100)"
    with pytest.raises(InputError, match="unknown GWP metric"):
        run_pathway("plan", gwp_metric="AR7")


@pytest.mark.parametrize("name", SCENARIOS)
def test_waste_is_the_same_in_every_scenario(name: str) -> None:
    reference = run_pathway("current-policy").results
    results = run_pathway(name).results
    for variable in results.variables():
        if variable.startswith(("Waste", "Emissions|CO2|Waste", "Emissions|CH4|Waste")):
            assert results[variable] == pytest.approx(reference[variable]), variable


def test_the_packaged_waste_data_are_complete() -> None:
    data = waste_data()
    assert set(data.series) == {
        "msw_treated",
        "landfill_share",
        "incineration_share",
        "landfill_history",
    }
    shares = [data.series[s].values for s in ("landfill_share", "incineration_share")]
    assert all((v >= 0).all() and (v <= 1).all() for v in shares)
    assert len(energy_factors()) == 9 * 3 * 2  # segments x carriers x gases


def test_a_bad_waste_series_row_is_named_by_file_line_and_field(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from peakzero.errors import ReferenceDataError
    from peakzero.pathways import non_co2_data

    text = (
        "series,year,value,unit,source,status\n"
        "msw_treated,2019,27700,t/d,a page,secondary\n"
        "msw_tonnage,2020,1,t/d,a page,secondary\n"
        "landfill_share,2019,lots,1,a page,uncertain\n"
    )
    monkeypatch.setattr(non_co2_data, "data_text", lambda *parts: text)
    with pytest.raises(ReferenceDataError) as error:
        non_co2_data._series("waste_series.csv")
    message = str(error.value)
    assert "waste_series.csv" in message and "unknown series" in message
    assert "msw_tonnage" in message and "line 3" in message
    assert "not a number" in message and "lots" in message
