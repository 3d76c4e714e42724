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
    SECTOR_COLUMNS,
    FactorSet,
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
# Files written before the gpc column existed must keep loading.
OLD_HEADER = "factor_set,fuel,parameter,value,unit,source,status,note"


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


def test_ipcc_ch4_n2o_are_energy_industry_factors_only() -> None:
    # Table 2.2 is for energy industries: not a default for households, road or aviation.
    factors = load_factor_set("ipcc-2006")
    table = factors.canonical()
    assert table["ch4_factor"].isna().all() and table["n2o_factor"].isna().all()
    assert table["ch4_factor"].isna()["gasoline"]
    sector = factors.sector_factors()
    assert (
        list(sector.columns) == list(SECTOR_COLUMNS) == ["fuel", "gpc", "ch4_factor", "n2o_factor"]
    )
    assert set(sector["gpc"]) == {"I.4"}
    assert sector["fuel"].is_unique
    assert (sector[["ch4_factor", "n2o_factor"]].dtypes == "float64").all()
    by_fuel = sector.set_index("fuel")
    assert by_fuel.loc["gasoline", "ch4_factor"] == pytest.approx(0.003)  # 3 kg/TJ
    assert by_fuel.loc["gasoline", "n2o_factor"] == pytest.approx(0.0006)  # 0.6 kg/TJ
    assert by_fuel.loc["raw_coal", "ch4_factor"] == pytest.approx(0.001)  # 1 kg/TJ
    assert by_fuel.loc["raw_coal", "n2o_factor"] == pytest.approx(0.0015)  # 1.5 kg/TJ
    assert by_fuel.loc["natural_gas", "n2o_factor"] == pytest.approx(0.0001)  # 0.1 kg/TJ
    rows = factors.table[factors.table["gpc"].ne("")]
    assert set(rows["parameter"]) == {"ch4_factor", "n2o_factor"}
    assert (
        rows["note"]
        .str.startswith("energy-industries defaults of IPCC 2006 Vol. 2 Table 2.2")
        .all()
    )


def test_canonical_is_unchanged_apart_from_the_sector_rows() -> None:
    factors = load_factor_set("ipcc-2006")
    # Treating every row as sector-wide gives what canonical() returned before the gpc column.
    before = FactorSet(factors.info, factors.table.assign(gpc="")).canonical()
    expected = before.assign(ch4_factor=math.nan, n2o_factor=math.nan)
    pd.testing.assert_frame_equal(factors.canonical(), expected)
    assert before.loc["gasoline", "ch4_factor"] == pytest.approx(0.003)


def test_sets_without_sector_rows_have_an_empty_sector_table() -> None:
    sector = load_factor_set("cn-gbt2589-provincial-2011").sector_factors()
    assert sector.empty
    assert list(sector.columns) == list(SECTOR_COLUMNS)


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
        f"{OLD_HEADER}\n"
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
    assert factors.table["gpc"].eq("").all()  # no gpc column: every row applies to every sector
    assert factors.sector_factors().empty
    coal = factors.canonical().loc["raw_coal"]
    assert coal["ncv_mass"] == pytest.approx(0.023204)
    assert coal["carbon_content"] == pytest.approx(26.18)
    assert coal["oxidation"] == pytest.approx(0.93)
    assert load_factor_set(str(path)).table.equals(factors.table)


def test_an_edited_user_factor_file_gives_the_new_factors(tmp_path: Path) -> None:
    """Nothing is cached by the file's path (docs/design/results.md): a server sees the edit."""
    path = tmp_path / "plant.csv"
    row = "plant-2024,raw_coal,ncv,{},GJ/t,lab report,verified,\n"
    path.write_text(f"{OLD_HEADER}\n" + row.format(23.204), encoding="utf-8")
    first = load_factor_set(path)
    path.write_text(f"{OLD_HEADER}\n" + row.format(20.908), encoding="utf-8")
    second = load_factor_set(path)
    assert first.canonical().loc["raw_coal", "ncv_mass"] == pytest.approx(0.023204)
    assert second.canonical().loc["raw_coal", "ncv_mass"] == pytest.approx(0.020908)
    assert first.info.version != second.info.version


