// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives
import CofferSharing
import Foundation

/// `vault_member_list.json`: member lists with roles (Spec/vault.md §7.1), read as §8.1 step 1 says — envelope →
/// placement → the owner's signature → layout and bundles → not older than the mark — and then the role rule of
/// §8: a record in the folder (`written`: a listing head or a node record) signed by a member is accepted only when
/// the list makes that member a writer (`readerSigned` for a reader, `unauthorizedWriter` for anyone else).
package struct MemberListCase: VaultVectorCase {
    package var tcId = 0
    package var comment: String
    package var flags: [String]
    package var record: String
    package var treeOwner: String
    package var folderId: String
    package var ownerAgreementKey: String
    package var ownerSigningKey: String
    /// The highest member-list version this device accepted for the folder.
    package var highWaterMark: UInt64
    /// Each member's role, by account id (valid cases).
    package var roles: [String: String]?
    /// A record of the folder signed by someone: `"listing head"` or `"node record"`, checked against the writers.
    package var writtenKind: String?
    package var written: String?
    package var result: String
    package var expect: String?

    package func check() throws -> String? {
        let owner = try VaultVectors.writers(agreement: ownerAgreementKey, signing: ownerSigningKey)
        let list = try MemberList.read(
            Hex.decode(record), treeOwner: AccountID(bytes: Hex.decode(treeOwner)),
            folder: NodeID(bytes: Hex.decode(folderId)), owner: owner)
        try VaultDeviceState.check(presented: list.version, seen: highWaterMark, what: "member list")
        var writers = VaultWriters([owner])
        writers.add(list)
        if let written {
            switch writtenKind {
            case "listing head": try ListingHead(parsing: Hex.decode(written)).verifySignature(writers: writers)
            case "node record": try NodeRecord(parsing: Hex.decode(written)).verifySignature(writers: writers)
            default: return "unknown writtenKind \(writtenKind ?? "nil")"
            }
        }
        let found = Dictionary(
            uniqueKeysWithValues: list.members.map { ($0.accountID.hex, list.role(of: $0.accountID)?.name ?? "?") })
        return VaultVectors.compare("roles", found, roles)
    }
}

