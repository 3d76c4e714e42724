"""Which rows each reporting view counts, on a hand-made inventory."""

import pandas as pd
import pytest

from peakzero.accounting.engine import Inventory
from peakzero.accounting.views import select_view, view_totals
from peakzero.errors import InputError


def inventory() -> Inventory:
    rows = [
        # sector, gpc, fuel, scope, t CO2
        ("EB39", "I.4.4", "natural_gas", 1, 100.0),  # local power and heat plants
        ("EB46", "I.1", "natural_gas", 1, 10.0),
        ("EB46", "II.1", "gasoline", 1, 20.0),
        ("EB43", "II.4", "kerosene", 1, 40.0),  # aviation
        ("IV.1", "IV.1", "cement", 1, 5.0),
        ("EB44", "I.2", "electricity", 2, 70.0),
        ("EB44", "I.2", "heat", 2, 3.0),
    ]
    frame = pd.DataFrame(rows, columns=["sector", "gpc", "fuel", "scope", "value"])
    frame = frame.assign(region="CN-BJ", year=2019, gas="CO2", unit="t CO2", line=0)
    frame["co2e"] = frame["value"]
    return Inventory(frame, pd.DataFrame(), "test", "grid", "heat", "AR5GWP100")


@pytest.mark.parametrize(
    ("view", "aviation", "expected"),
    [
        ("territorial", True, 175.0),  # as CEADs: every scope-1 row
        ("territorial", False, 135.0),
        ("scope1+2", True, 248.0),
        ("scope1+2", False, 208.0),
        ("basic", True, 143.0),  # without I.4.4 (counted as consumers' scope 2) and IPPU
        ("basic", False, 103.0),
        ("basic+", True, 148.0),  # BASIC plus IPPU
        ("basic+", False, 108.0),
    ],
)
def test_view_totals(view: str, aviation: bool, expected: float) -> None:
    totals = view_totals(inventory(), view, aviation)
    assert totals["co2"].tolist() == [expected]
    assert totals["gwp_metric"].tolist() == ["AR5GWP100"]


def test_breakdown_by_gpc() -> None:
    by_gpc = view_totals(inventory(), "basic", by=["gpc"]).set_index("gpc")["co2"]
    assert by_gpc.to_dict() == {"I.1": 10.0, "I.2": 73.0, "II.1": 20.0, "II.4": 40.0}


def test_unknown_view() -> None:
    with pytest.raises(InputError, match="choose one of: territorial"):
        select_view(inventory().emissions, "scope3")
