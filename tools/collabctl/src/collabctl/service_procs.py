"""How the local stack runs each service: its port, environment and health check."""

from __future__ import annotations

import importlib.util

from collab_events.topics import SERVICES

from collabctl.hooks import StackContext
from collabctl.web_procs import JWKS_URL, gateway_installed

SERVICE_PORTS = {
    "profile": 8101,
    "group": 8102,
    "feed": 8103,
    "news": 8104,
    "polling": 8105,
    "notification": 8106,
}
HEALTH_TIMEOUT_S = 60.0
MAIL_SINK_PORT = 18025  # the SMTP sink the notification service mails to


def available_services() -> list[str]:
    """Services whose package is installed (``<name>_service``)."""
    return [name for name in SERVICES if importlib.util.find_spec(f"{name}_service") is not None]


def service_url(name: str) -> str:
    """Base URL of a service in the local stack."""
    return f"http://127.0.0.1:{SERVICE_PORTS[name]}"


def service_env(ctx: StackContext, name: str) -> dict[str, str]:
    """The environment a service runs with in the local stack."""
    return {
        "COLLAB_ENVIRONMENT": "development",
        "COLLAB_MONGO_URL": ctx.mongo_url,
        "COLLAB_KAFKA_BOOTSTRAP": ctx.kafka_bootstrap,
        "COLLAB_HTTP_HOST": "127.0.0.1",
        "COLLAB_HTTP_PORT": str(SERVICE_PORTS[name]),
        "COLLAB_JWT_PUBLIC_KEY_FILE": str(ctx.public_key),
        # The gateway's service tokens (kid) through its JWKS; collabctl's by the key file.
        **({"COLLAB_JWT_JWKS_URL": JWKS_URL} if gateway_installed() else {}),
        "COLLAB_KAFKA_SESSION_TIMEOUT_MS": "2000",
        "COLLAB_KAFKA_HEARTBEAT_INTERVAL_MS": "500",
        # Each service runs in one process, whose appends wake its relay directly; a
        # change stream would make SecantusDB decode its whole oplog once per service.
        "COLLAB_RELAY_WATCH_CHANGES": "false",
        **(_notification_env(name)),
    }


def _notification_env(name: str) -> dict[str, str]:
    """The notification service mails to the stack's SMTP sink."""
    if name != "notification":
        return {}
    return {
        "COLLAB_NOTIFICATION_SMTP_HOST": "127.0.0.1",
        "COLLAB_NOTIFICATION_SMTP_PORT": str(MAIL_SINK_PORT),
        "COLLAB_NOTIFICATION_PUBLIC_URL": service_url("notification"),
    }
