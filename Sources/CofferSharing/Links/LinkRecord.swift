// SPDX-License-Identifier: MIT
import CofferAge
import CofferKeys
import CofferPrimitives

/// The signed link record (Spec/links.md §5), version 1, fixed layout:
///
/// `0x01 ‖ lookupID₁₆ ‖ kind₁ ‖ commitment₃₂ ‖ permissions₁ ‖ BE64(expiry) ‖ kdfFlag₁ [‖ kdfParameters₂₉]`
///
/// Version 2 (folder records only, Spec/links.md §5.1) is the same fields with byte 0 = 0x02, followed by
/// `owner₁₆ ‖ BE32(epoch)`: the account id of the tree's owner (a vault link opener learns whose signatures the
/// folder's records must carry) and the folder-key epoch the wrapped key belongs to (the opener walks the keyring's
/// chain down from it).
///
/// kind 0x01 = file, 0x02 = folder; permissions 0x01 = read (the only one defined); expiry in Unix seconds, 0 =
/// never; kdfFlag 0x00 = no password, 0x01 = the 29-byte Argon2id block of Spec/accounts.md follows. The record,
/// followed by the wrapped file key, is signed with the key `S` derives (`LinkSecret.recordSigningKey`), so a server
/// can neither extend an expiry, lower the password cost, nor swap the target without the signature failing.
package struct LinkRecord: Sendable, Equatable {
    package enum TargetKind: UInt8, Sendable, Equatable {
        case file = 1
        case folder = 2

        package var name: String { self == .file ? "file" : "folder" }
    }

    package static let version: UInt8 = 1
    /// The version that carries the tree owner (folder records in a vault).
    package static let ownerVersion: UInt8 = 2
    package static let readPermission: UInt8 = 1
    package static let signatureLabel = "coffer/v1/links/record"
    package static let fileCommitmentLabel = "coffer/v1/links/file-commitment"
    package static let folderCommitmentLabel = "coffer/v1/links/folder-commitment"
    static let byteCountWithoutKDF = 60

    package var lookupID: LinkLookupID
    package var kind: TargetKind
    /// 32 bytes binding the record to one target; for a file, `LinkRecord.commitment(fileKey:)`.
    package var commitment: [UInt8]
    package var permissions: UInt8
    /// Unix seconds; 0 means the link does not expire.
    package var expiry: UInt64
    /// The Argon2id parameters of a password-protected link; nil without a password.
    package var kdf: KDFParameters?
    /// The vault tree owner's account id (version 2, folder records only); nil in a version 1 record.
    package var owner: AccountID?
    /// The folder-key epoch of the wrapped key (version 2); 0 in a version 1 record.
    package var epoch: UInt32 = 0

    /// 1, or 2 when the record names an owner.
    package var version: UInt8 { owner == nil ? Self.version : Self.ownerVersion }

    package init(
        lookupID: LinkLookupID, kind: TargetKind, commitment: [UInt8], permissions: UInt8 = LinkRecord.readPermission,
        expiry: UInt64, kdf: KDFParameters?, owner: AccountID? = nil
    ) {
        self.owner = owner
        self.lookupID = lookupID
        self.kind = kind
        self.commitment = commitment
        self.permissions = permissions
        self.expiry = expiry
        self.kdf = kdf
    }

    /// `HKDF-SHA-256(ikm: fileKey, salt: "", info: "coffer/v1/links/file-commitment", L = 32)` — names one file's
    /// content without revealing anything about its key, and stays the same when links are added to the header.
    package static func commitment(fileKey: FileKey) -> [UInt8] {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: fileKey.secret, salt: [], info: Array(fileCommitmentLabel.utf8)
        ).revealedBytes()
    }

    /// `HKDF-SHA-256(ikm: folderKey, salt: folderID, info: "coffer/v1/links/folder-commitment", L = 32)` — names
    /// one folder (its 16-byte id) under one folder key, without revealing anything about the key.
    package static func commitment(folderKey: SecretBytes, folderID: [UInt8]) -> [UInt8] {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: folderKey, salt: folderID, info: Array(folderCommitmentLabel.utf8)
        ).revealedBytes()
    }

    package var encoded: [UInt8] {
        var writer = RecordWriter()
        writer.append(version)
        writer.append(lookupID.bytes)
        writer.append(kind.rawValue)
        writer.append(commitment)
        writer.append(permissions)
        writer.append(expiry)
        if let kdf {
            writer.append(UInt8(1))
            writer.append(kdf.encoded)
        } else {
            writer.append(UInt8(0))
        }
        if let owner {
            writer.append(owner.bytes)
            writer.append(epoch)
        }
        return writer.bytes
    }

    /// Parses exactly one record from the front of `bytes`, returning it and the number of bytes it used.
    /// Rules in order: version (1, or 2 for a folder) and length (the header check every Coffer record runs, with
    /// no magic); kind, permissions and kdfFlag among the defined values; a version 2 record's owner.
    static func parse(prefixOf bytes: [UInt8]) throws(LinkError) -> (LinkRecord, Int) {
        do throws(RecordDecodingError) {
            return try read(bytes)
        } catch {
            throw .decoding(error)
        }
    }

    private static func read(_ bytes: [UInt8]) throws(RecordDecodingError) -> (LinkRecord, Int) {
        let minimum = RecordHeader.Length.atLeast(byteCountWithoutKDF)
        let header = try RecordHeader.read(
            bytes, magic: "", lengths: [Self.version: minimum, Self.ownerVersion: minimum])
        let version = header.version
        var reader = header.reader
        let lookupID = LinkLookupID(validated: try reader.take(LinkLookupID.byteCount, "lookup id"))
        let kindByte = try reader.byte("target kind")
        guard let kind = TargetKind(rawValue: kindByte) else {
            throw RecordDecodingError(field: "target kind", problem: .invalid("unknown target kind \(kindByte)"))
        }
        // Version 2 exists for vault folders only: a file stanza stays version 1.
        guard version == Self.version || kind == .folder else {
            throw RecordDecodingError(field: "version", problem: .unsupportedVersion(version))
        }
        let commitment = try reader.take(32, "commitment")
        let permissions = try reader.byte("permissions")
        guard permissions == readPermission else {
            throw RecordDecodingError(field: "permissions", problem: .invalid("unknown permissions \(permissions)"))
        }
        let expiry = try reader.uint64("expiry")
        var kdf: KDFParameters?
        switch try reader.byte("KDF flag") {
        case 0: break
        case 1:
            let block = try reader.take(KDFParameters.encodedByteCount, "KDF parameters")
            do {
                kdf = try KDFParameters(encoded: block)
            } catch {
                throw RecordDecodingError(field: "KDF parameters", problem: .invalid("KDF parameters: \(error)"))
            }
        case let flag: throw RecordDecodingError(field: "KDF flag", problem: .invalid("unknown KDF flag \(flag)"))
        }
        var owner: AccountID?
        var epoch: UInt32 = 0
        if version == Self.ownerVersion {
            guard reader.remaining >= AccountID.byteCount + 4 else {
                throw RecordDecodingError(
                    field: "owner and epoch", problem: .invalid("version 2 record ends inside its owner and epoch"))
            }
            owner = try reader.accountID("owner id")
            epoch = try reader.uint32("epoch")
            guard epoch >= 1 else {
                throw RecordDecodingError(field: "epoch", problem: .invalid("version 2 record names epoch 0"))
            }
        }
        var record = LinkRecord(
            lookupID: lookupID, kind: kind, commitment: commitment, permissions: permissions, expiry: expiry, kdf: kdf,
            owner: owner)
        record.epoch = epoch
        return (record, reader.offset)
    }

    /// `"coffer/v1/links/record" ‖ 0x00 ‖ record ‖ wrappedFileKey` — the message the link signature covers.
    static func signedMessage(record: [UInt8], wrappedKey: [UInt8]) -> [UInt8] {
        Array(signatureLabel.utf8) + [0] + record + wrappedKey
    }
}
