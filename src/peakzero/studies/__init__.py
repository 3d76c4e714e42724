"""Studies: the figures a report, the CLI and the API share, computed once (no rendering).

A study runs the engines (accounting, pathways, grid, programme) and returns plain, typed results:
frozen dataclasses whose fields are named figures and tables. The shells only render them — the
report as HTML and charts, the CLI as text and files, the API as JSON — so the three never
compute a figure twice, nor differently. One module per capability: :mod:`.inventory`,
:mod:`.pathways`, :mod:`.grid`, :mod:`.programme`, :mod:`.beijing` for the built-in city, and
the package :mod:`.monitoring` (one module per study of the monitored series).

This package is an engine: it never imports a shell (cli, api, web, report).
"""

from __future__ import annotations
