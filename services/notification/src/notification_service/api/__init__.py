"""HTTP routers of the notification service."""

from __future__ import annotations

from notification_service.api import centre, preferences, privacy, stream, unsubscribe

# The stream router comes first: its fixed path must win over ``/{notification_id}``.
ROUTERS = [stream.router, centre.router, preferences.router, privacy.router, unsubscribe.router]
