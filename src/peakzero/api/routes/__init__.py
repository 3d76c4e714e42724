"""The platform's routers, one module per capability (each page with its JSON twin)."""
