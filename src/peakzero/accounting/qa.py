"""Quality checks a reviewer expects of an inventory.

* time series — a series that drops to exactly zero between non-zero years is a probable gap
  (CEADs Beijing cement process 2017 is 0.00 between 1.48 and 1.28 Mt), a missing year inside a
  series is reported;
* reference vs sectoral approach — apparent consumption against the sum of sectors, per fuel;
* sums — views that contain one another add up that way (e.g. territorial ≤ scope 1+2, without
  aviation ≤ with it), and districts add up to their city where both are given.

Each check returns :class:`~peakzero.checks.Finding` objects (``warning``: look at it; ``info``),
the one shape of check results; :func:`peakzero.checks.enforce` is strict mode.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from peakzero import codes
from peakzero.accounting.engine import Inventory
from peakzero.accounting.views import VIEWS, view_totals
from peakzero.checks import Finding

__all__ = [
    "Finding",
    "check_district_sums",
    "check_regions",
    "check_time_series",
    "check_view_sums",
    "compare_approaches",
]

SERIES_KEYS = ("region", "sector", "fuel", "gas", "scope")


def check_time_series(
    table: pd.DataFrame,
    keys: Sequence[str] = SERIES_KEYS,
    value: str = "value",
    min_share: float = 0.005,
    max_run: int = 2,
) -> list[Finding]:
    """Flag zeros between non-zero years and missing years inside each series of ``table``.

    A drop is a run of at most ``max_run`` zero years with non-zero years on both sides; longer
    runs are a fuel that was absent, not a gap. Every drop is reported: as a ``warning`` when
    the non-zero values around it average at least ``min_share`` of the region's total of that
    year (CEADs Beijing cement 2017: neighbours 1.48 and 1.28 Mt against 85.6 Mt, 1.6 %), as
    ``info`` for the small cells of an energy balance that come and go.
    """
    keys = [k for k in keys if k in table.columns]
    data = table.sort_values([*keys, "year"], kind="stable").reset_index(drop=True)
    series = data.groupby(keys, sort=False, observed=True).ngroup()
    amount = data[value].abs()
    nonzero = amount.where(amount.ne(0))
    before = nonzero.groupby(series).shift(1).groupby(series).ffill()
    after = nonzero.groupby(series).shift(-1).groupby(series).bfill()
    per_year = ["region", "year"] if "region" in data else ["year"]
    total = amount.groupby([data[k] for k in per_year], observed=True).transform("sum")
    material = (before + after) / 2 >= min_share * total
    # Zeros that follow the same number of non-zero years form one run.
    run = amount.ne(0).astype("int64").groupby(series).cumsum()
    run_length = amount.eq(0).groupby([series, run]).transform("sum")
    gap = amount.eq(0) & before.notna() & after.notna() & run_length.le(max_run)
    data["material"] = material
    findings = [
        Finding(
            "time-series-gap",
            "warning" if row["material"] else "info",
            f"{_series_name(row, keys)} is exactly zero in {row['year']} between non-zero years: "
            "probably a gap in the data, not a real zero",
            str(row["region"]) if "region" in keys else None,
            int(row["year"]),
            {k: row[k] for k in keys if k != "region"},
        )
        for row in data[gap].to_dict(orient="records")
    ]
    step = data["year"].diff().where(series.eq(series.shift()))
    late = data[step.gt(1)].assign(missing=step[step.gt(1)])
    for row in late.to_dict(orient="records"):
        years = list(range(int(row["year"] - row["missing"] + 1), int(row["year"])))
        findings.append(
            Finding(
                "time-series-missing-year",
                "info",
                f"{_series_name(row, keys)} has no value for {', '.join(map(str, years))}",
                str(row["region"]) if "region" in keys else None,
                years[0],
                {"missing_years": years},
            )
        )
    return findings


def _series_name(row: dict[Any, Any], keys: Sequence[str]) -> str:
    return "series " + " / ".join(str(row[k]) for k in keys)


def compare_approaches(
    inventory: Inventory, reference: pd.DataFrame, threshold: float = 0.05
) -> tuple[pd.DataFrame, list[Finding]]:
    """Reference approach (apparent consumption) against the sectoral approach, in t CO2.

    ``reference`` comes from :func:`~peakzero.accounting.supply.reference_approach`. IPCC 2006
    (Vol. 2 Ch. 6) asks for differences beyond a few per cent to be explained; ``threshold`` is
    that tolerance as a fraction.

    Returns the comparison per region, year and fuel (``reference, sectoral, difference``
    as a fraction of sectoral) and one finding per region-year whose total differs by more.
    """
    fuels = codes.fuels()
    combusted = [f for f, c in fuels.items() if c.get("kind") in ("solid", "liquid", "gas")]
    emissions = inventory.emissions
    sectoral = (
        emissions[emissions["gas"].eq("CO2") & emissions["fuel"].isin(combusted)]
        .groupby(["region", "year", "fuel"])["value"]
        .sum()
        .rename("sectoral")
    )
    ref = reference.set_index(["region", "year", "fuel"])["co2"].rename("reference")
    # Only fuels the supply data cover are compared; the others are named, not counted as 0.
    uncovered = sectoral[~sectoral.index.isin(ref.index)]
    sectoral = sectoral.reindex(ref.index, fill_value=0.0)
    table = pd.concat([ref, sectoral], axis=1).reset_index()
    table["difference"] = _relative(table["reference"], table["sectoral"])
    totals = table.groupby(["region", "year"])[["reference", "sectoral"]].sum()
    totals["difference"] = _relative(totals["reference"], totals["sectoral"])
    findings = [
        Finding(
            "reference-approach",
            "warning",
            f"reference approach {ref_t / 1e6:.3f} Mt vs sectoral {sect_t / 1e6:.3f} Mt CO2 "
            f"({diff:+.1%}): explain the difference (statistical difference, feedstocks, "
            "losses, bunkers) or correct the data",
            str(region),
            int(year),
            {"reference_t": ref_t, "sectoral_t": sect_t, "difference": diff},
        )
        for (region, year), ref_t, sect_t, diff in zip(
            totals.index, totals["reference"], totals["sectoral"], totals["difference"], strict=True
        )
        if not abs(diff) <= threshold
    ]
    missing = (
        uncovered.reset_index()
        .groupby(["region", "year"], as_index=False)
        .agg(fuel=("fuel", lambda f: ", ".join(map(str, f))))
    )
    for row in missing.to_dict(orient="records"):
        message = f"not in the supply data, so not compared: {row['fuel']}"
        findings.append(
            Finding("reference-approach", "info", message, str(row["region"]), int(row["year"]))
        )
    return table, findings


def _relative(a: pd.Series, b: pd.Series) -> pd.Series:
    with np.errstate(divide="ignore", invalid="ignore"):
        return (a - b) / b.where(b.ne(0))


# (smaller view, larger view): what the smaller counts is a part of what the larger counts.
_VIEW_ORDER = (("territorial", "scope1+2"), ("basic", "scope1+2"), ("basic", "basic+"))


def check_view_sums(views: pd.DataFrame, rel_tol: float = 1e-9) -> list[Finding]:
    """Views that contain one another must add up that way, per region and year.

    ``views`` is the table of :func:`~peakzero.accounting.views.view_totals` for every view,
    with and without aviation. A view without aviation never exceeds the same view with it;
    territorial and GPC BASIC never exceed scope 1+2; BASIC never exceeds BASIC+; and no total
    is negative.
    """
    table = views.pivot_table(
        index=["region", "year"], columns=["view", "aviation"], values="co2e", aggfunc="sum"
    )
    pairs = [((v, False), (v, True)) for v in VIEWS]
    pairs += [((small, a), (large, a)) for small, large in _VIEW_ORDER for a in (True, False)]
    findings = []
    for part, whole in pairs:
        if part not in table or whole not in table:
            continue
        excess = (table[part] - table[whole]).rename("amount")
        limit = rel_tol * table[whole].abs().clip(lower=1.0)
        for row in excess[excess > limit].reset_index().to_dict(orient="records"):
            message = (
                f"view {part[0]} (aviation {part[1]}) exceeds {whole[0]} (aviation {whole[1]}) "
                f"by {row['amount']:.6g} t CO2e, though it is a part of it"
            )
            findings.append(
                Finding("sum", "warning", message, str(row["region"]), int(row["year"]))
            )
    for row in views[views["co2e"] < 0].to_dict(orient="records"):
        message = f"view {row['view']} total is negative ({row['co2e']:.6g} t CO2e)"
        findings.append(Finding("sum", "warning", message, str(row["region"]), int(row["year"])))
    return findings


def check_district_sums(inventory: Inventory, rel_tol: float = 0.01) -> list[Finding]:
    """Compare districts with their city where an inventory holds both (territorial CO2e)."""
    regions = codes.regions()
    parents = {r: c.get("parent") for r, c in regions.items() if c.get("level") == "district"}
    totals = view_totals(inventory, "territorial")
    totals["region"] = totals["region"].astype(str)
    children = totals[totals["region"].isin(list(parents))]
    children = children.assign(parent=children["region"].map(parents))
    summed = children.groupby(["parent", "year"], as_index=False).agg(
        districts=("co2e", "sum"), n=("region", "size")
    )
    both = summed.merge(totals, left_on=["parent", "year"], right_on=["region", "year"])
    findings = []
    for row in both.to_dict(orient="records"):
        region, year = str(row["parent"]), int(row["year"])
        expected = sum(1 for p in parents.values() if p == region)
        share = row["districts"] / row["co2e"] if row["co2e"] else np.nan
        if row["n"] < expected:
            given = f"{int(row['n'])} of {expected} districts given"
            message = f"{given}; they hold {share:.1%} of the city"
            findings.append(Finding("district-sum", "info", message, region, year))
        elif not abs(share - 1.0) <= rel_tol:
            message = f"the districts add up to {share:.2%} of the city total"
            findings.append(Finding("district-sum", "warning", message, region, year))
    return findings


def check_regions(inventory: Inventory) -> list[Finding]:
    """Name the regions that are not in the codelist (kept as given, e.g. an industrial park)."""
    known = codes.regions()
    given = sorted({str(r) for r in inventory.emissions["region"].unique()})
    return [
        Finding(
            "unknown-region",
            "info",
            f"region {region!r} is not in the codelist (ids such as CN-BJ, CN-BJ-110108 or names "
            "such as 北京, 海淀区); it is kept as given",
            region,
        )
        for region in given
        if region not in known
    ]
