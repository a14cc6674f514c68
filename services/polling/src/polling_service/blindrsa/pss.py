"""EMSA-PSS encoding and RSASSA-PSS verification (RFC 8017 §8.1.2, §9.1) with SHA-384."""

from __future__ import annotations

import hashlib
import hmac
import os

from polling_service.blindrsa.keys import PublicKey

HASH_LEN = 48  # SHA-384
SALT_LEN = 48  # RFC 9474 RSABSSA-SHA384-PSS-*: sLen = hLen


class VerificationFailed(ValueError):
    """The signature does not verify for this message and key."""


def _sha384(data: bytes) -> bytes:
    return hashlib.sha384(data).digest()


def mgf1(seed: bytes, length: int) -> bytes:
    """MGF1 with SHA-384 (RFC 8017 §B.2.1)."""
    out = b"".join(_sha384(seed + i.to_bytes(4, "big")) for i in range(-(-length // HASH_LEN)))
    return out[:length]


def _xor(a: bytes, b: bytes) -> bytes:
    return bytes(x ^ y for x, y in zip(a, b, strict=True))


def encode(message: bytes, em_bits: int, salt: bytes | None = None) -> bytes:
    """EMSA-PSS-ENCODE(M, emBits) with a random salt unless one is given (test vectors)."""
    em_len = -(-em_bits // 8)
    salt = os.urandom(SALT_LEN) if salt is None else salt
    if em_len < HASH_LEN + len(salt) + 2:
        raise ValueError("encoding error: modulus too short")
    h = _sha384(b"\x00" * 8 + _sha384(message) + salt)
    db = b"\x00" * (em_len - len(salt) - HASH_LEN - 2) + b"\x01" + salt
    masked = bytearray(_xor(db, mgf1(h, em_len - HASH_LEN - 1)))
    masked[0] &= 0xFF >> (8 * em_len - em_bits)
    return bytes(masked) + h + b"\xbc"


def encoding_matches(message: bytes, em: bytes, em_bits: int) -> bool:
    """EMSA-PSS-VERIFY(M, EM, emBits) with sLen = 48."""
    em_len = -(-em_bits // 8)
    if len(em) != em_len or em_len < HASH_LEN + SALT_LEN + 2 or em[-1] != 0xBC:
        return False
    masked, h = em[: em_len - HASH_LEN - 1], em[em_len - HASH_LEN - 1 : -1]
    top = 0xFF >> (8 * em_len - em_bits)
    if masked[0] & ~top & 0xFF:
        return False
    db = bytearray(_xor(masked, mgf1(h, em_len - HASH_LEN - 1)))
    db[0] &= top
    pad = em_len - HASH_LEN - SALT_LEN - 2
    if any(db[:pad]) or db[pad] != 0x01:
        return False
    salt = bytes(db[-SALT_LEN:])
    return hmac.compare_digest(_sha384(b"\x00" * 8 + _sha384(message) + salt), h)


def verify(key: PublicKey, message: bytes, signature: bytes) -> None:
    """RSASSA-PSS-VERIFY; raises VerificationFailed."""
    if len(signature) != key.size:
        raise VerificationFailed("signature length")
    s = int.from_bytes(signature, "big")
    if s >= key.n:
        raise VerificationFailed("signature representative out of range")
    em_bits = key.n.bit_length() - 1
    em = pow(s, key.e, key.n).to_bytes(key.size, "big")[key.size - (-(-em_bits // 8)) :]
    if not encoding_matches(message, em, em_bits):
        raise VerificationFailed("inconsistent")
