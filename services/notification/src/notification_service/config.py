"""Settings of the notification service (``COLLAB_*`` environment variables)."""

from __future__ import annotations

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from servicekit.settings import ServiceSettings

DEV_UNSUBSCRIBE_SECRET = "collab-dev-unsubscribe-secret"


class Settings(ServiceSettings):
    """The shared infrastructure settings with the notification service's name and port."""

    service_name: str = "notification"
    http_port: int = 8106


class NotificationOptions(BaseSettings):
    """What only the notification service reads (``COLLAB_NOTIFICATION_*``)."""

    model_config = SettingsConfigDict(env_prefix="COLLAB_NOTIFICATION_", extra="ignore")

    environment: str = Field(default="development", validation_alias="COLLAB_ENVIRONMENT")
    # A keep-alive comment goes out on a quiet notification stream this often.
    stream_heartbeat_s: float = Field(default=15.0, gt=0, le=300)
    retention_days: int = Field(default=90, ge=1, le=3650)
    timer_interval_s: float = Field(default=30.0, gt=0, le=3600)
    # Whether the worker runs the mailer (off: another process, or a test, drives it).
    mail_enabled: bool = True
    mail_interval_s: float = Field(default=2.0, gt=0, le=3600)
    # A notification older than this is never mailed on its own (a rebuild or a late
    # preference change does not mail the past).
    immediate_max_age_s: int = Field(default=86_400, ge=1)
    # Queue keys are taken just before their entries are written; the mailer moves its
    # persisted read mark past a key only this long after the key was handed out.
    mail_queue_settle_s: float = Field(default=60.0, gt=0)
    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(default=8025, ge=1, le=65535)
    smtp_starttls: bool = False
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_timeout_s: float = Field(default=10.0, gt=0)
    mail_from: str = "Collab Hub <notifications@collab.example>"
    mail_domain: str = "collab.example"
    mail_attempts: int = Field(default=5, ge=1, le=20)
    mail_backoff_s: float = Field(default=30.0, ge=0)
    # An attempt that began this long ago without being recorded is taken as interrupted.
    mail_sending_timeout_s: float = Field(default=60.0, gt=0)
    public_url: str = "http://127.0.0.1:8106"
    app_url: str = "http://127.0.0.1:8100"
    unsubscribe_secret: SecretStr = SecretStr(DEV_UNSUBSCRIBE_SECRET)

    @model_validator(mode="after")
    def _real_secret_in_production(self) -> NotificationOptions:
        secret = self.unsubscribe_secret.get_secret_value()
        if self.environment == "production" and secret == DEV_UNSUBSCRIBE_SECRET:
            raise ValueError("COLLAB_NOTIFICATION_UNSUBSCRIBE_SECRET must be set in production")
        return self
