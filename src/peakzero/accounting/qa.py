"""Quality checks a reviewer expects of an inventory.

* time series — a series that drops to exactly zero between non-zero years is a probable gap
  (CEADs Beijing cement process 2017 is 0.00 between 1.48 and 1.28 Mt), a missing year inside a
  series is reported;
* reference vs sectoral approach — apparent consumption against the sum of sectors, per fuel;
* sums — every view's total equals the sum of its fuel and of its GPC breakdown, and districts
  add up to their city where both are given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from peakzero import codes
from peakzero.accounting.engine import Inventory
from peakzero.accounting.views import VIEWS, view_totals

__all__ = [
    "Finding",
    "check_district_sums",
    "check_sums",
    "check_time_series",
    "compare_approaches",
]

SERIES_KEYS = ("region", "sector", "fuel", "gas", "scope")


@dataclass(frozen=True)
class Finding:
    """One QA finding. ``severity`` is ``warning`` (look at it) or ``info``."""

    check: str
    severity: str
    message: str
    region: str | None = None
    year: int | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return {
            "check": self.check,
            "severity": self.severity,
            "region": self.region,
            "year": self.year,
            "message": self.message,
            **self.detail,
        }


def check_time_series(
    table: pd.DataFrame,
    keys: Sequence[str] = SERIES_KEYS,
    value: str = "value",
    min_share: float = 0.005,
    max_run: int = 2,
) -> list[Finding]:
    """Flag zeros between non-zero years and missing years inside each series of ``table``.

    A drop is a run of at most ``max_run`` zero years with non-zero years on both sides; longer
    runs are a fuel that was absent, not a gap. Small cells of an energy balance come and go,
    so a drop is flagged only when the non-zero values around it average at least
    ``min_share`` of the region's total of that year (CEADs Beijing cement 2017: neighbours
    1.48 and 1.28 Mt against 85.6 Mt, 1.6 %).
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
    gap = amount.eq(0) & before.notna() & after.notna() & material & run_length.le(max_run)
    findings = [
        Finding(
            "time-series-gap",
            "warning",
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
    table = pd.concat([ref, sectoral], axis=1).fillna(0.0).reset_index()
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
    return table, findings


def _relative(a: pd.Series, b: pd.Series) -> pd.Series:
    with np.errstate(divide="ignore", invalid="ignore"):
        return (a - b) / b.where(b.ne(0))


def check_sums(inventory: Inventory, rel_tol: float = 1e-9) -> list[Finding]:
    """Every view's total equals the sum of its breakdowns by fuel and by GPC sub-sector."""
    findings = []
    for view in VIEWS:
        total = view_totals(inventory, view)
        for by in ("fuel", "gpc", "sector"):
            parts = view_totals(inventory, view, by=[by])
            summed = parts.groupby(["region", "year"], as_index=False)["co2e"].sum()
            both = total.merge(summed, on=["region", "year"], how="left", suffixes=("", "_parts"))
            both["gap"] = (both["co2e_parts"].fillna(0.0) - both["co2e"]).abs()
            limit = rel_tol * both["co2e"].abs().clip(lower=1.0)
            for row in both[both["gap"] > limit].to_dict(orient="records"):
                message = f"{view}: the {by} breakdown differs from the total by {row['gap']:.6g} t"
                findings.append(
                    Finding("sum", "warning", message, str(row["region"]), int(row["year"]))
                )
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
