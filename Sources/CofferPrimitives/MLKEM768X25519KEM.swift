// SPDX-License-Identifier: MIT
internal import CXWing
internal import Crypto
internal import Foundation

/// The MLKEM768-X25519 (X-Wing) KEM on its own, without HPKE: what Coffer's vault share records use
/// (Spec/vault.md §7.2). `(ss, enc) = Encaps(pk)`, `ss = Decaps(sk, enc)`; `ss` is 32 bytes, `enc` 1120.
///
/// X-Wing's combiner already hashes both shared secrets with the X25519 ciphertext and public key, so `ss` is a
/// uniform key bound to this recipient and this encapsulation; the caller derives its own keys from it.
extension MLKEM768X25519 {
    package static let sharedSecretByteCount = 32
    /// Bytes of entropy one encapsulation consumes: the ML-KEM message `m` (32) and the X25519 scalar (32).
    package static let encapsulationSeedByteCount = 64

    /// `(ss, enc) = Encapsulate(pk)` with fresh randomness from swift-crypto.
    package static func encapsulate(
        to recipient: PublicKey
    ) throws(PrimitiveError) -> (sharedSecret: SecretBytes, encapsulatedKey: [UInt8]) {
        do {
            let key = try XWingMLKEM768X25519.PublicKey(rawRepresentation: recipient.rawRepresentation)
            let result = try key.encapsulate()
            let secret = result.sharedSecret.withUnsafeBytes { SecretBytes($0) }
            return (secret, Array(result.encapsulated))
        } catch {
            throw .invalidPublicKey
        }
    }

    /// `(ss, enc) = EncapsulateDerand(pk, eseed)` (draft-connolly-cfrg-xwing-kem §5.4): the same KEM with the
    /// 64 bytes of entropy given. For reproducible test vectors only — a real share uses `encapsulate(to:)`.
    package static func encapsulate(
        to recipient: PublicKey, seed: SecretBytes
    ) throws(PrimitiveError) -> (sharedSecret: SecretBytes, encapsulatedKey: [UInt8]) {
        guard seed.count == encapsulationSeedByteCount else {
            throw .invalidLength(what: "X-Wing encapsulation seed", expected: "64", actual: seed.count)
        }
        var encapsulated = [UInt8](repeating: 0, count: encapsulatedKeyByteCount)
        var status: Int32 = 0
        let secret = SecretBytes(count: sharedSecretByteCount) { out in
            seed.withUnsafeBytes { eseed in
                recipient.rawRepresentation.withUnsafeBufferPointer { key in
                    encapsulated.withUnsafeMutableBufferPointer { ciphertext in
                        status = coffer_xwing_encap_derand(
                            ciphertext.baseAddress, out.bindMemory(to: UInt8.self).baseAddress, key.baseAddress,
                            eseed.bindMemory(to: UInt8.self).baseAddress)
                    }
                }
            }
        }
        guard status == 1 else { throw .invalidPublicKey }
        return (secret, encapsulated)
    }

    /// `ss = Decapsulate(sk, enc)`. `invalidLength` unless `enc` is 1120 bytes; `x25519LowOrderPoint` when its
    /// X25519 half gives the all-zero shared secret. A wrong key gives a different `ss` (ML-KEM rejects
    /// implicitly), which the caller's AEAD then refuses.
    package static func decapsulate(
        _ encapsulatedKey: [UInt8], with identity: PrivateKey
    ) throws(PrimitiveError) -> SecretBytes {
        guard encapsulatedKey.count == encapsulatedKeyByteCount else {
            throw .invalidLength(
                what: "MLKEM768-X25519 encapsulated key", expected: "1120", actual: encapsulatedKey.count)
        }
        do {
            let shared = try identity.key.decapsulate(Data(encapsulatedKey))
            return shared.withUnsafeBytes { SecretBytes($0) }
        } catch {
            throw .x25519LowOrderPoint
        }
    }
}
