"""News service: handlers."""
