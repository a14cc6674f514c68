"""Command handlers: load the streams a command touches, decide, append atomically."""
