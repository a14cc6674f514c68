"""The web side of the local stack: the development OpenID Connect provider and the gateway."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import TYPE_CHECKING

from collabctl.hooks import StackContext

if TYPE_CHECKING:
    from collabctl.seed.organisation import Person

GATEWAY_PORT = 8100
IDP_PORT = 9400
GATEWAY_URL = f"http://127.0.0.1:{GATEWAY_PORT}"
IDP_URL = f"http://127.0.0.1:{IDP_PORT}"
JWKS_URL = f"{GATEWAY_URL}/.well-known/jwks.json"
# Demo employees offered as one-click users on the IdP's form, with the roles it grants.
FEATURED_ROLES: tuple[tuple[str, ...], ...] = (("admin", "hr"), ("communicator",), (), ())


def gateway_installed() -> bool:
    """True when the gateway package is installed."""
    return importlib.util.find_spec("gateway_service") is not None


def featured_people() -> list[tuple[Person, tuple[str, ...]]]:
    """The first demo employees (the seed is deterministic) and the roles they sign in with."""
    # Imported here: the seed package imports the launcher, which imports this module.
    from collabctl.seed import DEMO_EMPLOYEES
    from collabctl.seed.organisation import organisation

    people = organisation(DEMO_EMPLOYEES)[: len(FEATURED_ROLES)]
    return list(zip(people, FEATURED_ROLES, strict=False))


def idp_argv(python: str) -> list[str]:
    """``oidc_provider_mock`` on its port with the featured demo employees predefined."""
    argv = [python, "-m", "oidc_provider_mock", "--port", str(IDP_PORT)]
    for person, roles in featured_people():
        claims = {
            "sub": person.user_name,
            "email": person.user_name,
            "preferred_username": person.user_name,
            "name": f"{person.given} {person.family}",
            "roles": list(roles),
        }
        argv += ["--user-claims", json.dumps(claims)]
    return argv


def gateway_env(ctx: StackContext, service_urls: dict[str, str]) -> dict[str, str]:
    """The gateway's environment in the local stack (development, mock IdP, own key)."""
    return {
        "COLLAB_ENVIRONMENT": "development",
        "COLLAB_GATEWAY_HTTP_PORT": str(GATEWAY_PORT),
        "COLLAB_GATEWAY_PUBLIC_URL": GATEWAY_URL,
        "COLLAB_GATEWAY_OIDC_ISSUER": IDP_URL,
        "COLLAB_GATEWAY_TOKEN_PRIVATE_KEY_FILE": str(gateway_key_path(ctx.paths.keys)),
        **{f"COLLAB_GATEWAY_{name.upper()}_URL": url for name, url in service_urls.items()},
    }


def gateway_key_path(keys: Path) -> Path:
    """Where the gateway's signing key lives (created by the gateway on first start)."""
    return keys / "gateway-ec-private.pem"


def sign_in_hint() -> str:
    """What ``collabctl up`` prints: where to open the UI and whom to sign in as."""
    featured = featured_people()
    lines = [f"open:   {GATEWAY_URL}  (sign in at the development IdP, {IDP_URL})"]
    lines.append("        pick a listed demo employee or type any demo userName, e.g.")
    for person, roles in featured:
        lines.append(f"          {person.user_name}" + (f"  ({', '.join(roles)})" if roles else ""))
    return "\n".join(lines)
