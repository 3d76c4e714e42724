"""Tests of the accounts engine (a package, so that its conftest is not a second top-level
``conftest`` module for mypy)."""
