// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives

/// `record = magic(4) ‖ 0x01 ‖ body ‖ signer(16) ‖ Ed25519(signer, label ‖ 0x00 ‖ magic ‖ 0x01 ‖ body ‖ signer)` —
/// the envelope of every vault record. The label names the record kind, so a signature over one kind can never
/// pass as another; the signer is the writer's account id, resolved against the accounts allowed to write there.
struct SignedRecord: Sendable, Equatable {
    static let trailerByteCount = AccountID.byteCount + Ed25519.signatureByteCount

    let kind: String
    /// 0x01; a share record may also be 0x02 (its post-quantum form, Spec/vault.md §7.2).
    let version: UInt8
    let body: [UInt8]
    let signer: AccountID
    let signature: [UInt8]
    /// Everything before the signature.
    let signed: [UInt8]

    /// The whole record: `signed ‖ signature`.
    var encoded: [UInt8] { signed + signature }

    /// Structure only (the header of Spec/vault.md §2: magic, version one of `versions`, room for the trailer);
    /// nothing is trusted yet.
    init(parsing bytes: [UInt8], kind: String, magic: String, versions: Set<UInt8> = [1]) throws(VaultError) {
        let minimum = RecordHeader.Length.atLeast(5 + Self.trailerByteCount)
        do throws(RecordDecodingError) {
            let header = try RecordHeader.read(
                bytes, magic: magic, lengths: Dictionary(uniqueKeysWithValues: versions.map { ($0, minimum) }))
            var reader = header.reader
            body = try reader.take(reader.remaining - Self.trailerByteCount, "body")
            signer = try reader.accountID("signer id")
            signed = reader.consumed
            signature = try reader.take(Ed25519.signatureByteCount, "signature")
            try reader.finish()
            version = header.version
        } catch {
            throw .decoding(error, kind: kind)
        }
        self.kind = kind
    }

    /// Builds and signs a record: the parsed form of `make`'s bytes, without parsing them again.
    init(kind: String, magic: String, version: UInt8 = 1, body: [UInt8], label: String, signer: VaultSigner) {
        self.kind = kind
        self.version = version
        self.body = body
        self.signer = signer.accountID
        signed = Array(magic.utf8) + [version] + body + signer.accountID.bytes
        signer.counter?.countSignature()
        signature = signer.key.signature(for: Array(label.utf8) + [0] + signed)
    }

    /// Refuses a reader of the folder (`readerSigned`) or anyone else outside `writers` (`unauthorizedWriter`),
    /// then a bad signature (`signatureInvalid`).
    func verify(label: String, writers: VaultWriters, counter: VaultOperationCounter?) throws(VaultError) {
        guard let key = writers.keys[signer] else {
            if writers.readers.contains(signer) { throw .readerSigned(kind: kind, signer: signer.hex) }
            throw .unauthorizedWriter(kind: kind, signer: signer.hex)
        }
        counter?.countVerification()
        guard key.isValidSignature(signature, for: Array(label.utf8) + [0] + signed) else {
            throw .signatureInvalid(kind: kind)
        }
    }

    /// Builds and signs a record's bytes.
    static func make(
        magic: String, version: UInt8 = 1, body: [UInt8], label: String, signer: VaultSigner
    ) -> [UInt8] {
        SignedRecord(kind: "", magic: magic, version: version, body: body, label: label, signer: signer).encoded
    }
}

/// Who signs what this vault writes: the account's Ed25519 identity key and its id.
package struct VaultSigner: Sendable {
    package let accountID: AccountID
    let key: Ed25519.SigningKey
    let counter: VaultOperationCounter?

    package init(identity: IdentityKeyPair, counter: VaultOperationCounter? = nil) {
        accountID = identity.accountID
        key = identity.signing
        self.counter = counter
    }
}

/// The accounts allowed to write in a place: the tree's owner plus the writers on the signed member lists of the
/// folders above it. Keys come only from the owner's own identity, verified contacts or signed member lists. The
/// readers on those lists are kept apart, so that a record one of them signed is named as such (`readerSigned`).
package struct VaultWriters: Sendable {
    package private(set) var keys: [AccountID: Ed25519.VerifyingKey] = [:]
    /// Members who may only read here: a writer on any list from the top down is a writer (Spec/vault.md §7.1).
    package private(set) var readers: Set<AccountID> = []

    package init(_ keys: [IdentityPublicKeys] = []) {
        for key in keys { add(key) }
    }

    package mutating func add(_ key: IdentityPublicKeys) {
        keys[key.accountID] = key.signing
        readers.remove(key.accountID)
    }

    /// The members of a signed list: its writers become writers, its readers readers unless they write already.
    package mutating func add(_ list: MemberList) {
        for member in list.members {
            if list.role(of: member.accountID) == .writer {
                add(member.keys)
            } else if keys[member.accountID] == nil {
                readers.insert(member.accountID)
            }
        }
    }

    /// Whether `account` may write here.
    package func mayWrite(_ account: AccountID) -> Bool { keys[account] != nil }

    /// Everyone in `other` too.
    mutating func merge(_ other: VaultWriters) {
        keys.merge(other.keys) { mine, _ in mine }
        readers.formUnion(other.readers.filter { keys[$0] == nil })
        readers.subtract(keys.keys)
    }
}
