"""RSA blind signatures (RFC 9474), variant RSABSSA-SHA384-PSS-Randomized.

``pss`` is EMSA-PSS (RFC 8017 §9.1) with SHA-384, MGF1-SHA-384 and a 48-byte salt;
``keys`` holds the key pair and its JWK; ``server`` signs blindly; ``client`` prepares,
blinds and finalizes. The arithmetic is Python integers; ``cryptography`` generates
the keys.
"""

from __future__ import annotations

from polling_service.blindrsa.client import Blinded, blind, finalize, prepare
from polling_service.blindrsa.keys import PrivateKey, PublicKey, generate
from polling_service.blindrsa.pss import VerificationFailed, verify
from polling_service.blindrsa.server import blind_sign

__all__ = [
    "Blinded",
    "PrivateKey",
    "PublicKey",
    "VerificationFailed",
    "blind",
    "blind_sign",
    "finalize",
    "generate",
    "prepare",
    "verify",
]
