// SPDX-License-Identifier: MIT
import CofferPrimitives

/// The password-hashing step, `stretched = Argon2id(password, salt, t, m, p)`, behind a protocol so tests can
/// count calls and prove that a refused record never reached the KDF.
package protocol PasswordHashing: Sendable {
    /// Runs the KDF. Callers have already checked `parameters` against a `KDFPolicy`.
    func stretch(_ password: Password, parameters: KDFParameters) throws(KeysError) -> StretchedPassword
}

/// Argon2id through the primitives layer. `.automatic` uses libsodium's faster implementation for p = 1 and
/// libargon2 otherwise; both give identical output (the vectors check it).
package struct Argon2idHashing: PasswordHashing {
    package var backend: Argon2.Backend

    /// Argon2id, libsodium for p = 1 and libargon2 otherwise (same output).
    package init() { self.backend = .automatic }

    /// Argon2id with `backend` (`automatic`: libsodium for p = 1, libargon2 otherwise; same output). For the
    /// vector runners, which check that both backends agree.
    package init(backend: Argon2.Backend) { self.backend = backend }

    package func stretch(_ password: Password, parameters: KDFParameters) throws(KeysError) -> StretchedPassword {
        do {
            let output = try Argon2.deriveKey(
                password: password.secret, salt: parameters.salt, parameters: parameters.argon2, backend: backend
            )
            return StretchedPassword(validated: output)
        } catch {
            switch error.reason {
            case .kdfParameterTooSmall(let parameter, let value, let minimum):
                throw .kdfParameterBelowFloor(parameter, value: value, minimum: minimum)
            case .kdfParameterTooLarge(let parameter, let value, let maximum):
                throw .kdfParameterAboveCap(parameter, value: value, maximum: maximum)
            default:
                throw .kdfFailed(error.description)
            }
        }
    }
}
