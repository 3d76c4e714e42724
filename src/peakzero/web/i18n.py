"""Languages of the platform: the locale a request is served in, its catalogue and the number
and date formats of that locale (Babel).

The locale comes from ``?lang=`` (kept in a cookie by the app), else the signed-in user's saved
language, else the cookie, else :data:`DEFAULT_LOCALE`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime
from functools import cache

from babel import Locale
from babel.dates import format_date as _format_date
from babel.dates import format_datetime as _format_datetime
from babel.numbers import format_decimal, format_percent
from babel.support import NullTranslations, Translations

from peakzero.web import LOCALE_DIR

__all__ = [
    "DEFAULT_LOCALE",
    "DOMAIN",
    "LOCALES",
    "choose_locale",
    "format_day",
    "format_moment",
    "format_number",
    "format_share",
    "html_lang",
    "translations",
]

LOCALES = ("zh_CN", "en")
"""The catalogue's languages, the default first."""
DEFAULT_LOCALE = "zh_CN"
DOMAIN = "messages"


def choose_locale(*candidates: str | None) -> str:
    """The first of ``candidates`` (in order: ``?lang=``, the user's saved language, the cookie)
    that names a locale, else the default.

    ``zh``, ``zh-CN`` and ``en-US`` are accepted as the locale they mean.
    """
    for candidate in candidates:
        found = _normalise(candidate)
        if found is not None:
            return found
    return DEFAULT_LOCALE


def _normalise(text: str | None) -> str | None:
    if not text:
        return None
    key = text.strip().replace("-", "_").lower()
    for locale in LOCALES:
        if key == locale.lower() or key.split("_")[0] == locale.split("_")[0].lower():
            return locale
    return None


@cache
def translations(locale: str) -> NullTranslations:
    """The compiled catalogue of ``locale`` (read once per process)."""
    return Translations.load(str(LOCALE_DIR), [locale], DOMAIN)


def html_lang(locale: str) -> str:
    """The ``<html lang>`` value: ``zh-CN`` or ``en``."""
    return locale.replace("_", "-")


def format_number(value: float | None, locale: str, digits: int = 1) -> str:
    """``value`` with ``digits`` decimals and the locale's separators (— when unknown)."""
    if value is None:
        return "—"
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    text = format_decimal(value, format=pattern, locale=Locale.parse(locale))
    return _unsigned_zero(text, value, lambda zero: format_decimal(zero, pattern, locale))


def format_share(value: float | None, locale: str, digits: int = 0) -> str:
    """A 0-1 share as a percentage in the locale's format."""
    if value is None:
        return "—"
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "") + "%"
    text = format_percent(value, format=pattern, locale=Locale.parse(locale))
    return _unsigned_zero(text, value, lambda zero: format_percent(zero, pattern, locale))


def _unsigned_zero(text: str, value: float, again: Callable[[int], str]) -> str:
    """``text``, or zero formatted ``again`` when ``value`` rounds to zero: Babel keeps the sign
    of -0.3 shown with no decimals ("-0"), which reads as a negative figure. Judged on the
    formatted digits, so it agrees with Babel's own rounding."""
    if math.isfinite(value) and not any(digit in text for digit in "123456789"):
        return again(0)
    return text


def format_day(value: date, locale: str) -> str:
    """A date in the locale's medium format (``2026年12月7日``, ``Dec 7, 2026``)."""
    return _format_date(value, format="medium", locale=Locale.parse(locale))


def format_moment(value: datetime, locale: str) -> str:
    """A time stamp in the locale's medium format."""
    return _format_datetime(value, format="medium", locale=Locale.parse(locale))
