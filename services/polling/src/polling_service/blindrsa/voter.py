"""A voter's client for secret polls: a token, its blinded request and the finalized
credential, in the API's base64url forms (used by the tests and ``collabctl``).

Fetch the credential when the poll is first shown, not when voting: the time a
credential is issued is then far from the time its ballot is cast.
"""

from __future__ import annotations

from dataclasses import dataclass

from polling_service.blindrsa.client import Blinded, blind, finalize, prepare
from polling_service.blindrsa.keys import PublicKey, b64url, unb64url


@dataclass(frozen=True, slots=True)
class CredentialRequest:
    """What the voter keeps (token, blinding inverse) and sends (``blinded_message``)."""

    key: PublicKey
    token: bytes
    blinded: Blinded

    @property
    def blinded_message(self) -> str:
        """The body of ``POST /v1/polls/{id}/credential``."""
        return b64url(self.blinded.blinded_msg)


@dataclass(frozen=True, slots=True)
class Credential:
    """A token and its signature: the right to cast one ballot, linked to no one."""

    token: str
    signature: str


def request_credential(jwk: dict[str, str]) -> CredentialRequest:
    """A fresh random token (RFC 9474 prepared message), blinded for the poll's key."""
    key = PublicKey.from_jwk(jwk)
    token = prepare()
    return CredentialRequest(key, token, blind(key, token))


def credential(request: CredentialRequest, blind_signature: str) -> Credential:
    """Unblind the service's answer and check it; VerificationFailed when it is wrong."""
    signature = finalize(request.key, request.token, unb64url(blind_signature), request.blinded.inv)
    return Credential(b64url(request.token), b64url(signature))
