"""The proxy kinds codelist and the proxy reader: conversions, and every bad cell named."""

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from peakzero import codes
from peakzero.errors import InputError
from peakzero.io.packaged import data_file
from peakzero.monitoring.proxies import (
    PROXY_COLUMNS,
    monitored_sectors,
    proxy_kinds,
    read_proxies,
    unit_conversion,
)

HEADER = "region,period,sector,proxy,value,unit\n"


def write(tmp_path: Path, body: str, name: str = "proxies.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_the_codelist_has_the_kinds_of_the_issue_with_their_dimensions() -> None:
    kinds = proxy_kinds()
    expected = {
        "electricity_consumption": ("energy",),
        "gas_consumption": ("volume", "energy"),
        "fuel_sales": ("mass", "volume"),
        "traffic_index": ("dimensionless",),
        "flights": ("count",),
        "passengers": ("count",),
        "industrial_output_index": ("dimensionless",),
        "temperature": ("temperature",),
        "external_estimate": ("mass/time",),
    }
    assert {k: kinds[k].dimensions for k in expected} == expected
    assert [k for k, v in kinds.items() if v.negative_allowed] == ["temperature"]
    for kind in kinds.values():
        assert kind.name_zh and kind.name_en and kind.description_zh and kind.description_en


def test_monitored_sectors_fall_back_to_the_gpc_codes_without_sectors_csv() -> None:
    sectors = monitored_sectors()
    if not data_file("monitoring", "sectors.csv").is_file():
        assert sectors == tuple(codes.gpc_sectors())
    assert sectors and all(isinstance(s, str) for s in sectors)


@pytest.mark.parametrize(
    ("kind", "unit", "value", "expected", "canonical"),
    [
        ("electricity_consumption", "GWh", 1.5, 1500.0, "MWh"),
        ("electricity_consumption", "万千瓦时", 3.0, 30.0, "MWh"),
        ("electricity_consumption", "亿千瓦时", 2.0, 200_000.0, "MWh"),
        ("gas_consumption", "亿立方米", 1.0, 1e8, "m**3"),
        ("gas_consumption", "GJ", 2000.0, 2.0, "TJ"),
        ("fuel_sales", "万吨", 1.2, 12_000.0, "t"),
        ("fuel_sales", "L", 5000.0, 5.0, "m**3"),
        ("passengers", "万人次", 2.0, 20_000.0, "count"),
        ("flights", "flights", 1200.0, 1200.0, "count"),
        ("traffic_index", "index", 5.6, 5.6, "dimensionless"),
        ("industrial_output_index", "percent", 105.0, 1.05, "dimensionless"),
        ("temperature", "degF", 50.0, 10.0, "degC"),
        ("temperature", "K", 263.15, -10.0, "degC"),
        ("temperature", "℃", -3.5, -3.5, "degC"),
        ("external_estimate", "kt CO2/day", 50.0, 50.0, "kt/day"),
        ("external_estimate", "ktCO2 per day", 50.0, 50.0, "kt/day"),
        ("external_estimate", "t CO2/day", 2500.0, 2.5, "kt/day"),
    ],
)
def test_units_convert_to_the_kinds_canonical_unit(
    kind: str, unit: str, value: float, expected: float, canonical: str
) -> None:
    conversion = unit_conversion(kind, unit)
    assert conversion.unit == canonical
    assert value * conversion.factor + conversion.offset == pytest.approx(expected, rel=1e-12)


def test_a_good_csv_reads_in_the_proxies_shape_and_canonical_units(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "CN-BJ,2025-03-01,I.4.4,electricity_consumption,1.5,GWh\n"
        '北京市,2025-03-02,i.4.4,Electricity_Consumption,"1,200",MWh\n'
        "CN-BJ-110105,2025-03,I.1,temperature,-4.5,degC\n"
        "CN-BJ,2025-03-01,II.4,passengers,2,万人次\n",
    )
    frame = read_proxies(path)
    assert list(frame.columns) == list(PROXY_COLUMNS)
    assert frame["region"].tolist() == ["CN-BJ", "CN-BJ", "CN-BJ-110105", "CN-BJ"]
    assert frame["period"].tolist() == ["2025-03-01", "2025-03-02", "2025-03", "2025-03-01"]
    assert frame["sector"].tolist() == ["I.4.4", "I.4.4", "I.1", "II.4"]
    assert frame["proxy"].tolist()[1] == "electricity_consumption"
    assert frame["value"].tolist() == pytest.approx([1500.0, 1200.0, -4.5, 20_000.0])
    assert frame["unit"].tolist() == ["MWh", "MWh", "degC", "count"]


BAD_CSV = (
    "CN-BJ,2025-03-01,I.4.4,electricity_consumption,1.5,GWh\n"  # line 2: good
    "CN-XX,2025-03-02,I.4.4,electricity_consumption,1,MWh\n"  # 3: region
    "CN-BJ,2025-02-30,I.4.4,electricity_consumption,1,MWh\n"  # 4: period
    "CN-BJ,2025-03-03,Z.9,electricity_consumption,1,MWh\n"  # 5: sector
    "CN-BJ,2025-03-04,I.4.4,beans,1,MWh\n"  # 6: proxy
    "CN-BJ,2025-03-05,I.4.4,electricity_consumption,1,m**3\n"  # 7: dimension
    "CN-BJ,2025-03-06,I.4.4,electricity_consumption,1,bananas\n"  # 8: unit
    "CN-BJ,2025-03-07,I.4.4,electricity_consumption,abc,MWh\n"  # 9: not a number
    "CN-BJ,2025-03-08,I.4.4,electricity_consumption,-2,MWh\n"  # 10: negative
    "CN-BJ,2025-03-01,I.4.4,electricity_consumption,1.5,GWh\n"  # 11: duplicate of 2
    "CN-BJ,2025-04,I.4.4,electricity_consumption,9,MWh\n"  # 12: monthly in a daily series
    "CN-BJ,2025-03-01,I.1,gas_consumption,1,亿立方米\n"  # 13: good
    "CN-BJ,2025-03-02,I.1,gas_consumption,1,TJ\n"  # 14: energy in a volume series
    "CN-BJ,2025-03-01,I.1,temperature,-3,degC\n"  # 15: good (negative temperature)
    "CN-BJ,2025-03-01,II.1,external_estimate,inf,kt CO2/day\n"  # 16: not finite
)

# (line, column, value, words of the message): file, line, value and what is allowed.
EXPECTED = [
    (3, "region", "CN-XX", "unknown region; allowed: CN-BJ, CN-BJ-110101"),
    (4, "period", "2025-02-30", "a date YYYY-MM-DD (daily) or a month YYYY-MM"),
    (5, "sector", "Z.9", "unknown sector; allowed: the monitored sectors"),
    (6, "proxy", "beans", "allowed: electricity_consumption, gas_consumption, fuel_sales"),
    (
        7,
        "unit",
        "m**3",
        "is not a unit of energy (the dimension of proxy 'electricity_consumption')",
    ),
    (8, "unit", "bananas", "does not parse; allowed: units of energy (e.g. MWh)"),
    (9, "value", "abc", "value must be a finite number"),
    (10, "value", "-2", "allowed below zero only for proxy 'temperature'"),
    (11, "value", "1.5", "duplicate of line 2"),
    (12, "period", "2025-04", "daily from line 2 but this period is monthly"),
    (14, "unit", "TJ", "given as volume from line 13 but here as energy; allowed: one basis"),
    (16, "value", "inf", "value must be a finite number"),
]


def test_every_bad_cell_of_a_csv_is_named_with_line_value_and_what_is_allowed(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, BAD_CSV)
    with pytest.raises(InputError) as caught:
        read_proxies(path)
    problems = caught.value.problems
    got = [(p.line, p.column, str(p.value)) for p in problems]
    assert got == [(line, column, value) for line, column, value, _ in EXPECTED]
    for problem, (line, _, value, words) in zip(problems, EXPECTED, strict=True):
        text = str(problem)
        assert text.startswith(f"{path}, line {line}, column ")
        assert words in text
        assert f"(value '{value}')" in text


def test_not_strict_returns_the_good_rows_and_one_error_finding_per_problem(
    tmp_path: Path,
) -> None:
    frame, findings = read_proxies(write(tmp_path, BAD_CSV), strict=False)
    assert frame["period"].tolist() == ["2025-03-01", "2025-03-01", "2025-03-01"]
    assert frame["proxy"].tolist() == ["electricity_consumption", "gas_consumption", "temperature"]
    assert [f.check for f in findings] == [
        "bad-region",
        "bad-period",
        "unknown-sector",
        "unknown-proxy",
        "wrong-unit-dimension",
        "bad-unit",
        "non-numeric",
        "negative-value",
        "duplicate",
        "mixed-granularity",
        "mixed-unit-basis",
        "non-numeric",
    ]
    assert {f.severity for f in findings} == {"error"}
    negative = findings[7]
    assert negative.detail["numbers"] == {"line": 10}
    assert negative.detail["periods"] == ["2025-03-08"]
    assert negative.detail["sector"] == "I.4.4"


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no data rows"):
        read_proxies(write(tmp_path, ""))


def test_a_missing_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("region,period,sector,proxy,value\nCN-BJ,2025-03,I.1,flights,1\n")
    with pytest.raises(InputError, match="missing column 'unit'"):
        read_proxies(path)


def workbook(tmp_path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sheet1"
    sheet.append(list(PROXY_COLUMNS))
    for row in rows:
        sheet.append(row)
    path = tmp_path / "proxies.xlsx"
    book.save(path)
    return path


def test_a_workbook_reads_date_cells_and_names_bad_cells_like_sheet1_d7(tmp_path: Path) -> None:
    good: list[list[object]] = [
        ["CN-BJ", dt.datetime(2025, 3, 1), "II.4", "flights", 1200, "flights"],
        ["CN-BJ", dt.date(2025, 3, 2), "II.4", "flights", 1180, "flights"],
        ["CN-BJ", "2025-03-03", "II.4", "flights", 1190.0, "count"],
    ]
    frame = read_proxies(workbook(tmp_path, good))
    assert frame["period"].tolist() == ["2025-03-01", "2025-03-02", "2025-03-03"]
    assert frame["value"].tolist() == [1200.0, 1180.0, 1190.0]

    bad: list[list[object]] = [
        *good,
        ["CN-BJ", "2025-03-04", "II.4", "flights", "many", "count"],  # row 5, E
        ["CN-BJ", "2025-03-05", "II.4", "flights", 3, "kg"],  # row 6, F
        ["CN-BJ", "2025-03-06", "II.4", "trains", 3, "count"],  # row 7, D
    ]
    path = workbook(tmp_path, bad)
    with pytest.raises(InputError) as caught:
        read_proxies(path)
    texts = [str(p) for p in caught.value.problems]
    assert len(texts) == 3
    assert texts[0].startswith(f"{path} [sheet Sheet1], row 5, column 'value': cell Sheet1!E5:")
    assert "value must be a finite number (value 'many')" in texts[0]
    assert "cell Sheet1!F6: unit 'kg' is not a unit of count" in texts[1]
    assert "cell Sheet1!D7: unknown proxy kind; allowed: electricity_consumption" in texts[2]
    assert texts[2].endswith("(value 'trains')")
