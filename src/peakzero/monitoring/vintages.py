"""Reconcile monitored months to a newly arrived annual inventory, and the revision table.

A monitored result is released as a **vintage**: a flash (快报) estimate from proxies first, a
final (年报) one when the annual inventory of that year arrives. :func:`reconcile` rescales
each sector's months of a year **pro rata**, by the one factor

    k(region, sector, year) = inventory(region, sector, year) / Σ_month value(region, sector, month)

so that the reconciled months sum to the inventory figure and keep the proxies' monthly shape.
This is how CMCC anchors its daily values to the city's annual CCG total (Huo et al. 2022, *Sci
Data*, doi 10.1038/s41597-022-01796-3; dossier ../shared/research/monitoring.md §1.4, §1.6 and
§4.3). The band (``low``, ``high``) is scaled by the same factor: the reconciliation moves the
level, not the relative uncertainty.

Only (region, sector, year) that are in both frames are reconciled; other months are returned
as they were and get no revision rows, and inventory rows without months are not used (an
inventory may hold sectors the monitor does not track, e.g. AFOLU). A year is reconciled only
when all its twelve months are there: rescaling a part of a year to a whole year's total would
put the missing months' emissions into the others.

Values are Mt CO2 in both frames (the store's unit); this module converts nothing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from peakzero.errors import InputError, Problem

__all__ = ["INVENTORY_COLUMNS", "MONTHLY_COLUMNS", "REVISION_COLUMNS", "reconcile"]

MONTHLY_COLUMNS = ("region", "sector", "month", "value")
"""The monthly result's required columns (``low`` and ``high`` optional), value in Mt CO2."""
INVENTORY_COLUMNS = ("region", "sector", "year", "value")
"""The annual inventory's columns, value in Mt CO2."""
REVISION_COLUMNS = ("region", "sector", "period", "old", "new", "change", "change_pct")
"""The revision table: ``period`` is a month 'YYYY-MM' or a year 'YYYY'; change = new − old;
change_pct = 100 × change / old (NaN where old is 0)."""
_MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"


