"""The factor-set API: packaged sets, canonical units, grid and GWP look-ups, user factor files.

Expected values are the research figures (../shared/research/emission-data.md §1.5, §3.1-§3.4),
recomputed by hand where the research gives the product.
"""

import math
from pathlib import Path

import pandas as pd
import pytest

from peakzero.accounting.factors import (
    CANONICAL_COLUMNS,
    FACTOR_COLUMNS,
    GWP_METRICS,
    FactorSetInfo,
    GridFactor,
    canonical_gwp_metric,
    factor_set_info,
    grid_factors,
    gwp_values,
    list_factor_sets,
    load_factor_set,
    load_grid_factor,
    lookup_factor,
)
from peakzero.errors import InputError

C_TO_CO2 = 44 / 12
HEADER = ",".join(FACTOR_COLUMNS)


def kg_co2_per_unit(set_id: str, fuel: str) -> float:
    """kg CO2 per kg (or per m^3) = NCV x carbon content x oxidation x 44/12."""
    row = load_factor_set(set_id).canonical().loc[fuel].to_dict()
    per_tj = row["carbon_content"] * row["oxidation"] * C_TO_CO2
    if not math.isnan(row["ncv_mass"]):
        return float(row["ncv_mass"] * per_tj)  # t CO2/t = kg CO2/kg
    return float(row["ncv_volume"] * per_tj * 1000)  # t CO2/m^3 -> kg CO2/m^3


def test_every_kind_of_set_is_listed() -> None:
    sets = {info.id: info.kind for info in list_factor_sets()}
    assert sets["ipcc-2006"] == "combustion"
    assert sets["cn-gbt2589-provincial-2011"] == "combustion"
    assert sets["ceads-shan2018"] == "combustion"
    assert sets["cn-grid"] == "grid"
    assert all(sets[m] == "gwp" for m in GWP_METRICS)
    assert all(info.provenance and info.description for info in list_factor_sets())


def test_ipcc_gasoline_hand_computed() -> None:
    gasoline = load_factor_set("ipcc-2006").canonical().loc["gasoline"]
    assert gasoline["co2_factor"] == pytest.approx(69.3)  # 69,300 kg CO2/TJ
    assert gasoline["ncv_mass"] == pytest.approx(0.0443)  # 44.3 TJ/Gg
    assert gasoline["oxidation"] == 1.0
    assert 10_000 * gasoline["ncv_mass"] * gasoline["co2_factor"] == pytest.approx(30_699.9)


def test_ipcc_set_has_no_invented_fuels() -> None:
    fuels = set(load_factor_set("ipcc-2006").table["fuel"])
    assert not fuels & {"briquettes", "other_coking_products", "other_petroleum_products"}


def test_canonical_frame_shape_and_units() -> None:
    table = load_factor_set("ipcc-2006").canonical()
    assert list(table.columns) == list(CANONICAL_COLUMNS)
    assert table.index.name == "fuel"
    assert (table.dtypes == "float64").all()
    assert table.loc["clinker", "process_co2"] == pytest.approx(0.52)
    assert table["co2_factor"].isna()["clinker"]
    assert table.loc["raw_coal", "ch4_factor"] == pytest.approx(0.001)  # 1 kg/TJ
    assert table.loc["raw_coal", "n2o_factor"] == pytest.approx(0.0015)  # 1.5 kg/TJ


@pytest.mark.parametrize(
    ("fuel", "expected"),
    [
        ("raw_coal", 1.9003),
        ("coke", 2.8604),
        ("crude_oil", 3.0202),
        ("fuel_oil", 3.1705),
        ("gasoline", 2.9251),
        ("kerosene", 3.0179),
        ("diesel_oil", 3.0959),
        ("lpg", 3.1013),
        ("refinery_gas", 3.0119),
        ("natural_gas", 2.1622),  # kg CO2/m^3: 38,931 kJ/m^3 x 15.3 t C/TJ x 0.99 x 44/12
    ],
)
def test_china_set_reproduces_research_emission_factors(fuel: str, expected: float) -> None:
    assert round(kg_co2_per_unit("cn-gbt2589-provincial-2011", fuel), 4) == expected


def test_china_natural_gas_is_per_volume() -> None:
    gas = load_factor_set("cn-gbt2589-provincial-2011").canonical().loc["natural_gas"]
    assert gas["ncv_volume"] == pytest.approx(38_931e-9)  # kJ/m^3 -> TJ/m^3
    assert pd.isna(gas["ncv_mass"])


