"""Settings of the news service (``COLLAB_*`` environment variables)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict
from servicekit.settings import ServiceSettings


class Settings(ServiceSettings):
    """The shared infrastructure settings with the news service's name and port."""

    service_name: str = "news"
    http_port: int = 8104


class NewsOptions(BaseSettings):
    """What only the news service reads (``COLLAB_NEWS_*``)."""

    model_config = SettingsConfigDict(env_prefix="COLLAB_NEWS_", extra="ignore")

    # How often the worker's timer publishes due articles and sends due reminders.
    timer_interval_s: float = Field(default=1.0, gt=0, le=60)
    # How often a live must-read's audience is compared with its obliged (later entrants).
    entrants_interval_s: float = Field(default=300.0, gt=0, le=86_400)
