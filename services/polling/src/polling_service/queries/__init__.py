"""Reads over the read models and the registries (never imports handlers)."""
