// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives

/// `folderKey = CSPRNG(32)` — one per folder and key epoch. It wraps the file keys of the folder's files, the folder
/// keys of its subfolders and the next older epoch's key, and encrypts its children's metadata (each use through
/// its own HKDF label). A role type, so it can never be passed where a master key or file key is expected.
package struct FolderKey: SecretRole {
    package static let byteCount = 32
    package static let roleName = "folder key"
    package let secret: SecretBytes
    package init(validated secret: SecretBytes) { self.secret = secret }

    /// `HKDF-SHA-256(ikm: folderKey, salt: "", info: label)`: the key for one purpose of this folder key.
    func derive(_ label: String) -> SecretKey32 {
        HKDF<SHA256>.deriveKey32(inputKeyMaterial: secret, salt: [], info: Array(label.utf8))
    }
}

/// The keys of one folder that this account can reach, by epoch (1, 2, …). Older epochs come from the newest one
/// through the epoch chain, so holding the newest key gives every older one and never a newer one.
package struct EpochKeys: Sendable {
    package let folder: NodeID
    package private(set) var keys: [UInt32: FolderKey]
    /// The newest epoch reachable with these keys (what writers use).
    package let latest: UInt32

    /// Keys as held (vectors and tests); `latest` must be one of them.
    package init(folder: NodeID, keys: [UInt32: FolderKey], latest: UInt32) {
        self.folder = folder
        self.keys = keys
        self.latest = latest
    }

    /// The key of `epoch`, or `epochKeyUnavailable`.
    package func key(_ epoch: UInt32) throws(VaultError) -> FolderKey {
        guard let key = keys[epoch] else { throw .epochKeyUnavailable(folder: folder.hex, epoch: epoch) }
        return key
    }

    package var latestKey: FolderKey { keys[latest]! }
}

/// `sealed = nonce(24) ‖ XChaCha20-Poly1305(key, nonce, plaintext, aad)` — every vault wrap and metadata box.
/// A fresh random nonce per seal (or a caller-chosen one for reproducible vectors).
enum VaultBox {
    static let nonceByteCount = XChaCha20Poly1305.nonceByteCount
    static let overhead = nonceByteCount + XChaCha20Poly1305.tagByteCount

    static func seal(_ plaintext: [UInt8], key: SecretKey32, aad: [UInt8], nonce: [UInt8]? = nil) -> [UInt8] {
        let nonce = fixed(nonce)
        return nonce.bytes + XChaCha20Poly1305.seal(plaintext, using: key, nonce: nonce, authenticating: aad)
    }

    /// Seals a key straight from its zeroing storage (no `[UInt8]` copy of it).
    static func seal(secret: SecretBytes, key: SecretKey32, aad: [UInt8], nonce: [UInt8]? = nil) -> [UInt8] {
        let nonce = fixed(nonce)
        return nonce.bytes + XChaCha20Poly1305.seal(secret: secret, using: key, nonce: nonce, authenticating: aad)
    }

    /// A fresh random nonce, or the one a vector chose.
    private static func fixed(_ nonce: [UInt8]?) -> Nonce24 { nonce.map(Nonce24.init(chosen:)) ?? .random() }

    static func open(_ sealed: [UInt8], key: SecretKey32, aad: [UInt8]) -> [UInt8]? {
        guard sealed.count >= overhead else { return nil }
        return try? XChaCha20Poly1305.open(
            Array(sealed[nonceByteCount...]), using: key.secret, nonce: Array(sealed[..<nonceByteCount]),
            authenticating: aad)
    }

    static func openSecret(_ sealed: [UInt8], key: SecretKey32, aad: [UInt8]) -> SecretBytes? {
        guard sealed.count >= overhead else { return nil }
        return try? XChaCha20Poly1305.openSecret(
            Array(sealed[nonceByteCount...]), using: key.secret, nonce: Array(sealed[..<nonceByteCount]),
            authenticating: aad)
    }
}
