// The C surface of OpenSSL 3's libcrypto that CofferPrimitives may use: the EVP interface to ChaCha20-Poly1305,
// the optional payload cipher backend (Spec/primitives.md). Nothing else imports this module.
#include <openssl/evp.h>
