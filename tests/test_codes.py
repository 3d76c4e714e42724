import pytest

from peakzero import codes


def test_codelists_have_expected_sizes() -> None:
    assert len(codes.energy_balance_sectors()) == 47
    provinces = [c for c in codes.regions().values() if c.get("level") == "province"]
    districts = [c for c in codes.regions().values() if c.get("level") == "district"]
    assert len(provinces) == 31
    assert len(districts) == 16
    assert all(d.get("parent") == "CN-BJ" for d in districts)
    ceads_fuels = [f for f in codes.fuels().values() if f.get("kind") in ("solid", "liquid", "gas")]
    assert len(ceads_fuels) == 17


def test_every_code_is_bilingual() -> None:
    for codelist in (codes.fuels(), codes.gases(), codes.regions(), codes.gpc_sectors()):
        for code in codelist.values():
            assert code.name_en and code.name_zh


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("EB39", "EB39"),
        ("39", "EB39"),
        ("eb 7", "EB07"),
        ("Urban (households)", "EB46"),
        ("电力、热力的生产和供应业", "EB39"),
        ("II.4", "II.4"),
        ("i.1", "I.1"),
        ("Aviation", "II.4"),
        ("48", None),
        ("steelworks", None),
    ],
)
def test_resolve_sector(text: str, expected: str | None) -> None:
    assert codes.resolve_sector(text) == expected


def test_fuel_spellings_resolve() -> None:
    fuels = codes.fuels()
    assert fuels.resolve("Raw_Coal") == "raw_coal"
    assert fuels.resolve("RawCoal") == "raw_coal"
    assert fuels.resolve("天然气") == "natural_gas"
    assert fuels.resolve("coal tar") is None


@pytest.mark.parametrize(
    ("sector", "fuel", "gpc"),
    [
        ("EB43", "kerosene", "II.4"),
        ("EB46", "gasoline", "II.1"),
        ("EB01", "diesel_oil", "II.5"),
        ("EB46", "natural_gas", "I.1"),
        ("EB39", "natural_gas", "I.4.4"),
        ("EB43", "raw_coal", "I.2"),
        ("EB27", "cement", "IV.1"),
        ("I.3", "natural_gas", "I.3"),
    ],
)
def test_gpc_mapping_rebuilds_transport_from_fuels(sector: str, fuel: str, gpc: str) -> None:
    assert codes.gpc_for(sector, fuel) == gpc


def test_every_energy_balance_sector_maps_to_a_known_gpc_code() -> None:
    gpc = codes.gpc_sectors()
    for code in codes.energy_balance_sectors().values():
        assert code.get("gpc") in gpc
