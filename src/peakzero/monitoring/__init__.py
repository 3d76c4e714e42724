"""Near-real-time monitoring: daily and monthly emissions by sector (issue 13)."""
