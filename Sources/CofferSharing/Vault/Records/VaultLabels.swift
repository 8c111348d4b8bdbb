// SPDX-License-Identifier: MIT
import CofferPrimitives

/// Every label the vault chapter registers (Spec/vault.md, "Labels"). One label, one purpose.
enum VaultLabel {
    static let rootID = "coffer/v1/vault/root-id"
    static let folderKeyWrap = "coffer/v1/vault/folder-key-wrap"
    static let epochChain = "coffer/v1/vault/epoch-chain"
    static let fileKeyWrap = "coffer/v1/vault/file-key-wrap"
    static let metadata = "coffer/v1/vault/metadata"
    static let share = "coffer/v1/vault/share"
    static let hybridShare = "coffer/v1/vault/hybrid-share"
    static let fileShare = "coffer/v1/vault/file-share"
    static let hybridFileShare = "coffer/v1/vault/hybrid-file-share"
    static let intent = "coffer/v1/vault/intent"
    static let nameTag = "coffer/v1/vault/name-tag"
    /// Signature labels, one per record kind.
    static let nodeRecord = "coffer/v1/vault/node-record"
    static let keyring = "coffer/v1/vault/folder-keyring"
    static let manifest = "coffer/v1/vault/manifest"
    static let listingHead = "coffer/v1/vault/listing-head"
    static let memberList = "coffer/v1/vault/member-list"
    static let shareRecord = "coffer/v1/vault/share-record"
    static let fileShareRecord = "coffer/v1/vault/file-share-record"
    static let intentRecord = "coffer/v1/vault/intent-record"
    /// The `crypto_kdf` context of the root wrapping key: `crypto_kdf(masterKey, id 1, "coffervr")`.
    static let rootContext = VaultSubkeyContext.root.rawValue
}

/// The vault's `crypto_kdf` contexts under the master key (a closed set: `VaultSubkeyContextTests` checks each is
/// 8 ASCII bytes and none is one of CofferKeys' own, `MasterKey.reservedSubkeyContexts`).
package enum VaultSubkeyContext: String, SubkeyContextName {
    /// `crypto_kdf(masterKey, id 1, "coffervr")`: wraps the root folder's keys.
    case root = "coffervr"
}
