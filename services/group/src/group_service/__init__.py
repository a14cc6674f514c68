"""Collab Hub group service: groups, membership, roles, member directory."""