def reconcile(
    monthly: pd.DataFrame, annual_inventory: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``monthly`` rescaled so that each (region, sector, year)'s months sum to
    ``annual_inventory``'s figure, and the revision table (:data:`REVISION_COLUMNS`, the months
    and then the year of each revised sector).

    Raises
    ------
    InputError
        One problem per missing column, bad month, non-number or repeated row of either frame;
        per reconciled year that lacks months; per year whose months sum to zero or less while
        the inventory does not.
    """
    months = _checked_monthly(monthly)
    inventory = _checked_inventory(annual_inventory)
    keys = ["region", "sector", "year"]
    sums = months.groupby(keys, sort=False).agg(total=("value", "sum"), count=("value", "size"))
    both = sums.join(inventory.set_index(keys)["value"].rename("inventory"), how="inner")
    problems = [
        Problem(
            _file(monthly, "monthly"),
            f"{12 - int(n)} of the 12 months are missing; only a whole year is reconciled",
            column="month",
            value=_where(key),
        )
        for key, n in zip(both.index, both["count"], strict=True)
        if n != 12
    ]
    zero = (both["total"] <= 0) & (both["inventory"] != 0)
    problems += [
        Problem(
            _file(monthly, "monthly"),
            "the months sum to zero or less; a pro-rata rescaling needs a positive total",
            column="value",
            value=_where(key),
        )
        for key in both.index[zero]
    ]
    if problems:
        raise InputError(problems)
    # k = 1 where both are zero: nothing to move.
    total = both["total"].to_numpy()
    factor = np.divide(
        both["inventory"].to_numpy(), total, out=np.ones(len(both)), where=total != 0
    )
    both = both.assign(factor=factor)
    joined = months.join(both["factor"], on=keys)
    covered = joined["factor"].notna().to_numpy()
    k = joined["factor"].fillna(1.0).to_numpy()
    reconciled = monthly.reset_index(drop=True).copy()
    for column in ("value", "low", "high"):
        if column in reconciled.columns:
            reconciled[column] = months[column].to_numpy() * k
    return reconciled, _revisions(months, joined, covered, both)


def _revisions(
    months: pd.DataFrame, joined: pd.DataFrame, covered: np.ndarray, both: pd.DataFrame
) -> pd.DataFrame:
    old = months.loc[covered, "value"].to_numpy()
    new = old * joined.loc[covered, "factor"].to_numpy()
    monthly = pd.DataFrame(
        {
            "region": months.loc[covered, "region"].to_numpy(),
            "sector": months.loc[covered, "sector"].to_numpy(),
            "period": months.loc[covered, "month"].to_numpy(),
            "old": old,
            "new": new,
        }
    )
    index = both.index
    yearly = pd.DataFrame(
        {
            "region": index.get_level_values("region"),
            "sector": index.get_level_values("sector"),
            "period": index.get_level_values("year").astype(str),
            "old": both["total"].to_numpy(),
            "new": both["inventory"].to_numpy(),
        }
    )
    table = pd.concat([monthly, yearly], ignore_index=True)
    table["change"] = table["new"] - table["old"]
    table["change_pct"] = 100.0 * table["change"] / table["old"].where(table["old"] != 0)
    # 'YYYY' sorts before 'YYYY-MM': put each sector's months first, its year after them.
    table["is_year"] = table["period"].str.len() == 4
    table["year"] = table["period"].str[:4]
    table = table.sort_values(["region", "sector", "year", "is_year", "period"], kind="stable")
    return table[list(REVISION_COLUMNS)].reset_index(drop=True)


# --- checks -----------------------------------------------------------------------------------


def _where(key: object) -> str:
    """A (region, sector, year) key as problems show it."""
    return " ".join(str(part) for part in key) if isinstance(key, tuple) else str(key)


def _file(frame: pd.DataFrame, what: str) -> str:
    return str(frame.attrs.get("file", f"<{what}>"))


def _missing(frame: pd.DataFrame, columns: tuple[str, ...], file: str) -> list[Problem]:
    return [
        Problem(file, f"missing column '{c}'; the columns are: {', '.join(columns)}", 1, c)
        for c in columns
        if c not in frame.columns
    ]


def _numbers(
    frame: pd.DataFrame, column: str, file: str, *, optional: bool = False
) -> tuple[pd.Series, list[Problem]]:
    values = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    bad = ~np.isfinite(values.to_numpy())
    if optional:
        bad &= frame[column].notna().to_numpy()
    problems = [
        Problem(file, "not a finite number (Mt CO2)", int(i) + 2, column, frame[column].iloc[i])
        for i in bad.nonzero()[0]
    ]
    return values, problems


def _checked_monthly(monthly: pd.DataFrame) -> pd.DataFrame:
    """The monthly frame with a ``year`` column, or InputError naming each bad cell (lines as
    in a CSV of the frame: header on line 1)."""
    file = _file(monthly, "monthly")
    problems = _missing(monthly, MONTHLY_COLUMNS, file)
    if problems:
        raise InputError(problems)
    rows = monthly.reset_index(drop=True)
    out = rows[["region", "sector"]].astype(str)
    out["month"] = rows["month"].astype(str).str.strip()
    bad = ~out["month"].str.match(_MONTH).to_numpy()
    problems += [
        Problem(file, "not a month; give YYYY-MM", int(i) + 2, "month", rows["month"].iloc[i])
        for i in bad.nonzero()[0]
    ]
    out["value"], found = _numbers(rows, "value", file)
    problems += found
    for column in ("low", "high"):
        if column in rows.columns:
            out[column], found = _numbers(rows, column, file, optional=True)
            problems += found
    repeated = out.duplicated(["region", "sector", "month"]).to_numpy()
    problems += [
        Problem(
            file,
            "(region, sector, month) repeats an earlier row",
            int(i) + 2,
            "month",
            out["month"].iloc[i],
        )
        for i in repeated.nonzero()[0]
    ]
    if problems:
        raise InputError(problems)
    out["year"] = out["month"].str[:4].astype(int)
    return out


def _checked_inventory(inventory: pd.DataFrame) -> pd.DataFrame:
    file = _file(inventory, "inventory")
    problems = _missing(inventory, INVENTORY_COLUMNS, file)
    if problems:
        raise InputError(problems)
    rows = inventory.reset_index(drop=True)
    out = rows[["region", "sector"]].astype(str)
    year = pd.to_numeric(rows["year"], errors="coerce")
    bad = (year.isna() | (year != year.round())).to_numpy()
    problems += [
        Problem(file, "not a year", int(i) + 2, "year", rows["year"].iloc[i])
        for i in bad.nonzero()[0]
    ]
    out["value"], found = _numbers(rows, "value", file)
    problems += found
    if problems:
        raise InputError(problems)
    out["year"] = year.astype(int)
    repeated = out.duplicated(["region", "sector", "year"]).to_numpy()
    problems += [
        Problem(
            file,
            "(region, sector, year) repeats an earlier row",
            int(i) + 2,
            "year",
            int(out["year"].iloc[i]),
        )
        for i in repeated.nonzero()[0]
    ]
    if problems:
        raise InputError(problems)
    return out
