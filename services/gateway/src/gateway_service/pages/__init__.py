"""One module per area of the UI, each with a module-level ``router`` (found by app.py)."""
