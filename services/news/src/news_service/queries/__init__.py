"""News service: queries."""
