// The C surface of libsodium that CofferPrimitives may use. Nothing else imports this module.
#include <sodium.h>
