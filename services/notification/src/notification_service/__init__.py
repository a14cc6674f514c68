"""Collab Hub notification service."""
