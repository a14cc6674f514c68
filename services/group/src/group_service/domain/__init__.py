"""The pure group domain: state, evolve, decisions and errors (no I/O)."""
