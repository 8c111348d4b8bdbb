// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives

/// A folder's keys, one entry per epoch (Spec/vault.md §5):
///
/// `body = treeOwner ‖ folderID ‖ parentID ‖ BE32(n) ‖ entry₁ … entryₙ`, `entryₑ = BE32(parentEpoch) ‖
/// parentWrap(72) ‖ chainWrap(72, only for e ≥ 2)`, where
/// `parentWrap = box(HKDF(parentKey[parentEpoch], "coffer/v1/vault/folder-key-wrap"), folderKey[e],
///   aad: treeOwner ‖ folderID ‖ parentID ‖ BE32(e) ‖ BE32(parentEpoch))` and
/// `chainWrap = box(HKDF(folderKey[e], "coffer/v1/vault/epoch-chain"), folderKey[e-1], aad: treeOwner ‖ folderID ‖
///   BE32(e))`.
///
/// The root's parent key is `crypto_kdf(masterKey, 1, "coffervr")` with parent id 0¹⁶ and parent epoch 0. Holding
/// epoch e's key (from the parent or from a share) gives every older epoch through the chain and no newer one:
/// that is what lets a removed member keep old files yet never read a new one.
package struct FolderKeyring: Sendable, Equatable {
    static let magic = "CFVK"
    static let kindName = "folder keyring"
    static let wrapByteCount = VaultBox.overhead + FolderKey.byteCount
    static let maximumEpochs: UInt32 = 1 << 16

    struct Entry: Sendable, Equatable {
        let parentEpoch: UInt32
        let parentWrap: [UInt8]
        let chainWrap: [UInt8]?
    }

    package let treeOwner: AccountID
    package let folder: NodeID
    package let parent: NodeID
    let entries: [Entry]
    let envelope: SignedRecord
    package let encoded: [UInt8]

    /// The newest epoch (the number of entries).
    package var latestEpoch: UInt32 { UInt32(entries.count) }
    /// The parent epoch whose key wraps the newest epoch.
    package var latestParentEpoch: UInt32 { entries.last!.parentEpoch }

    package init(parsing bytes: [UInt8]) throws(VaultError) {
        envelope = try SignedRecord(parsing: bytes, kind: Self.kindName, magic: Self.magic)
        var reader = RecordReader(envelope.body)
        do throws(RecordDecodingError) {
            treeOwner = try reader.accountID("tree owner")
            folder = try reader.nodeID("folder id")
            parent = try reader.nodeID("parent id")
            let count = try reader.uint32("epoch count")
            guard count >= 1, count <= Self.maximumEpochs else {
                throw RecordDecodingError(
                    field: "epoch count", problem: .invalid("epoch count \(count) outside 1…\(Self.maximumEpochs)"))
            }
            var entries: [Entry] = []
            for epoch in 1...count {
                let parentEpoch = try reader.uint32("parent epoch")
                let parentWrap = try reader.take(Self.wrapByteCount, "parent wrap")
                let chainWrap = epoch >= 2 ? try reader.take(Self.wrapByteCount, "chain wrap") : nil
                entries.append(Entry(parentEpoch: parentEpoch, parentWrap: parentWrap, chainWrap: chainWrap))
            }
            try reader.finish()
            self.entries = entries
        } catch {
            throw .decoding(error, kind: Self.kindName)
        }
        encoded = bytes
    }

    /// The keyring `envelope` signs, whose body holds exactly these fields (the writer's form: nothing to
    /// re-parse).
    private init(treeOwner: AccountID, folder: NodeID, parent: NodeID, entries: [Entry], envelope: SignedRecord) {
        self.treeOwner = treeOwner
        self.folder = folder
        self.parent = parent
        self.entries = entries
        self.envelope = envelope
        encoded = envelope.encoded
    }

    package func checkPlacement(treeOwner: AccountID, folder: NodeID, parent: NodeID) throws(VaultError) {
        func misplaced(_ what: String) -> VaultError { .recordMisplaced(kind: Self.kindName, reason: what) }
        guard self.treeOwner == treeOwner else { throw misplaced("it belongs to another account's tree") }
        guard self.folder == folder else {
            throw misplaced("it is the keyring of \(self.folder.hex), read for \(folder.hex)")
        }
        guard self.parent == parent else { throw misplaced("it names \(self.parent.hex) as parent, not \(parent.hex)") }
    }

    package func verifySignature(writers: VaultWriters, counter: VaultOperationCounter? = nil) throws(VaultError) {
        try envelope.verify(label: VaultLabel.keyring, writers: writers, counter: counter)
    }

    /// Who wrote this keyring.
    package var signer: AccountID { envelope.signer }

    /// Every epoch key, from the newest one unwrapped with the parent's keys (`epochKeyUnavailable` if the parent
    /// epoch is not held, `keyUnwrapFailed` if a wrap does not authenticate).
    package func unwrap(parentKeys: EpochKeys) throws(VaultError) -> EpochKeys {
        let entry = entries.last!
        let parentKey = try parentKeys.key(entry.parentEpoch)
        guard
            let secret = VaultBox.openSecret(
                entry.parentWrap, key: parentKey.derive(VaultLabel.folderKeyWrap),
                aad: parentAAD(epoch: latestEpoch, parentEpoch: entry.parentEpoch))
        else { throw .keyUnwrapFailed(kind: "folder") }
        return try unwrap(latest: FolderKey(validated: secret), epoch: latestEpoch)
    }

    /// Every epoch key up to `epoch`, walking the chain down from `key` (a share gives `epoch`'s key).
    package func unwrap(latest key: FolderKey, epoch: UInt32) throws(VaultError) -> EpochKeys {
        guard epoch >= 1, epoch <= latestEpoch else { throw .epochKeyUnavailable(folder: folder.hex, epoch: epoch) }
        var keys: [UInt32: FolderKey] = [epoch: key]
        var current = key
        var e = epoch
        while e > 1 {
            guard
                let older = VaultBox.openSecret(
                    entries[Int(e) - 1].chainWrap!, key: current.derive(VaultLabel.epochChain), aad: chainAAD(epoch: e))
            else { throw .keyUnwrapFailed(kind: "epoch chain") }
            e -= 1
            current = FolderKey(validated: older)
            keys[e] = current
        }
        return EpochKeys(folder: folder, keys: keys, latest: epoch)
    }

    /// A keyring with one epoch (a new folder), or `previous` plus a new epoch (a rotation or a move re-wrap).
    package static func make(
        treeOwner: AccountID, folder: NodeID, parent: NodeID, parentKey: FolderKey, parentEpoch: UInt32,
        newKey: FolderKey, previous: (keyring: FolderKeyring, keys: EpochKeys)?, signer: VaultSigner,
        nonces: [[UInt8]]? = nil
    ) -> FolderKeyring {
        var entries = previous?.keyring.entries ?? []
        let epoch = UInt32(entries.count + 1)
        let aadSource = FolderKeyring.AAD(treeOwner: treeOwner, folder: folder, parent: parent)
        let parentWrap = VaultBox.seal(
            secret: newKey.secret, key: parentKey.derive(VaultLabel.folderKeyWrap),
            aad: aadSource.parent(epoch: epoch, parentEpoch: parentEpoch), nonce: nonces?[0])
        var chainWrap: [UInt8]? = nil
        if let previous {
            chainWrap = VaultBox.seal(
                secret: previous.keys.latestKey.secret, key: newKey.derive(VaultLabel.epochChain),
                aad: aadSource.chain(epoch: epoch), nonce: nonces?[1])
        }
        entries.append(Entry(parentEpoch: parentEpoch, parentWrap: parentWrap, chainWrap: chainWrap))
        return sign(treeOwner: treeOwner, folder: folder, parent: parent, entries: entries, signer: signer)
    }

    static func sign(
        treeOwner: AccountID, folder: NodeID, parent: NodeID, entries: [Entry], signer: VaultSigner
    ) -> FolderKeyring {
        var body = RecordWriter()
        body.append(treeOwner.bytes)
        body.append(folder.bytes)
        body.append(parent.bytes)
        body.append(UInt32(entries.count))
        for entry in entries {
            body.append(entry.parentEpoch)
            body.append(entry.parentWrap)
            if let chain = entry.chainWrap { body.append(chain) }
        }
        return FolderKeyring(
            treeOwner: treeOwner, folder: folder, parent: parent, entries: entries,
            envelope: SignedRecord(
                kind: kindName, magic: magic, body: body.bytes, label: VaultLabel.keyring, signer: signer))
    }

    struct AAD {
        let treeOwner: AccountID
        let folder: NodeID
        let parent: NodeID

        func parent(epoch: UInt32, parentEpoch: UInt32) -> [UInt8] {
            var w = RecordWriter()
            w.append(treeOwner.bytes)
            w.append(folder.bytes)
            w.append(parent.bytes)
            w.append(epoch)
            w.append(parentEpoch)
            return w.bytes
        }

        func chain(epoch: UInt32) -> [UInt8] {
            var w = RecordWriter()
            w.append(treeOwner.bytes)
            w.append(folder.bytes)
            w.append(epoch)
            return w.bytes
        }
    }

    private func parentAAD(epoch: UInt32, parentEpoch: UInt32) -> [UInt8] {
        AAD(treeOwner: treeOwner, folder: folder, parent: parent).parent(epoch: epoch, parentEpoch: parentEpoch)
    }

    private func chainAAD(epoch: UInt32) -> [UInt8] {
        AAD(treeOwner: treeOwner, folder: folder, parent: parent).chain(epoch: epoch)
    }
}

extension FolderKeyring {
    /// The same epochs under a new parent (a folder move): every epoch key re-wrapped under the new parent's
    /// newest key, the chain kept. Symmetric work only; nothing below the folder changes.
    package func rewrapped(
        under parent: NodeID, parentKey: FolderKey, parentEpoch: UInt32, keys: EpochKeys, signer: VaultSigner
    ) throws(VaultError) -> FolderKeyring {
        let aad = AAD(treeOwner: treeOwner, folder: folder, parent: parent)
        var rewrapped: [Entry] = []
        for (index, entry) in entries.enumerated() {
            let epoch = UInt32(index + 1)
            let wrap = VaultBox.seal(
                secret: try keys.key(epoch).secret, key: parentKey.derive(VaultLabel.folderKeyWrap),
                aad: aad.parent(epoch: epoch, parentEpoch: parentEpoch))
            rewrapped.append(Entry(parentEpoch: parentEpoch, parentWrap: wrap, chainWrap: entry.chainWrap))
        }
        return Self.sign(treeOwner: treeOwner, folder: folder, parent: parent, entries: rewrapped, signer: signer)
    }
}
