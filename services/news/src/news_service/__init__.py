"""The news service: channels, articles, audiences, must-reads."""
