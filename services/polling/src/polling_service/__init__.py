"""Collab Hub polling service."""
