"""Settings of the feed service (``COLLAB_*`` environment variables)."""

from __future__ import annotations

from servicekit.settings import ServiceSettings


class Settings(ServiceSettings):
    """The shared infrastructure settings with the feed service's name and port."""

    service_name: str = "feed"
    http_port: int = 8103
