"""The packaged reference tables: every row has a source, a parseable unit and a valid status.

These tests read the CSV files directly (not through the loaders) so that a broken row fails here
with its file and line even if a loader were to skip it.
"""

import csv
import io
import math
from collections.abc import Iterator
from importlib.resources import files

import iam_units
import pytest
import yaml

from peakzero.accounting import factors, grid_factors, gwp
from peakzero.accounting.factors import GWP_METRICS, gwp_values, list_factor_sets, load_factor_set
from peakzero.errors import ReferenceDataError
from peakzero.io import reference
from peakzero.units import parse_unit

FACTOR_DIR = files("peakzero") / "data" / "factors"
COLUMNS = {
    "combustion.csv": "factor_set,fuel,parameter,gpc,value,unit,source,status,note",
    "grid.csv": "id,carrier,publisher,document,data_year,region,scope_type,value,unit,"
    "source,status,note",
    "gwp.csv": "metric,gas,value,unit,source,status,note",
}


def packaged_rows() -> Iterator[tuple[str, int, dict[str, str]]]:
    for name in COLUMNS:
        reader = csv.DictReader(io.StringIO((FACTOR_DIR / name).read_text(encoding="utf-8")))
        for row in reader:
            yield name, reader.line_num, row


ROWS = list(packaged_rows())


@pytest.mark.parametrize("name", list(COLUMNS))
def test_columns_are_exactly_as_documented(name: str) -> None:
    header = (FACTOR_DIR / name).read_text(encoding="utf-8").splitlines()[0]
    assert header == COLUMNS[name]


@pytest.mark.parametrize(("name", "line", "row"), ROWS, ids=[f"{n}:{ln}" for n, ln, _ in ROWS])
def test_every_row_has_provenance_and_a_number(name: str, line: int, row: dict[str, str]) -> None:
    where = f"{name} line {line}"
    assert row["source"].strip(), f"{where}: no source"
    assert row["unit"].strip(), f"{where}: no unit"
    assert row["status"] in ("verified", "secondary", "uncertain"), f"{where}: bad status"
    parse_unit(row["unit"])
    value = float(row["value"])
    assert math.isfinite(value) and value >= 0, f"{where}: bad value"
    assert None not in row, f"{where}: more fields than the header"


def test_rows_not_from_the_research_are_uncertain_and_say_so() -> None:
    outside = [row for _, _, row in ROWS if "not in ../shared/research" in row["note"]]
    assert outside, "the CH4/N2O, cement and heat rows are flagged in their notes"
    assert all(row["status"] == "uncertain" for row in outside)
    assert all("check" in row["note"] for row in outside)


def test_only_the_ipcc_table_2_2_rows_are_sector_specific() -> None:
    combustion = [row for name, _, row in ROWS if name == "combustion.csv"]
    sector = [row for row in combustion if row["gpc"]]
    assert sector, "the IPCC 2006 Table 2.2 CH4/N2O rows carry gpc I.4"
    assert {row["parameter"] for row in sector} == {"ch4_factor", "n2o_factor"}
    assert all(row["gpc"] == "I.4" and row["factor_set"] == "ipcc-2006" for row in sector)
    assert all("energy-industries defaults" in row["note"] for row in sector)
    assert all("Table 2.2" in row["source"] for row in sector)
    gases = [row for row in combustion if row["parameter"] in ("ch4_factor", "n2o_factor")]
    assert gases == sector  # no sector-wide CH4/N2O default anywhere


def test_sets_yaml_entries_are_complete() -> None:
    raw = yaml.safe_load((FACTOR_DIR / "sets.yaml").read_text(encoding="utf-8"))
    for key, entry in raw.items():
        for field in ("name_en", "name_zh", "kind", "version", "description", "provenance"):
            assert str(entry.get(field) or "").strip(), f"sets.yaml {key}: no {field}"
    assert {i.id for i in list_factor_sets()} == set(raw)


def test_loaders_accept_the_packaged_tables() -> None:
    for info in list_factor_sets():
        if info.kind == "combustion":
            assert not load_factor_set(info.id).canonical().empty
    assert len(grid_factors.grid_factors()) == sum(n == "grid.csv" for n, _, _ in ROWS)


@pytest.mark.parametrize("metric", GWP_METRICS)
@pytest.mark.parametrize("gas", ["CO2", "CH4", "N2O"])
def test_gwp_values_agree_with_iam_units(metric: str, gas: str) -> None:
    expected = iam_units.convert_gwp(metric, (1.0, f"kg {gas}"), "CO2e").to("kg").magnitude
    assert gwp_values(metric)[gas] == pytest.approx(expected, rel=1e-9)


@pytest.fixture
def fresh_caches() -> Iterator[None]:
    caches = (grid_factors._grid_table, gwp._gwp_table, factors._packaged_table, factors._sets)
    for cached in caches:
        cached.cache_clear()
    yield
    for cached in caches:
        cached.cache_clear()


@pytest.mark.usefixtures("fresh_caches")
@pytest.mark.parametrize("column", ["source", "unit", "status"])
def test_a_packaged_row_without_provenance_is_a_reference_data_error(
    monkeypatch: pytest.MonkeyPatch, column: str
) -> None:
    original = reference.packaged_text

    def broken(name: str) -> str:
        text = original(name)
        if name != "grid.csv":
            return text
        rows = list(csv.DictReader(io.StringIO(text)))
        rows[0][column] = ""
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue()

    monkeypatch.setattr(grid_factors, "packaged_text", broken)
    with pytest.raises(ReferenceDataError, match=f"grid.csv, line 2, column '{column}'"):
        grid_factors.grid_factors()


@pytest.mark.usefixtures("fresh_caches")
def test_a_packaged_row_with_an_unknown_gpc_is_a_reference_data_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    original = reference.packaged_text

    def broken(name: str) -> str:
        text = original(name)
        return (
            text.replace(",ch4_factor,I.4,", ",ch4_factor,I.9,", 1)
            if name == "combustion.csv"
            else text
        )

    monkeypatch.setattr(factors, "packaged_text", broken)
    with pytest.raises(ReferenceDataError, match="column 'gpc': unknown GPC sub-sector"):
        load_factor_set("ipcc-2006")


@pytest.mark.usefixtures("fresh_caches")
def test_unreadable_packaged_csv_is_a_reference_data_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    original = reference.packaged_text

    def broken(name: str) -> str:
        text = original(name)
        return text.replace("\n", "\r") if name == "gwp.csv" else text

    monkeypatch.setattr(gwp, "packaged_text", broken)
    assert gwp_values("AR5")["CH4"] == 28.0  # CR-only line endings read fine
    gwp._gwp_table.cache_clear()
    unclosed = 'metric,gas,value,unit,source,status\nAR5,"' + "x" * 200_000
    monkeypatch.setattr(gwp, "packaged_text", lambda name: unclosed)
    with pytest.raises(ReferenceDataError, match=r"gwp\.csv, line 2: not readable as CSV"):
        gwp_values("AR5")


@pytest.mark.usefixtures("fresh_caches")
def test_a_packaged_combustion_row_with_a_bad_unit_is_a_reference_data_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    original = reference.packaged_text

    def broken(name: str) -> str:
        text = original(name)
        return text.replace(",25.8,TJ/Gg,", ",25.8,kg,", 1) if name == "combustion.csv" else text

    monkeypatch.setattr(factors, "packaged_text", broken)
    with pytest.raises(ReferenceDataError, match="wrong dimension for ncv"):
        load_factor_set("ipcc-2006")
