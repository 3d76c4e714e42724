"""The inventory's IAMC tree is additive: every parent equals the sum of its children."""

from pathlib import Path

import pandas as pd

from peakzero.accounting.builtin import beijing_inventory
from peakzero.accounting.iamc import inventory_to_iamc
from peakzero.accounting.run import run_accounting

DATA = Path(__file__).resolve().parents[1] / "data"


def assert_additive(long: pd.DataFrame) -> None:
    tree = long[
        long["variable"].str.startswith("Emissions|") & ~long["variable"].str.contains(r"\[")
    ]
    for key, group in tree.groupby(["region", "year"]):
        values = dict(zip(group["variable"], group["value"], strict=True))
        for parent, total in values.items():
            depth = parent.count("|") + 1
            children = [
                v for k, v in values.items() if k.startswith(parent + "|") and k.count("|") == depth
            ]
            if children:
                assert abs(sum(children) - total) <= 1e-9 * max(1.0, abs(total)), (parent, key)


def test_beijing_tree_is_additive() -> None:
    long = inventory_to_iamc(beijing_inventory(), "CEADs")
    assert_additive(long)
    co2 = long[(long["variable"] == "Emissions|CO2") & (long["year"] == 2019)]["value"].item()
    assert abs(co2 - 89.18) < 0.006
    assert set(long["unit"]) <= {"Mt CO2/yr", "Mt CO2-equiv/yr"}


def test_small_inventory_has_indirect_and_view_variables() -> None:
    run = run_accounting(DATA / "activity_small.csv")
    long = inventory_to_iamc(run.inventory)
    assert_additive(long)
    variables = set(long["variable"])
    assert {"Indirect Emissions|CO2", "Indirect Emissions|CO2|Electricity"} <= variables
    assert "Emissions|Kyoto Gases (AR5GWP100) [GPC BASIC, without aviation]" in variables
