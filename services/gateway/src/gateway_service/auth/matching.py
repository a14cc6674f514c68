"""Match the IdP's user to an employee through the profile service's SCIM API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gateway_service.auth.tokens import TokenMinter
from gateway_service.web.services import ServiceApi, ServiceClients

# The gateway's own identity when it looks people up (SCIM needs the provisioner role).
GATEWAY_SUBJECT = "collab-gateway"


@dataclass(frozen=True, slots=True)
class Employee:
    """The employee a signed-in IdP user is."""

    employee_id: str
    name: str
    locale: str | None


def usernames_from(claims: dict[str, Any], claim_names: list[str]) -> list[str]:
    """Candidate SCIM userNames from the IdP's claims, in the configured order, deduplicated."""
    found: list[str] = []
    for name in claim_names:
        value = claims.get(name)
        if isinstance(value, str) and value.strip() and value.strip() not in found:
            found.append(value.strip())
    return found


async def match_employee(
    clients: ServiceClients, minter: TokenMinter, usernames: list[str]
) -> Employee | None:
    """The active employee whose userName is one of ``usernames`` (the first that matches)."""
    api = ServiceApi(clients, minter.token_for(GATEWAY_SUBJECT, frozenset({"provisioner"})))
    for username in usernames:
        quoted = username.replace("\\", "\\\\").replace('"', '\\"')
        found = await api.get("profile", "/scim/v2/Users", filter=f'userName eq "{quoted}"')
        for user in found.get("Resources", []):
            if user.get("active", True):
                return _employee(user)
    return None


def _employee(user: dict[str, Any]) -> Employee:
    name = user.get("displayName") or (user.get("name") or {}).get("formatted")
    if not name:
        parts = user.get("name") or {}
        name = " ".join(p for p in (parts.get("givenName"), parts.get("familyName")) if p)
    return Employee(str(user["id"]), str(name or user.get("userName")), user.get("locale"))


def roles_from(claims: dict[str, Any], claim_name: str, grantable: list[str]) -> frozenset[str]:
    """The roles an IdP grants (a list or a space-separated string), limited to ``grantable``."""
    value = claims.get(claim_name) or []
    roles = value.split() if isinstance(value, str) else value
    if not isinstance(roles, list):
        return frozenset()
    return frozenset(r for r in roles if isinstance(r, str) and r in grantable)
