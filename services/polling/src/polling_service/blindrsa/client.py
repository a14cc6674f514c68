"""The voter's side of RFC 9474: Prepare (randomized), Blind and Finalize (§4.1, §4.2, §4.4)."""

from __future__ import annotations

import math
import os
import secrets
from dataclasses import dataclass

from polling_service.blindrsa import pss
from polling_service.blindrsa.keys import PublicKey

PREFIX_LEN = 32


@dataclass(frozen=True, slots=True)
class Blinded:
    """What the client sends (``blinded_msg``) and keeps (``inv``) until it finalizes."""

    blinded_msg: bytes
    inv: int


def prepare(message: bytes | None = None, prefix: bytes | None = None) -> bytes:
    """PrepareRandomize: a random 32-byte prefix and the message (random 32 bytes if none)."""
    message = os.urandom(32) if message is None else message
    prefix = os.urandom(PREFIX_LEN) if prefix is None else prefix
    return prefix + message


def blind(
    key: PublicKey, prepared: bytes, *, salt: bytes | None = None, r: int | None = None
) -> Blinded:
    """Blind: EMSA-PSS-encode and multiply by r^e (fixed ``salt`` and ``r``: test vectors)."""
    encoded = pss.encode(prepared, key.n.bit_length() - 1, salt)
    m = int.from_bytes(encoded, "big")
    if math.gcd(m, key.n) != 1:
        raise ValueError("invalid input")
    while r is None or math.gcd(r, key.n) != 1:
        r = secrets.randbelow(key.n - 1) + 1
    z = (m * pow(r, key.e, key.n)) % key.n
    return Blinded(z.to_bytes(key.size, "big"), pow(r, -1, key.n))


def finalize(key: PublicKey, prepared: bytes, blind_sig: bytes, inv: int) -> bytes:
    """Finalize: unblind and verify; raises VerificationFailed for a bad blind signature."""
    if len(blind_sig) != key.size:
        raise pss.VerificationFailed("blind signature length")
    s = (int.from_bytes(blind_sig, "big") * inv) % key.n
    signature = s.to_bytes(key.size, "big")
    pss.verify(key, prepared, signature)
    return signature
