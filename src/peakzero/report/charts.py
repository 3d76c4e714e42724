"""Charts as inline SVG strings (matplotlib, Agg backend): no script, no network, no files.

Chart text stays in ASCII so that no CJK font is needed on the machine; the bilingual text lives
in the HTML around the charts.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

import matplotlib as mpl

mpl.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd

__all__ = [
    "bar_chart",
    "dispatch_chart",
    "fan_chart",
    "histogram_chart",
    "line_chart",
    "macc_chart",
    "stacked_area_chart",
]

mpl.rcParams.update(
    {
        "svg.fonttype": "none",  # keep text as text: smaller files, selectable labels
        "svg.hashsalt": "peakzero",  # stable ids, so the same data give the same file
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
)
PALETTE = (
    "#1b6ca8",
    "#e07b39",
    "#3a9d5d",
    "#c0392b",
    "#8e6bb8",
    "#7f8c8d",
    "#d4ac0d",
    "#17becf",
    "#2c3e50",
    "#f7b6d2",
)


def ascii_label(text: str) -> str:
    """A label with its non-ASCII part (e.g. a Chinese gloss in brackets) left out: chart text
    stays ASCII (see the module doc)."""
    kept = text.encode("ascii", "ignore").decode().replace("()", "").replace("  ", " ")
    return kept.strip() or "?"


def _svg(figure: plt.Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    text = buffer.getvalue()
    return text[text.index("<svg") :]  # drop the XML prolog: the SVG is inlined in HTML


def line_chart(
    series: Mapping[str, pd.Series],
    ylabel: str,
    mark: tuple[float, float, str] | None = None,
) -> str:
    """Lines over an integer x axis (years); ``mark`` = (x, y, label) annotates one point."""
    figure, axes = plt.subplots(figsize=(7.5, 3.2))
    for (name, values), colour in zip(series.items(), PALETTE, strict=False):
        axes.plot(
            values.index, values.to_numpy(), marker="o", markersize=3, label=name, color=colour
        )
    if mark is not None:
        x, y, label = mark
        axes.annotate(
            label,
            (x, y),
            xytext=(10, 8),
            textcoords="offset points",
            arrowprops={"arrowstyle": "-"},
        )
    axes.set_ylabel(ylabel)
    axes.set_ylim(bottom=0)
    axes.grid(axis="y", alpha=0.3)
    axes.legend(frameon=False, loc="lower right")
    return _svg(figure)


def stacked_area_chart(table: pd.DataFrame, ylabel: str) -> str:
    """Stacked areas: index = x (years), one column per layer."""
    figure, axes = plt.subplots(figsize=(7.5, 3.2))
    colours = [PALETTE[i % len(PALETTE)] for i in range(table.shape[1])]
    axes.stackplot(
        table.index, table.T.to_numpy(), labels=list(table.columns), colors=colours, alpha=0.85
    )
    axes.set_ylabel(ylabel)
    axes.grid(axis="y", alpha=0.3)
    axes.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncols=6)
    return _svg(figure)


def dispatch_chart(table: pd.DataFrame, ylabel: str) -> str:
    """Hourly dispatch: supply stacked above zero, withdrawals stacked below (index = hours)."""
    figure, axes = plt.subplots(figsize=(7.5, 3.4))
    colours = [PALETTE[i % len(PALETTE)] for i in range(table.shape[1])]
    hours = range(len(table))
    above, below = table.clip(lower=0), table.clip(upper=0)
    axes.stackplot(hours, above.T.to_numpy(), labels=list(table.columns), colors=colours)
    axes.stackplot(hours, below.T.to_numpy(), colors=colours, alpha=0.55)
    axes.axhline(0, color="black", linewidth=0.6)
    axes.set_xticks(range(0, len(table), 24))
    axes.set_xticklabels([f"{t:%a %d %b}" for t in table.index[::24]])
    axes.set_ylabel(ylabel)
    axes.grid(axis="y", alpha=0.3)
    axes.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=5)
    return _svg(figure)


def bar_chart(values: pd.Series, xlabel: str, groups: Sequence[str] | None = None) -> str:
    """Horizontal bars, largest first, with value labels."""
    ordered = values.sort_values()
    figure, axes = plt.subplots(figsize=(7.5, 0.35 * len(ordered) + 0.8))
    labels = list(groups) if groups is not None else [str(i) for i in ordered.index]
    bars = axes.barh(labels, ordered.to_numpy(), color=PALETTE[0])
    axes.bar_label(bars, fmt="%.2f", padding=3)
    axes.set_xlabel(xlabel)
    axes.margins(x=0.12)
    return _svg(figure)


def histogram_chart(samples: Mapping[str, Sequence[float]], xlabel: str) -> str:
    """Side-by-side histograms of integer-valued samples (e.g. peak years), as shares of runs."""
    figure, axes = plt.subplots(figsize=(7.5, 3.0))
    values = [v for s in samples.values() for v in s]
    bins = range(int(min(values)), int(max(values)) + 2)
    for (name, data), colour in zip(samples.items(), PALETTE, strict=False):
        weights = [1.0 / len(data)] * len(data)
        axes.hist(data, bins=bins, weights=weights, alpha=0.55, label=name, color=colour)
    axes.set_xlabel(xlabel)
    axes.set_ylabel("share of runs")
    axes.legend(frameon=False)
    return _svg(figure)


def macc_chart(
    bars: Sequence[tuple[str, float, float]],
    xlabel: str,
    reference: tuple[float, str] | None = None,
) -> str:
    """A marginal abatement cost curve: one bar per (label, width, cost), cheapest first, side
    by side; the y axis is symmetric-log so that a few very cheap or very dear levers do not
    flatten the rest. ``reference`` = (cost, label) draws a horizontal line (a carbon price)."""
    figure, axes = plt.subplots(figsize=(7.5, 3.6))
    left = 0.0
    for index, (label, width, cost) in enumerate(bars):
        colour = PALETTE[index % len(PALETTE)]
        axes.bar(
            left,
            cost,
            width=width,
            align="edge",
            color=colour,
            label=ascii_label(label),
            edgecolor="white",
            linewidth=0.5,
        )
        left += width
    if reference is not None:
        axes.axhline(reference[0], color="black", linewidth=0.8, linestyle="--")
        axes.annotate(
            reference[1], (0, reference[0]), xytext=(2, 3), textcoords="offset points", fontsize=7
        )
    axes.axhline(0, color="black", linewidth=0.5)
    axes.set_yscale("symlog", linthresh=100)
    axes.set_xlim(0, max(left, 1e-9))
    axes.set_xlabel(xlabel)
    axes.set_ylabel("CNY per t CO2")
    axes.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.18), ncols=2, fontsize=7)
    return _svg(figure)


def fan_chart(
    panels: Mapping[str, Mapping[str, Sequence[float]]],
    years: Sequence[int],
    ylabel: str,
    line_label: str = "deterministic (central inputs)",
) -> str:
    """Fan charts side by side, one panel per name: the p5-p95 band, the p25-p75 band and the
    median (keys ``p5`` … ``p95``) of an ensemble per year, and the deterministic run
    (``deterministic``) as a dashed line, labelled ``line_label``."""
    columns = min(len(panels), 2)
    rows = -(-len(panels) // columns)
    figure, grid = plt.subplots(
        rows, columns, figsize=(7.5, 2.6 * rows), sharex=True, sharey=True, squeeze=False
    )
    for axes, (name, fan) in zip(grid.flat, panels.items(), strict=False):
        axes.fill_between(years, fan["p5"], fan["p95"], color=PALETTE[0], alpha=0.2, lw=0)
        axes.fill_between(years, fan["p25"], fan["p75"], color=PALETTE[0], alpha=0.4, lw=0)
        axes.plot(years, fan["p50"], color=PALETTE[0], linewidth=1.5)
        axes.plot(years, fan["deterministic"], color=PALETTE[1], linewidth=1.2, linestyle="--")
        axes.axhline(0, color="black", linewidth=0.5)
        axes.set_title(ascii_label(name), fontsize=9)
        axes.grid(axis="y", alpha=0.3)
    for axes in grid.flat[len(panels) :]:
        axes.set_visible(False)
    for axes in grid[:, 0]:
        axes.set_ylabel(ylabel)
    handles = [
        mpl.patches.Patch(color=PALETTE[0], alpha=0.2, label="p5-p95"),
        mpl.patches.Patch(color=PALETTE[0], alpha=0.4, label="p25-p75"),
        mpl.lines.Line2D([], [], color=PALETTE[0], linewidth=1.5, label="ensemble median"),
        mpl.lines.Line2D([], [], color=PALETTE[1], linestyle="--", label=ascii_label(line_label)),
    ]
    figure.legend(handles=handles, frameon=False, loc="lower center", ncols=4, fontsize=8)
    figure.tight_layout(rect=(0, 0.06, 1, 1))
    return _svg(figure)