def test_user_file_without_note_column_and_in_gbk(tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    header = ",".join(c for c in FACTOR_COLUMNS if c not in ("gpc", "note"))
    path.write_bytes(f"{header}\nmine,天然气,ncv,38931,kJ/m^3,GB/T 2589,verified\n".encode("gbk"))
    assert load_factor_set(path).canonical().loc["natural_gas", "ncv_volume"] == pytest.approx(
        38_931e-9
    )


def test_bad_user_file_gives_one_problem_per_defect(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    lines = [
        HEADER,
        "mine,raw_coal,ncv,,23.204,GJ/t,lab,verified,",  # 2: fine
        "mine,raw_coal,ncv,,23.204,GJ/t,lab,verified,",  # 3: duplicate of line 2
        "mine,peat,ncv,,1,GJ/t,lab,verified,",  # 4: unknown fuel
        "mine,coke,ncv,,28.435,GJ/t,lab,approved,",  # 5: bad status
        "mine,gasoline,ncv,,abc,GJ/t,lab,verified,",  # 6: not a number
        "mine,diesel_oil,ncv,,-1,GJ/t,lab,verified,",  # 7: negative
        "mine,fuel_oil,ncv,,40.19,furlongs of joy,lab,verified,",  # 8: unit does not parse
        "mine,lpg,ncv,,47.31,kg,lab,verified,",  # 9: wrong dimension
        "mine,crude_oil,ncv,,42.62,GJ/t,,verified,",  # 10: empty source
        "mine,kerosene,density,,0.8,t/m^3,lab,verified,",  # 11: unknown parameter
        "mine,coke,oxidation,,93,1,lab,verified,",  # 12: oxidation above 1
        "mine,cement,ncv,,1,GJ/t,lab,verified,",  # 13: no NCV for a process
        "other,coke,carbon_content,,29.4,t/TJ,lab,verified,",  # 14: a second set
        "mine,coke,carbon_content,,29.4,t/TJ,lab,verified,extra,field",  # 15: unquoted comma
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
    assert "line 15: line has 10 fields" in str(caught.value)


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


def test_user_file_with_sector_specific_ch4_and_n2o(tmp_path: Path) -> None:
    path = tmp_path / "sectors.csv"
    path.write_text(
        f"{HEADER}\n"
        "city,gasoline,ncv,,44.3,TJ/Gg,IPCC,verified,\n"
        "city,gasoline,ch4_factor,,5,kg/TJ,survey,verified,every sector but the ones below\n"
        "city,gasoline,ch4_factor,I.4,3,kg/TJ,IPCC Table 2.2,uncertain,\n"
        "city,gasoline,n2o_factor,I.4,0.6,kg/TJ,IPCC Table 2.2,uncertain,\n"
        "city,gasoline,ch4_factor,ii,33,kg/TJ,survey,uncertain,all of transport\n"
        "city,diesel_oil,n2o_factor,II.1,3.9,kg/TJ,survey,uncertain,only N2O\n",
        encoding="utf-8",
    )
    factors = load_factor_set(path)
    assert list(factors.table["gpc"]) == ["", "", "I.4", "I.4", "II", "II.1"]
    canonical = factors.canonical()
    assert list(canonical.index) == ["gasoline"]  # diesel has sector rows only
    assert canonical.loc["gasoline", "ch4_factor"] == pytest.approx(0.005)
    assert canonical["n2o_factor"].isna()["gasoline"]
    sector = factors.sector_factors()
    assert sector[["fuel", "gpc"]].values.tolist() == [
        ["gasoline", "I.4"],
        ["gasoline", "II"],
        ["diesel_oil", "II.1"],
    ]
    assert sector["ch4_factor"].tolist() == pytest.approx([0.003, 0.033, math.nan], nan_ok=True)
    assert sector["n2o_factor"].tolist() == pytest.approx([0.0006, math.nan, 0.0039], nan_ok=True)


def test_unknown_gpc_names_file_line_column_value_and_the_allowed_codes(tmp_path: Path) -> None:
    path = tmp_path / "gpc.csv"
    path.write_text(
        f"{HEADER}\n"
        "mine,coke,ch4_factor,I.9,1,kg/TJ,lab,verified,\n"
        "mine,coke,ch4_factor,energy,1,kg/TJ,lab,verified,\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_factor_set(path)
    problems = caught.value.problems
    assert [(p.file, p.line, p.column, p.value) for p in problems] == [
        (str(path), 2, "gpc", "I.9"),
        (str(path), 3, "gpc", "energy"),
    ]
    assert "I.4, I.4.4" in problems[0].message and "II.1" in problems[0].message
    assert f"{path}, line 2, column 'gpc'" in str(caught.value)


def test_only_ch4_and_n2o_rows_may_name_a_gpc(tmp_path: Path) -> None:
    path = tmp_path / "gpc_ncv.csv"
    path.write_text(
        f"{HEADER}\n"
        "mine,coke,ncv,I.4,28.435,GJ/t,lab,verified,\n"
        "mine,coke,co2_factor,I.4,107,t/TJ,lab,verified,\n"
        "mine,coke,n2o_factor,I.4,1.5,kg/TJ,lab,verified,\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_factor_set(path)
    assert [(p.line, p.column, p.value) for p in caught.value.problems] == [
        (2, "gpc", "I.4"),
        (3, "gpc", "I.4"),
    ]
    assert "only ch4_factor and n2o_factor" in caught.value.problems[0].message


def test_duplicate_sector_rows_are_reported_but_other_sectors_are_not(tmp_path: Path) -> None:
    path = tmp_path / "dup.csv"
    path.write_text(
        f"{HEADER}\n"
        "mine,coke,ch4_factor,,1,kg/TJ,lab,verified,\n"
        "mine,coke,ch4_factor,I.4,1,kg/TJ,lab,verified,\n"
        "mine,coke,ch4_factor,I.3,10,kg/TJ,lab,verified,\n"
        "mine,coke,ch4_factor,i.4,2,kg/TJ,lab,verified,\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_factor_set(path)
    [problem] = caught.value.problems
    assert (problem.line, problem.column) == (5, "parameter")
    assert problem.message == "duplicate fuel, parameter and gpc (first on line 3)"


def test_cr_only_line_endings_are_read(tmp_path: Path) -> None:
    # Excel for old Mac OS ends lines with CR alone; csv used to raise _csv.Error on them.
    path = tmp_path / "mac.csv"
    lines = [
        OLD_HEADER,
        "mine,coke,ncv,28.435,GJ/t,lab,verified,",
        "",
        "mine,coke,oxidation,1,1,lab,ok,",
    ]
    path.write_bytes("\r".join(lines).encode("utf-8"))
    with pytest.raises(InputError) as caught:
        load_factor_set(path)
    # Line numbers count CR line breaks (the blank line 3 too).
    assert [(p.line, p.column) for p in caught.value.problems] == [(4, "status")]
    path.write_bytes("\r".join(lines[:2]).encode("utf-8"))
    assert load_factor_set(path).canonical().loc["coke", "ncv_mass"] == pytest.approx(0.028435)


def test_a_workbook_passed_as_factor_file_is_an_input_error(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "factors.csv"
    with zipfile.ZipFile(path, "w") as book:  # an .xlsx is a ZIP archive of XML parts
        book.writestr("xl/workbook.xml", "<workbook>\r\n</workbook>\r" * 50)
    with pytest.raises(InputError) as caught:
        load_factor_set(path)
    [problem] = caught.value.problems
    assert problem.file == str(path)
    assert "not a CSV text file" in problem.message and ".xlsx" in problem.message


def test_binary_and_undecodable_files_are_input_errors(tmp_path: Path) -> None:
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"factor_set,fuel\x00\x01\r\x02")
    with pytest.raises(InputError, match="binary file"):
        load_factor_set(binary)
    latin = tmp_path / "latin.csv"
    latin.write_bytes(f"{OLD_HEADER}\nmine,coke,ncv,1,GJ/t,caf\xe9,verified,\n".encode("latin-1"))
    with pytest.raises(InputError) as caught:
        load_factor_set(latin)
    [problem] = caught.value.problems
    assert (problem.file, problem.line) == (str(latin), 2)
    assert "neither UTF-8 nor GBK" in problem.message


def test_csv_the_reader_rejects_is_an_input_error_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "quote.csv"
    # An unclosed quote swallows the rest of the file into one field, past the csv field limit.
    path.write_text(f'{OLD_HEADER}\nmine,coke,ncv,1,GJ/t,"lab{"x" * 200_000}\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_factor_set(path)
    [problem] = caught.value.problems
    assert (problem.file, problem.line) == (str(path), 2)
    assert "not readable as CSV" in problem.message
