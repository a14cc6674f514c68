"""The browser's RFC 9474 client (static/js/rsabssa.js): the RFC's vector under ``node --test``,
and a credential blinded and finalized by the JS, signed and verified by the polling
service's own blind-signature code."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from polling_service.blindrsa import PublicKey, VerificationFailed, blind_sign, generate, verify
from polling_service.blindrsa.keys import b64url, unb64url

JS_TESTS = Path(__file__).parents[1] / "js"
NODE = shutil.which("node") or "/usr/bin/node"


def node(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [NODE, *args], input=stdin, capture_output=True, text=True, timeout=60, check=False
    )


def voter(**request: Any) -> dict[str, str]:
    done = node(str(JS_TESTS / "voter.mjs"), stdin=json.dumps(request))
    assert done.returncode == 0, done.stderr
    answer: dict[str, str] = json.loads(done.stdout)
    return answer


def test_rfc9474_vector_under_node_test() -> None:
    done = node("--test", str(JS_TESTS / "rsabssa.test.mjs"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "# fail 0" in done.stdout and "# pass 7" in done.stdout


def test_js_blinds_python_signs_js_finalizes_python_verifies() -> None:
    key = generate()
    jwk = key.public.jwk()
    request = voter(step="request", jwk=jwk)
    token = unb64url(request["token"])
    assert len(token) == 64  # a 32-byte prefix and a 32-byte random message
    blinded = unb64url(request["blindedMessage"])
    assert len(blinded) == key.public.size and token not in blinded
    blind_signature = b64url(blind_sign(key, blinded))
    cred = voter(step="finalize", jwk=jwk, request=request, blindSignature=blind_signature)
    assert cred["token"] == request["token"]
    verify(PublicKey.from_jwk(jwk), token, unb64url(cred["signature"]))
    with pytest.raises(VerificationFailed):
        verify(key.public, token[::-1], unb64url(cred["signature"]))


def test_js_refuses_the_blind_signature_of_another_request() -> None:
    key = generate()
    jwk = key.public.jwk()
    mine, other = voter(step="request", jwk=jwk), voter(step="request", jwk=jwk)
    wrong = b64url(blind_sign(key, unb64url(other["blindedMessage"])))
    request = {"step": "finalize", "jwk": jwk, "request": mine, "blindSignature": wrong}
    done = node(str(JS_TESTS / "voter.mjs"), stdin=json.dumps(request))
    assert done.returncode != 0 and "VerificationError" in done.stderr
