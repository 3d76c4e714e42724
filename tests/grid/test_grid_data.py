"""The grid's technology data and assumptions: provenance, units, interpolation."""

import csv
import io
import math
from importlib.resources import files

import pytest

from peakzero.errors import ReferenceDataError
from peakzero.grid.technologies import annuity, load_technologies
from peakzero.pathways.run import packaged_costs
from peakzero.units import parse_unit

DATA = files("peakzero") / "data" / "grid"


def _rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((DATA / name).read_text(encoding="utf-8"))))


@pytest.mark.parametrize("name", ["technologies.csv", "parameters.csv"])
def test_every_row_has_a_unit_a_source_and_a_status(name: str) -> None:
    for row in _rows(name):
        assert row["source"].strip() and row["unit"].strip(), row
        assert row["status"] in ("verified", "secondary", "uncertain"), row
        parse_unit(row["unit"])
        assert math.isfinite(float(row["value"])), row


def test_technology_data_cite_their_file_and_say_they_are_european() -> None:
    for row in _rows("technologies.csv"):
        assert row["source"].startswith("PyPSA/technology-data outputs/costs_"), row
        assert row["status"] == "secondary"
        assert "not Beijing's" in row["note"]


def test_assumptions_say_so() -> None:
    for row in _rows("parameters.csv"):
        if row["source"].startswith("assumption"):
            assert row["status"] == "uncertain"
            assert float(row["min"]) <= float(row["value"]) <= float(row["max"])


def test_annuity_by_hand() -> None:
    assert annuity(0.0, 20) == pytest.approx(0.05)
    assert annuity(0.07, 25) == pytest.approx(0.07 / (1 - 1.07**-25))


def test_capital_cost_is_annuity_plus_fom_per_mw() -> None:
    tech = load_technologies(2030)
    investment = 383.7312 * 1000
    expected = investment * (annuity(0.08, 40) + 0.024757)
    assert tech.capital_cost("solar ground") == pytest.approx(expected)


def test_one_discount_rate_and_one_currency_with_the_pathway_costs() -> None:
    costs = packaged_costs()
    p = load_technologies(2030).parameters
    assert p["discount_rate"] == costs.discount_rate == 0.08
    assert p["eur_cny"] == costs.scalar("economy", "eur_cny") == 7.8747
    assert "discount_rate" not in {row["id"] for row in _rows("parameters.csv")}
    assert load_technologies(2030, {"discount_rate": 0.05}).parameters["discount_rate"] == 0.05


def test_years_outside_the_cost_years_are_flat_and_overrides_are_checked() -> None:
    assert load_technologies(2019).values == load_technologies(2020).values
    assert load_technologies(2060).values == load_technologies(2050).values
    mid = load_technologies(2040).get("electrolyser", "investment")
    assert mid == pytest.approx((550.0 + 300.0) / 2)  # halfway between 2030 and 2050
    assert load_technologies(2025).get("electrolyser", "investment") == pytest.approx(875.0)
    assert load_technologies(2030, {"discount_rate": 0.05}).parameters["discount_rate"] == 0.05
    with pytest.raises(ReferenceDataError, match="discount_rat"):
        load_technologies(2030, {"discount_rat": 0.05})
    with pytest.raises(ReferenceDataError, match="no 'efficiency' for 'wind'"):
        load_technologies(2030).get("wind", "efficiency")
