// SPDX-License-Identifier: MIT
// X-Wing encapsulation with caller-supplied entropy, from the BoringSSL that apple/swift-crypto builds and links
// (it exports the function under its CCryptoBoringSSL_ prefix but swift-crypto gives it no Swift API). Only
// CofferPrimitives imports this module, and only the vector generator calls it: every real share encapsulates
// with swift-crypto's own randomness.
#ifndef COFFER_CXWING_H
#define COFFER_CXWING_H

#include <stdint.h>

// eseed is 64 bytes: the ML-KEM-768 message m (32) then the X25519 ephemeral scalar (32), as in
// draft-connolly-cfrg-xwing-kem's EncapsulateDerand. Returns 1 on success, 0 on error.
int coffer_xwing_encap_derand(uint8_t out_ciphertext[1120], uint8_t out_shared_secret[32],
                              const uint8_t public_key[1216], const uint8_t eseed[64]);

#endif
