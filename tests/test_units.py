import pytest

from peakzero.units import UnitError, conversion_factor, parse_unit


@pytest.mark.parametrize(
    ("unit", "target", "expected"),
    [
        ("万吨", "t", 1e4),
        ("10^4 t", "t", 1e4),
        ("亿立方米", "m^3", 1e8),
        ("10^8 m^3", "m^3", 1e8),
        ("万立方米", "m^3", 1e4),
        ("万千瓦时", "kWh", 1e4),
        ("10^4 kWh", "kWh", 1e4),
        ("亿千瓦时", "MWh", 1e5),
        ("tce", "GJ", 29.3076),
        ("万tce", "GJ", 293076.0),
        ("kgce", "MJ", 29.3076),
        ("Mtce", "PJ", 29.3076),
        ("Gg", "t", 1e3),
        ("万吨标煤", "tce", 1e4),
        ("吨标煤", "GJ", 29.3076),
        ("万t", "t", 1e4),
        ("10^8 m3", "m^3", 1e8),
        ("万m3", "m^3", 1e4),
    ],
)
def test_chinese_statistical_units(unit: str, target: str, expected: float) -> None:
    assert conversion_factor(unit, target) == pytest.approx(expected, rel=1e-12)


def test_wrong_dimension_is_a_unit_error() -> None:
    with pytest.raises(UnitError, match="wrong dimension"):
        conversion_factor("万吨", "GJ")


@pytest.mark.parametrize(
    "text", ["", "furlongs per fortnight of joy", "t CO2", "t)", "(t", "t/0", '"t"']
)
def test_unparseable_units_are_unit_errors(text: str) -> None:
    with pytest.raises(UnitError):
        parse_unit(text)
