"""Test helpers for peakzero and for code built on it: assertions on IAMC frames and named
Beijing cases with known answers.

Assertions
    :func:`assert_iamc_equal` compares two IAMC frames (long or wide) value by value within a
    tolerance and, when they differ, says which rows: model, scenario, region, variable, unit
    and year, with both values. :func:`assert_additive` checks that every variable with
    reported children (``A|B`` under ``A``) equals their sum, per model, scenario, region and
    year.

Cases
    Small inputs worked out by hand, and published Beijing figures, that many tests use:
    :data:`BEIJING_CEADS` (Beijing's CEADs totals, Mt CO2, with :data:`CEADS_ABS`, the
    tolerance of their two published decimals), :data:`GASOLINE_10KT` and :data:`SMALL_CITY`
    (activity files with their emissions computed by hand; ``case.write(folder)`` writes one as
    a CSV file for the reader, the engine or the command line).

Databases
    :func:`fresh_database` gives a test an empty database of its own: a SQLite file, or a
    PostgreSQL database created on the server of ``PEAKZERO_TEST_POSTGRES_URL`` and dropped
    afterwards.

>>> import pandas as pd
>>> from peakzero.testing import assert_additive
>>> frame = pd.DataFrame(
...     {"model": "m", "scenario": "s", "region": "CN-BJ", "unit": "Mt CO2/yr", "year": 2030,
...      "variable": ["Emissions|CO2", "Emissions|CO2|AFOLU", "Emissions|CO2|Energy"],
...      "value": [10.0, 1.0, 9.0]})
>>> assert_additive(frame)
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from uuid import uuid4

import numpy as np
import pandas as pd

from peakzero.io.iamc import IAMC_COLUMNS, IAMC_INDEX

__all__ = [
    "BEIJING_CEADS",
    "BEIJING_PEAK_YEAR",
    "CEADS_ABS",
    "GASOLINE_10KT",
    "SMALL_CITY",
    "ActivityCase",
    "CeadsYear",
    "assert_additive",
    "assert_iamc_equal",
]

_KEYS = [*IAMC_INDEX, "year"]
_SHOWN_ROWS = 20  # rows of a difference listed in a message; more are counted, not shown


# --- assertions on IAMC frames -------------------------------------------------------------------


def assert_iamc_equal(
    left: pd.DataFrame,
    right: pd.DataFrame,
    *,
    rtol: float = 1e-9,
    atol: float = 0.0,
) -> None:
    """Assert that two IAMC frames hold the same rows and values.

    Either frame may be long (``model, scenario, region, variable, unit, year, value``) or wide
    (the IAMC index, then one column per year, as ``to_wide`` and pyam write). Row order, column
    order and the years' type (``2030`` or ``"2030"``) do not matter; two missing values are
    equal. Values are equal when ``|left - right| <= atol + rtol * |right|``.

    Raises
    ------
    AssertionError
        Listing the rows found on one side only and the values that differ, each with its
        model, scenario, region, variable, unit and year (the first 20 of each kind).
    """
    a, b = _values(left, "left"), _values(right, "right")
    only_left, only_right = a.index.difference(b.index), b.index.difference(a.index)
    common = a.index.intersection(b.index)
    x, y = a[common].to_numpy(float), b[common].to_numpy(float)
    differ = ~np.isclose(x, y, rtol=rtol, atol=atol, equal_nan=True)
    if not (len(only_left) or len(only_right) or differ.any()):
        return
    lines = [
        f"IAMC frames differ: {len(only_left)} row(s) only in left, {len(only_right)} only in "
        f"right, {int(differ.sum())} value(s) differ (rtol={rtol:g}, atol={atol:g})"
    ]
    if differ.any():
        table = pd.DataFrame({"left": x, "right": y, "right - left": y - x}, index=common)
        lines += ["values that differ:", _listing(table[differ])]
    for name, keys, side in (("left", only_left, a), ("right", only_right, b)):
        if len(keys):
            lines += [f"rows only in {name}:", _listing(side[keys].to_frame("value"))]
    raise AssertionError("\n".join(lines))


def assert_additive(frame: pd.DataFrame, *, rtol: float = 1e-9) -> None:
    """Assert that every variable equals the sum of its reported children.

    The children of ``A|B`` are the variables ``A|B|C`` one level down, in the same model,
    scenario, region and year; a variable none of whose children is reported is not checked.
    The gap may be ``rtol`` of the parent's magnitude (at least of 1): rounding, not a missing
    part. ``frame`` is long or wide (see :func:`assert_iamc_equal`); rows repeated for one key
    are summed.

    Raises
    ------
    AssertionError
        Naming each parent, region and year whose children do not add up, with both sums and the
        children (the first 20).
    """
    values = _values(frame, "frame", repeated="sum").droplevel("unit")
    wide = values.unstack("year")
    names = set(wide.index.get_level_values("variable"))
    children = {
        parent: sorted(
            v for v in names if v.startswith(parent + "|") and v.count("|") == parent.count("|") + 1
        )
        for parent in names
    }
    failures = []
    for place, block in wide.groupby(level=["model", "scenario", "region"], sort=True):
        block = block.droplevel(["model", "scenario", "region"])
        for parent in sorted(block.index):
            found = [child for child in children[parent] if child in block.index]
            if not found:
                continue
            total, parts = block.loc[parent], block.loc[found].sum()
            gap = (parts - total).abs()
            for year in gap.index[gap > rtol * total.abs().clip(lower=1.0)]:
                failures.append((*place, parent, year, total[year], parts[year], ", ".join(found)))
    if failures:
        columns = ["model", "scenario", "region", "variable", "year", "value", "children sum"]
        table = pd.DataFrame(failures, columns=[*columns, "children"])
        msg = (
            f"{len(failures)} parent value(s) differ from the sum of their children "
            f"(rtol={rtol:g}):\n{_listing(table.set_index(columns[:5]))}"
        )
        raise AssertionError(msg)


def _values(frame: pd.DataFrame, name: str, repeated: str = "error") -> pd.Series:
    """The values of an IAMC frame (long or wide) by model, scenario, region, variable, unit,
    year; ``repeated`` rows of one key raise (``"error"``) or are summed (``"sum"``)."""
    missing = [c for c in IAMC_INDEX if c not in frame.columns]
    if missing:
        msg = f"{name} is not an IAMC frame: it lacks the column(s) {', '.join(missing)}"
        raise AssertionError(msg)
    if "year" in frame.columns and "value" in frame.columns:
        long = frame[list(IAMC_COLUMNS)]
    else:  # wide: every column after the index is a year
        long = frame.melt(id_vars=list(IAMC_INDEX), var_name="year", value_name="value")
    try:
        long = long.assign(year=long["year"].astype(int), value=long["value"].astype(float))
    except (TypeError, ValueError) as exc:
        msg = f"{name}: years must be whole numbers and values numbers ({exc})"
        raise AssertionError(msg) from None
    keyed = long.set_index(_KEYS)["value"]
    if keyed.index.has_duplicates:
        if repeated == "sum":
            return keyed.groupby(level=_KEYS, sort=True).sum(min_count=1)
        twice = keyed.index[keyed.index.duplicated()].unique()
        msg = f"{name} holds {len(twice)} key(s) more than once, e.g.\n" + _listing(
            keyed[twice].to_frame("value")
        )
        raise AssertionError(msg)
    return keyed.sort_index()


def _listing(table: pd.DataFrame) -> str:
    shown = table.head(_SHOWN_ROWS).to_string()
    more = len(table) - _SHOWN_ROWS
    return shown + (f"\n… and {more} more" if more > 0 else "")


# --- named Beijing cases -------------------------------------------------------------------------


@dataclass(frozen=True)
class CeadsYear:
    """Beijing's territorial CO2 of one year in CEADs and its fuel groups, Mt CO2 (emission-data.md
    §1.6; published to two decimals: compare within :data:`CEADS_ABS`)."""

    total: float
    coal: float
    oil: float
    gas: float
    process: float


BEIJING_CEADS: Mapping[int, CeadsYear] = {
    1997: CeadsYear(61.92, 45.85, 13.68, 0.35, 2.04),
    2005: CeadsYear(92.12, 59.52, 22.74, 6.42, 3.44),
    2010: CeadsYear(105.04, 51.08, 35.67, 15.24, 3.05),
    2017: CeadsYear(85.56, 7.83, 44.07, 33.66, 0.00),
    2019: CeadsYear(89.18, 2.95, 46.11, 39.10, 1.03),
}
"""Beijing's CEADs inventory in five years, the peak (2010) and the latest (2019) among them."""

