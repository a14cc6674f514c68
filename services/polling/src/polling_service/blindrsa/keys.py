"""RSA key pairs of secret polls: generation, JWK (RFC 7517) and PKCS#8 serialisation."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

KEY_BITS = 2048  # RFC 9474 §7.3 asks for at least 2048


def b64url(data: bytes) -> str:
    """base64url without padding."""
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def unb64url(text: str) -> bytes:
    """Decode base64url with or without padding; ValueError when malformed."""
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _int_bytes(value: int) -> bytes:
    return value.to_bytes(max(1, -(-value.bit_length() // 8)), "big")


@dataclass(frozen=True, slots=True)
class PublicKey:
    """n and e, and the modulus length in bytes."""

    n: int
    e: int

    @property
    def size(self) -> int:
        """modulus_len: the length of blinded messages and signatures."""
        return -(-self.n.bit_length() // 8)

    def jwk(self) -> dict[str, str]:
        """The JWK members ``kty``, ``n``, ``e``."""
        return {"kty": "RSA", "n": b64url(_int_bytes(self.n)), "e": b64url(_int_bytes(self.e))}

    @classmethod
    def from_jwk(cls, jwk: dict[str, str]) -> PublicKey:
        """The key a JWK names."""
        n = int.from_bytes(unb64url(jwk["n"]), "big")
        return cls(n, int.from_bytes(unb64url(jwk["e"]), "big"))


@dataclass(frozen=True, slots=True)
class PrivateKey:
    """The CRT form of an RSA private key."""

    public: PublicKey
    d: int
    p: int
    q: int

    def to_bytes(self) -> bytes:
        """The key's numbers as JSON (hex): what the encrypted registry stores. Parsing PKCS#8
        validates the key (about 0.1 s), which every credential would pay."""
        numbers = {"n": self.public.n, "e": self.public.e, "d": self.d, "p": self.p, "q": self.q}
        return json.dumps({k: format(v, "x") for k, v in numbers.items()}).encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> PrivateKey:
        """The key ``to_bytes`` wrote."""
        n, e, d, p, q = (int(json.loads(data)[k], 16) for k in ("n", "e", "d", "p", "q"))
        return cls(PublicKey(n, e), d, p, q)

    def to_pkcs8(self) -> bytes:
        """DER PKCS#8, to be encrypted before it is stored."""
        return self._crypto().private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    @classmethod
    def from_pkcs8(cls, der: bytes) -> PrivateKey:
        """Parse DER PKCS#8."""
        key = serialization.load_der_private_key(der, password=None)
        if not isinstance(key, rsa.RSAPrivateKey):
            raise ValueError("not an RSA key")
        return _from_crypto(key)

    def _crypto(self) -> rsa.RSAPrivateKey:
        p, q, d = self.p, self.q, self.d
        numbers = rsa.RSAPrivateNumbers(
            p, q, d, d % (p - 1), d % (q - 1), pow(q, -1, p),
            rsa.RSAPublicNumbers(self.public.e, self.public.n),
        )  # fmt: skip
        return numbers.private_key()


def _from_crypto(key: rsa.RSAPrivateKey) -> PrivateKey:
    numbers = key.private_numbers()
    public = PublicKey(numbers.public_numbers.n, numbers.public_numbers.e)
    return PrivateKey(public, numbers.d, numbers.p, numbers.q)


def generate(bits: int = KEY_BITS) -> PrivateKey:
    """A fresh key pair with e = 65537."""
    return _from_crypto(rsa.generate_private_key(public_exponent=65537, key_size=bits))
