"""Pure rules: notification types, notices, preferences, rendering, signed links."""
