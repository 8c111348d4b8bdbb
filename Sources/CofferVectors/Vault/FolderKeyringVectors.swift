// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives
import CofferSharing
import Foundation

/// `vault_folder_keyring.json`: folder keyrings and their epoch chain (Spec/vault.md §5), read as §8.1 step 2 says:
/// layout → placement → signer → signature → not older than the mark → unwrap, either from the parent's keys (the
/// owner's path) or from one epoch's key (a member's path through a share), which reaches older epochs only.
package struct FolderKeyringCase: VaultVectorCase {
    package var tcId = 0
    package var comment: String
    package var flags: [String]
    package var record: String
    package var treeOwner: String
    package var folderId: String
    package var parentId: String
    package var writerAgreementKey: String
    package var writerSigningKey: String
    /// The highest epoch count this device accepted for the folder.
    package var highWaterMark: UInt64
    /// The parent's keys by epoch (the owner's path); absent when `startKey` is given.
    package var parentKeys: [String: String]?
    /// One epoch's key, as a share gives it (a member's path).
    package var startKey: String?
    package var startEpoch: UInt32?
    /// Every epoch key the reader ends up with.
    package var folderKeys: [String: String]?
    package var result: String
    package var expect: String?

    package func check() throws -> String? {
        let parsed = try FolderKeyring(parsing: Hex.decode(record))
        let folder = try NodeID(bytes: Hex.decode(folderId))
        try parsed.checkPlacement(
            treeOwner: AccountID(bytes: Hex.decode(treeOwner)), folder: folder,
            parent: NodeID(bytes: Hex.decode(parentId)))
        let writer = try VaultVectors.writers(agreement: writerAgreementKey, signing: writerSigningKey)
        try parsed.verifySignature(writers: VaultWriters([writer]))
        try VaultDeviceState.check(presented: UInt64(parsed.latestEpoch), seen: highWaterMark, what: "folder keyring")
        let keys: EpochKeys
        if let startKey, let startEpoch {
            keys = try parsed.unwrap(latest: FolderKey(SecretBytes(Hex.decode(startKey))), epoch: startEpoch)
        } else {
            keys = try parsed.unwrap(parentKeys: VaultVectors.keys(parentKeys ?? [:], folder: .zero))
        }
        let found = Dictionary(
            uniqueKeysWithValues: keys.keys.map { (String($0.key), Hex.encode($0.value.secret.revealedBytes())) })
        return VaultVectors.compare("folderKeys", found, folderKeys)
    }
}

