// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives
import Testing

@testable import CofferSharing

/// The vault's record writers return the parsed form they build instead of re-parsing their own bytes with a
/// `try!`. Each value a writer returns must equal, field for field, what the reader parses from its
/// bytes: a writer whose value and bytes disagree fails here.
@Suite("vault record writers build what readers parse")
struct RecordWriterFormTests {
    static let writer = Person.alice.account
    static let signer = VaultSigner(identity: writer.identity)
    static let owner = writer.accountID

    static func key() -> FolderKey { FolderKey(validated: SecretBytes.random(count: FolderKey.byteCount)) }
    static func hash() -> [UInt8] { SecureRandom.bytes(count: 32) }

    @Test func nodeRecordsAndTheirResignedForm() throws {
        let metadata = try NodeMetadata(
            name: "report.pdf", size: 42, modified: 1_764_000_000, contentType: "text/plain")
        let record = NodeRecord.seal(
            treeOwner: Self.owner, id: .random(), parent: .random(), kind: .file, version: 3, epoch: 2,
            parentKey: Self.key(), commitment: Self.hash(), metadata: metadata, signer: Self.signer)
        #expect(try NodeRecord(parsing: record.encoded) == record)
        let resigned = record.resigned(by: VaultSigner(identity: Person.bob.account.identity))
        #expect(try NodeRecord(parsing: resigned.encoded) == resigned)
        #expect(resigned.signer == Person.bob.account.accountID)
        #expect(resigned.envelope.body == record.envelope.body)
    }

    @Test func singleRecordListingsDropNameTagsAndSortTheirEntries() throws {
        let entries = (0..<5).map { index in
            Manifest.Entry(
                id: .random(), kind: index.isMultiple(of: 2) ? .file : .folder, recordHash: Self.hash(),
                nameTag: SecureRandom.bytes(count: NameTag.byteCount))
        }
        let manifest = Manifest.make(
            treeOwner: Self.owner, folder: .random(), version: 7, entries: entries, signer: Self.signer)
        #expect(try Manifest(parsing: manifest.encoded) == manifest)
        #expect(manifest.entries.allSatisfy { $0.nameTag == nil })
    }

    @Test("member lists of writers only (version 1) and with readers (version 2)", arguments: [false, true])
    func memberLists(withReaders: Bool) throws {
        let members = [Person.bob, Person.carol, Person.dave].map(\.account.bundle)
        let roles: [AccountID: MemberRole] = withReaders ? [Person.carol.account.accountID: .reader] : [:]
        let list = MemberList.make(
            treeOwner: Self.owner, folder: .random(), version: 2, epoch: 3, members: members, roles: roles,
            signer: Self.signer)
        #expect(try MemberList(parsing: list.encoded) == list)
        #expect(list.envelope.version == (withReaders ? 2 : 1))
        #expect(list.roles.count == members.count)
    }

    @Test func listingChunksAndTheirHead() throws {
        let folder = NodeID.random()
        let entries = (0..<3).map { index in
            Manifest.Entry(
                id: .random(), kind: .file, recordHash: Self.hash(),
                nameTag: index == 0 ? nil : SecureRandom.bytes(count: NameTag.byteCount))
        }.sorted { $0.id < $1.id }
        let chunks = [
            ListingChunk.make(treeOwner: Self.owner, folder: folder, written: 4, entries: Array(entries[..<1])),
            ListingChunk.make(treeOwner: Self.owner, folder: folder, written: 4, entries: Array(entries[1...])),
        ]
        for chunk in chunks { #expect(try ListingChunk(parsing: chunk.encoded) == chunk) }
        let head = ListingHead.make(
            treeOwner: Self.owner, folder: folder, version: 4, chunks: chunks, signer: Self.signer)
        #expect(try ListingHead(parsing: head.encoded) == head)
        #expect(head.childCount == 3)
    }

    @Test func keyringsOfOneEpochAndAfterARotation() throws {
        let folder = NodeID.random()
        let parent = NodeID.random()
        let parentKey = Self.key()
        let first = FolderKeyring.make(
            treeOwner: Self.owner, folder: folder, parent: parent, parentKey: parentKey, parentEpoch: 1,
            newKey: Self.key(), previous: nil, signer: Self.signer)
        #expect(try FolderKeyring(parsing: first.encoded) == first)
        let keys = try first.unwrap(parentKeys: EpochKeys(folder: parent, keys: [1: parentKey], latest: 1))
        let second = FolderKeyring.make(
            treeOwner: Self.owner, folder: folder, parent: parent, parentKey: parentKey, parentEpoch: 1,
            newKey: Self.key(), previous: (first, keys), signer: Self.signer)
        #expect(try FolderKeyring(parsing: second.encoded) == second)
        #expect(second.latestEpoch == 2)
    }
}
