"""Settings of the gateway (``COLLAB_GATEWAY_*`` environment variables)."""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SESSION_SECRET = "development-only-gateway-session-secret"
SERVICES = ("profile", "group", "feed", "news", "polling", "notification")
DEFAULT_PORTS = dict(zip(SERVICES, range(8101, 8107), strict=True))


class Settings(BaseSettings):
    """Where the gateway listens, which IdP it trusts, which services it calls."""

    model_config = SettingsConfigDict(env_prefix="COLLAB_GATEWAY_", extra="ignore")

    environment: str = Field(
        default="development", validation_alias=AliasChoices("COLLAB_ENVIRONMENT")
    )
    # Also read as COLLAB_HTTP_HOST / COLLAB_HTTP_PORT, like every service's (the image sets them).
    http_host: str = Field(
        default="127.0.0.1",
        validation_alias=AliasChoices("COLLAB_GATEWAY_HTTP_HOST", "COLLAB_HTTP_HOST"),
    )
    http_port: int = Field(
        default=8100,
        validation_alias=AliasChoices("COLLAB_GATEWAY_HTTP_PORT", "COLLAB_HTTP_PORT"),
    )
    # The address people open; the OIDC redirect URI is derived from it.
    public_url: str = "http://127.0.0.1:8100"

    # OpenID Connect: any provider by settings alone (discovery at issuer).
    oidc_issuer: str = "http://127.0.0.1:9400"
    oidc_client_id: str = "collab-gateway"
    oidc_client_secret: SecretStr = SecretStr("development-only-client-secret")
    oidc_scopes: str = "openid email profile"
    oidc_roles_claim: str = "roles"
    # IdP claims tried in order to find the employee's SCIM userName.
    oidc_username_claims: list[str] = ["preferred_username", "email", "sub"]

    session_secret: SecretStr = SecretStr(DEV_SESSION_SECRET)
    # Idle expiry (the cookie's signature age, renewed by every answer) and absolute expiry.
    session_idle_s: int = Field(default=8 * 3600, ge=1)
    session_max_s: int = Field(default=24 * 3600, ge=1)

    # Service tokens the gateway mints for the signed-in employee (its own key).
    token_private_key_file: Path | None = None
    token_issuer: str = "collab-dev"
    token_audience: str = "collab-hub"
    token_ttl_s: int = Field(default=300, ge=30, le=3600)
    # Roles an IdP may grant through its claims; anything else is dropped.
    grantable_roles: list[str] = ["admin", "communicator", "hr"]

    profile_url: str = f"http://127.0.0.1:{DEFAULT_PORTS['profile']}"
    group_url: str = f"http://127.0.0.1:{DEFAULT_PORTS['group']}"
    feed_url: str = f"http://127.0.0.1:{DEFAULT_PORTS['feed']}"
    news_url: str = f"http://127.0.0.1:{DEFAULT_PORTS['news']}"
    polling_url: str = f"http://127.0.0.1:{DEFAULT_PORTS['polling']}"
    notification_url: str = f"http://127.0.0.1:{DEFAULT_PORTS['notification']}"
    service_timeout_s: float = Field(default=10.0, gt=0)

    @property
    def development(self) -> bool:
        """True outside production and staging."""
        return self.environment == "development"

    def service_urls(self) -> dict[str, str]:
        """Base URL of every service the gateway calls."""
        return {name: str(getattr(self, f"{name}_url")).rstrip("/") for name in SERVICES}

    @model_validator(mode="after")
    def _real_secrets_outside_development(self) -> Settings:
        if self.development:
            return self
        if self.session_secret.get_secret_value() == DEV_SESSION_SECRET:
            raise ValueError("outside development COLLAB_GATEWAY_SESSION_SECRET is required")
        if self.token_private_key_file is None:
            raise ValueError(
                "outside development COLLAB_GATEWAY_TOKEN_PRIVATE_KEY_FILE is required"
            )
        if self.token_issuer == "collab-dev":
            raise ValueError("outside development the token issuer must not be 'collab-dev'")
        return self