package struct FolderKeyringGenerator: VectorGenerator {
    package let fileName = "vault_folder_keyring.json"
    package static let algorithm = "coffer-vault-folder-keyring"
    package init() {}

    package func generate() throws -> Data {
        var random = DeterministicRandom(label: fileName)
        let owner = try VaultVectors.person(&random)
        let mallory = try VaultVectors.person(&random)
        let signer = VaultSigner(identity: owner)
        let parent = try NodeID(bytes: random.bytes(16))
        let folder = try NodeID(bytes: random.bytes(16))
        let parentKey1 = try FolderKey(random.secret(32))
        let parentKey2 = try FolderKey(random.secret(32))
        let epochKeys = try (0..<3).map { _ in try FolderKey(random.secret(32)) }
        func hex(_ key: FolderKey) -> String { Hex.encode(key.secret.revealedBytes()) }
        // Three epochs: 1 and 2 under the parent's epoch 1, 3 under the parent's epoch 2.
        var keyring = FolderKeyring.make(
            treeOwner: owner.accountID, folder: folder, parent: parent, parentKey: parentKey1, parentEpoch: 1,
            newKey: epochKeys[0], previous: nil, signer: signer, nonces: [random.bytes(24)])
        var held = EpochKeys(folder: folder, keys: [1: epochKeys[0]], latest: 1)
        let one = keyring
        for (index, parentKey) in [(1, parentKey1), (2, parentKey2)] {
            keyring = FolderKeyring.make(
                treeOwner: owner.accountID, folder: folder, parent: parent, parentKey: parentKey,
                parentEpoch: UInt32(index), newKey: epochKeys[index], previous: (keyring, held), signer: signer,
                nonces: [random.bytes(24), random.bytes(24)])
            var keys = held.keys
            keys[UInt32(index + 1)] = epochKeys[index]
            held = EpochKeys(folder: folder, keys: keys, latest: UInt32(index + 1))
        }
        let three = keyring
        let parents = ["1": hex(parentKey1), "2": hex(parentKey2)]
        let all = ["1": hex(epochKeys[0]), "2": hex(epochKeys[1]), "3": hex(epochKeys[2])]
        func test(_ comment: String, _ ring: FolderKeyring, keys: [String: String]) -> FolderKeyringCase {
            FolderKeyringCase(
                comment: comment, flags: [], record: Hex.encode(ring.encoded), treeOwner: owner.accountID.hex,
                folderId: folder.hex, parentId: parent.hex,
                writerAgreementKey: Hex.encode(owner.publicKeys.agreement.rawRepresentation),
                writerSigningKey: Hex.encode(owner.publicKeys.signing.rawRepresentation), highWaterMark: 0,
                parentKeys: parents, folderKeys: keys, result: "valid")
        }
        var fromShare = test("a member's path: the epoch-2 key reaches epochs 1 and 2 only", three, keys: [:])
        (fromShare.parentKeys, fromShare.startKey, fromShare.startEpoch) = (nil, all["2"], 2)
        fromShare.folderKeys = ["1": all["1"]!, "2": all["2"]!]
        let valid = [
            test("one epoch", one, keys: ["1": all["1"]!]), test("three epochs through the chain", three, keys: all),
            fromShare,
        ]
        let label = "coffer/v1/vault/folder-keyring"
        let bytes = three.encoded
        let entries = 4 + 1 + 48 + 4
        let chainOfThree = entries + (4 + 72) + (4 + 72 + 72) + 4 + 72
        func invalid(_ comment: String, _ flag: String, _ expect: String, _ change: (inout FolderKeyringCase) -> Void)
            -> FolderKeyringCase
        {
            var refused = test(comment, three, keys: [:])
            refused.folderKeys = nil
            refused.flags = [flag]
            refused.result = "invalid"
            refused.expect = expect
            change(&refused)
            return refused
        }
        var countZero = Array(bytes[..<(entries - 4)]) + [0, 0, 0, 0] + Array(bytes.suffix(80))
        countZero = VaultVectors.resign(countZero, label: label, with: owner)
        let refused = [
            invalid("truncated", "Layout", "malformedRecord") { $0.record = Hex.encode(bytes.dropLast()) },
            invalid("no epochs (re-signed)", "Layout", "malformedRecord") { $0.record = Hex.encode(countZero) },
            invalid("another folder's keyring", "Placement", "recordMisplaced") {
                $0.folderId = Hex.encode(random.bytes(16))
            },
            invalid("read under another parent (a moved folder's old keyring)", "Placement", "recordMisplaced") {
                $0.parentId = Hex.encode(random.bytes(16))
            },
            invalid("signed by an account that may not write here", "Signer", "unauthorizedWriter") {
                $0.writerSigningKey = Hex.encode(mallory.publicKeys.signing.rawRepresentation)
            },
            invalid("a wrap byte flipped", "Signature", "signatureInvalid") {
                $0.record = Hex.encode(VaultVectors.flip(bytes, entries + 10))
            },
            invalid("older than the device has seen (epochs rolled back)", "Rollback", "rollbackDetected") {
                $0.highWaterMark = 4
            },
            invalid("the parent's epoch 2 key is not held", "Epoch", "epochKeyUnavailable") {
                $0.parentKeys?["2"] = nil
            },
            invalid("a share naming an epoch the keyring does not have", "Epoch", "epochKeyUnavailable") {
                $0.parentKeys = nil
                $0.startKey = all["3"]
                $0.startEpoch = 4
            },
            invalid("wrong parent key", "Unwrap", "keyUnwrapFailed") { $0.parentKeys?["2"] = parents["1"] },
            invalid("newest parent wrap flipped (re-signed)", "Unwrap", "keyUnwrapFailed") {
                $0.record = Hex.encode(
                    VaultVectors.resign(VaultVectors.flip(bytes, bytes.count - 80 - 72 - 30), label: label, with: owner)
                )
            },
            invalid("epoch-3 chain wrap flipped (re-signed)", "Unwrap", "keyUnwrapFailed") {
                $0.record = Hex.encode(
                    VaultVectors.resign(VaultVectors.flip(bytes, chainOfThree + 30), label: label, with: owner))
            },
        ]
        return try VaultVectors.file(
            algorithm: Self.algorithm,
            header: [
                "Vault folder keyrings, Spec/vault.md section 5: one entry per epoch, the newest wrapped under the",
                "parent's key, each older one under the next through the epoch chain; signed by the writer.",
            ],
            notes: [
                "Layout": "1 to 65536 epochs, exact length",
                "Placement": "the keyring must name the tree, folder and parent it was read for",
                "Signer": "only the owner and members on signed member lists may write",
                "Signature":
                    "Ed25519 over \"coffer/v1/vault/folder-keyring\" || 0x00 || the record before the signature",
                "Rollback": "epoch count >= the highest this device accepted",
                "Epoch": "the needed parent epoch must be held; a share's epoch reaches only older epochs",
                "Unwrap": "each wrap opens only under its key and with its record's ids and epochs",
            ],
            groups: [("FolderKeyring", valid), ("Refused", refused)])
    }
}
