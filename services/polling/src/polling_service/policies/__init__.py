"""Reactions to other services' events that change the polling service's own records."""