package struct MemberListGenerator: VectorGenerator {
    package let fileName = "vault_member_list.json"
    package static let algorithm = "coffer-vault-member-list"
    package init() {}

    /// The list's bytes computed here from the Spec, independently of `MemberList.make`: `"CFVM" ‖ version ‖
    /// treeOwner ‖ folderID ‖ BE64(version) ‖ BE32(epoch) ‖ BE32(n) ‖ [role ‖] bundle…`, members in id order.
    static func list(
        version: UInt8, owner: IdentityKeyPair, folder: NodeID, listVersion: UInt64,
        members: [(IdentityKeyPair, UInt8)]
    ) -> [UInt8] {
        func be(_ value: UInt64, _ bytes: Int) -> [UInt8] {
            (0..<bytes).reversed().map { UInt8(value >> (8 * $0) & 0xff) }
        }
        var body = owner.accountID.bytes + folder.bytes + be(listVersion, 8) + be(1, 4) + be(UInt64(members.count), 4)
        for (member, role) in members.sorted(by: { $0.0.accountID < $1.0.accountID }) {
            if version == 2 { body.append(role) }
            body += IdentityBundle(signedBy: member).encoded
        }
        let unsigned = Array("CFVM".utf8) + [version] + body + owner.accountID.bytes + [UInt8](repeating: 0, count: 64)
        return VaultVectors.resign(unsigned, label: "coffer/v1/vault/member-list", with: owner)
    }

    package func generate() throws -> Data {
        var random = DeterministicRandom(label: fileName)
        let owner = try VaultVectors.person(&random)
        let bob = try VaultVectors.person(&random)
        let carol = try VaultVectors.person(&random)
        let mallory = try VaultVectors.person(&random)
        let folder = try NodeID(bytes: random.bytes(16))
        let (reader, writer): (UInt8, UInt8) = (1, 2)
        func list(_ version: UInt8, _ members: [(IdentityKeyPair, UInt8)], listVersion: UInt64 = 3) -> [UInt8] {
            Self.list(version: version, owner: owner, folder: folder, listVersion: listVersion, members: members)
        }
        let v1 = list(1, [(bob, writer), (carol, writer)])
        let v2 = list(2, [(bob, reader), (carol, writer)])
        let allWriters = list(2, [(bob, writer), (carol, writer)])
        func head(by signer: IdentityKeyPair) -> [UInt8] {
            ListingHead.make(
                treeOwner: owner.accountID, folder: folder, version: 7, chunks: [],
                signer: VaultSigner(identity: signer)
            ).encoded
        }
        let parentKey = try FolderKey(random.secret(32))
        func node(by signer: IdentityKeyPair) throws -> [UInt8] {
            NodeRecord.seal(
                treeOwner: owner.accountID, id: try NodeID(bytes: random.bytes(16)), parent: folder, kind: .file,
                version: 2, epoch: 1, parentKey: parentKey, commitment: random.bytes(32),
                metadata: try NodeMetadata(name: "notes.txt", size: 5, modified: 1_700_000_000),
                signer: VaultSigner(identity: signer), nonce: random.bytes(24)
            ).encoded
        }
        let roles2 = [bob.accountID.hex: "reader", carol.accountID.hex: "writer"]
        let roles1 = [bob.accountID.hex: "writer", carol.accountID.hex: "writer"]
        func test(_ comment: String, _ record: [UInt8], roles: [String: String]?) -> MemberListCase {
            MemberListCase(
                comment: comment, flags: [], record: Hex.encode(record), treeOwner: owner.accountID.hex,
                folderId: folder.hex, ownerAgreementKey: Hex.encode(owner.publicKeys.agreement.rawRepresentation),
                ownerSigningKey: Hex.encode(owner.publicKeys.signing.rawRepresentation), highWaterMark: 0,
                roles: roles, result: "valid")
        }
        func writing(_ comment: String, _ record: [UInt8], _ kind: String, _ written: [UInt8]) -> MemberListCase {
            var test = test(comment, record, roles: record == v1 ? roles1 : roles2)
            (test.writtenKind, test.written) = (kind, Hex.encode(written))
            return test
        }
        let valid = [
            test("version 1: every member a writer (lists written before roles)", v1, roles: roles1),
            test("version 2: a reader and a writer", v2, roles: roles2),
            test("version 2 with writers only (readers accept it; writers write version 1)", allWriters, roles: roles1),
            writing("version 2: a listing head signed by the writer", v2, "listing head", head(by: carol)),
            writing("version 2: a node record signed by the writer", v2, "node record", try node(by: carol)),
            writing("version 2: a listing head signed by the owner", v2, "listing head", head(by: owner)),
            writing("version 1: a listing head signed by a member (a writer)", v1, "listing head", head(by: bob)),
        ]
        let label = "coffer/v1/vault/member-list"
        let roleAt = 4 + 1 + 16 + 16 + 8 + 4 + 4
        func invalid(_ comment: String, _ flag: String, _ expect: String, _ record: [UInt8]) -> MemberListCase {
            var refused = test(comment, record, roles: nil)
            (refused.flags, refused.result, refused.expect) = ([flag], "invalid", expect)
            return refused
        }
        func written(_ comment: String, _ expect: String, _ kind: String, _ bytes: [UInt8]) -> MemberListCase {
            var refused = writing(comment, v2, kind, bytes)
            (refused.flags, refused.result, refused.expect, refused.roles) = (["Role"], "invalid", expect, nil)
            return refused
        }
        func edited(_ index: Int, to value: UInt8, of record: [UInt8] = v2) -> [UInt8] {
            var copy = record
            copy[index] = value
            return VaultVectors.resign(copy, label: label, with: owner)
        }
        var rolledBack = test("older than the device has seen", v2, roles: nil)
        (rolledBack.highWaterMark, rolledBack.flags, rolledBack.result, rolledBack.expect) =
            (4, ["Rollback"], "invalid", "rollbackDetected")
        let duplicate = list(2, [(bob, reader), (bob, writer)])
        let refused = [
            written("a listing head signed by the reader", "readerSigned", "listing head", head(by: bob)),
            written("a node record signed by the reader", "readerSigned", "node record", try node(by: bob)),
            written("a listing head signed by no member", "unauthorizedWriter", "listing head", head(by: mallory)),
            invalid(
                "the first role byte changed, not re-signed", "Signature", "signatureInvalid",
                {
                    var copy = v2
                    copy[roleAt] = copy[roleAt] == reader ? writer : reader
                    return copy
                }()),
            invalid(
                "signed by a member, not the owner", "Signer", "unauthorizedWriter",
                VaultVectors.resign(
                    Array(v2.dropLast(80)) + bob.accountID.bytes + [UInt8](repeating: 0, count: 64),
                    label: label, with: bob)),
            invalid("role 0 (re-signed)", "Layout", "malformedRecord", edited(roleAt, to: 0)),
            invalid("role 3 (re-signed)", "Layout", "malformedRecord", edited(roleAt, to: 3)),
            invalid("version 2 relabelled version 1 (re-signed)", "Layout", "malformedRecord", edited(4, to: 1)),
            invalid(
                "version 1 relabelled version 2 (re-signed)", "Layout", "malformedRecord", edited(4, to: 2, of: v1)),
            invalid("version 3", "Version", "unsupportedVersion", edited(4, to: 3)),
            invalid(
                "the last bundle one byte short (re-signed)", "Layout", "malformedRecord",
                VaultVectors.resign(Array(v2.dropLast(81)) + Array(v2.suffix(80)), label: label, with: owner)),
            invalid("one member twice, as reader and writer", "Layout", "malformedRecord", duplicate),
            invalid(
                "another folder's list", "Placement", "recordMisplaced",
                {
                    var copy = v2
                    copy.replaceSubrange(21..<37, with: random.bytes(16))
                    return VaultVectors.resign(copy, label: label, with: owner)
                }()),
            rolledBack,
        ]
        return try VaultVectors.file(
            algorithm: Self.algorithm,
            header: [
                "Vault member lists with roles, Spec/vault.md section 7.1: version 1 names writers only, version 2",
                "gives each member a role byte (1 reader, 2 writer) before its bundle; signed by the tree's owner.",
                "The Role group checks a record of the folder against the writers the list gives (section 8).",
            ],
            notes: [
                "Layout": "roles 1 or 2, bundles in strictly increasing account-id order, exact length",
                "Version": "1 or 2",
                "Placement": "the list must name the tree and folder it was read for",
                "Signer": "only the tree's owner signs member lists",
                "Signature": "Ed25519 over \"coffer/v1/vault/member-list\" || 0x00 || the record before the signature",
                "Rollback": "version >= the highest this device accepted",
                "Role": "a record signed by a reader is readerSigned, by a non-member unauthorizedWriter",
            ],
            groups: [("MemberList", valid), ("Refused", refused)])
    }
}
