"""Hand-computed inventories with known answers."""

from pathlib import Path

import pandas as pd
import pytest

from peakzero.accounting.activity import read_activity, validate_activity
from peakzero.accounting.engine import compute_inventory
from peakzero.accounting.factors import load_factor_set, load_grid_factor
from peakzero.errors import InputError
from peakzero.io.tables import Table
from peakzero.testing import GASOLINE_10KT, SMALL_CITY


def activity(rows: list[tuple[str, int, str, str, float, str]]) -> pd.DataFrame:
    frame = pd.DataFrame(
        [[str(x) for x in row] for row in rows],
        columns=["region", "year", "sector", "fuel", "value", "unit"],
    )
    return validate_activity(Table(frame, "test.csv", list(range(2, len(rows) + 2))))


def compute(data: pd.DataFrame, factors: str = "ipcc-2006", gwp: str = "AR5") -> pd.DataFrame:
    inventory = compute_inventory(
        data,
        load_factor_set(factors),
        load_grid_factor("mee-north-china-2022", "electricity"),
        load_grid_factor("cn-heat-default", "heat"),
        gwp,
    )
    return inventory.emissions


def test_ipcc_gasoline_10000_t(tmp_path: Path) -> None:
    # IPCC 2006: 10 Gg × 44.3 TJ/Gg × 69.3 t CO2/TJ = 30,699.9 t CO2.
    emissions = compute(read_activity(GASOLINE_10KT.write(tmp_path)), GASOLINE_10KT.factors)
    co2 = emissions[emissions["gas"] == "CO2"]
    assert co2["value"].sum() == pytest.approx(GASOLINE_10KT.co2["EB46", "gasoline"], rel=1e-12)
    assert co2["scope"].tolist() == [1]
    assert co2["gpc"].tolist() == ["II.1"]  # household gasoline is road transport in GPC
    # The set's CH4/N2O defaults are IPCC Table 2.2, energy industries only: none for cars.
    assert emissions["gas"].astype(str).tolist() == ["CO2"]


def test_ch4_n2o_of_energy_industries() -> None:
    # 10,000 t of fuel oil in a power plant (EB39 → I.4.4, matched by the I.4 rows):
    # 10 Gg × 40.4 TJ/Gg = 404 TJ; CH4 3 kg/TJ, N2O 0.6 kg/TJ (Table 2.2, oil).
    emissions = compute(activity([("CN-BJ", 2019, "EB39", "fuel_oil", 10000, "t")]))
    by_gas = emissions.set_index(emissions["gas"].astype(str))["value"]
    assert by_gas["CO2"] == pytest.approx(404 * 77.4)
    assert by_gas["CH4"] == pytest.approx(404 * 3e-3)
    assert by_gas["N2O"] == pytest.approx(404 * 0.6e-3)
    co2e = 404 * 77.4 + 404 * 3e-3 * 28 + 404 * 0.6e-3 * 265
    assert emissions["co2e"].sum() == pytest.approx(co2e)


def test_most_specific_sector_factor_wins(tmp_path: Path) -> None:
    factors = tmp_path / "f.csv"
    factors.write_text(
        "factor_set,fuel,parameter,gpc,value,unit,source,status,note\n"
        "t,natural_gas,co2_factor,,56,t/TJ,test,verified,\n"
        "t,natural_gas,ch4_factor,,5,kg/TJ,test,verified,\n"
        "t,natural_gas,ch4_factor,I,2,kg/TJ,test,verified,\n"
        "t,natural_gas,ch4_factor,I.4.4,1,kg/TJ,test,verified,\n",
        encoding="utf-8",
    )
    data = activity(
        [
            ("CN-BJ", 2019, "EB39", "natural_gas", 1000, "TJ"),  # I.4.4
            ("CN-BJ", 2019, "EB46", "natural_gas", 1000, "TJ"),  # I.1
            ("CN-BJ", 2019, "EB43", "natural_gas", 1000, "TJ"),  # II.1
        ]
    )
    emissions = compute(data, str(factors))
    ch4 = emissions[emissions["gas"] == "CH4"].set_index("sector")["value"]
    assert ch4.to_dict() == pytest.approx({"EB39": 1.0, "EB46": 2.0, "EB43": 5.0})


