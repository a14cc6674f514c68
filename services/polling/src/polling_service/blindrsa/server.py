"""The signer's side of RFC 9474 (§4.3 BlindSign)."""

from __future__ import annotations

from polling_service.blindrsa.keys import PrivateKey


class InvalidBlindedMessage(ValueError):
    """The blinded message is not a representative of this key's modulus."""


def blind_sign(key: PrivateKey, blinded_msg: bytes) -> bytes:
    """s = m^d mod n, checked by s^e = m (a faulty computation would leak the key)."""
    n = key.public.n
    if len(blinded_msg) != key.public.size:
        raise InvalidBlindedMessage("blinded message length")
    m = int.from_bytes(blinded_msg, "big")
    if m >= n:
        raise InvalidBlindedMessage("message representative out of range")
    # CRT: about three times faster than pow(m, d, n).
    sp = pow(m, key.d % (key.p - 1), key.p)
    sq = pow(m, key.d % (key.q - 1), key.q)
    s = sq + key.q * ((pow(key.q, -1, key.p) * (sp - sq)) % key.p)
    if pow(s, key.public.e, n) != m:
        raise ArithmeticError("signing failure")
    return s.to_bytes(key.public.size, "big")
