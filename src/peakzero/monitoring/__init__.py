"""Near-real-time monitoring of emissions by sector (issue 13)."""
