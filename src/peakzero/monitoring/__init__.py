"""Near-real-time monitoring of emissions (issue 13)."""
