"""Command handlers: load a stream, check across streams, decide, append."""
