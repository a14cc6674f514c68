"""Settings of the group service (``COLLAB_*`` environment variables)."""

from __future__ import annotations

from servicekit.settings import ServiceSettings


class Settings(ServiceSettings):
    """The shared infrastructure settings with the group service's name and port."""

    service_name: str = "group"
    http_port: int = 8102
