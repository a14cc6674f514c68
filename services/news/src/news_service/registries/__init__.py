"""News service: registries."""
