"""Settings of the profile service (``COLLAB_*`` environment variables)."""

from __future__ import annotations

from servicekit.settings import ServiceSettings


class Settings(ServiceSettings):
    """Infrastructure settings with the profile service's name and port."""

    service_name: str = "profile"
    http_port: int = 8101
