"""Queries over the read models (the read side of the API and of command handlers)."""
