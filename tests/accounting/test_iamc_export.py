"""The inventory's IAMC tree is additive: every parent equals the sum of its children."""

from pathlib import Path

import pytest

from peakzero.accounting.builtin import beijing_inventory
from peakzero.accounting.iamc import inventory_to_iamc
from peakzero.accounting.run import run_accounting
from peakzero.testing import BEIJING_CEADS, CEADS_ABS, SMALL_CITY, assert_additive


def test_beijing_tree_is_additive() -> None:
    long = inventory_to_iamc(beijing_inventory(), "CEADs")
    assert_additive(long)
    co2 = long[(long["variable"] == "Emissions|CO2") & (long["year"] == 2019)]["value"].item()
    assert co2 == pytest.approx(BEIJING_CEADS[2019].total, abs=CEADS_ABS)
    assert set(long["unit"]) == {"Mt CO2/yr"}  # CEADs is CO2 only
    views = {v for v in long["variable"] if "[" in v}
    # No scope-2 data in CEADs: only the territorial view, which needs none.
    assert views == {"Emissions|CO2 [Territorial]", "Emissions|CO2 [Territorial, without aviation]"}


def test_small_inventory_has_indirect_and_view_variables(tmp_path: Path) -> None:
    co2_only = inventory_to_iamc(run_accounting(SMALL_CITY.write(tmp_path, "small.csv")).inventory)
    assert "Emissions|CO2 [GPC BASIC, without aviation]" in set(co2_only["variable"])
    activity = tmp_path / "activity.csv"
    activity.write_text(
        "region,year,sector,fuel,value,unit\n"
        "CN-BJ,2019,EB39,fuel_oil,100,t\nCN-BJ,2019,EB44,electricity,1,亿千瓦时\n",
        encoding="utf-8",
    )
    run = run_accounting(activity, factors="ipcc-2006", gwp="AR6")
    long = inventory_to_iamc(run.inventory)
    assert_additive(long)
    variables = set(long["variable"])
    assert {"Indirect Emissions|CO2", "Indirect Emissions|CO2|Electricity"} <= variables
    assert "Emissions|Kyoto Gases (AR6GWP100) [GPC BASIC, without aviation]" in variables
    assert "Emissions|CH4|Energy|Supply" in variables
