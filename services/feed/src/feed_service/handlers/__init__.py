"""Use cases: build the command's context from the ports, run it through servicekit's execute."""
