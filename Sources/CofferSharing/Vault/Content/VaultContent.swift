// SPDX-License-Identifier: MIT
import CofferAge
import CofferPrimitives

/// A file's content on the storage side: the age header (`.head`) and the payload nonce and chunks (`.body`),
/// kept apart so that a move or an export writes a new header and never touches the payload.
struct SealedContent: Sendable {
    let head: [UInt8]
    let body: [UInt8]

    /// `commitment = SHA-256(header ‖ nonce)`, where nonce is the first 16 bytes of the body: it pins the wrapped
    /// file key and the payload key (HKDF of file key and nonce), so a swapped header or body is caught before any
    /// key is used.
    var commitment: [UInt8] { SHA256.hash(head + Array(body.prefix(16))) }

    /// Encrypts `plaintext` as age v1 with one `coffer.dev/v1/folder-key` stanza for `node` in `folder`.
    static func encrypt(_ plaintext: [UInt8], folder: FolderView, node: NodeID) throws(VaultError) -> SealedContent {
        let fileKey = FileKey.generate()
        let stanza = FolderKeyStanza.wrap(
            fileKey, folder: folder.id, epoch: folder.keys.latest, key: folder.keys.latestKey, node: node)
        let head = Header(stanzas: [stanza], fileKey: fileKey).encoded
        let sink = MemorySink()
        do {
            let recipient = FolderKeyRecipient(
                folder: folder.id, epoch: folder.keys.latest, key: folder.keys.latestKey, node: node)
            try AgeEncryptor(recipients: [recipient], concurrency: Self.concurrency(for: plaintext.count))
                .encrypt(
                    from: MemorySource(plaintext), to: sink, fileKey: fileKey, stanzas: [stanza],
                    nonce: SecureRandom.bytes(count: 16))
        } catch {
            throw .system("cannot encrypt", error)
        }
        return SealedContent(head: head, body: Array(sink.bytes[head.count...]))
    }

    /// One chunk at a time for small files (no thread hand-off per file); the encryptor's default for large ones.
    static func concurrency(for byteCount: Int) -> PayloadConcurrency {
        byteCount > 4 << 20 ? .allCores : .sequential
    }

    /// Checks the commitment (`contentMismatch`), the epoch (`epochKeyUnavailable`), then decrypts into `sink`;
    /// any age failure is `contentDamaged` and only authenticated chunks reach the sink.
    func decrypt(record: NodeRecord, keys: EpochKeys, to sink: ByteSink) throws(VaultError) {
        try Self.decrypt(
            head: head, body: MemorySource(body), size: UInt64(body.count), record: record, keys: keys, to: sink)
    }

    /// The same content re-wrapped for `stanzas` (a move to another folder, or an export): a new header under the
    /// same file key, the payload unchanged.
    func rewrapped(keys: EpochKeys, node: NodeID, to stanzas: (FileKey) throws -> [Stanza]) throws(VaultError)
        -> SealedContent
    {
        do {
            let header = try HeaderParser.parse(from: BufferedSource(MemorySource(head)))
            let fileKey = try AgeDecryptor(identities: [FolderKeyIdentity(keys: keys, node: node)]).unwrapFileKey(
                header)
            return SealedContent(head: Header(stanzas: try stanzas(fileKey), fileKey: fileKey).encoded, body: body)
        } catch let error as AgeError {
            throw .contentDamaged(node: node.hex, error)
        } catch {
            throw .system("cannot re-wrap the content", error)
        }
    }
}

extension FolderReader {
    /// The stored header and body of a verified file (`childMissing` if either is gone), each read only if it is
    /// no larger than its kind allows (the body: exactly what the metadata's size needs).
    func content(of child: VerifiedChild) throws(VaultError) -> SealedContent {
        let id = child.entry.id
        let commitment = child.record.commitment
        guard let bodyLimit = VaultRecordLimit.body(plaintextSize: child.metadata.size) else {
            throw .malformedRecord(kind: NodeRecord.kindName, reason: "size \(child.metadata.size) cannot be stored")
        }
        guard
            let head = try storage.getIfPresent(
                VaultStorage.contentID(id, .head, commitment: commitment), limit: VaultRecordLimit.head),
            let body = try storage.getIfPresent(
                VaultStorage.contentID(id, .body, commitment: commitment), limit: bodyLimit)
        else { throw .childMissing(node: id.hex) }
        return SealedContent(head: head, body: body)
    }
}
