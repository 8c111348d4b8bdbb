// SPDX-License-Identifier: MIT
// The few entry points the browser opener takes from libsodium 1.0.18 (Spec/opener.md §3). Everything here calls
// libsodium's own code; nothing is implemented in this file.
#include <stdint.h>
#include <stdlib.h>
#include "sodium/crypto_aead_chacha20poly1305.h"
#include "sodium/crypto_aead_xchacha20poly1305.h"
#include "sodium/crypto_generichash_blake2b.h"
#include "sodium/crypto_pwhash_scryptsalsa208sha256.h"
#include "sodium/utils.h"
#include "argon2.h"

#define EXPORT(name) __attribute__((export_name(#name)))

EXPORT(coffer_alloc) void *coffer_alloc(size_t size) { return malloc(size ? size : 1); }

EXPORT(coffer_free) void coffer_free(void *pointer, size_t size) {
    if (pointer != NULL) { sodium_memzero(pointer, size); }
    free(pointer);
}

// BLAKE2b with an optional key (RFC 7693), 1..64 output bytes.
EXPORT(coffer_blake2b) int coffer_blake2b(uint8_t *out, size_t outlen, const uint8_t *in, size_t inlen,
                                          const uint8_t *key, size_t keylen) {
    return crypto_generichash_blake2b(out, outlen, in, inlen, key, keylen);
}

// Argon2id v1.3 (RFC 9106) with any number of lanes: libsodium's Argon2 core, computed lane after lane. libsodium's
// public crypto_pwhash fixes p = 1; argon2id_hash_raw is the same code with p as a parameter.
EXPORT(coffer_argon2id) int coffer_argon2id(uint8_t *out, size_t outlen, const uint8_t *pwd, size_t pwdlen,
                                            const uint8_t *salt, size_t saltlen, uint32_t t, uint32_t m_kib,
                                            uint32_t p) {
    return argon2id_hash_raw(t, m_kib, p, pwd, pwdlen, salt, saltlen, out, outlen);
}

// ChaCha20-Poly1305 IETF (RFC 8439), detached tag; 0 when the tag verifies, -1 otherwise (out then undefined).
EXPORT(coffer_chacha20poly1305_open) int coffer_chacha20poly1305_open(
    uint8_t *out, const uint8_t *ciphertext, size_t ciphertextlen, const uint8_t *tag, const uint8_t *ad,
    size_t adlen, const uint8_t *nonce, const uint8_t *key) {
    return crypto_aead_chacha20poly1305_ietf_decrypt_detached(out, NULL, ciphertext, ciphertextlen, tag, ad, adlen,
                                                              nonce, key);
}

EXPORT(coffer_chacha20poly1305_seal) int coffer_chacha20poly1305_seal(
    uint8_t *out, uint8_t *tag, const uint8_t *plaintext, size_t plaintextlen, const uint8_t *ad, size_t adlen,
    const uint8_t *nonce, const uint8_t *key) {
    return crypto_aead_chacha20poly1305_ietf_encrypt_detached(out, tag, NULL, plaintext, plaintextlen, ad, adlen,
                                                              NULL, nonce, key);
}

// XChaCha20-Poly1305 IETF (draft-irtf-cfrg-xchacha-03; the vault's `box`, Spec/vault.md §2), detached tag, 24-byte
// nonce; 0 when the tag verifies, -1 otherwise (out then undefined).
EXPORT(coffer_xchacha20poly1305_open) int coffer_xchacha20poly1305_open(
    uint8_t *out, const uint8_t *ciphertext, size_t ciphertextlen, const uint8_t *tag, const uint8_t *ad,
    size_t adlen, const uint8_t *nonce, const uint8_t *key) {
    return crypto_aead_xchacha20poly1305_ietf_decrypt_detached(out, NULL, ciphertext, ciphertextlen, tag, ad, adlen,
                                                               nonce, key);
}

// scrypt (RFC 7914) with explicit N, r, p, as age's passphrase recipient uses it.
EXPORT(coffer_scrypt) int coffer_scrypt(uint8_t *out, size_t outlen, const uint8_t *pwd, size_t pwdlen,
                                        const uint8_t *salt, size_t saltlen, uint64_t n, uint32_t r, uint32_t p) {
    return crypto_pwhash_scryptsalsa208sha256_ll(pwd, pwdlen, salt, saltlen, n, r, p, out, outlen);
}

// libsodium's core.c and randombytes.c are left out: the opener calls no sodium_init and needs no randomness from
// libsodium (it only opens and verifies). Their two symbols the compiled files name end the program if ever reached.
void sodium_misuse(void) { abort(); }
void randombytes_buf(void *const buffer, const size_t size) {
    (void)buffer;
    (void)size;
    abort();
}
