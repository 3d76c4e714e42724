"""Reports: self-contained HTML (inline SVG charts, no CDN) that opens offline."""

from __future__ import annotations
