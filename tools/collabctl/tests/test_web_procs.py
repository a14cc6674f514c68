"""How ``collabctl up`` runs the web side: the mock IdP's demo users, the gateway's settings."""

from __future__ import annotations

import json
from pathlib import Path

from collabctl.hooks import StackContext
from collabctl.paths import StackPaths
from collabctl.seed import DEMO_EMPLOYEES
from collabctl.seed.organisation import organisation
from collabctl.service_procs import service_env
from collabctl.web_procs import JWKS_URL, gateway_env, idp_argv, sign_in_hint
from gateway_service.config import Settings


def context(tmp_path: Path) -> StackContext:
    return StackContext(
        paths=StackPaths(tmp_path),
        kafka_bootstrap="127.0.0.1:1",
        mongo_url="mongodb://127.0.0.1:2",
        bucket_url="http://127.0.0.1:3",
        private_key=tmp_path / "dev-private.pem",
        public_key=tmp_path / "dev-public.pem",
    )


def test_the_idp_offers_seeded_demo_employees_with_roles() -> None:
    argv = idp_argv("python")
    users = [json.loads(argv[i + 1]) for i, arg in enumerate(argv) if arg == "--user-claims"]
    seeded = {person.user_name for person in organisation(DEMO_EMPLOYEES)}

    assert argv[1:5] == ["-m", "oidc_provider_mock", "--port", "9400"]
    assert users and all(user["sub"] in seeded and user["email"] == user["sub"] for user in users)
    assert users[0]["roles"] == ["admin", "hr"]
    assert all(user["sub"] in sign_in_hint() for user in users)


def test_services_verify_the_gateways_jwks_and_the_dev_key(tmp_path: Path) -> None:
    env = service_env(context(tmp_path), "feed")
    assert env["COLLAB_JWT_JWKS_URL"] == JWKS_URL
    assert env["COLLAB_JWT_PUBLIC_KEY_FILE"].endswith("dev-public.pem")


def test_gateway_env_is_read_by_the_gateways_settings(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    urls = {"profile": "http://127.0.0.1:8101", "feed": "http://127.0.0.1:8103"}
    for name, value in gateway_env(context(tmp_path), urls).items():
        monkeypatch.setenv(name, value)
    settings = Settings()
    assert settings.http_port == 8100 and settings.development
    assert settings.oidc_issuer == "http://127.0.0.1:9400"
    assert settings.service_urls()["feed"] == "http://127.0.0.1:8103"
    assert settings.token_private_key_file is not None
    assert settings.token_private_key_file.parent == tmp_path / ".local" / "keys"
