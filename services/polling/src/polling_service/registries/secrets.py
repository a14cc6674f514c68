"""Key material of a poll: the RSA private key of a secret poll, the pseudonym key of an
anonymous one. Stored AES-256-GCM-encrypted (key: SHA-256 of ``key_secret``, the poll id
as associated data), never in an event or a log line, and destroyed when the poll closes."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from polling_service.blindrsa import PrivateKey

Doc = dict[str, Any]


class PollSecrets:
    """One document per poll: ``{_id: poll_id, sealed: bytes, destroyed: bool}``."""

    def __init__(self, db: AsyncDatabase[Doc], key_secret: str) -> None:
        self.collection = db["poll_secrets"]
        self._aead = AESGCM(hashlib.sha256(key_secret.encode()).digest())

    async def keep(self, poll_id: str, secret: bytes) -> None:
        """Store a poll's secret (the same again is a no-op)."""
        nonce = os.urandom(12)
        sealed = nonce + self._aead.encrypt(nonce, secret, poll_id.encode())
        with contextlib.suppress(DuplicateKeyError):  # kept by an earlier attempt
            await self.collection.insert_one({"_id": poll_id, "sealed": sealed})

    async def _open(self, poll_id: str) -> bytes | None:
        doc = await self.collection.find_one({"_id": poll_id})
        if doc is None or "sealed" not in doc:
            return None
        sealed: bytes = doc["sealed"]
        return self._aead.decrypt(sealed[:12], sealed[12:], poll_id.encode())

    async def signing_key(self, poll_id: str) -> PrivateKey | None:
        """The secret poll's private key, None once destroyed."""
        der = await self._open(poll_id)
        return None if der is None else PrivateKey.from_bytes(der)

    async def pseudonym(self, poll_id: str, employee_id: str) -> str | None:
        """HMAC-SHA-256 of the employee under the anonymous poll's key (hex, 64)."""
        key = await self._open(poll_id)
        if key is None:
            return None
        return hmac.new(key, employee_id.encode(), hashlib.sha256).hexdigest()

    async def forget(self, poll_id: str) -> None:
        """Remove a secret whose poll was never created (its append failed)."""
        await self.collection.delete_one({"_id": poll_id})

    async def destroy(self, poll_id: str) -> None:
        """Destroy the secret at close: only the fact that it existed stays."""
        await self.collection.update_one(
            {"_id": poll_id}, {"$unset": {"sealed": ""}, "$set": {"destroyed": True}}
        )
