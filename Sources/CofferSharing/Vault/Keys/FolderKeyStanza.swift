// SPDX-License-Identifier: MIT
import CofferAge
import CofferKeys
import CofferPrimitives

/// The Coffer stanza type that wraps an age file key under a vault folder key (registered in
/// Spec/content-format.md; defined in Spec/vault.md §3):
///
/// `-> coffer.dev/v1/folder-key base64(folderID) epoch` with body
/// `nonce(24) ‖ XChaCha20-Poly1305(HKDF(folderKey[epoch], "coffer/v1/vault/file-key-wrap"), nonce, fileKey,
/// aad: "coffer.dev/v1/folder-key" ‖ 0x00 ‖ folderID ‖ BE32(epoch) ‖ nodeID)`.
///
/// The AAD binds the wrapped key to its folder, epoch and node, so a stanza copied to another file, folder or
/// epoch does not open. Moving a file re-wraps only this stanza; the payload is never re-encrypted.
package enum FolderKeyStanza {
    package static let type = "coffer.dev/v1/folder-key"
    package static let bodyByteCount = VaultBox.overhead + FileKey.byteCount

    /// The stanza for `fileKey` of node `node` in `folder` at `epoch`.
    package static func wrap(
        _ fileKey: FileKey, folder: NodeID, epoch: UInt32, key: FolderKey, node: NodeID, nonce: [UInt8]? = nil
    ) -> Stanza {
        let body = VaultBox.seal(
            secret: fileKey.secret, key: key.derive(VaultLabel.fileKeyWrap),
            aad: aad(folder: folder, epoch: epoch, node: node), nonce: nonce)
        return Stanza(constantType: type, arguments: [.base64(folder.bytes), .decimal(UInt64(epoch))], body: body)
    }

    /// The folder id and epoch a stanza names, after its grammar is checked (`malformedStanza`).
    package static func parse(_ stanza: Stanza) throws(VaultError) -> (folder: NodeID, epoch: UInt32) {
        guard stanza.type == type else { throw .malformedStanza("type is \(stanza.type)") }
        guard stanza.arguments.count == 2 else {
            throw .malformedStanza("expected 2 arguments, found \(stanza.arguments.count)")
        }
        guard let idBytes = try? Base64.decode(stanza.arguments[0]), idBytes.count == NodeID.byteCount else {
            throw .malformedStanza("folder id is not canonical base64 of 16 bytes")
        }
        let text = stanza.arguments[1]
        guard let epoch = UInt32(text), epoch >= 1, String(epoch) == text else {
            throw .malformedStanza("epoch \"\(text)\" is not a decimal number 1…4294967295 without leading zeros")
        }
        guard stanza.body.count == bodyByteCount else {
            throw .malformedStanza("body has \(stanza.body.count) bytes, expected \(bodyByteCount)")
        }
        return (NodeID(validated: idBytes), epoch)
    }

    /// The file key, or `keyUnwrapFailed` when the body does not authenticate for this folder, epoch and node.
    package static func unwrap(_ stanza: Stanza, key: FolderKey, node: NodeID) throws(VaultError) -> FileKey {
        let (folder, epoch) = try parse(stanza)
        guard
            let secret = VaultBox.openSecret(
                stanza.body, key: key.derive(VaultLabel.fileKeyWrap), aad: aad(folder: folder, epoch: epoch, node: node)
            )
        else { throw .keyUnwrapFailed(kind: "file") }
        do {
            return try FileKey(secret: secret)
        } catch {
            throw .keyUnwrapFailed(kind: "file")
        }
    }

    static func aad(folder: NodeID, epoch: UInt32, node: NodeID) -> [UInt8] {
        var w = RecordWriter()
        w.append(ascii: type)
        w.append(UInt8(0))
        w.append(folder.bytes)
        w.append(epoch)
        w.append(node.bytes)
        return w.bytes
    }
}

/// `FolderKeyStanza` as an age recipient: encrypting a node's content to its folder.
package struct FolderKeyRecipient: LabelledRecipient {
    package let folder: NodeID
    package let epoch: UInt32
    package let key: FolderKey
    package let node: NodeID

    package init(folder: NodeID, epoch: UInt32, key: FolderKey, node: NodeID) {
        self.folder = folder
        self.epoch = epoch
        self.key = key
        self.node = node
    }

    package func wrap(_ fileKey: FileKey) throws -> [Stanza] {
        [FolderKeyStanza.wrap(fileKey, folder: folder, epoch: epoch, key: key, node: node)]
    }

    /// True: the stanza is a symmetric wrap under a 256-bit folder key (Spec/vault.md §3). Whether the folder key
    /// itself reached its members post-quantum is the share records' business (§7.3).
    package var isPostQuantum: Bool { true }
}

/// `FolderKeyStanza` as an age identity for one node: nil when no stanza is for this folder or the wrap does not
/// open ("not mine"); a malformed stanza of this type is a header failure (`AgeError.invalidStanza`).
package struct FolderKeyIdentity: UnwrappingIdentity {
    package let keys: EpochKeys
    package let node: NodeID

    package init(keys: EpochKeys, node: NodeID) {
        self.keys = keys
        self.node = node
    }

    package func unwrap(_ stanzas: [Stanza]) throws -> FileKey? {
        for stanza in stanzas where stanza.type == FolderKeyStanza.type {
            let parsed: (folder: NodeID, epoch: UInt32)
            do {
                parsed = try FolderKeyStanza.parse(stanza)
            } catch {
                throw AgeError.invalidStanza(type: stanza.type, reason: error.description)
            }
            guard parsed.folder == keys.folder, let key = keys.keys[parsed.epoch] else { continue }
            if let fileKey = try? FolderKeyStanza.unwrap(stanza, key: key, node: node) { return fileKey }
        }
        return nil
    }
}
