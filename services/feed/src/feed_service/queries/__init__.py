"""Reads over the read models and replicas (never import handlers/)."""
