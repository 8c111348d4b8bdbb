// SPDX-License-Identifier: MIT
import CofferAge
import CofferPrimitives

/// A file's content streamed between the plaintext and the stored body, in constant memory (Spec/vault.md §12).
extension SealedContent {
    /// Checks the commitment over `head` and the body's first 16 bytes (`contentMismatch`), the epoch
    /// (`epochKeyUnavailable`), then decrypts the body as it is read into `sink`: any age failure is
    /// `contentDamaged` and only authenticated chunks reach the sink (`size`, the plaintext's, only picks the
    /// concurrency).
    static func decrypt(
        head: [UInt8], body: ByteSource, size: UInt64, record: NodeRecord, keys: EpochKeys, to sink: ByteSink
    ) throws(VaultError) {
        let checked = try committed(head: head, body: body, record: record)
        try decrypt(head: head, checkedBody: checked, size: size, record: record, keys: keys, to: sink)
    }

    /// The body, whole again, once `SHA-256(head ‖ body[0:16])` matched the record's commitment (`contentMismatch`
    /// otherwise): nothing else of the content is used before this.
    static func committed(head: [UInt8], body: ByteSource, record: NodeRecord) throws(VaultError) -> ByteSource {
        var nonce = [UInt8](repeating: 0, count: PayloadKey.nonceByteCount)
        var got = 0
        do {
            while got < nonce.count {
                let n = try nonce.withUnsafeMutableBytes { buffer in
                    try body.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[got...]))
                }
                if n == 0 { break }
                got += n
            }
        } catch let error as VaultStoreError {
            throw VaultError(store: error)
        } catch {
            throw .system("cannot read the content", error)
        }
        guard ConstantTime.equals(SHA256.hash(head + nonce[..<got]), record.commitment) else {
            throw .contentMismatch(node: record.id.hex)
        }
        return ChainedSource(MemorySource(Array(nonce[..<got])), body)
    }

    /// The rest of `decrypt`, on a body `committed` returned. With `copy`, every body byte read is also written
    /// there, so what it got is the checked body once this returns.
    static func decrypt(
        head: [UInt8], checkedBody body: ByteSource, size: UInt64, record: NodeRecord, keys: EpochKeys,
        to sink: ByteSink, copyingBodyTo copy: ByteSink? = nil
    ) throws(VaultError) {
        try checkEpochs(head: head, record: record, keys: keys)
        do {
            let source = ChainedSource(MemorySource(head), copy.map { TeeSource(body, copy: $0) } ?? body)
            try AgeDecryptor(
                identities: [FolderKeyIdentity(keys: keys, node: record.id)],
                concurrency: concurrency(for: Int(clamping: size))
            )
            .decrypt(from: source, to: sink, armor: .binary)
        } catch let error as VaultError {
            throw error
        } catch let error as AgeError {
            throw .contentDamaged(node: record.id.hex, error)
        } catch let error as VaultStoreError {
            throw VaultError(store: error)
        } catch {
            throw .system("cannot write the plaintext", error)
        }
    }

    /// Refuses (`epochKeyUnavailable`) a header wrapped under an epoch of this folder whose key is not held.
    static func checkEpochs(head: [UInt8], record: NodeRecord, keys: EpochKeys) throws(VaultError) {
        let header: Header
        do {
            header = try HeaderParser.parse(from: BufferedSource(MemorySource(head)))
        } catch let error as AgeError {
            throw .contentDamaged(node: record.id.hex, error)
        } catch {
            throw .system("cannot read the content's header", error)
        }
        for stanza in header.stanzas where stanza.type == FolderKeyStanza.type {
            let (folder, epoch) = try FolderKeyStanza.parse(stanza)
            if folder == keys.folder, keys.keys[epoch] == nil {
                throw .epochKeyUnavailable(folder: folder.hex, epoch: epoch)
            }
        }
    }
}

extension Vault {
    /// Encrypts exactly `size` bytes of `source` as the content of file `id`, straight into its body record, and
    /// creates its signed record first, then body and header — new records, not yet listed.
    func writeStreamed(
        _ source: ByteSource, size: UInt64, metadata: NodeMetadata, in parent: FolderView, id: NodeID, version: UInt64
    ) throws(VaultError) -> NodeRecord {
        let fileKey = FileKey.generate()
        let stanza = FolderKeyStanza.wrap(
            fileKey, folder: parent.id, epoch: parent.keys.latest, key: parent.keys.latestKey, node: id)
        let head = Header(stanzas: [stanza], fileKey: fileKey).encoded
        let nonce = SecureRandom.bytes(count: PayloadKey.nonceByteCount)
        let commitment = SHA256.hash(head + nonce)
        let record = NodeRecord.seal(
            treeOwner: parent.owner, id: id, parent: parent.id, kind: .file, version: version,
            epoch: parent.keys.latest, parentKey: parent.keys.latestKey, commitment: commitment,
            metadata: metadata, signer: signer)
        try storeNodeRecord(record)  // first, so that `vault gc` can attribute a content left alone (§10.10)
        let recipient = FolderKeyRecipient(
            folder: parent.id, epoch: parent.keys.latest, key: parent.keys.latestKey, node: id)
        try storage.createStreamed(VaultStorage.contentID(id, .body, commitment: commitment)) { sink in
            do {
                try AgeEncryptor(
                    recipients: [recipient], concurrency: SealedContent.concurrency(for: Int(clamping: size))
                )
                .encrypt(
                    from: ExactSizeSource(source, expected: size), to: SkippingSink(sink, skip: head.count),
                    fileKey: fileKey, stanzas: [stanza], nonce: nonce)
            } catch let error as VaultError {
                throw error
            } catch {
                throw VaultError.system("cannot encrypt the input", error)
            }
        }
        try storage.createImmutable(
            VaultStorage.contentID(id, .head, commitment: commitment), head, limit: VaultRecordLimit.head)
        return record
    }
}

extension FolderReader {
    /// The stored header of a verified file and its body as a stream bounded by what the metadata's size needs
    /// (`childMissing` if either is gone).
    func streamedContent(of child: VerifiedChild) throws(VaultError) -> (head: [UInt8], body: ByteSource) {
        let id = child.entry.id
        let commitment = child.record.commitment
        guard let bodyLimit = VaultRecordLimit.body(plaintextSize: child.metadata.size) else {
            throw .malformedRecord(kind: NodeRecord.kindName, reason: "size \(child.metadata.size) cannot be stored")
        }
        guard
            let head = try storage.getIfPresent(
                VaultStorage.contentID(id, .head, commitment: commitment), limit: VaultRecordLimit.head),
            let body = try storage.openIfPresent(
                VaultStorage.contentID(id, .body, commitment: commitment), limit: bodyLimit)
        else { throw .childMissing(node: id.hex) }
        return (head, body)
    }
}
