"""Development tokens for the load client and the checks, minted once per subject."""

from __future__ import annotations

from servicekit.auth import mint_token


class Tokens:
    """Caches one token per (subject, role): minting parses the RSA key, which is slow."""

    def __init__(self, private_key_pem: str) -> None:
        self.key = private_key_pem
        self._minted: dict[tuple[str, str], str] = {}

    def auth(self, sub: str, role: str = "") -> dict[str, str]:
        """An ``Authorization`` header for ``sub`` (with one role, if given)."""
        if (sub, role) not in self._minted:
            roles = [role] if role else []
            self._minted[(sub, role)] = mint_token(self.key, sub=sub, roles=roles, ttl_s=3600)
        return {"Authorization": f"Bearer {self._minted[(sub, role)]}"}
