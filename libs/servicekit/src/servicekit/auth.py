"""JWT bearer authentication with asymmetric keys only."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

ASYMMETRIC = frozenset({"RS256", "RS384", "RS512", "ES256", "ES384", "PS256", "EdDSA"})
JWKS_TIMEOUT_S = 5.0  # a JWKS fetch on an unknown kid; PyJWKClient's default is 30 s


class AuthenticationFailed(Exception):
    """The request carries no valid token; the message says why (safe to show)."""


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated caller: employee id and roles."""

    sub: str
    roles: frozenset[str] = field(default_factory=frozenset)

    def has_role(self, *roles: str) -> bool:
        """True when the caller holds any of ``roles``."""
        return not self.roles.isdisjoint(roles)


class TokenVerifier:
    """Verifies signature, issuer, audience and expiry against a key, a JWKS, or both.

    With both, a token that names its key (``kid``) is checked against the JWKS (the
    gateway's service tokens) and one without against the configured key (``collabctl
    token``'s development tokens); a JWKS alone takes every token.
    """

    def __init__(
        self,
        *,
        issuer: str,
        audience: str,
        algorithms: list[str],
        public_key: str | None = None,
        jwks_url: str | None = None,
    ) -> None:
        if not set(algorithms) <= ASYMMETRIC:
            raise ValueError(f"only asymmetric algorithms are allowed: {algorithms}")
        if not public_key and not jwks_url:
            raise ValueError("a public key or a JWKS URL is required")
        self._issuer, self._audience, self._algorithms = issuer, audience, algorithms
        self._key = public_key
        self._jwks = jwt.PyJWKClient(jwks_url, timeout=JWKS_TIMEOUT_S) if jwks_url else None

    def verify(self, token: str) -> Principal:
        """The principal of a valid token; AuthenticationFailed otherwise."""
        try:
            key: Any = self._key
            if self._jwks is not None and (
                key is None or "kid" in jwt.get_unverified_header(token)
            ):
                key = self._jwks.get_signing_key_from_jwt(token).key
            claims = jwt.decode(
                token,
                key,
                algorithms=self._algorithms,
                audience=self._audience,
                issuer=self._issuer,
                options={"require": ["exp", "iss", "aud", "sub"]},
            )
        except jwt.ExpiredSignatureError:
            raise AuthenticationFailed("token expired") from None
        except jwt.PyJWTError as exc:
            raise AuthenticationFailed(f"invalid token: {exc}") from None
        roles = claims.get("roles") or []
        if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
            raise AuthenticationFailed("invalid token: roles must be a list of strings")
        return Principal(sub=str(claims["sub"]), roles=frozenset(roles))


def generate_key_pair(directory: Path) -> tuple[Path, Path]:
    """Create (or reuse) an RSA development key pair; returns (private, public) paths."""
    private_path, public_path = directory / "dev-private.pem", directory / "dev-public.pem"
    if private_path.exists() and public_path.exists():
        return private_path, public_path
    directory.mkdir(parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    private_path.chmod(0o600)
    public_path.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return private_path, public_path


def mint_token(
    private_key_pem: str | bytes | rsa.RSAPrivateKey,
    *,
    sub: str,
    roles: list[str] | tuple[str, ...] = (),
    issuer: str = "collab-dev",
    audience: str = "collab-hub",
    ttl_s: int = 3600,
    **extra: Any,
) -> str:
    """Sign a development token (RS256); a loaded key signs without parsing the PEM again
    (parsing costs ~50 ms)."""
    now = int(time.time())
    claims = {
        "sub": sub,
        "roles": list(roles),
        "iss": issuer,
        "aud": audience,
        "iat": now,
        "exp": now + ttl_s,
        **extra,
    }
    return jwt.encode(claims, private_key_pem, algorithm="RS256")
