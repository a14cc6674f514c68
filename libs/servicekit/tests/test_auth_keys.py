"""A verifier with both a public key and a JWKS: dev tokens and the gateway's tokens."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from servicekit.auth import AuthenticationFailed, TokenVerifier, mint_token

GATEWAY_KEY = ec.generate_private_key(ec.SECP256R1())
OTHER_EC_KEY = ec.generate_private_key(ec.SECP256R1())
DEV_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
DEV_PEM = DEV_KEY.private_bytes(
    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
)
DEV_PUBLIC = (
    DEV_KEY.public_key()
    .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    .decode()
)


@pytest.fixture(scope="module")
def jwks_url() -> Iterator[str]:
    """A JWKS endpoint publishing the gateway key as kid ``gw-1``."""
    jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(GATEWAY_KEY.public_key()))
    body = json.dumps({"keys": [{**jwk, "kid": "gw-1", "use": "sig", "alg": "ES256"}]}).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/.well-known/jwks.json"
    server.shutdown()
    thread.join(5)


def gateway_token(key: ec.EllipticCurvePrivateKey, kid: str | None = "gw-1") -> str:
    now = int(time.time())
    claims = {"sub": "e-7", "roles": ["hr"], "iss": "collab-dev", "aud": "collab-hub"}
    headers = {"kid": kid} if kid else None
    return jwt.encode(
        {**claims, "iat": now, "exp": now + 60}, key, algorithm="ES256", headers=headers
    )


def verifier(*, public_key: str | None, jwks_url: str | None) -> TokenVerifier:
    return TokenVerifier(
        issuer="collab-dev",
        audience="collab-hub",
        algorithms=["RS256", "ES256"],
        public_key=public_key,
        jwks_url=jwks_url,
    )


def test_both_accept_a_dev_token_and_a_gateway_token(jwks_url: str) -> None:
    both = verifier(public_key=DEV_PUBLIC, jwks_url=jwks_url)
    assert both.verify(mint_token(DEV_PEM, sub="e-1", roles=["admin"])).sub == "e-1"
    principal = both.verify(gateway_token(GATEWAY_KEY))
    assert principal.sub == "e-7" and principal.has_role("hr")


def test_both_refuse_a_token_signed_by_another_key(jwks_url: str) -> None:
    both = verifier(public_key=DEV_PUBLIC, jwks_url=jwks_url)
    with pytest.raises(AuthenticationFailed):
        both.verify(gateway_token(OTHER_EC_KEY))  # names the gateway's kid, wrong signature
    with pytest.raises(AuthenticationFailed):
        both.verify(gateway_token(OTHER_EC_KEY, kid=None))  # no kid: checked as a dev token
    with pytest.raises(AuthenticationFailed):
        both.verify(gateway_token(GATEWAY_KEY, kid="unknown"))


def test_jwks_alone_refuses_dev_tokens(jwks_url: str) -> None:
    only_jwks = verifier(public_key=None, jwks_url=jwks_url)
    assert only_jwks.verify(gateway_token(GATEWAY_KEY)).sub == "e-7"
    with pytest.raises(AuthenticationFailed):
        only_jwks.verify(mint_token(DEV_PEM, sub="e-1"))


def test_key_alone_refuses_gateway_tokens() -> None:
    only_key = verifier(public_key=DEV_PUBLIC, jwks_url=None)
    with pytest.raises(AuthenticationFailed):
        only_key.verify(gateway_token(GATEWAY_KEY))
