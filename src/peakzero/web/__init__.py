"""The platform's front end as files: Jinja2 templates, static files (the site's CSS and JS, and
vendored htmx and ECharts, so the pages work offline) and the one Babel catalogue (zh_CN, en).

This package holds no routes and imports no other shell: :mod:`peakzero.api` serves it.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["LOCALE_DIR", "STATIC_DIR", "TEMPLATES_DIR"]

_HERE = Path(__file__).resolve().parent
TEMPLATES_DIR = _HERE / "templates"
STATIC_DIR = _HERE / "static"
LOCALE_DIR = _HERE / "locale"
