"""A small bilingual HTML report builder: sections of text, inline SVG figures and tables."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pandas as pd

__all__ = ["Report", "Section"]

_STYLE = """
body{font-family:system-ui,-apple-system,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;
max-width:980px;margin:2em auto;padding:0 1em;color:#222;line-height:1.5}
h1{border-bottom:3px solid #1b6ca8;padding-bottom:.2em}h2{margin-top:2em;color:#1b6ca8}
.en{color:#555}.figure{margin:1em 0}.figure svg{max-width:100%;height:auto}
table{border-collapse:collapse;margin:1em 0;font-size:.9em}
th,td{border:1px solid #ccc;padding:.25em .6em;text-align:right}th{background:#eef3f8}
td:first-child,th:first-child{text-align:left}.note{font-size:.85em;color:#666}
.key{display:inline-block;margin:0 1.5em .5em 0}.key b{font-size:1.6em;color:#1b6ca8}
"""


@dataclass
class Section:
    """One titled part of a report; blocks are HTML fragments in order."""

    title_zh: str
    title_en: str
    blocks: list[str] = field(default_factory=list)

    def text(self, zh: str, en: str) -> None:
        """A paragraph in Chinese and in English."""
        self.blocks.append(f"<p>{html.escape(zh)}<br><span class='en'>{html.escape(en)}</span></p>")

    def key_figures(self, figures: list[tuple[str, str]]) -> None:
        """Large numbers with captions, e.g. ("105.04 Mt", "peak 2010")."""
        items = "".join(
            f"<span class='key'><b>{html.escape(v)}</b><br>{html.escape(c)}</span>"
            for v, c in figures
        )
        self.blocks.append(f"<div>{items}</div>")

    def figure(self, svg: str, caption: str) -> None:
        """An inline SVG chart with a caption."""
        self.blocks.append(
            f"<div class='figure'>{svg}<div class='note'>{html.escape(caption)}</div></div>"
        )

    def table(self, frame: pd.DataFrame, caption: str = "", digits: int = 2) -> None:
        """A table; floats are rounded to ``digits``."""
        body = frame.to_html(
            index=False, float_format=lambda x: f"{x:,.{digits}f}", border=0, na_rep="–"
        )
        note = f"<div class='note'>{html.escape(caption)}</div>" if caption else ""
        self.blocks.append(body + note)

    def note(self, text: str) -> None:
        """Small print: sources, caveats."""
        self.blocks.append(f"<p class='note'>{html.escape(text)}</p>")

    def render(self) -> str:
        """The section as HTML."""
        heading = f"<h2>{html.escape(self.title_zh)} · {html.escape(self.title_en)}</h2>"
        return heading + "\n".join(self.blocks)


@dataclass
class Report:
    """A self-contained HTML document (all styles and charts inline)."""

    title_zh: str
    title_en: str
    sections: list[Section] = field(default_factory=list)

    def section(self, title_zh: str, title_en: str) -> Section:
        """Add and return a new section."""
        new = Section(title_zh, title_en)
        self.sections.append(new)
        return new

    def render(self, version: str) -> str:
        """The whole document."""
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        title = f"{self.title_zh} · {self.title_en}"
        parts = [
            "<!DOCTYPE html>",
            "<html lang='zh-CN'><head><meta charset='utf-8'>",
            f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>",
            f"<h1>{html.escape(title)}</h1>",
            f"<p class='note'>peakzero {html.escape(version)} · {stamp}</p>",
            *(s.render() for s in self.sections),
            "</body></html>",
        ]
        return "\n".join(parts) + "\n"
