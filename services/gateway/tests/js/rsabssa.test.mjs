// RFC 9474 Appendix A.1 (RSABSSA-SHA384-PSS-Randomized) against rsabssa.js: run with
// `node --test` (the gateway's pytest runs it). The signer's side (m^d mod n) is computed
// here from the vector's private exponent.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import * as rsabssa from "../../src/gateway_service/static/js/rsabssa.js";

const VECTOR_FILE = new URL("./rfc9474_pss_randomized.txt", import.meta.url);

function loadVector() {
  const values = {};
  let name = "";
  for (const line of readFileSync(VECTOR_FILE, "utf8").split("\n")) {
    if (line.startsWith("#") || !line.trim()) continue;
    const match = /^(\w+) = ([0-9a-f]+)$/.exec(line);
    if (match) [name, values[match[1]]] = [match[1], match[2]];
    else values[name] += line.trim();
  }
  const hex = (v) => (v.length % 2 ? "0" + v : v);
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, Uint8Array.from(Buffer.from(hex(v), "hex"))]),
  );
}

const v = loadVector();
const num = rsabssa.bytesToInt;
const key = rsabssa.publicKey(num(v.n), num(v.e));
const d = num(v.d);
const sign = (blinded) =>
  rsabssa.intToBytes(rsabssa.modPow(num(blinded), d, key.n), key.size);

async function webcryptoVerifies(signature, message) {
  const jwk = { kty: "RSA", n: rsabssa.b64url(v.n), e: rsabssa.b64url(v.e), alg: "PS384" };
  const algorithm = { name: "RSA-PSS", hash: "SHA-384" };
  const publicKey = await crypto.subtle.importKey("jwk", jwk, algorithm, false, ["verify"]);
  return crypto.subtle.verify({ name: "RSA-PSS", saltLength: 48 }, publicKey, signature, message);
}

test("prepare prefixes the message", () => {
  assert.deepEqual(rsabssa.prepare(v.msg, v.msg_prefix), v.random_msg);
  assert.equal(rsabssa.prepare().length, 64);
});

test("EMSA-PSS encoding matches the vector", async () => {
  assert.deepEqual(await rsabssa.pssEncode(v.random_msg, key.bits - 1, v.salt), v.encoded_msg);
});

test("blind, sign and finalize reproduce blinded_msg, blind_sig and sig", async () => {
  const r = rsabssa.modInverse(num(v.inv), key.n);
  const { blindedMsg, inv } = await rsabssa.blind(key, v.random_msg, { salt: v.salt, r });
  assert.deepEqual(blindedMsg, v.blinded_msg);
  assert.equal(inv, num(v.inv));
  const blindSig = sign(blindedMsg);
  assert.deepEqual(blindSig, v.blind_sig);
  assert.deepEqual(await rsabssa.finalize(key, v.random_msg, blindSig, inv), v.sig);
});

test("the vector's signature verifies here and in WebCrypto's RSA-PSS", async () => {
  await rsabssa.verify(key, v.random_msg, v.sig);
  assert.equal(await webcryptoVerifies(v.sig, v.random_msg), true);
});

test("a tampered message, signature or blind signature is refused", async () => {
  const { VerificationError } = rsabssa;
  await assert.rejects(rsabssa.verify(key, v.msg, v.sig), VerificationError);
  const forged = v.sig.slice();
  forged[forged.length - 1] ^= 1;
  await assert.rejects(rsabssa.verify(key, v.random_msg, forged), VerificationError);
  const badBlind = v.blind_sig.slice();
  badBlind[10] ^= 0x40;
  await assert.rejects(rsabssa.finalize(key, v.random_msg, badBlind, num(v.inv)),
    VerificationError);
  await assert.rejects(rsabssa.finalize(key, v.random_msg, v.blind_sig.slice(1), num(v.inv)),
    VerificationError);
});

test("fresh credentials are random, unblind to valid signatures, and match WebCrypto", async () => {
  const jwk = { kty: "RSA", n: rsabssa.b64url(v.n), e: rsabssa.b64url(v.e) };
  const first = await rsabssa.requestCredential(jwk);
  const second = await rsabssa.requestCredential(jwk);
  assert.notEqual(first.token, second.token);
  assert.notEqual(first.blindedMessage, second.blindedMessage);
  const blindSignature = rsabssa.b64url(sign(rsabssa.unb64url(first.blindedMessage)));
  const cred = await rsabssa.credential(jwk, first, blindSignature);
  assert.equal(cred.token, first.token);
  const token = rsabssa.unb64url(cred.token);
  assert.equal(await webcryptoVerifies(rsabssa.unb64url(cred.signature), token), true);
  await assert.rejects(rsabssa.credential(jwk, second, blindSignature),
    rsabssa.VerificationError);
});

test("base64url and integer encodings round-trip", () => {
  for (const length of [0, 1, 2, 3, 31, 256]) {
    const bytes = crypto.getRandomValues(new Uint8Array(length));
    assert.deepEqual(rsabssa.unb64url(rsabssa.b64url(bytes)), bytes);
  }
  assert.throws(() => rsabssa.unb64url("a+b/"), TypeError);
  assert.throws(() => rsabssa.intToBytes(256n, 1), RangeError);
  assert.throws(() => rsabssa.publicKey(2n ** 1023n + 1n, 65537n), RangeError);
});
