"""IPCC Approach 1 on a hand-computed case."""

import math

import pandas as pd
import pytest

from peakzero.accounting.engine import Inventory
from peakzero.accounting.uncertainty import default_uncertainties, total_uncertainty


def test_approach_1_by_hand() -> None:
    emissions = pd.DataFrame(
        {
            "region": "CN-BJ",
            "year": 2019,
            "sector": ["EB46", "EB39", "EB46", "EB44"],
            "gpc": ["I.1", "I.4.4", "I.1", "I.2"],
            "fuel": ["raw_coal", "raw_coal", "natural_gas", "electricity"],
            "gas": "CO2",
            "scope": [1, 1, 1, 2],
            "value": [30.0, 40.0, 100.0, 50.0],
            "unit": "t CO2",
            "line": [2, 3, 4, 5],
        }
    )
    emissions["co2e"] = emissions["value"]
    activity = pd.DataFrame({"line": [2, 3, 4, 5], "uncertainty": [10.0, None, None, None]})
    inventory = Inventory(emissions, activity, "t", "g", "h", "AR5GWP100")
    (row,) = total_uncertainty(inventory, "scope1+2").to_dict(orient="records")
    # Coal: activity 10 % on 30 t and 5 % (default) on 40 t, factor 20.6 % on 70 t.
    coal_var = (0.10 * 30) ** 2 + (0.05 * 40) ** 2 + (0.206 * 70) ** 2
    # Gas: activity 5 %, factor 3.9 % on 100 t.
    gas_var = (0.05 * 100) ** 2 + (0.039 * 100) ** 2
    half = math.sqrt(coal_var + gas_var)
    assert row["total"] == 220.0
    assert row["uncertainty_pct"] == pytest.approx(100 * half / 170)
    assert row["lower"] == pytest.approx(220 - half)
    # Electricity has no known factor uncertainty: reported as uncovered, not guessed.
    assert row["covered_share"] == pytest.approx(170 / 220)


def test_defaults_have_sources() -> None:
    table = default_uncertainties()
    assert table["source"].str.len().gt(10).all()
    assert set(table["status"]) <= {"verified", "secondary", "uncertain"}
