"""Emissions accounting (碳排放核算)."""

from __future__ import annotations