def test_china_set_statuses_follow_the_research_labels() -> None:
    table = load_factor_set("cn-gbt2589-provincial-2011").table
    status = table.groupby("fuel")["status"].agg(set)
    assert status["raw_coal"] == {"verified"}
    assert status["cleaned_coal"] == {"secondary"}
    assert status["other_gas"] == {"secondary"}
    assert status["other_petroleum_products"] == {"uncertain"}
    assert len(status) == 17


@pytest.mark.parametrize(
    ("fuel", "expected", "per"),
    [("raw_coal", 1.905, 1), ("coke", 2.996, 1), ("natural_gas", 21.63, 10)],
)
def test_ceads_set_reproduces_its_implied_factors(fuel: str, expected: float, per: int) -> None:
    # per = 10 turns kg CO2/m^3 into t CO2 per 10^4 m^3.
    value = kg_co2_per_unit("ceads-shan2018", fuel) * per
    assert value == pytest.approx(expected, abs=0.006)
    assert set(load_factor_set("ceads-shan2018").table["status"]) == {"uncertain"}


def test_ets_factor_is_distinct_from_the_statistical_average() -> None:
    ets = load_grid_factor("mee-ets-power-2023")
    national = load_grid_factor("mee-national-2022")
    assert (ets.value, ets.scope_type, ets.data_year) == (0.5703, "ets-reporting", 2022)
    assert (national.value, national.scope_type, national.data_year) == (
        0.5366,
        "statistical-average",
        2022,
    )
    assert "NOT the MEE/NBS statistical" in ets.note


def test_grid_factor_ids_are_case_insensitive_and_canonical_in_t_per_mwh() -> None:
    north = load_grid_factor("MEE-North-China-2022")
    assert north.t_co2_per_mwh == pytest.approx(0.6776)
    assert north.status == "verified"
    assert load_grid_factor("mee-north-china-2023").status == "secondary"


def test_heat_factor_per_gj_is_converted() -> None:
    heat = load_grid_factor("cn-heat-default", carrier="heat")
    assert heat.t_co2_per_mwh == pytest.approx(0.11 * 3.6)
    assert heat.status == "uncertain"
    assert heat.data_year is None


def test_wrong_carrier_lists_the_ids_of_that_carrier() -> None:
    with pytest.raises(InputError) as caught:
        load_grid_factor("cn-heat-default")
    message = str(caught.value)
    assert "cn-heat-default is for heat, not electricity" in message
    assert "mee-national-2022" in message
    assert "mee-ets-power-2023 (value" in message  # heat ids are not offered


def test_every_grid_factor_has_a_year_or_is_a_default() -> None:
    for factor in grid_factors():
        assert factor.data_year is not None or factor.scope_type == "guideline-default"


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("AR5", "AR5GWP100"),
        ("ar5gwp100", "AR5GWP100"),
        ("AR6-GWP100", "AR6GWP100"),
        ("sar", "SARGWP100"),
    ],
)
def test_gwp_metric_spellings(text: str, metric: str) -> None:
    assert canonical_gwp_metric(text) == metric


def test_gwp_values() -> None:
    assert gwp_values("AR5") == {"CO2": 1.0, "CH4": 28.0, "N2O": 265.0}
    assert gwp_values("AR6GWP100")["CH4"] == 27.9
    gwp_values("AR4")["CH4"] = 0.0  # callers get a copy
    assert gwp_values("AR4")["CH4"] == 25.0


def test_unknown_gwp_metric_lists_the_metrics() -> None:
    with pytest.raises(InputError, match="AR4GWP100"):
        gwp_values("AR7")


def test_unknown_set_id_lists_the_valid_ids() -> None:
    with pytest.raises(InputError) as caught:
        load_factor_set("ipcc-2019")
    assert "ipcc-2006" in str(caught.value)
    assert "cn-gbt2589-provincial-2011" in str(caught.value)


def test_grid_set_is_not_a_combustion_set() -> None:
    with pytest.raises(InputError, match="not a combustion factor set"):
        load_factor_set("cn-grid")


def test_lookup_finds_sets_grid_factors_and_gwp_aliases() -> None:
    assert isinstance(lookup_factor("ipcc-2006"), FactorSetInfo)
    assert isinstance(lookup_factor("mee-beijing-2022"), GridFactor)
    assert factor_set_info("ar5").id == "AR5GWP100"
    with pytest.raises(InputError, match="mee-beijing-2022"):
        lookup_factor("beijing")


