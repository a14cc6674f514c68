// rsabssa.js 1.0.0: RSA blind signatures (RFC 9474), variant RSABSSA-SHA384-PSS-Randomized.
//
// The voter's side only: Prepare (a 32-byte random prefix), Blind (EMSA-PSS with SHA-384,
// MGF1-SHA-384 and a 48-byte salt, RFC 8017 §9.1) and Finalize (unblind, then
// RSASSA-PSS-VERIFY). No dependencies: BigInt arithmetic, WebCrypto's SHA-384 and
// getRandomValues. Checked against the RFC's Appendix A vector by the gateway's tests.
//
// The unblinded token and the blinding inverse never leave the browser: only
// `blindedMsg` goes to the signer, and the finalized (token, signature) pair is sent later,
// unauthenticated, with the ballot.

export const VERSION = "1.0.0";
export const PREFIX_LEN = 32;
export const HASH_LEN = 48; // SHA-384
export const SALT_LEN = 48; // RSABSSA-SHA384-PSS-*: sLen = hLen

export class VerificationError extends Error {
  constructor(message) {
    super(message);
    this.name = "VerificationError";
  }
}

const webcrypto = globalThis.crypto;

// ---- bytes and integers -------------------------------------------------------------

/** base64url without padding. */
export function b64url(bytes) {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** Decode base64url with or without padding; throws on malformed input. */
export function unb64url(text) {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(text)) throw new TypeError("not base64url");
  const plain = text.replaceAll("-", "+").replaceAll("_", "/").replace(/=+$/, "");
  const binary = atob(plain + "=".repeat((4 - (plain.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export function bytesToInt(bytes) {
  let hex = "0x0";
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
  return BigInt(hex);
}

/** I2OSP: big-endian, exactly `length` bytes; throws when the integer is too large. */
export function intToBytes(value, length) {
  const hex = value.toString(16);
  if (value < 0n || hex.length > 2 * length) throw new RangeError("integer too large");
  const padded = hex.padStart(2 * length, "0");
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = parseInt(padded.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function bitLength(value) {
  return value === 0n ? 0 : value.toString(2).length;
}

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function randomBytes(length) {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i += 65536) webcrypto.getRandomValues(out.subarray(i, i + 65536));
  return out;
}

function mod(a, n) {
  const r = a % n;
  return r < 0n ? r + n : r;
}

export function modPow(base, exponent, n) {
  let result = 1n;
  let b = mod(base, n);
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % n;
    b = (b * b) % n;
    e >>= 1n;
  }
  return result;
}

function gcd(a, b) {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** a^-1 mod n (extended Euclid); null when a and n are not coprime. */
export function modInverse(a, n) {
  let [oldR, r] = [mod(a, n), n];
  let [oldS, s] = [1n, 0n];
  while (r) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return oldR === 1n ? mod(oldS, n) : null;
}

/** A uniform integer in [1, n), by rejection of random bit strings of n's length. */
function randomBelow(n) {
  const bits = bitLength(n);
  const length = Math.ceil(bits / 8);
  const topMask = 0xff >> (8 * length - bits);
  for (;;) {
    const bytes = randomBytes(length);
    bytes[0] &= topMask;
    const candidate = bytesToInt(bytes);
    if (candidate > 0n && candidate < n) return candidate;
  }
}

// ---- keys ---------------------------------------------------------------------------

/** The public key a JWK (`kty` RSA, `n`, `e`) names, with its modulus length in bytes. */
export function publicKeyFromJwk(jwk) {
  if (!jwk || jwk.kty !== "RSA") throw new TypeError("not an RSA JWK");
  return publicKey(bytesToInt(unb64url(jwk.n)), bytesToInt(unb64url(jwk.e)));
}

export function publicKey(n, e) {
  const bits = bitLength(n);
  if (bits < 2048) throw new RangeError("RFC 9474 asks for a modulus of at least 2048 bits");
  return Object.freeze({ n, e, bits, size: Math.ceil(bits / 8) });
}

// ---- EMSA-PSS (RFC 8017 §9.1) with SHA-384 --------------------------------------------

async function sha384(data) {
  return new Uint8Array(await webcrypto.subtle.digest("SHA-384", data));
}

async function mgf1(seed, length) {
  const blocks = [];
  for (let counter = 0; counter * HASH_LEN < length; counter++) {
    blocks.push(await sha384(concat(seed, intToBytes(BigInt(counter), 4))));
  }
  return concat(...blocks).subarray(0, length);
}

function xor(a, b) {
  return a.map((byte, i) => byte ^ b[i]);
}

async function mPrimeHash(message, salt) {
  return sha384(concat(new Uint8Array(8), await sha384(message), salt));
}

/** EMSA-PSS-ENCODE(M, emBits) with a random 48-byte salt unless one is given (test vectors). */
export async function pssEncode(message, emBits, salt = randomBytes(SALT_LEN)) {
  const emLen = Math.ceil(emBits / 8);
  if (emLen < HASH_LEN + salt.length + 2) throw new RangeError("encoding error");
  const h = await mPrimeHash(message, salt);
  const db = concat(new Uint8Array(emLen - salt.length - HASH_LEN - 2), Uint8Array.of(1), salt);
  const masked = xor(db, await mgf1(h, emLen - HASH_LEN - 1));
  masked[0] &= 0xff >> (8 * emLen - emBits);
  return concat(masked, h, Uint8Array.of(0xbc));
}

async function pssEncodingMatches(message, em, emBits) {
  const emLen = Math.ceil(emBits / 8);
  if (em.length !== emLen || emLen < HASH_LEN + SALT_LEN + 2 || em[emLen - 1] !== 0xbc) {
    return false;
  }
  const masked = em.subarray(0, emLen - HASH_LEN - 1);
  const h = em.subarray(emLen - HASH_LEN - 1, emLen - 1);
  const top = 0xff >> (8 * emLen - emBits);
  if (masked[0] & ~top & 0xff) return false;
  const db = xor(masked, await mgf1(h, emLen - HASH_LEN - 1));
  db[0] &= top;
  const pad = emLen - HASH_LEN - SALT_LEN - 2;
  if (db.subarray(0, pad).some((byte) => byte !== 0) || db[pad] !== 1) return false;
  const expected = await mPrimeHash(message, db.subarray(db.length - SALT_LEN));
  return expected.every((byte, i) => byte === h[i]);
}

/** RSASSA-PSS-VERIFY with SHA-384 and sLen 48; throws VerificationError. */
export async function verify(key, message, signature) {
  if (signature.length !== key.size) throw new VerificationError("signature length");
  const s = bytesToInt(signature);
  if (s >= key.n) throw new VerificationError("signature representative out of range");
  const emBits = key.bits - 1;
  const emLen = Math.ceil(emBits / 8);
  const em = intToBytes(modPow(s, key.e, key.n), key.size).subarray(key.size - emLen);
  if (!(await pssEncodingMatches(message, em, emBits))) {
    throw new VerificationError("invalid signature");
  }
}

// ---- RFC 9474 §4: Prepare, Blind, Finalize --------------------------------------------

/** PrepareRandomize: a random 32-byte prefix and the message (32 random bytes if none). */
export function prepare(message = randomBytes(32), prefix = randomBytes(PREFIX_LEN)) {
  if (prefix.length !== PREFIX_LEN) throw new RangeError("the prefix is 32 bytes");
  return concat(prefix, message);
}

/**
 * Blind: EMSA-PSS-encode the prepared message and multiply by r^e mod n.
 * Returns `{ blindedMsg, inv }`: send `blindedMsg`, keep `inv` until Finalize.
 * `options.salt` and `options.r` fix the randomness (test vectors only).
 */
export async function blind(key, prepared, options = {}) {
  const encoded = await pssEncode(prepared, key.bits - 1, options.salt);
  const m = bytesToInt(encoded);
  if (gcd(m, key.n) !== 1n) throw new Error("invalid input");
  const r = options.r ?? randomBelow(key.n);
  const inv = modInverse(r, key.n);
  if (inv === null) throw new Error("blinding error");
  const z = (m * modPow(r, key.e, key.n)) % key.n;
  return { blindedMsg: intToBytes(z, key.size), inv };
}

/** Finalize: unblind the signer's answer and verify it; throws VerificationError. */
export async function finalize(key, prepared, blindSig, inv) {
  if (blindSig.length !== key.size) throw new VerificationError("blind signature length");
  const s = (bytesToInt(blindSig) * inv) % key.n;
  const signature = intToBytes(s, key.size);
  await verify(key, prepared, signature);
  return signature;
}

// ---- a secret poll's credential, in the polling API's base64url forms ------------------

/** A fresh token blinded for the poll's key: `{ token, inv, blindedMessage }` (strings). */
export async function requestCredential(jwk) {
  const key = publicKeyFromJwk(jwk);
  const token = prepare();
  const { blindedMsg, inv } = await blind(key, token);
  return { token: b64url(token), inv: inv.toString(16), blindedMessage: b64url(blindedMsg) };
}

/** The credential `{ token, signature }` from a request and the signer's blind signature. */
export async function credential(jwk, request, blindSignature) {
  const key = publicKeyFromJwk(jwk);
  const token = unb64url(request.token);
  const inv = BigInt("0x" + request.inv);
  const signature = await finalize(key, token, unb64url(blindSignature), inv);
  return { token: request.token, signature: b64url(signature) };
}
