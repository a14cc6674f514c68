"""Settings of the feed service (``COLLAB_*`` and ``COLLAB_FEED_*`` environment variables)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict
from servicekit.embedded import S3_ACCESS_KEY, S3_SECRET_KEY
from servicekit.settings import ServiceSettings


class Settings(ServiceSettings):
    """The shared infrastructure settings with the feed service's name and port."""

    service_name: str = "feed"
    http_port: int = 8103


class FeedSettings(BaseSettings):
    """The feed's own settings: fan-out bound and attachment storage (``COLLAB_FEED_*``)."""

    model_config = SettingsConfigDict(env_prefix="COLLAB_FEED_", extra="ignore")

    # Groups with more active members are not fanned out on write: read-time merge.
    large_group: int = Field(default=5000, ge=1)
    # S3-compatible object storage; the defaults are the development stack's SeaweedFS.
    s3_endpoint: str = "http://127.0.0.1:19000"
    # Where clients reach S3 (the presigned URLs' host), when it differs from s3_endpoint.
    s3_public_endpoint: str | None = None
    s3_bucket: str = "collab-feed-attachments"
    s3_region: str = "us-east-1"
    s3_access_key: str = S3_ACCESS_KEY
    s3_secret_key: str = S3_SECRET_KEY
    # Lifetime of a presigned upload or download URL.
    attachment_url_ttl_s: int = Field(default=300, ge=10, le=3600)
    # An upload not referenced by a post within this time is deleted.
    upload_expiry_s: int = Field(default=3600, ge=60)
    upload_sweep_interval_s: float = Field(default=300.0, gt=0)