def test_same_answer_from_energy_units() -> None:
    in_mass = compute(activity([("CN-BJ", 2019, "EB46", "gasoline", 10000, "t")]))
    in_energy = compute(activity([("CN-BJ", 2019, "EB46", "gasoline", 443, "TJ")]))
    assert in_energy["value"].sum() == pytest.approx(in_mass["value"].sum(), rel=1e-12)


def test_china_factors_on_a_small_city(tmp_path: Path) -> None:
    emissions = compute(read_activity(SMALL_CITY.write(tmp_path)), SMALL_CITY.factors)
    co2 = emissions[emissions["gas"] == "CO2"].set_index(["sector", "fuel"])["value"]
    # GB/T 2589 NCV × provincial-guideline carbon content × oxidation × 44/12; scope 2:
    # 1e5 MWh × 0.6776 t/MWh (North China 2022), 3600 GJ × 0.11 t/GJ (SMALL_CITY.why).
    assert co2.to_dict() == pytest.approx(dict(SMALL_CITY.co2), rel=1e-9)
    assert co2["EB46", "gasoline"] == pytest.approx(29_251, rel=1e-4)  # research: 2.9251 t/t
    scopes = emissions.set_index(["sector", "fuel"])["scope"]
    assert scopes["EB44", "electricity"] == 2
    assert scopes["EB39", "natural_gas"] == 1


def test_cement_process_emissions() -> None:
    emissions = compute(activity([("CN-BJ", 2019, "IV.1", "clinker", 1000, "t")]))
    assert emissions["value"].sum() == pytest.approx(520.0)
    assert emissions["gpc"].tolist() == ["IV.1"]


def test_cement_production_needs_a_set_with_a_cement_factor() -> None:
    # IPCC's Tier 1 factor is per tonne of clinker; a tonne of cement is not a tonne of clinker.
    with pytest.raises(InputError, match="no process CO2 factor for cement"):
        compute(activity([("CN-BJ", 2019, "IV.1", "cement", 1000, "t")]))


def test_missing_ncv_names_the_line_and_the_fix() -> None:
    data = activity(
        [
            ("CN-BJ", 2019, "EB46", "gasoline", 1, "t"),
            ("CN-BJ", 2019, "EB46", "natural_gas", 1, "亿立方米"),
            ("CN-BJ", 2020, "EB46", "natural_gas", 1, "亿立方米"),
        ]
    )
    with pytest.raises(InputError) as caught:
        compute(data, "ipcc-2006")
    (problem,) = caught.value.problems
    assert problem.line == 3
    assert "no an NCV per volume" not in problem.message
    assert "NCV per volume for natural_gas" in problem.message
    assert "1 more rows" in problem.message


@pytest.mark.parametrize("gwp", ["SAR", "AR4", "AR5", "AR6"])
def test_co2e_names_its_metric(gwp: str) -> None:
    data = activity([("CN-BJ", 2019, "EB46", "gasoline", 1, "t")])
    inventory = compute_inventory(
        data,
        load_factor_set("ipcc-2006"),
        load_grid_factor("mee-national-2022", "electricity"),
        load_grid_factor("cn-heat-default", "heat"),
        gwp,
    )
    assert inventory.gwp_metric == f"{gwp}GWP100"


@pytest.mark.parametrize(
    ("gwp", "ch4", "n2o"),
    [("SAR", 21, 310), ("AR4", 25, 298), ("AR5", 28, 265), ("AR6", 27.9, 273)],
)
def test_co2e_uses_the_chosen_metric(tmp_path: Path, gwp: str, ch4: float, n2o: float) -> None:
    factors = tmp_path / "f.csv"
    factors.write_text(
        "factor_set,fuel,parameter,value,unit,source,status,note\n"
        "t,natural_gas,co2_factor,56.1,t/TJ,test,verified,\n"
        "t,natural_gas,ch4_factor,1,t/TJ,test,verified,\n"
        "t,natural_gas,n2o_factor,1,t/TJ,test,verified,\n",
        encoding="utf-8",
    )
    emissions = compute(
        activity([("CN-BJ", 2019, "EB39", "natural_gas", 1, "TJ")]), str(factors), gwp
    )
    assert emissions["co2e"].sum() == pytest.approx(56.1 + ch4 + n2o)
