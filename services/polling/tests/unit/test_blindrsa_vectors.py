"""RFC 9474 Appendix A (RSABSSA-SHA384-PSS-Randomized): both sides reproduce the vector."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from polling_service.blindrsa import (
    PrivateKey,
    PublicKey,
    VerificationFailed,
    blind,
    blind_sign,
    finalize,
    prepare,
    verify,
)
from polling_service.blindrsa.pss import encode

VECTOR_FILE = Path(__file__).with_name("rfc9474_pss_randomized.txt")


def load_vector() -> dict[str, bytes]:
    """name -> value, the RFC's wrapped hex lines joined."""
    values: dict[str, str] = {}
    name = ""
    for line in VECTOR_FILE.read_text().splitlines():
        if line.startswith("#") or not line.strip():
            continue
        if match := re.fullmatch(r"(\w+) = ([0-9a-f]+)", line):
            name, values[match[1]] = match[1], match[2]
        else:
            values[name] += line.strip()
    return {k: bytes.fromhex(v.rjust(len(v) + len(v) % 2, "0")) for k, v in values.items()}


@pytest.fixture(scope="module")
def vector() -> dict[str, bytes]:
    return load_vector()


def num(value: bytes) -> int:
    return int.from_bytes(value, "big")


@pytest.fixture(scope="module")
def keys(vector: dict[str, bytes]) -> PrivateKey:
    public = PublicKey(num(vector["n"]), num(vector["e"]))
    return PrivateKey(public, num(vector["d"]), num(vector["p"]), num(vector["q"]))


def test_prepare_prefixes_the_message(vector: dict[str, bytes]) -> None:
    assert prepare(vector["msg"], vector["msg_prefix"]) == vector["random_msg"]


def test_emsa_pss_encoding_matches(vector: dict[str, bytes], keys: PrivateKey) -> None:
    em_bits = keys.public.n.bit_length() - 1
    assert encode(vector["random_msg"], em_bits, vector["salt"]) == vector["encoded_msg"]


def test_client_blinds_server_signs_client_finalizes(
    vector: dict[str, bytes], keys: PrivateKey
) -> None:
    r = pow(num(vector["inv"]), -1, keys.public.n)
    blinded = blind(keys.public, vector["random_msg"], salt=vector["salt"], r=r)
    assert blinded.blinded_msg == vector["blinded_msg"]
    assert blinded.inv == num(vector["inv"])
    blind_sig = blind_sign(keys, blinded.blinded_msg)
    assert blind_sig == vector["blind_sig"]
    assert finalize(keys.public, vector["random_msg"], blind_sig, blinded.inv) == vector["sig"]


def test_signature_verifies_ours_and_openssl(vector: dict[str, bytes], keys: PrivateKey) -> None:
    verify(keys.public, vector["random_msg"], vector["sig"])
    openssl = keys._crypto().public_key()
    pss = padding.PSS(mgf=padding.MGF1(hashes.SHA384()), salt_length=48)
    openssl.verify(vector["sig"], vector["random_msg"], pss, hashes.SHA384())


def test_tampered_message_or_signature_is_refused(
    vector: dict[str, bytes], keys: PrivateKey
) -> None:
    with pytest.raises(VerificationFailed):
        verify(keys.public, vector["msg"], vector["sig"])  # unprefixed: a different message
    forged = bytearray(vector["sig"])
    forged[-1] ^= 1
    with pytest.raises(VerificationFailed):
        verify(keys.public, vector["random_msg"], bytes(forged))


def test_fresh_key_round_trip_is_unlinkable_to_the_blinded_message() -> None:
    from polling_service.blindrsa import generate

    key = generate()
    token = prepare()
    first, second = blind(key.public, token), blind(key.public, token)
    assert first.blinded_msg != second.blinded_msg  # fresh r and salt every time
    signature = finalize(key.public, token, blind_sign(key, first.blinded_msg), first.inv)
    verify(key.public, token, signature)
    assert PrivateKey.from_pkcs8(key.to_pkcs8()) == PrivateKey.from_bytes(key.to_bytes()) == key
    assert PublicKey.from_jwk(key.public.jwk()) == key.public
