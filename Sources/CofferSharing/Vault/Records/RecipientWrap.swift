// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives

/// The key encapsulation of the records that give a secret to one person — folder shares (Spec/vault.md §7.2)
/// and file shares (§7.4) — one spelling for both, each record kind with its own labels:
/// - version 1 (X25519): `encapsulation = ephemeral(32)`, `wrapKey = HKDF-SHA-256(ikm: X25519(e, R),
///   salt: ephemeral ‖ R, info: labels.classical)`;
/// - version 2 (MLKEM768-X25519): `(ss, enc) = X-Wing.Encapsulate(P)`, `encapsulation = enc(1120)`,
///   `wrapKey = HKDF-SHA-256(ikm: ss, salt: "", info: labels.hybrid)`.
enum RecipientWrap {
    static let classicalVersion: UInt8 = 1
    static let postQuantumVersion: UInt8 = 2

    /// The HKDF labels of one record kind, and its name for errors.
    struct Labels: Sendable {
        let classical: String
        let hybrid: String
        let what: String
    }

    static func encapsulationByteCount(version: UInt8) -> Int {
        version == postQuantumVersion ? MLKEM768X25519.encapsulatedKeyByteCount : X25519.keyByteCount
    }

    /// The sender's side: to the recipient's post-quantum key when its bundle has one (version 2), else to its
    /// X25519 key (version 1). `ephemeral` and `encapsulationSeed` are for reproducible vectors only.
    static func wrapKey(
        to recipient: IdentityPublicKeys, labels: Labels, counter: VaultOperationCounter?,
        ephemeral: X25519.PrivateKey, encapsulationSeed: SecretBytes?
    ) throws(VaultError) -> (version: UInt8, encapsulation: [UInt8], key: SecretKey32) {
        if let hybrid = recipient.hybrid {
            counter?.countKeyEncapsulation()
            let result: (sharedSecret: SecretBytes, encapsulatedKey: [UInt8])
            do {
                if let encapsulationSeed {
                    result = try MLKEM768X25519.encapsulate(to: hybrid, seed: encapsulationSeed)
                } else {
                    result = try MLKEM768X25519.encapsulate(to: hybrid)
                }
            } catch {
                throw .keyUnwrapFailed(kind: "\(labels.what) (the recipient's post-quantum key was refused: \(error))")
            }
            return (postQuantumVersion, result.encapsulatedKey, hybridKey(shared: result.sharedSecret, labels))
        }
        counter?.countX25519(2)
        guard let shared = try? ephemeral.sharedSecret(with: recipient.agreement) else {
            throw .keyUnwrapFailed(kind: "\(labels.what) (the recipient's X25519 key is a low-order point)")
        }
        let encapsulation = ephemeral.publicKey.rawRepresentation
        return (
            classicalVersion, encapsulation,
            classicalKey(shared: shared, ephemeral: encapsulation, recipient: recipient.agreement, labels)
        )
    }

    /// The recipient's side: X25519 (an all-zero output refused) or X-Wing decapsulation with this account's
    /// post-quantum key; `keyUnwrapFailed` when it cannot.
    static func unwrapKey(
        version: UInt8, encapsulation: [UInt8], me: IdentityKeyPair, labels: Labels, counter: VaultOperationCounter?
    ) throws(VaultError) -> SecretKey32 {
        if version == postQuantumVersion {
            guard let hybrid = me.hybrid else {
                throw .keyUnwrapFailed(
                    kind: "\(labels.what) (wrapped to a post-quantum key this account does not hold)")
            }
            counter?.countKeyEncapsulation()
            guard let shared = try? MLKEM768X25519.decapsulate(encapsulation, with: hybrid) else {
                throw .keyUnwrapFailed(kind: labels.what)
            }
            return hybridKey(shared: shared, labels)
        }
        counter?.countX25519()
        guard let peer = try? X25519.PublicKey(rawRepresentation: encapsulation),
            let shared = try? me.agreement.sharedSecret(with: peer)
        else { throw .keyUnwrapFailed(kind: labels.what) }
        return classicalKey(shared: shared, ephemeral: encapsulation, recipient: me.agreement.publicKey, labels)
    }

    /// `HKDF-SHA-256(ikm: X25519(e, R), salt: ephemeral ‖ R, info: labels.classical)`.
    static func classicalKey(
        shared: SecretBytes, ephemeral: [UInt8], recipient: X25519.PublicKey, _ labels: Labels
    ) -> SecretKey32 {
        HKDF<SHA256>.deriveKey32(
            inputKeyMaterial: shared, salt: ephemeral + recipient.rawRepresentation,
            info: Array(labels.classical.utf8))
    }

    /// `HKDF-SHA-256(ikm: ss, salt: "", info: labels.hybrid)`.
    static func hybridKey(shared: SecretBytes, _ labels: Labels) -> SecretKey32 {
        HKDF<SHA256>.deriveKey32(inputKeyMaterial: shared, salt: [], info: Array(labels.hybrid.utf8))
    }
}
