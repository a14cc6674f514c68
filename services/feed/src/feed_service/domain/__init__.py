"""Pure domain of the feed: commands, stream states, decisions and errors (no I/O)."""
