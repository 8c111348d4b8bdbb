// The C surface of libargon2 that CofferPrimitives may use. Nothing else imports this module.
#include <argon2.h>