def test_user_factor_file_round_trip(tmp_path: Path) -> None:
    # An enterprise that measured its coal: the §3.2(b) bituminous coal values stand in here.
    path = tmp_path / "plant.csv"
    path.write_text(
        f"{HEADER}\n"
        "plant-2024,原煤,ncv,23.204,GJ/t,lab report 2024-07,verified,\n"
        "plant-2024,raw_coal,carbon_content,0.02618,t/GJ,lab report 2024-07,verified,\n"
        "plant-2024,raw_coal,oxidation,93,%,lab report 2024-07,verified,\n",
        encoding="utf-8",
    )
    factors = load_factor_set(path)
    assert factors.info.id == "plant-2024"
    assert factors.info.kind == "combustion"
    assert factors.info.version.startswith("sha256:")
    assert list(factors.table.columns) == list(FACTOR_COLUMNS)
    coal = factors.canonical().loc["raw_coal"]
    assert coal["ncv_mass"] == pytest.approx(0.023204)
    assert coal["carbon_content"] == pytest.approx(26.18)
    assert coal["oxidation"] == pytest.approx(0.93)
    assert load_factor_set(str(path)).table.equals(factors.table)


def test_user_file_without_note_column_and_in_gbk(tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    header = ",".join(FACTOR_COLUMNS[:-1])
    path.write_bytes(f"{header}\nmine,天然气,ncv,38931,kJ/m^3,GB/T 2589,verified\n".encode("gbk"))
    assert load_factor_set(path).canonical().loc["natural_gas", "ncv_volume"] == pytest.approx(
        38_931e-9
    )


def test_bad_user_file_gives_one_problem_per_defect(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    lines = [
        HEADER,
        "mine,raw_coal,ncv,23.204,GJ/t,lab,verified,",  # 2: fine
        "mine,raw_coal,ncv,23.204,GJ/t,lab,verified,",  # 3: duplicate of line 2
        "mine,peat,ncv,1,GJ/t,lab,verified,",  # 4: unknown fuel
        "mine,coke,ncv,28.435,GJ/t,lab,approved,",  # 5: bad status
        "mine,gasoline,ncv,abc,GJ/t,lab,verified,",  # 6: not a number
        "mine,diesel_oil,ncv,-1,GJ/t,lab,verified,",  # 7: negative
        "mine,fuel_oil,ncv,40.19,furlongs of joy,lab,verified,",  # 8: unit does not parse
        "mine,lpg,ncv,47.31,kg,lab,verified,",  # 9: wrong dimension
        "mine,crude_oil,ncv,42.62,GJ/t,,verified,",  # 10: empty source
        "mine,kerosene,density,0.8,t/m^3,lab,verified,",  # 11: unknown parameter
        "mine,coke,oxidation,93,1,lab,verified,",  # 12: oxidation above 1
        "mine,cement,ncv,1,GJ/t,lab,verified,",  # 13: no NCV for a process
        "other,coke,carbon_content,29.4,t/TJ,lab,verified,",  # 14: a second set
        "mine,coke,carbon_content,29.4,t/TJ,lab,verified,extra,field",  # 15: unquoted comma
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_factor_set(path)
    found = [(p.line, p.column) for p in caught.value.problems]
    assert found == [
        (3, "parameter"),
        (4, "fuel"),
        (5, "status"),
        (6, "value"),
        (7, "value"),
        (8, "unit"),
        (9, "unit"),
        (10, "source"),
        (11, "parameter"),
        (12, "value"),
        (13, "parameter"),
        (14, "factor_set"),
        (15, None),
    ]
    assert all(p.file == str(path) for p in caught.value.problems)
    by_line = {p.line: p for p in caught.value.problems}
    assert by_line[3].message.endswith("(first on line 2)")
    assert by_line[4].value == "peat" and "raw_coal" in by_line[4].message
    assert "verified, secondary, uncertain" in by_line[5].message
    assert "energy per mass or volume" in by_line[9].message
    assert "line 15: line has 9 fields" in str(caught.value)


def test_missing_columns_are_reported_on_the_header(tmp_path: Path) -> None:
    path = tmp_path / "short.csv"
    path.write_text(
        "factor_set,fuel,parameter,value,unit\nmine,coke,ncv,1,GJ/t\n", encoding="utf-8"
    )
    with pytest.raises(InputError) as caught:
        load_factor_set(path)
    assert [(p.line, p.column) for p in caught.value.problems] == [(1, "source"), (1, "status")]


def test_missing_or_empty_user_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="factor file not found"):
        load_factor_set(tmp_path / "absent.csv")
    empty = tmp_path / "empty.csv"
    empty.write_text(HEADER + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="no factor rows"):
        load_factor_set(empty)
