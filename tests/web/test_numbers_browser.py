"""The explorer's own number formatting (static/js: pathways.js, pathways_analysis.js) run in
Chromium: a figure that rounds to zero shows "0", never "-0", in Chinese and English, as the
server's ``i18n.format_number`` does (tests/api/test_i18n.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

SCRIPTS = Path(__file__).resolve().parents[2] / "src/peakzero/web/static/js"


def _format_function(script: str) -> str:
    """The text of the script's ``function format(value, digits) {…}`` (closed by "\\n  }")."""
    found = re.search(r"^  function format\(value, digits\) \{.*?^  \}$", script, re.S | re.M)
    assert found, "format() not found"
    return found.group(0)


@pytest.mark.parametrize("script", ["pathways.js", "pathways_analysis.js"])
@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_a_figure_that_rounds_to_zero_shows_no_sign(page: Page, script: str, lang: str) -> None:
    page.set_content(f'<html lang="{lang}"><body></body></html>')
    code = _format_function((SCRIPTS / script).read_text(encoding="utf-8"))
    shown = page.evaluate(
        # the page's language as each script reads it: root.dataset.lang, or lang()
        "([language, code]) => { var root = { dataset: { lang: language } };"
        " function lang() { return language; }"
        " eval(code); return [format(-0.004, 2), format(-0.3, 0), format(-0.0, 1),"
        " format(-1.26, 1), format(NaN, 1)]; }",
        [lang, code],
    )
    assert shown[:3] == ["0", "0", "0"]
    assert shown[3] == "-1.3"
    assert shown[4] == "NaN"
