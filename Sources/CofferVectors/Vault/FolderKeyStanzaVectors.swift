// SPDX-License-Identifier: MIT
import CofferAge
import CofferPrimitives
import CofferSharing
import Foundation

/// `vault_folder_key_stanza.json`: the `coffer.dev/v1/folder-key` stanza (Spec/vault.md §3). A valid case gives
/// the file key and is re-wrapped byte for byte from the nonce at the start of its body; invalid cases break one
/// grammar rule (`malformedStanza`) or one binding of the AAD (`keyUnwrapFailed`).
package struct FolderKeyStanzaCase: VaultVectorCase {
    package var tcId = 0
    package var comment: String
    package var flags: [String]
    /// The folder key the reader holds for the stanza's epoch.
    package var folderKey: String
    /// The node the reader opens the stanza for.
    package var nodeId: String
    package var arguments: [String]
    package var body: String
    package var fileKey: String?
    package var result: String
    package var expect: String?

    package func check() throws -> String? {
        let stanza = try Stanza(type: FolderKeyStanza.type, arguments: arguments, body: Hex.decode(body))
        let key = try FolderKey(SecretBytes(Hex.decode(folderKey)))
        let node = try NodeID(bytes: Hex.decode(nodeId))
        let unwrapped = try FolderKeyStanza.unwrap(stanza, key: key, node: node)
        if let mismatch = VaultVectors.compare("fileKey", unwrapped.secret.revealedBytes(), fileKey) { return mismatch }
        let (folder, epoch) = try FolderKeyStanza.parse(stanza)
        let again = FolderKeyStanza.wrap(
            unwrapped, folder: folder, epoch: epoch, key: key, node: node, nonce: Array(stanza.body.prefix(24)))
        return again == stanza ? nil : "re-wrapping with the same nonce gives another stanza"
    }
}

package struct FolderKeyStanzaGenerator: VectorGenerator {
    package let fileName = "vault_folder_key_stanza.json"
    package static let algorithm = "coffer-vault-folder-key-stanza"
    package init() {}

    package func generate() throws -> Data {
        var random = DeterministicRandom(label: fileName)
        func make(epoch: UInt32) throws -> (FolderKeyStanzaCase, Stanza, [UInt8], [UInt8]) {
            let key = try FolderKey(random.secret(32))
            let folder = try NodeID(bytes: random.bytes(16))
            let node = try NodeID(bytes: random.bytes(16))
            let fileKey = try FileKey(secret: random.secret(16))
            let stanza = FolderKeyStanza.wrap(
                fileKey, folder: folder, epoch: epoch, key: key, node: node, nonce: random.bytes(24))
            let test = FolderKeyStanzaCase(
                comment: "epoch \(epoch)", flags: [], folderKey: Hex.encode(key.secret.revealedBytes()),
                nodeId: node.hex, arguments: stanza.arguments, body: Hex.encode(stanza.body),
                fileKey: Hex.encode(fileKey.secret.revealedBytes()), result: "valid")
            return (test, stanza, key.secret.revealedBytes(), node.bytes)
        }
        let (first, stanza, _, _) = try make(epoch: 1)
        let valid = [first, try make(epoch: 2).0, try make(epoch: 4_294_967_295).0]
        func invalid(_ comment: String, _ flag: String, _ expect: String, change: (inout FolderKeyStanzaCase) -> Void)
            -> FolderKeyStanzaCase
        {
            var test = first
            test.comment = comment
            test.flags = [flag]
            test.fileKey = nil
            test.result = "invalid"
            test.expect = expect
            change(&test)
            return test
        }
        let body = stanza.body
        let otherFolder = Base64.encode(random.bytes(16))
        let refused = [
            invalid("opened for another node", "Binding", "keyUnwrapFailed") {
                $0.nodeId = Hex.encode(random.bytes(16))
            },
            invalid("another folder key", "Binding", "keyUnwrapFailed") { $0.folderKey = Hex.encode(random.bytes(32)) },
            invalid("folder id argument changed", "Binding", "keyUnwrapFailed") { $0.arguments[0] = otherFolder },
            invalid("epoch argument changed", "Binding", "keyUnwrapFailed") { $0.arguments[1] = "2" },
            invalid("body byte flipped", "Tampered", "keyUnwrapFailed") {
                $0.body = Hex.encode(VaultVectors.flip(body, 30))
            },
            invalid("nonce byte flipped", "Tampered", "keyUnwrapFailed") {
                $0.body = Hex.encode(VaultVectors.flip(body, 0))
            },
            invalid("three arguments", "Grammar", "malformedStanza") { $0.arguments.append("x") },
            invalid("one argument", "Grammar", "malformedStanza") { $0.arguments.removeLast() },
            invalid("folder id with base64 padding", "Grammar", "malformedStanza") { $0.arguments[0] += "==" },
            invalid("folder id of 15 bytes", "Grammar", "malformedStanza") {
                $0.arguments[0] = Base64.encode(Array((try? Base64.decode($0.arguments[0])) ?? []).dropLast())
            },
            invalid("epoch with a leading zero", "Grammar", "malformedStanza") { $0.arguments[1] = "01" },
            invalid("epoch 0", "Grammar", "malformedStanza") { $0.arguments[1] = "0" },
            invalid("epoch above 2^32 - 1", "Grammar", "malformedStanza") { $0.arguments[1] = "4294967296" },
            invalid("body one byte short", "Grammar", "malformedStanza") { $0.body = Hex.encode(body.dropLast()) },
            invalid("body one byte long", "Grammar", "malformedStanza") { $0.body = Hex.encode(body + [0]) },
        ]
        return try VaultVectors.file(
            algorithm: Self.algorithm,
            header: [
                "The coffer.dev/v1/folder-key age stanza, Spec/vault.md section 3: arguments base64(folderID)",
                "and the epoch; body nonce(24) || XChaCha20-Poly1305(HKDF-SHA-256(folderKey, \"\",",
                "\"coffer/v1/vault/file-key-wrap\"), nonce, fileKey, aad \"coffer.dev/v1/folder-key\" || 0x00 ||",
                "folderID || BE32(epoch) || nodeID).",
            ],
            notes: [
                "Binding": "the AAD binds folder, epoch and node: any other one does not open",
                "Tampered": "a changed body does not authenticate",
                "Grammar":
                    "argument count, canonical base64 of 16 bytes, decimal epoch 1..2^32-1, body of exactly 56 bytes",
            ],
            groups: [("FolderKeyStanza", valid), ("Refused", refused)])
    }
}
