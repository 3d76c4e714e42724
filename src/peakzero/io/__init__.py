"""Validated readers and writers at the edges: tables (CSV/XLSX) and IAMC frames."""

from __future__ import annotations
