"""The constants equal their decimal definitions to the last bit and agree with the registry."""

from __future__ import annotations

import subprocess
import sys

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


def test_the_registry_is_built_on_first_use_only() -> None:
    # Importing the modules (as the platform's start does) loads no pint; the first factor
    # asked for builds the registry, and the registry's names still import as before.
    code = (
        "import sys\n"
        "import peakzero.constants, peakzero.units\n"
        "print('pint' in sys.modules)\n"
        "from peakzero.constants import GJ_PER_TCE\n"
        "from peakzero.units import Quantity, registry\n"
        "print('pint' in sys.modules, GJ_PER_TCE, Quantity is registry.Quantity)\n"
        "print(registry.Quantity(1, 'tce').to('GJ').magnitude)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True", "29.3076", "True", "29.3076"]


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="NOT_A_CONSTANT"):
        _ = constants.NOT_A_CONSTANT
