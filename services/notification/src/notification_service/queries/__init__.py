"""Reads over the read models."""
