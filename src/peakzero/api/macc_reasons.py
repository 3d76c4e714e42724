"""Why a bar of the explorer's cost curve has no cost, in the page's language.

The engine (:mod:`peakzero.pathways.macc`) gives each reason as a stable code with what it
names (:class:`~peakzero.pathways.macc.MaccReason`: lever ids, cost lines) beside its English
sentence; here each code has its message of the catalogue (zh_CN and en), and so has each
investment the research does not price (:data:`peakzero.pathways.costs.UNCOSTED`, by lever).
Cost lines are IAMC variable names and are shown as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

from peakzero.api.pages import N_
from peakzero.web.i18n import format_number, translations

if TYPE_CHECKING:  # the engine loads with the first cost curve, not when the app starts
    from peakzero.pathways.macc import MaccReason

__all__ = ["MESSAGES", "UNPRICED", "MaccReasonView", "explained", "joined"]

ReasonCode = Literal[
    "investment_not_priced",
    "missing_cost_figures",
    "not_finite",
    "no_abatement_2020_2060",
    "abates_late",
    "not_abating_in_year",
]

# Each code's message (msgid): the engine's English sentence (pathways.macc.REASON_CODES).
MESSAGES: dict[str, str] = {
    "investment_not_priced": N_("investment not priced (no sourced cost): %(items)s"),
    "missing_cost_figures": N_("missing cost figures: %(items)s"),
    "not_finite": N_("cost or abatement not a finite number (check the cost data)"),
    "no_abatement_2020_2060": N_("does not abate over 2020-2060"),
    "abates_late": N_("abatement comes late: its discounted tonnes are not positive"),
    "not_abating_in_year": N_("does not abate in %(year)s (%(abated)s Mt CO2/yr on this boundary)"),
}
# The investments not priced, by lever (msgids: the English of pathways.costs.UNCOSTED).
UNPRICED: dict[str, str] = {
    "hydrogen_industry_share": N_("industrial hydrogen burners and furnaces"),
    "grid_loss_share": N_("power electronics that cut grid losses"),
    "waste_heat_share": N_("waste-heat recovery"),
    "green_trip_share": N_("public transport, cycling and walking infrastructure"),
    "circular_park_saving": N_("circular-park measures"),
    "community_saving": N_("energy-saving community measures"),
    "agriculture_saving": N_("low-carbon agriculture measures"),
    "bev_truck_share": N_("battery-electric trucks over diesel ones"),
    "bev_bus_share": N_("battery-electric buses over diesel ones"),
    "bev_taxi_share": N_("battery-electric taxis over petrol ones"),
}
# How the locale lists items and joins sentences.
SEPARATORS = {"zh_CN": ("、", "；"), "en": (", ", "; ")}


class MaccReasonView(BaseModel):
    code: ReasonCode = Field(description="why the bar has no cost: a stable code")
    items: list[str] = Field(
        description="what the code names: lever ids (investment_not_priced) or cost lines "
        "(missing_cost_figures); empty otherwise"
    )
    text: str = Field(description="the reason in the request's language")


def explained(
    reasons: Sequence[MaccReason], year: int, abated_mt: float, locale: str
) -> list[MaccReasonView]:
    """Each reason with its text in ``locale`` (``year``, ``abated_mt``: the curve's year and
    the bar's abatement in it, which ``not_abating_in_year`` names)."""
    gettext = translations(locale).gettext
    listed = SEPARATORS.get(locale, SEPARATORS["en"])[0]
    views = []
    for reason in reasons:
        names = [gettext(UNPRICED[i]) if i in UNPRICED else i for i in reason.items]
        values = {
            "items": listed.join(names),
            "year": str(year),
            "abated": format_number(abated_mt, locale, 3),
        }
        text = gettext(MESSAGES[reason.code]) % values  # a message without fields: as it is
        views.append(
            MaccReasonView(
                code=reason.code,  # type: ignore[arg-type]  # REASON_CODES' keys, tested
                items=list(reason.items),
                text=text,
            )
        )
    return views


def joined(views: Sequence[MaccReasonView], locale: str) -> str:
    """The reasons as one text in ``locale``."""
    return SEPARATORS.get(locale, SEPARATORS["en"])[1].join(v.text for v in views)
