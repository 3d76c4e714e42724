"""The kernel's readers and writers at the edges: tables (CSV/XLSX), reference tables with their
provenance (:mod:`.reference`), the packaged data files (:mod:`.packaged`), IAMC frames, YAML
with line numbers, JSON and atomic output."""

from __future__ import annotations
