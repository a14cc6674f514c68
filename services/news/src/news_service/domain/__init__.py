"""News service: domain."""
