// SPDX-License-Identifier: MIT
#include "CXWing.h"

// Defined in swift-crypto's CCryptoBoringSSL (crypto/xwing/xwing.cc), linked into every Coffer binary.
int CCryptoBoringSSL_XWING_encap_external_entropy(uint8_t out_ciphertext[1120], uint8_t out_shared_secret[32],
                                                  const uint8_t encoded_public_key[1216], const uint8_t eseed[64]);

int coffer_xwing_encap_derand(uint8_t out_ciphertext[1120], uint8_t out_shared_secret[32],
                              const uint8_t public_key[1216], const uint8_t eseed[64]) {
    return CCryptoBoringSSL_XWING_encap_external_entropy(out_ciphertext, out_shared_secret, public_key, eseed);
}
