"""Use cases: one function each, through servicekit.execute."""
