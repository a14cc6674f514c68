"""Use cases: each builds its command and runs it with servicekit's execute."""
