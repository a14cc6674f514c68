"""Short-lived service JWTs for the signed-in employee, signed with the gateway's own key."""

from __future__ import annotations

import base64
import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

ALGORITHM = "ES256"
# A cached token is handed out only while it has at least this share of its life left.
REUSE_SHARE = 0.5


def load_or_create_key(path: Path | None) -> ec.EllipticCurvePrivateKey:
    """The P-256 signing key at ``path`` (created there if missing); ephemeral without one."""
    if path is not None and path.exists():
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise ValueError(f"{path}: the gateway signs with an EC P-256 key")
        return key
    key = ec.generate_private_key(ec.SECP256R1())
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        path.write_bytes(pem)
        path.chmod(0o600)
    return key


@dataclass(frozen=True, slots=True)
class _Cached:
    token: str
    expires_at: float


class TokenMinter:
    """Mints service tokens (``sub`` = employee id, ``roles``) and publishes its JWKS."""

    def __init__(
        self, key: ec.EllipticCurvePrivateKey, *, issuer: str, audience: str, ttl_s: int
    ) -> None:
        self._key, self._issuer, self._audience, self._ttl_s = key, issuer, audience, ttl_s
        public_jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(key.public_key()))
        self.kid = _thumbprint(public_jwk)
        self._jwk = {**public_jwk, "kid": self.kid, "use": "sig", "alg": ALGORITHM}
        self._cache: dict[tuple[str, frozenset[str]], _Cached] = {}

    def jwks(self) -> dict[str, Any]:
        """The public key set services verify the gateway's tokens with."""
        return {"keys": [self._jwk]}

    def token_for(self, sub: str, roles: frozenset[str]) -> str:
        """A token for ``sub`` with ``roles``; reused while it has half its life left."""
        now = time.time()
        cached = self._cache.get((sub, roles))
        if cached is not None and cached.expires_at - now > self._ttl_s * REUSE_SHARE:
            return cached.token
        expires_at = int(now) + self._ttl_s
        claims = {
            "sub": sub,
            "roles": sorted(roles),
            "iss": self._issuer,
            "aud": self._audience,
            "iat": int(now),
            "exp": expires_at,
        }
        token = jwt.encode(claims, self._key, algorithm=ALGORITHM, headers={"kid": self.kid})
        if len(self._cache) > 10_000:  # bounded: stale entries go first on a full cache
            self._cache = {k: v for k, v in self._cache.items() if v.expires_at > now}
        self._cache[(sub, roles)] = _Cached(token, expires_at)
        return token


def _thumbprint(jwk: dict[str, Any]) -> str:
    """RFC 7638 thumbprint of an EC public JWK."""
    canonical = json.dumps({k: jwk[k] for k in ("crv", "kty", "x", "y")}, separators=(",", ":"))
    digest = hashlib.sha256(canonical.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
