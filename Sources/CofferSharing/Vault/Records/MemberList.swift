// SPDX-License-Identifier: MIT
import CofferKeys

/// Who may read and write a shared folder, signed by the tree's owner (Spec/vault.md §7.1):
///
/// `body = treeOwner ‖ folderID ‖ BE64(version) ‖ BE32(epoch) ‖ BE32(n) ‖ member₁ ‖ … ‖ memberₙ`, where a member is
/// `bundle` in version 1 (every member a writer) and `role(1) ‖ bundle` in version 2 (role 0x01 reader, 0x02
/// writer); bundles (signed identity bundles, Spec/accounts.md §6.3: 149 bytes, or 1,365 for one with a
/// post-quantum key, each bundle's length given by its own version byte) in strictly increasing account-id order;
/// `epoch` is the folder-key epoch the members hold. Shares to a member are wrapped to the key its bundle here
/// carries. Members' records are accepted only when the signer is a writer on the newest list this device has seen.
/// Writers write version 1 when every member is a writer (older clients keep reading it) and version 2 otherwise
/// (older clients refuse it as `unsupportedVersion` rather than take a reader for a writer).
package struct MemberList: Sendable, Equatable {
    static let magic = "CFVM"
    static let kindName = "member list"
    static let versions: Set<UInt8> = [1, 2]
    package static let maximumMembers: UInt32 = 4096

    package let treeOwner: AccountID
    package let folder: NodeID
    package let version: UInt64
    package let epoch: UInt32
    package let members: [IdentityBundle]
    /// Each member's role (version 1: every member a writer).
    package let roles: [AccountID: MemberRole]
    let envelope: SignedRecord
    package let encoded: [UInt8]

    package init(parsing bytes: [UInt8]) throws(VaultError) {
        envelope = try SignedRecord(parsing: bytes, kind: Self.kindName, magic: Self.magic, versions: Self.versions)
        let hasRoles = envelope.version == 2
        var reader = RecordReader(envelope.body)
        do throws(RecordDecodingError) {
            treeOwner = try reader.accountID("tree owner")
            folder = try reader.nodeID("folder id")
            version = try reader.uint64("version")
            epoch = try reader.uint32("epoch")
            let count = try reader.uint32("member count")
            guard version >= 1, epoch >= 1 else {
                throw RecordDecodingError(field: "version", problem: .invalid("version and epoch start at 1"))
            }
            let entryBytes = IdentityBundle.byteCount + (hasRoles ? 1 : 0)
            guard count <= Self.maximumMembers, Int(count) * entryBytes <= reader.remaining else {
                throw RecordDecodingError(
                    field: "member count", problem: .invalid("member count \(count) does not match the length"))
            }
            var members: [IdentityBundle] = []
            var roles: [AccountID: MemberRole] = [:]
            for _ in 0..<count {
                let role = try hasRoles ? Self.readRole(&reader) : MemberRole.writer
                let bundle = try Self.readBundle(&reader)
                if let last = members.last, !(last.accountID < bundle.accountID) {
                    throw RecordDecodingError(
                        field: "member", problem: .invalid("members are not in strictly increasing id order"))
                }
                members.append(bundle)
                roles[bundle.accountID] = role
            }
            try reader.finish()
            self.members = members
            self.roles = roles
        } catch {
            throw .decoding(error, kind: Self.kindName)
        }
        encoded = bytes
    }

    /// A version 2 member's role byte.
    private static func readRole(_ reader: inout RecordReader) throws(RecordDecodingError) -> MemberRole {
        let byte = try reader.byte("role")
        guard let role = MemberRole(rawValue: byte) else {
            throw RecordDecodingError(field: "role", problem: .invalid("a member has role \(byte), not 1 or 2"))
        }
        return role
    }

    /// One member's identity bundle, its length given by its own version byte, checked as any bundle.
    private static func readBundle(_ reader: inout RecordReader) throws(RecordDecodingError) -> IdentityBundle {
        let head = try reader.take(5, "bundle")
        guard let length = IdentityBundle.byteCount(version: head[4]) else {
            throw RecordDecodingError(field: "bundle", problem: .invalid("a member bundle has version \(head[4])"))
        }
        let bytes = try head + reader.take(length - 5, "bundle")
        do {
            return try IdentityBundle(encoded: bytes)
        } catch {
            throw RecordDecodingError(field: "bundle", problem: .invalid("a member bundle is invalid (\(error))"))
        }
    }

    /// The reader of §8.1 step 1: envelope → tree and folder named → the owner's signature → only then the bundles
    /// (each bundle's own signature costs a verification; a forged list is refused for one).
    package static func read(
        _ bytes: [UInt8], treeOwner: AccountID, folder: NodeID, owner: IdentityPublicKeys,
        counter: VaultOperationCounter? = nil
    ) throws(VaultError) -> MemberList {
        let envelope = try SignedRecord(parsing: bytes, kind: kindName, magic: magic, versions: versions)
        guard envelope.body.count >= 32 else { throw .malformedRecord(kind: kindName, reason: "ends inside its ids") }
        guard Array(envelope.body[0..<16]) == treeOwner.bytes else {
            throw .recordMisplaced(kind: kindName, reason: "it belongs to another account's tree")
        }
        guard Array(envelope.body[16..<32]) == folder.bytes else {
            throw .recordMisplaced(kind: kindName, reason: "it is the list of another folder, not \(folder.hex)")
        }
        try envelope.verify(label: VaultLabel.memberList, writers: VaultWriters([owner]), counter: counter)
        return try MemberList(parsing: bytes)
    }

    package func checkPlacement(treeOwner: AccountID, folder: NodeID) throws(VaultError) {
        guard self.treeOwner == treeOwner else {
            throw .recordMisplaced(kind: Self.kindName, reason: "it belongs to another account's tree")
        }
        guard self.folder == folder else {
            throw .recordMisplaced(
                kind: Self.kindName, reason: "it is the list of \(self.folder.hex), not \(folder.hex)")
        }
    }

    /// Only the tree's owner signs member lists.
    package func verifySignature(owner: IdentityPublicKeys, counter: VaultOperationCounter? = nil) throws(VaultError) {
        try envelope.verify(label: VaultLabel.memberList, writers: VaultWriters([owner]), counter: counter)
    }

    package func contains(_ account: AccountID) -> Bool { members.contains { $0.accountID == account } }

    /// `account`'s role here, nil when it is not on the list.
    package func role(of account: AccountID) -> MemberRole? { roles[account] }

    /// The members who may write.
    package var writers: [IdentityBundle] { members.filter { roles[$0.accountID] == .writer } }

    /// A signed list; `roles` gives each member's role (a member it does not name is a writer). Version 1 when every
    /// member is a writer, else version 2.
    package static func make(
        treeOwner: AccountID, folder: NodeID, version: UInt64, epoch: UInt32, members: [IdentityBundle],
        roles: [AccountID: MemberRole] = [:], signer: VaultSigner
    ) -> MemberList {
        let hasRoles = members.contains { roles[$0.accountID] == .reader }
        let sorted = members.sorted(by: { $0.accountID < $1.accountID })
        // What a reader parses back: every member with its role, a writer unless `roles` says reader.
        let parsedRoles = Dictionary(sorted.map { ($0.accountID, roles[$0.accountID] ?? .writer) }) { first, _ in first
        }
        var body = RecordWriter()
        body.append(treeOwner.bytes)
        body.append(folder.bytes)
        body.append(version)
        body.append(epoch)
        body.append(UInt32(sorted.count))
        for member in sorted {
            if hasRoles { body.append(parsedRoles[member.accountID, default: .writer].rawValue) }
            body.append(member.encoded)
        }
        return MemberList(
            treeOwner: treeOwner, folder: folder, version: version, epoch: epoch, members: sorted, roles: parsedRoles,
            envelope: SignedRecord(
                kind: kindName, magic: magic, version: hasRoles ? 2 : 1, body: body.bytes,
                label: VaultLabel.memberList, signer: signer))
    }

    /// The list `envelope` signs, whose body holds exactly these fields (the writer's form: nothing to re-parse).
    private init(
        treeOwner: AccountID, folder: NodeID, version: UInt64, epoch: UInt32, members: [IdentityBundle],
        roles: [AccountID: MemberRole], envelope: SignedRecord
    ) {
        self.treeOwner = treeOwner
        self.folder = folder
        self.version = version
        self.epoch = epoch
        self.members = members
        self.roles = roles
        self.envelope = envelope
        encoded = envelope.encoded
    }
}
