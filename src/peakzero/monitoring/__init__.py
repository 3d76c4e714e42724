"""Near-real-time monitoring: daily and monthly emissions by GPC sub-sector (issue 13)."""
