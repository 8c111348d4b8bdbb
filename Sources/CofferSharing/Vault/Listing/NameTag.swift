// SPDX-License-Identifier: MIT
import CofferPrimitives

/// `nameTag = HMAC-SHA-256(KDF(folderKey[epoch], "coffer/v1/vault/name-tag"), name)[0:16]`, `epoch` the one that
/// sealed the child's metadata (Spec/vault.md §6.2).
///
/// A chunked listing carries each child's tag, so a writer finds the child of a given name by reading only the
/// node records whose tag matches — one, not every child of the folder. The key comes from the folder key, so the
/// provider learns nothing from a tag, and from the child's own epoch, so a member removed at an unshare cannot
/// test guesses against the names of children written after it.
enum NameTag {
    static let byteCount = 16

    /// The tag of `name` under `key` (one epoch's folder key).
    static func of(_ name: String, key: FolderKey) -> [UInt8] {
        Array(
            HMAC<SHA256>.authenticationCode(for: Array(name.utf8), using: key.derive(VaultLabel.nameTag).secret)
                .prefix(byteCount))
    }

    /// The tags `name` would have under each epoch in `keys`: a child of that name has one of them.
    static func candidates(_ name: String, keys: EpochKeys) -> Set<[UInt8]> {
        Set(keys.keys.values.map { of(name, key: $0) })
    }
}

extension FolderListing {
    /// The name tag of `name` under one epoch's folder key (§6.2), for test vectors and tools.
    package static func nameTag(_ name: String, key: FolderKey) -> [UInt8] { NameTag.of(name, key: key) }
}
