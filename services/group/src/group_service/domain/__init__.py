"""The pure group domain: commands, state, evolve, decisions and errors (no I/O)."""
