"""Command handlers: one function per use case, building its command for servicekit's execute."""