BEIJING_PEAK_YEAR = 2010
"""The year Beijing's territorial CO2 peaked in CEADs (105.04 Mt)."""

CEADS_ABS = 0.006
"""Tolerance of a CEADs figure, Mt: its two published decimals plus floating-point slack."""


@dataclass(frozen=True)
class ActivityCase:
    """An activity file with emissions worked out by hand.

    ``text`` is the CSV (the activity format of ``peakzero inventory compute``); ``factors`` the
    factor set the answers assume (grid electricity: North China 2022; heat: the default);
    ``co2`` the CO2 in t of each (sector, fuel) row, and ``why`` how it was computed.
    """

    name: str
    text: str
    factors: str
    co2: Mapping[tuple[str, str], float]
    why: str

    def write(self, folder: Path, name: str = "activity.csv") -> Path:
        """Write the activity CSV into ``folder`` and return its path."""
        path = Path(folder) / name
        path.write_text(self.text, encoding="utf-8")
        return path


GASOLINE_10KT = ActivityCase(
    name="10,000 t of household gasoline, IPCC 2006",
    text="region,year,sector,fuel,value,unit\nCN-BJ,2019,EB46,gasoline,10000,t\n",
    factors="ipcc-2006",
    co2={("EB46", "gasoline"): 30_699.9},
    why="10 Gg × 44.3 TJ/Gg × 69.3 t CO2/TJ",
)

