"""The pure core of the profile service: state, evolve, decide, errors. No I/O here."""
