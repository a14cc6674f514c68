"""Settings of the polling service (``COLLAB_*`` environment variables)."""

from __future__ import annotations

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from servicekit.settings import ServiceSettings

DEV_KEY_SECRET = "development-only-polling-key-secret"


class Settings(ServiceSettings):
    """The shared infrastructure settings with the polling service's name and port."""

    service_name: str = "polling"
    http_port: int = 8105


class PollingOptions(BaseSettings):
    """What only the polling service reads (``COLLAB_POLLING_*``)."""

    model_config = SettingsConfigDict(env_prefix="COLLAB_POLLING_", extra="ignore")

    # Encrypts the stored private keys of secret polls (AES-256-GCM under its SHA-256).
    # Production sets it from a secret store; the development value is public.
    key_secret: SecretStr = SecretStr(DEV_KEY_SECRET)
    key_bits: int = Field(default=2048, ge=2048, le=4096)
    # The finest time a secret or anonymous ballot keeps: the start of its bucket.
    time_bucket_s: int = Field(default=3600, ge=60, le=86_400)
    # Between the end of voting and the tally: casts that were checked before the end
    # finish their write first (see the README's threat model).
    close_grace_s: float = Field(default=2.0, ge=0, le=60)
    timer_interval_s: float = Field(default=1.0, gt=0, le=60)
    # A running poll's live results are recounted at most this often per process.
    live_results_ttl_s: float = Field(default=2.0, ge=0, le=60)
    environment: str = Field(default="development", validation_alias="COLLAB_ENVIRONMENT")

    @model_validator(mode="after")
    def _real_secret_in_production(self) -> PollingOptions:
        if (
            self.environment == "production"
            and self.key_secret.get_secret_value() == DEV_KEY_SECRET
        ):
            raise ValueError("production needs COLLAB_POLLING_KEY_SECRET")
        return self
