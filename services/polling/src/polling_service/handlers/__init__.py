"""Use cases: build the command, run it through servicekit's execute."""