_C_TO_CO2 = 44 / 12
_GAS_PER_M3 = 38_931e-9 * 15.3 * 0.99 * _C_TO_CO2  # t CO2 per m³ of natural gas

SMALL_CITY = ActivityCase(
    name="a small city on China's factors (tests/data/activity_small.csv)",
    text=(
        "region,year,sector,fuel,value,unit\n"
        "CN-BJ,2019,EB46,gasoline,1,万吨\n"
        "CN-BJ,2019,EB46,natural_gas,1,亿立方米\n"
        "CN-BJ,2019,EB39,natural_gas,2,亿立方米\n"
        "CN-BJ,2019,EB43,kerosene,43.07,TJ\n"
        "CN-BJ,2019,EB44,electricity,1,亿千瓦时\n"
        "CN-BJ,2019,EB44,heat,3600,GJ\n"
    ),
    factors="cn-gbt2589-provincial-2011",
    co2={
        ("EB46", "gasoline"): 1e4 * 43_070e-6 * 18.9 * 0.98 * _C_TO_CO2,
        ("EB46", "natural_gas"): 1e8 * _GAS_PER_M3,
        ("EB39", "natural_gas"): 2e8 * _GAS_PER_M3,
        ("EB43", "kerosene"): 43.07 * 19.5 * 0.98 * _C_TO_CO2,
        ("EB44", "electricity"): 67_760.0,
        ("EB44", "heat"): 396.0,
    },
    why=(
        "GB/T 2589 net calorific value × provincial-guideline carbon content × oxidation × 44/12; "
        "scope 2: 1e5 MWh × 0.6776 t/MWh (North China 2022) and 3,600 GJ × 0.11 t/GJ"
    ),
)


POSTGRES_TEST_ENV = "PEAKZERO_TEST_POSTGRES_URL"
"""The PostgreSQL server tests may create databases on (``.ci/run`` sets it), e.g.
``postgresql+psycopg://postgres@/postgres?host=/tmp/pg&port=5432``; its user must be allowed to
create databases."""


@contextmanager
def fresh_database(backend: str, folder: Path) -> Iterator[str | None]:
    """The URL of an empty database made for one test: ``sqlite`` — a new file in ``folder``;
    ``postgresql`` — a new database on the server of :data:`POSTGRES_TEST_ENV`, dropped when the
    block ends (``None`` when that variable is not set: the caller skips)."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'peakzero.db'}"
        return
    base = os.environ.get(POSTGRES_TEST_ENV)
    if not base:
        yield None
        return
    import sqlalchemy  # imported here: most users of this module need no database

    server = sqlalchemy.make_url(base)
    admin = sqlalchemy.create_engine(
        server.set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT"
    )
    name = f"peakzero_test_{uuid4().hex[:16]}"
    try:
        with admin.connect() as connection:
            connection.execute(sqlalchemy.text(f'CREATE DATABASE "{name}"'))
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sqlalchemy.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
