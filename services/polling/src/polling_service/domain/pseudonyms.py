"""Keyed pseudonyms of voters: their voter streams and open ballot ids.

A stream name or ballot id computed from the employee id alone (a plain hash) would let
anyone who knows an id find that employee's participation and, through the published
ballot list of an open poll, their choice; and it would keep naming an erased voter in
every stored event's subject. Both are HMAC-SHA-256 under a key derived from the
service's key secret instead: stable per (poll, employee), so one stream per voter still
makes one ballot per voter, and meaningless without the key.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Pseudonyms:
    """Pseudonyms of (poll, employee) pairs under one key."""

    key: bytes

    @classmethod
    def from_secret(cls, secret: str) -> Pseudonyms:
        """The key derived from the service's key secret (never the secret itself)."""
        return cls(hmac.new(secret.encode(), b"polling voter pseudonyms", hashlib.sha256).digest())

    def _mac(self, label: str, poll_id: str, employee_id: str) -> str:
        message = f"{label}\n{poll_id}\n{employee_id}".encode()
        return hmac.new(self.key, message, hashlib.sha256).hexdigest()[:32]

    def voter(self, poll_id: str, employee_id: str) -> str:
        """The name of the employee's voter stream in the poll."""
        return self._mac("voter", poll_id, employee_id)

    def open_ballot(self, poll_id: str, employee_id: str) -> str:
        """The id of the employee's ballot in an ``open`` poll."""
        return self._mac("ballot", poll_id, employee_id)
