"""Inventory study: the history's figures by name, the QA split, the emissions table."""

from pathlib import Path

import pandas as pd
import pytest

from peakzero.accounting.builtin import beijing_inventory
from peakzero.accounting.run import run_accounting
from peakzero.studies.inventory import (
    GROUP_ORDER,
    InventoryFacts,
    emissions_table,
    inventory_facts,
    region_year_count,
)
from peakzero.testing import BEIJING_CEADS, BEIJING_PEAK_YEAR, CEADS_ABS

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def facts() -> InventoryFacts:
    return inventory_facts(beijing_inventory(), "CN-BJ")


def test_history_and_peak(facts: InventoryFacts) -> None:
    assert list(facts.history.columns) == ["with aviation", "without aviation"]
    assert facts.peak.year == BEIJING_PEAK_YEAR
    assert facts.peak.value == pytest.approx(BEIJING_CEADS[BEIJING_PEAK_YEAR].total, abs=CEADS_ABS)
    shown = [g for g in facts.by_group_history.columns if g in GROUP_ORDER]
    assert shown == [g for g in GROUP_ORDER if g in shown]  # coal at the bottom, then oil, gas


def test_the_latest_mix_by_group_is_non_zero_largest_first(facts: InventoryFacts) -> None:
    latest = facts.latest_by_group
    assert (latest != 0).all() and latest.is_monotonic_decreasing
    assert latest.sum() == pytest.approx(facts.peak.latest_value, abs=CEADS_ABS)


def test_qa_findings_split_into_warnings_and_info(facts: InventoryFacts) -> None:
    assert all(f.severity == "warning" for f in facts.warnings)
    assert len(facts.warnings) + facts.info_count == len(facts.findings)
    assert any(f.year == 2017 for f in facts.warnings)  # the cement-process gap


def test_gpc_with_and_without_aviation(facts: InventoryFacts) -> None:
    both = facts.gpc_with_and_without_aviation.set_index("code")
    assert both.loc["II.4", "co2_without_aviation"] == 0.0  # aviation alone
    assert (both["co2_without_aviation"] <= both["co2"] + 1e-9).all()


def test_emissions_table_is_sorted_and_names_its_metric() -> None:
    run = run_accounting(DATA / "activity_small.csv")
    table = emissions_table(run.inventory)
    assert "line" not in table and set(table["gwp_metric"]) == {run.inventory.gwp_metric}
    keys = ["region", "year", "sector", "fuel", "gas"]
    assert table[keys].equals(table[keys].sort_values(keys, kind="stable"))


def test_region_year_count() -> None:
    frame = pd.DataFrame({"region": ["a", "a", "b"], "year": [1, 1, 1], "value": [1, 2, 3]})
    assert region_year_count(frame) == 2
