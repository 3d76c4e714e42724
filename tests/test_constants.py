"""The constants equal their decimal definitions to the last bit and agree with the registry."""

from __future__ import annotations

import pytest

from peakzero import constants
from peakzero.units import conversion_factor


def test_constants_equal_their_definitions_exactly() -> None:
    assert constants.PJ_PER_TWH == 3.6
    assert constants.MJ_PER_KWH == 3.6
    assert constants.KWH_PER_PJ == 1e15 / 3.6e6
    assert constants.GJ_PER_TCE == 29.3076
    assert constants.J_PER_TCE == 29.3076e9
    assert constants.KGCE_PER_KWH == 3.6 / 29.3076
    assert constants.HOURS_PER_YEAR == 8760
    assert constants.CO2_PER_C == 44 / 12


@pytest.mark.parametrize(
    ("value", "unit", "target"),
    [
        (constants.PJ_PER_TWH, "TWh", "PJ"),
        (constants.KWH_PER_PJ, "PJ", "kWh"),
        (constants.GJ_PER_TCE, "tce", "GJ"),
        (constants.KGCE_PER_KWH, "kWh", "kgce"),
        (constants.HOURS_PER_YEAR, "(365 * day)", "hour"),
    ],
)
def test_constants_agree_with_the_unit_registry(value: float, unit: str, target: str) -> None:
    assert value == pytest.approx(conversion_factor(unit, target), rel=1e-12)
