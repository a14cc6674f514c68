"""Settings every service shares; each service subclasses with its own prefix."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceSettings(BaseSettings):
    """Infrastructure settings, read from ``COLLAB_*`` environment variables."""

    model_config = SettingsConfigDict(env_prefix="COLLAB_", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    service_name: str = "service"
    mongo_url: str = "mongodb://127.0.0.1:27017/?directConnection=true"
    mongo_db: str = ""
    kafka_bootstrap: str = "127.0.0.1:9092"
    topic_prefix: str = ""
    topic_partitions: int = Field(default=3, ge=1, le=1000)
    topic_replication: int = Field(default=1, ge=1, le=10)
    topic_retention_ms: int = Field(default=-1, ge=-1)  # -1 keeps events forever: rebuilds replay
    topic_min_insync_replicas: int | None = Field(default=None, ge=1)
    kafka_idempotence: bool = False
    kafka_session_timeout_ms: int = 10_000
    kafka_heartbeat_interval_ms: int = 3_000
    # How long a consumer fetch may wait for data. Tansu holds every fetch this long
    # even when data arrives, so it bounds projection latency in development.
    kafka_fetch_max_wait_ms: int = Field(default=100, ge=1, le=10_000)

    relay_batch_size: int = Field(default=500, ge=1, le=10_000)
    # Producer batch per partition: bigger batches are fewer, larger objects in Tansu's
    # store (about 2.5x the read rate on the local stack at 256 KiB than at 16 KiB).
    relay_max_batch_bytes: int = Field(default=262_144, ge=16_384, le=1_048_576)
    relay_poll_interval_s: float = Field(default=1.0, gt=0)
    # Appends in the relay's own process wake it directly. A change stream on the event
    # collection also wakes it for appends of other processes (API pods apart from the
    # worker); off, those wait for the next poll. SecantusDB scans and decodes its whole
    # oplog for every open change stream, so the embedded stack turns it off.
    relay_watch_changes: bool = True
    relay_lease_ttl_s: float = Field(default=10.0, gt=0)

    projection_max_records: int = Field(default=500, ge=1)
    projection_retries: int = Field(default=3, ge=0, le=20)
    projection_retry_backoff_s: float = Field(default=0.2, ge=0)
    # Readiness: not ready while a projection has events waiting and has not advanced
    # for this long, or while more events than the bound wait.
    projection_stall_after_s: float = Field(default=30.0, gt=0)
    projection_max_lag: int = Field(default=10_000, ge=0)
    projection_lag_interval_s: float = Field(default=5.0, gt=0)

    jwt_public_key_file: Path | None = None
    jwt_public_key: str | None = None
    jwt_jwks_url: str | None = None
    jwt_issuer: str = "collab-dev"
    jwt_audience: str = "collab-hub"
    jwt_algorithms: list[str] = ["RS256", "ES256", "EdDSA"]

    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    consistency_wait_s: float = Field(default=3.0, ge=0, le=30)
    http_host: str = "127.0.0.1"
    http_port: int = 8000

    def topic_configs(self) -> dict[str, str]:
        """Topic-level settings for topics this service creates."""
        configs = {"retention.ms": str(self.topic_retention_ms)}
        if self.topic_min_insync_replicas is not None:
            configs["min.insync.replicas"] = str(self.topic_min_insync_replicas)
        return configs

    @property
    def database(self) -> str:
        """The service's own MongoDB database name."""
        return self.mongo_db or f"collab_{self.service_name}"

    @model_validator(mode="after")
    def _require_real_keys_outside_development(self) -> ServiceSettings:
        has_key = self.jwt_public_key or self.jwt_public_key_file or self.jwt_jwks_url
        if self.environment == "production" and not has_key:
            raise ValueError("production needs COLLAB_JWT_PUBLIC_KEY(_FILE) or COLLAB_JWT_JWKS_URL")
        if self.environment == "production" and self.jwt_issuer == "collab-dev":
            raise ValueError("production must not use the development issuer 'collab-dev'")
        return self
