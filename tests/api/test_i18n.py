"""The catalogue: every message of the code has zh_CN and en, the compiled files are current,
and the locale's number and date formats."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from peakzero.web import LOCALE_DIR
from peakzero.web.i18n import LOCALES, choose_locale, format_day, format_number, format_share

ROOT = Path(__file__).resolve().parents[2]
METHODS = [
    ("src/peakzero/api/**.py", "python"),
    ("src/peakzero/web/templates/**.html", "jinja2"),
]


def _po(locale: str) -> Catalog:
    with (LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=locale)


def _extracted() -> set[str]:
    found = extract_from_dir(
        str(ROOT),
        METHODS,
        options_map={"src/peakzero/web/templates/**.html": {"extensions": "jinja2.ext.i18n"}},
    )
    return {message if isinstance(message, str) else message[0] for _, _, message, *_ in found}


def test_every_message_of_the_code_has_both_languages() -> None:
    extracted = _extracted()
    assert len(extracted) > 40
    for locale in LOCALES:
        catalog = _po(locale)
        translated = {m.id: m.string for m in catalog if m.id}
        missing = sorted(extracted - set(translated))
        assert not missing, f"{locale}: run make messages, then translate {missing}"
        empty = sorted(
            i for i, s in translated.items() if not s or (i in catalog and catalog[i].fuzzy)
        )
        assert not empty, f"{locale}: untranslated or fuzzy {empty}"


def test_the_compiled_catalogues_are_those_of_the_po_files() -> None:
    for locale in LOCALES:
        with (LOCALE_DIR / locale / "LC_MESSAGES" / "messages.mo").open("rb") as handle:
            compiled = read_mo(BytesIO(handle.read()))
        assert {m.id: m.string for m in compiled if m.id} == {
            m.id: m.string for m in _po(locale) if m.id
        }, f"{locale}: run make messages (pybabel compile)"


def test_chinese_is_the_default_and_the_query_beats_the_cookie() -> None:
    assert choose_locale(None, None) == "zh_CN"
    assert choose_locale("en", "zh_CN") == "en"
    assert choose_locale(None, "en") == "en"
    assert choose_locale("zh-CN", "en") == "zh_CN"
    assert choose_locale("fr", "xx") == "zh_CN"


def test_a_figure_that_rounds_to_zero_has_no_sign() -> None:
    # A price of -0.3 CNY/MWh shown without decimals, or a tonnage of -0.04 with one: "0", not
    # "-0" (Babel keeps the sign), in both languages; a figure that does not round to zero keeps
    # its sign.
    for locale in LOCALES:
        assert format_number(-0.3, locale, 0) == "0"
        assert format_number(-0.04, locale, 1) == "0.0"
        assert format_number(-0.0, locale, 2) == "0.00"
        assert format_number(-0.05, locale, 1) == "0.0"  # Babel rounds half to even
        assert format_number(-0.06, locale, 1) == "-0.1"
        assert format_number(-1234.5, locale, 0) == "-1,234"
        assert format_share(-0.001, locale) == "0%"
        assert format_share(-0.004, locale, 1) == "-0.4%"
        assert "NaN" in format_number(float("nan"), locale)  # not made a zero


def test_numbers_and_dates_follow_the_locale() -> None:
    assert format_number(12345.678, "en") == "12,345.7"
    assert format_number(12345.678, "zh_CN") == "12,345.7"
    assert format_number(None, "en") == "—"
    assert format_share(-0.151, "en") == "-15%"
    assert format_day(date(2026, 12, 7), "zh_CN") == "2026年12月7日"
    assert format_day(date(2026, 12, 7), "en") == "Dec 7, 2026"
