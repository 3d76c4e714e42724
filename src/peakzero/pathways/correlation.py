"""Correlated Monte Carlo inputs: a Gaussian copula over the items that share a cause.

``data/pathways/correlations.csv`` gives pairs of uncertain inputs (levers, drivers, parameters)
with their **rank** (Spearman) correlation and its reason. Each correlated item still draws a
standard normal from its own stream (same seed, same draws); the normals of a group are mixed by
the Cholesky factor of the copula's correlation matrix and mapped through the normal CDF onto each
item's own distribution (:func:`~peakzero.pathways.distributions.quantile`). For a Gaussian copula
Spearman's rho_s and the normals' Pearson rho are tied by rho = 2 sin(pi rho_s / 6) (Kruskal 1958),
so the rank correlation of the draws is the one specified, whatever the marginals.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
from scipy import stats

from peakzero.errors import Problem
from peakzero.io.packaged import data_name, data_text
from peakzero.io.reference import (
    check_required,
    check_status,
    parse_number,
    raise_reference,
    read_rows,
)

__all__ = [
    "CORRELATION_FILE",
    "Correlations",
    "Pair",
    "copula_uniforms",
    "correlations",
    "normal_correlation",
    "read_correlations",
]

CORRELATION_FILE = "correlations.csv"
_TOLERANCE = 1e-10  # eigenvalues above -this count as non-negative (rounding)


@dataclass(frozen=True)
class Pair:
    """Two uncertain inputs and the rank correlation of their draws."""

    a: str
    b: str
    rank_correlation: float  # Spearman, -1..1
    line: int  # in the file, for messages


@dataclass(frozen=True)
class Correlations:
    """The checked specification: the items in it (sorted) and the copula's normal-scale
    correlation matrix over them."""

    file: str
    pairs: tuple[Pair, ...]
    items: tuple[str, ...]
    matrix: np.ndarray  # (items, items), Pearson correlation of the latent normals

    def as_dict(self) -> list[dict[str, object]]:
        """JSON-ready: the pairs as specified."""
        return [{"a": p.a, "b": p.b, "rank_correlation": p.rank_correlation} for p in self.pairs]


def normal_correlation(rank_correlation: float | np.ndarray) -> np.ndarray:
    """The latent normals' correlation that gives a Gaussian copula this Spearman correlation."""
    return np.asarray(2.0 * np.sin(np.pi * np.asarray(rank_correlation) / 6.0))


_COLUMNS = ("a", "b", "rank_correlation", "source", "status")


def read_correlations(text: str, file: str, known: Sequence[str]) -> Correlations:
    """A correlation table, checked: known uncertain ``a`` and ``b`` (two different ones, each
    pair once), a coefficient in [-1, 1], a source and a status on every row, and a matrix that
    is positive semi-definite (else the message names the lines of the pairs involved)."""
    rows, problems = read_rows(text, file, _COLUMNS, ("note",))
    pairs: list[Pair] = []
    seen: set[frozenset[str]] = set()
    for line, row in rows:
        problems += check_required(file, line, row, _COLUMNS)
        problems += check_status(file, line, row)
        for column in ("a", "b"):
            if row[column] and row[column] not in known:
                msg = "not an uncertain lever, driver or parameter (one with a distribution)"
                problems.append(Problem(file, msg, line, column, row[column]))
        if row["a"] and row["a"] == row["b"]:
            problems.append(Problem(file, "a pair needs two different inputs", line, "b", row["b"]))
        key = frozenset((row["a"], row["b"]))
        if key in seen:
            problems.append(Problem(file, "this pair is given twice", line, "a", row["a"]))
        seen.add(key)
        value = parse_number(row["rank_correlation"]) if row["rank_correlation"] else None
        if row["rank_correlation"] and (value is None or not -1.0 <= value <= 1.0):
            msg = "not a correlation; give a number from -1 to 1"
            problems.append(Problem(file, msg, line, "rank_correlation", row["rank_correlation"]))
        if value is not None:
            pairs.append(Pair(row["a"], row["b"], value, line))
    raise_reference(problems)
    items = tuple(sorted({p.a for p in pairs} | {p.b for p in pairs}))
    index = {item: i for i, item in enumerate(items)}
    matrix = np.eye(len(items))
    for p in pairs:
        matrix[index[p.a], index[p.b]] = matrix[index[p.b], index[p.a]] = normal_correlation(
            p.rank_correlation
        )
    if len(items) and np.linalg.eigvalsh(matrix).min() < -_TOLERANCE:
        lines = ", ".join(str(p.line) for p in pairs)
        msg = (
            "the correlations cannot hold together (their matrix is not positive "
            f"semi-definite; smallest eigenvalue {np.linalg.eigvalsh(matrix).min():.3g}): "
            f"weaken one of the pairs on lines {lines}"
        )
        raise_reference([Problem(file, msg)])
    return Correlations(file, tuple(pairs), items, matrix)


@cache
def correlations() -> Correlations:
    """The packaged specification (``data/pathways/correlations.csv``)."""
    from peakzero.pathways.distributions import uncertain_items  # the catalogue reads it

    name = CORRELATION_FILE
    return read_correlations(
        data_text("pathways", name), data_name("pathways", name), list(uncertain_items())
    )


def _factor(matrix: np.ndarray) -> np.ndarray:
    """A matrix ``L`` with ``L @ L.T == matrix``: Cholesky when positive definite, else from the
    eigen-decomposition (a semi-definite matrix, e.g. a correlation of exactly 1)."""
    try:
        return np.asarray(np.linalg.cholesky(matrix))
    except np.linalg.LinAlgError:
        values, vectors = np.linalg.eigh(matrix)
        return np.asarray(vectors * np.sqrt(np.clip(values, 0.0, None)))


def copula_uniforms(spec: Correlations, normals: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Correlated probabilities (0-1) for the items of ``spec`` from each item's own independent
    standard normals (``normals``, one array of runs per item)."""
    if not spec.items:
        return {}
    independent = np.stack([normals[item] for item in spec.items])  # (items, runs)
    mixed = _factor(spec.matrix) @ independent
    uniforms = stats.norm.cdf(mixed)
    return {item: np.asarray(uniforms[i]) for i, item in enumerate(spec.items)}
