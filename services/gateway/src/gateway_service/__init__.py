"""Collab Hub web gateway: sign-in, service tokens and the employee UI."""
