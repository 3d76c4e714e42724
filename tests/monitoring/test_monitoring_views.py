"""Views: territorial scope 1, scope 1+2 with a named grid factor, aviation in or out."""

from __future__ import annotations

import pandas as pd
import pytest

from peakzero.errors import InputError
from peakzero.monitoring.views import apply_view, scope1_2, territorial

DAYS = pd.date_range("2024-01-01", periods=2, freq="D")
DAILY = pd.concat(
    [
        pd.DataFrame({"date": DAYS, "region": "CN-BJ", "sector": s, "value": v})
        for s, v in (("I.1", 10.0), ("II.1", 50.0), ("II.4", 60.0))
    ],
    ignore_index=True,
)
POWER = pd.DataFrame({"date": DAYS, "region": "CN-BJ", "value": 1000.0})  # MWh/day


def test_territorial_with_and_without_aviation() -> None:
    view = territorial(DAILY)
    assert view.data["value"].sum() == 240.0
    assert view.metadata["gases"] == "CO2 only"
    without = territorial(DAILY, aviation=False)
    assert "II.4" not in set(without.data["sector"])
    assert without.data["value"].sum() == 120.0
    assert without.metadata["aviation"] == "excluded (GPC II.4)"


def test_scope1_2_adds_electricity_times_the_named_factor() -> None:
    view = scope1_2(DAILY, POWER, "mee-beijing-2022")
    added = view.data[view.data["sector"].eq("I.scope2")]["value"]
    # 1000 MWh × 0.558 t/MWh (MEE/NBS Beijing 2022, grid.csv) = 558 t = 0.558 kt per day
    assert added.tolist() == pytest.approx([0.558, 0.558])
    assert view.data["value"].sum() == pytest.approx(240.0 + 2 * 0.558)
    assert view.metadata["grid_factor"] == "mee-beijing-2022"
    assert view.metadata["gases"] == "CO2 only"
    no_air = scope1_2(DAILY, POWER, "mee-beijing-2022", aviation=False)
    assert no_air.data["value"].sum() == pytest.approx(120.0 + 2 * 0.558)


def test_heat_and_territorial_drops_scope2_rows() -> None:
    heat = POWER.assign(value=100.0)  # GJ/day
    view = scope1_2(DAILY, POWER, "mee-beijing-2022", heat=heat)
    heat_rows = view.data[view.data["sector"].eq("I.scope2.heat")]["value"]
    assert heat_rows.tolist() == pytest.approx([0.011, 0.011])  # 100 GJ × 0.11 t/GJ
    assert territorial(view.data).data["value"].sum() == 240.0


def test_bad_factor_and_sector() -> None:
    with pytest.raises(InputError, match="mee-beijing-2022"):
        scope1_2(DAILY, POWER, "beijing-grid")
    with pytest.raises(InputError, match="Power"):
        territorial(DAILY.assign(sector="Power"))


def test_apply_view_by_name() -> None:
    assert apply_view(DAILY, aviation=False).data["value"].sum() == 120.0
    both = apply_view(DAILY, "scope1+2", electricity=POWER, grid_factor="mee-beijing-2022")
    assert both.metadata["view"] == "scope1+2"
    with pytest.raises(InputError, match="needs electricity"):
        apply_view(DAILY, "scope1+2")
    with pytest.raises(InputError, match="territorial, scope1\\+2"):
        apply_view(DAILY, "basic")
