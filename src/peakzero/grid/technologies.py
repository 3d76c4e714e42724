"""Technology data of the grid for one year (:class:`Technologies`) and its assumptions.

The tables and their readers are in :mod:`peakzero.technologies`, below both the grid and the
pathway costs that read them; this module gives the grid its per-year view (with overrides of the
assumptions) and keeps the readers' names importable from here.

Two assumptions are not the grid's own but the pathway costs' (``data/pathways/costs.csv``), so
that the user sees one discount rate and one currency: ``discount_rate``, China's 8 % social
discount rate, annualises the grid's investments as it does the pathway's, and ``eur_cny``, the
ECB's 2020 mean rate, turns the grid's costs and prices into CNY when they are reported. The
network itself stays in EUR, the currency of its technology data (a currency factor changes no
solution).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from peakzero.errors import ReferenceDataError
from peakzero.io.reference import STATUSES
from peakzero.pathways.run import packaged_costs
from peakzero.technologies import annuity, grid_parameter, technology_series, technology_table
from peakzero.technologies import grid_parameters as _parameters

__all__ = [
    "ECONOMY",
    "STATUSES",
    "Technologies",
    "annuity",
    "economy",
    "grid_parameter",
    "load_technologies",
    "technology_series",
]


@dataclass(frozen=True)
class Technologies:
    """Technology figures of one year and the grid's assumptions.

    ``values`` maps (technology, parameter) to a number in the unit of the CSV file
    (investment in EUR/kW or EUR/kWh, FOM in %/yr, VOM and fuel in EUR/MWh, lifetime in yr);
    ``parameters`` maps an assumption's id to its value (``discount_rate`` and ``eur_cny``
    from the pathway costs, :data:`ECONOMY`).
    """

    year: int
    values: dict[tuple[str, str], float]
    parameters: dict[str, float]

    def get(self, technology: str, parameter: str) -> float:
        """A figure of a technology; a clear error if it is not in the table."""
        try:
            return self.values[(technology, parameter)]
        except KeyError:
            msg = f"data/grid/technologies.csv: no '{parameter}' for '{technology}'"
            raise ReferenceDataError(msg) from None

    def capital_cost(self, technology: str) -> float:
        """Annualised investment plus fixed O&M, EUR per MW (or MWh) and year."""
        investment = self.get(technology, "investment") * 1000.0  # per kW → per MW
        fom = self.values.get((technology, "FOM"), 0.0) / 100.0
        life = self.get(technology, "lifetime")
        return investment * (annuity(self.parameters["discount_rate"], life) + fom)

    def vom(self, technology: str) -> float:
        """Variable O&M, EUR/MWh of the technology's reference output (0 when not given)."""
        return self.values.get((technology, "VOM"), 0.0)


ECONOMY = ("discount_rate", "eur_cny")
"""The grid's assumptions that are the pathway costs' ``economy`` rows."""


def economy() -> dict[str, float]:
    """The discount rate and the EUR → CNY rate of the packaged pathway costs."""
    costs = packaged_costs()
    return {name: costs.scalar("economy", name) for name in ECONOMY}


def load_technologies(year: int, overrides: dict[str, float] | None = None) -> Technologies:
    """Technology figures for ``year`` (interpolated between cost years, flat outside).

    ``overrides`` replaces assumptions of ``data/grid/parameters.csv`` (or of :data:`ECONOMY`)
    by id (an unknown id is an error, so that a typo does not go unnoticed).
    """
    values = {
        key: float(np.interp(year, years, data))
        for key, (years, data) in technology_table().items()
    }
    parameters = economy() | _parameters()
    unknown = sorted(set(overrides or {}) - set(parameters))
    if unknown:
        msg = f"unknown grid parameter(s) {unknown}; valid: {sorted(parameters)}"
        raise ReferenceDataError(msg)
    parameters.update(overrides or {})
    return Technologies(year, values, parameters)
