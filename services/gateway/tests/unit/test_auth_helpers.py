"""Pure pieces of sign-in: which claims name the employee, which roles an IdP may grant."""

from __future__ import annotations

import time

import jwt
from gateway_service.auth.matching import roles_from, usernames_from
from gateway_service.auth.tokens import TokenMinter, load_or_create_key


def test_usernames_are_tried_in_the_configured_order_without_duplicates() -> None:
    claims = {"sub": "abc", "email": "a@x.example", "preferred_username": "a@x.example"}
    order = ["preferred_username", "email", "sub"]
    assert usernames_from(claims, order) == ["a@x.example", "abc"]
    assert usernames_from({"email": "  ", "sub": 5}, order) == []


def test_only_grantable_roles_pass() -> None:
    grantable = ["admin", "communicator", "hr"]
    assert roles_from({"roles": ["hr", "provisioner"]}, "roles", grantable) == {"hr"}
    assert roles_from({"groups": "admin other"}, "groups", grantable) == {"admin"}
    assert roles_from({"roles": {"admin": True}}, "roles", grantable) == frozenset()
    assert roles_from({}, "roles", grantable) == frozenset()


def test_minted_tokens_verify_against_the_published_jwks(tmp_path) -> None:  # type: ignore[no-untyped-def]
    key = load_or_create_key(tmp_path / "gw.pem")
    minter = TokenMinter(key, issuer="gw", audience="hub", ttl_s=60)
    token = minter.token_for("e-1", frozenset({"hr"}))
    public = jwt.PyJWK(minter.jwks()["keys"][0])

    claims = jwt.decode(token, public.key, algorithms=["ES256"], audience="hub", issuer="gw")

    assert claims["sub"] == "e-1" and claims["roles"] == ["hr"]
    assert claims["exp"] - time.time() <= 60
    assert jwt.get_unverified_header(token)["kid"] == public.key_id
    assert minter.token_for("e-1", frozenset({"hr"})) == token  # reused while fresh
    assert minter.token_for("e-1", frozenset()) != token
    # The key file is reused: a restarted gateway keeps its kid.
    again = TokenMinter(
        load_or_create_key(tmp_path / "gw.pem"), issuer="gw", audience="hub", ttl_s=60
    )
    assert again.kid == minter.kid
