// SPDX-License-Identifier: MIT
import Coffer
import Foundation

/// Argon2id per account KDF profile through `Argon2.deriveKey` with each backend, outputs compared; and key
/// operations per second.
enum KDFAndKeys {
    /// The account profiles of CofferKeys (`KDFProfile`), as the Argon2id parameters they stand for.
    static let profiles: [(String, Argon2.Parameters)] = KDFProfile.allCases.map { profile in
        let kdf = profile.costs(salt: [])
        let name = "\(profile.rawValue) (m=\(kdf.memoryKiB / 1024) MiB, t=\(kdf.iterations), p=\(kdf.parallelism))"
        let parameters = Argon2.Parameters(
            iterations: kdf.iterations, memoryKiB: kdf.memoryKiB, parallelism: kdf.parallelism)
        return (name, parameters)
    }

    struct KDFRow {
        let profile: String
        let seconds: [Argon2.Backend: Double]
        let identical: Bool
    }

    static func argon2(runs: Int) -> [KDFRow] {
        let password = SecretBytes(Array("correct horse battery staple".utf8))
        let salt = SecureRandom.bytes(count: 16)
        return profiles.map { name, parameters in
            var seconds: [Argon2.Backend: Double] = [:]
            var outputs: [SecretBytes] = []
            for backend in [Argon2.Backend.automatic, .libargon2, .libsodium] {
                progress("Argon2id \(name), backend \(backend.rawValue)")
                var best = Double.infinity
                for _ in 1...runs {
                    best = min(
                        best,
                        wallClock {
                            outputs.append(
                                try! Argon2.deriveKey(
                                    password: password, salt: salt, parameters: parameters,
                                    backend: backend))
                        })
                }
                seconds[backend] = best
            }
            return KDFRow(profile: name, seconds: seconds, identical: outputs.allSatisfy { $0 == outputs[0] })
        }
    }

    /// Operations per second of `body`, run for about `budget` seconds.
    static func rate(budget: Double = 1.0, _ body: () -> Void) -> Double {
        var count = 0
        let seconds = wallClock {
            let start = DispatchTime.now().uptimeNanoseconds
            while Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 < budget {
                for _ in 0..<64 { body() }
                count += 64
            }
        }
        return Double(count) / seconds
    }

    static func keyOperations() -> [(String, Double)] {
        let identity = X25519Identity.generate()
        let recipient = identity.recipient
        let fileKey = FileKey.generate()
        let stanzas = try! recipient.wrap(fileKey)
        let signer = Ed25519.SigningKey()
        let message = SecureRandom.bytes(count: 64)
        let signature = signer.signature(for: message)
        progress("key operations")
        return [
            ("X25519 wrap (age X25519 recipient stanza)", rate { _ = try! recipient.wrap(fileKey) }),
            ("X25519 unwrap (age X25519 identity)", rate { _ = try! identity.unwrap(stanzas) }),
            ("Ed25519 sign (64-byte message)", rate { _ = signer.signature(for: message) }),
            (
                "Ed25519 verify (64-byte message)",
                rate { precondition(signer.publicKey.isValidSignature(signature, for: message)) }
            ),
        ]
    }
}
