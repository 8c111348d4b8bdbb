// SPDX-License-Identifier: MIT
// Every cryptographic operation of the opener, and where it comes from (Spec/opener.md §3). Nothing here is a
// hand-written primitive: each function calls WebCrypto or libsodium 1.0.18 compiled to WebAssembly (sodium.js).
//
//   SHA-256, HMAC-SHA-256, HKDF-SHA-256, Ed25519, X25519          WebCrypto (crypto.subtle)
//   BLAKE2b, Argon2id (any lanes), (X)ChaCha20-Poly1305, scrypt    libsodium wasm (WebCrypto has none of them in
//                                                                   Firefox; Chromium's ChaCha20-Poly1305 is new)
import { concat } from './bytes.js';
import { sodium, withBuffers } from './sodium.js';

export const SOURCES = {
    sha256: 'WebCrypto', hmacSha256: 'WebCrypto', hkdfSha256: 'WebCrypto', ed25519: 'WebCrypto',
    x25519: 'WebCrypto', blake2b: 'libsodium wasm', argon2id: 'libsodium wasm',
    chacha20poly1305: 'libsodium wasm', xchacha20poly1305: 'libsodium wasm', scrypt: 'libsodium wasm',
};

const subtle = globalThis.crypto.subtle;
const ED25519_PKCS8 = Uint8Array.from([48, 46, 2, 1, 0, 48, 5, 6, 3, 43, 101, 112, 4, 34, 4, 32]);
const X25519_PKCS8 = Uint8Array.from([48, 46, 2, 1, 0, 48, 5, 6, 3, 43, 101, 110, 4, 34, 4, 32]);

/** Makes sure both sources are there (the wasm is fetched and hash-checked once). */
export async function ready() { await sodium(); }

export async function sha256(data) { return new Uint8Array(await subtle.digest('SHA-256', data)); }

/** `HKDF-SHA-256(ikm, salt, info, length)` (RFC 5869). */
export async function hkdfSha256(ikm, salt, info, length) {
    const key = await subtle.importKey('raw', ikm, 'HKDF', false, ['deriveBits']);
    const bits = await subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt, info }, key, length * 8);
    return new Uint8Array(bits);
}

export async function hmacSha256(key, data) {
    const handle = await subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    return new Uint8Array(await subtle.sign('HMAC', handle, data));
}

/** Checks `mac = HMAC-SHA-256(key, data)` in constant time (WebCrypto's verify). */
export async function hmacSha256Verify(key, data, mac) {
    const handle = await subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    return subtle.verify('HMAC', handle, mac, data);
}

/** The Ed25519 public key of a 32-byte seed (RFC 8032), via a PKCS#8 import and a JWK export. */
export async function ed25519PublicKey(seed) {
    const key = await subtle.importKey('pkcs8', concat(ED25519_PKCS8, seed), 'Ed25519', true, ['sign']);
    const jwk = await subtle.exportKey('jwk', key);
    return base64urlToBytes(jwk.x);
}

/**
 * An Ed25519 signer of a 32-byte seed (RFC 8032), via a PKCS#8 import: `{ publicKey, sign(message) }`. The key
 * is not extractable once imported; the signer holds the WebCrypto handle, not the seed.
 */
export async function ed25519Signer(seed) {
    const pkcs8 = concat(ED25519_PKCS8, seed);
    const exportable = await subtle.importKey('pkcs8', pkcs8, 'Ed25519', true, ['sign']);
    const publicKey = base64urlToBytes((await subtle.exportKey('jwk', exportable)).x);
    const key = await subtle.importKey('pkcs8', pkcs8, 'Ed25519', false, ['sign']);
    pkcs8.fill(0);
    return {
        publicKey,
        async sign(message) { return new Uint8Array(await subtle.sign('Ed25519', key, message)); },
    };
}

export async function ed25519Verify(publicKey, signature, message) {
    const key = await subtle.importKey('raw', publicKey, 'Ed25519', false, ['verify']);
    return subtle.verify('Ed25519', key, signature, message);
}

/** The X25519 public key of a 32-byte secret scalar. */
export async function x25519PublicKey(secret) {
    const key = await subtle.importKey('pkcs8', concat(X25519_PKCS8, secret), 'X25519', true, ['deriveBits']);
    return base64urlToBytes((await subtle.exportKey('jwk', key)).x);
}

