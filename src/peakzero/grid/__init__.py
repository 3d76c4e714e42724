"""Hourly energy system (能源互联与供需互动): Beijing's electricity, heat and hydrogen as a PyPSA
network for any pathway year, solved with HiGHS."""

from __future__ import annotations
