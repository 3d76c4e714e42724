"""Near-real-time monitoring: daily and monthly emissions by sector from activity proxies."""