/** `X25519(secret, publicShare)`; null when the result is all zero (a low-order share, which WebCrypto refuses). */
export async function x25519(secret, publicShare) {
    const privateKey = await subtle.importKey('pkcs8', concat(X25519_PKCS8, secret), 'X25519', false, ['deriveBits']);
    let shared;
    try {
        // Firefox refuses some low-order shares at import, Chromium at deriveBits: both mean an all-zero result.
        const publicKey = await subtle.importKey('raw', publicShare, 'X25519', false, []);
        shared = new Uint8Array(await subtle.deriveBits({ name: 'X25519', public: publicKey }, privateKey, 256));
    } catch {
        return null;
    }
    return shared.every((b) => b === 0) ? null : shared;
}

/** `BLAKE2b(key, message)` with `length` output bytes (RFC 7693). */
export async function blake2b(message, key, length) {
    const { result, outs } = await withBuffers([message, key], [length], (s, [m, k, out]) =>
        s.coffer_blake2b(out, length, m, message.length, k, key.length));
    if (result !== 0) throw new Error('BLAKE2b failed');
    return outs[0];
}

/**
 * `Argon2id(password, salt, t, m KiB, p)` v1.3 with any number of lanes, `length` bytes; throws when the memory
 * cannot be had.
 */
export async function argon2id(password, salt, iterations, memoryKiB, parallelism, length = 32) {
    const { result, outs } = await withBuffers([password, salt], [length], (s, [pw, sa, out]) =>
        s.coffer_argon2id(out, length, pw, password.length, sa, salt.length, iterations, memoryKiB, parallelism));
    if (result !== 0) throw new Error(`Argon2id failed (code ${result})`);
    return outs[0];
}

/** `scrypt(password, salt, N, r, p)`, `length` bytes. */
export async function scrypt(password, salt, n, r, p, length) {
    const { result, outs } = await withBuffers([password, salt], [length], (s, [pw, sa, out]) =>
        s.coffer_scrypt(out, length, pw, password.length, sa, salt.length, BigInt(n), r, p));
    if (result !== 0) throw new Error('scrypt failed');
    return outs[0];
}

/** ChaCha20-Poly1305 (RFC 8439) open of `sealed = ciphertext ‖ tag`: the plaintext, or null if the tag fails. */
export async function chachaOpen(key, nonce, sealed, ad = new Uint8Array(0)) {
    if (sealed.length < 16) return null;
    const count = sealed.length - 16;
    const { result, outs } = await withBuffers(
        [sealed.subarray(0, count), sealed.subarray(count), ad, nonce, key], [count],
        (s, [c, tag, a, n, k, out]) => s.coffer_chacha20poly1305_open(out, c, count, tag, a, ad.length, n, k));
    return result === 0 ? outs[0] : null;
}

/**
 * XChaCha20-Poly1305 IETF open (the vault's `box`, Spec/vault.md §2) of `sealed = ciphertext ‖ tag` under a 24-byte
 * nonce: the plaintext, or null if the tag fails.
 */
export async function xchachaOpen(key, nonce, sealed, ad = new Uint8Array(0)) {
    if (sealed.length < 16 || nonce.length !== 24 || key.length !== 32) return null;
    const count = sealed.length - 16;
    const { result, outs } = await withBuffers(
        [sealed.subarray(0, count), sealed.subarray(count), ad, nonce, key], [count],
        (s, [c, tag, a, n, k, out]) => s.coffer_xchacha20poly1305_open(out, c, count, tag, a, ad.length, n, k));
    return result === 0 ? outs[0] : null;
}

/**
 * A ChaCha20-Poly1305 opener for many messages under one key (the payload): buffers are allocated once, and
 * `open` returns a view of the plaintext in wasm memory, valid until the next `open` (copy it to keep it), so a
 * long download allocates nothing per chunk.
 */
export async function chachaOpener(key) {
    const s = await sodium();
    const size = 65552;
    const k = s.coffer_alloc(32), n = s.coffer_alloc(12), c = s.coffer_alloc(size), out = s.coffer_alloc(size);
    new Uint8Array(s.memory.buffer, k, 32).set(key);
    return {
        open(nonce, sealed) {
            if (sealed.length < 16 || sealed.length > size) return null;
            const count = sealed.length - 16;
            new Uint8Array(s.memory.buffer, n, 12).set(nonce);
            new Uint8Array(s.memory.buffer, c, sealed.length).set(sealed);
            const result = s.coffer_chacha20poly1305_open(out, c, count, c + count, 0, 0, n, k);
            return result === 0 ? new Uint8Array(s.memory.buffer, out, count) : null;
        },
        close() {
            s.coffer_free(k, 32);
            s.coffer_free(n, 12);
            s.coffer_free(c, size);
            s.coffer_free(out, size);
        },
    };
}

function base64urlToBytes(text) {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
