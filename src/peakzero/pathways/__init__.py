"""Technology pathways to 2060 (技术路径): drivers, levers, scenarios, projection, metrics."""

from __future__ import annotations
