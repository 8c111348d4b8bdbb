// SPDX-License-Identifier: MIT
import CofferAge
import CofferSharing
import Foundation
import HummingbirdTesting
import Testing

@testable import CofferRemote
@testable import CofferServer

/// `LinkStorage` and `RemoteLinkSource` (Spec/links.md §9.1–9.2) against a live server: an upload and its
/// retry, another file under a taken id, a download over several windows read back exactly, and the typed
/// errors of revocation and of a withdrawn link.
@Suite struct LinkStorageTests {
    static func file(_ count: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 9) } }

    static func readAll(_ source: RemoteLinkSource) throws -> [UInt8] {
        var all: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 100_000)
        while true {
            let count = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
            if count == 0 { return all }
            all += buffer[..<count]
        }
    }

    @Test func uploadRetryDownloadAndRevoke() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("coffer-ls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let bytes = Self.file(2 * RemoteLinkSource.windowSize + 12_345)
        let path = directory.appendingPathComponent("f.age").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let other = directory.appendingPathComponent("g.age").path
        try Data(bytes.reversed()).write(to: URL(fileURLWithPath: other))
        let limits = ServerLimits(maxRecordBytes: 1 << 20, maxLinkBytes: 64 << 20, anonymousLinkUploads: true)
        try await TestServer(limits: limits).test(.live) { client, _ in
            try await blocking {
                let storage = try LinkStorage(serverText: "http://127.0.0.1:\(client.port ?? 0)/")
                let id = LinkSecret.generate().lookupID
                let key = FileKey.generate()
                let token = LinkRevocationToken(fileKey: key, lookupID: id)
                let etag = try storage.upload(file: path, lookupID: id, expires: 0, revocation: token)
                #expect(!etag.isEmpty)
                // A retry after a lost answer: the same bytes and terms are accepted with the first ETag.
                #expect(try storage.upload(file: path, lookupID: id, expires: 0, revocation: token) == etag)
                #expect(throws: LinkRemoteError.taken(lookupID: id.urlText)) {
                    try storage.upload(file: other, lookupID: id, expires: 0, revocation: token)
                }
                let source = try storage.download(id)
                #expect(source.size == UInt64(bytes.count))
                #expect(try Self.readAll(source) == bytes)
                #expect(source.retries == 0)
                let stranger = LinkRevocationToken(fileKey: FileKey.generate(), lookupID: id)
                #expect(throws: LinkRemoteError.refused(lookupID: id.urlText)) {
                    try storage.revoke(id, token: stranger)
                }
                try storage.revoke(id, token: token)
                #expect(throws: LinkRemoteError.notFound(lookupID: id.urlText)) { try storage.download(id) }
                #expect(throws: LinkRemoteError.notFound(lookupID: id.urlText)) { try storage.revoke(id, token: token) }
            }
        }
    }

    @Test func anExpiredUploadIsGone() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("coffer-ls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("f.age").path
        try Data(Self.file(1000)).write(to: URL(fileURLWithPath: path))
        let anonymous = ServerLimits(maxRecordBytes: 1 << 20, maxLinkBytes: 1 << 20, anonymousLinkUploads: true)
        try await TestServer(limits: anonymous).test(.live) { client, _ in
            try await blocking {
                let storage = try LinkStorage(serverText: "http://127.0.0.1:\(client.port ?? 0)/")
                let id = LinkSecret.generate().lookupID
                let token = LinkRevocationToken(fileKey: FileKey.generate(), lookupID: id)
                try storage.upload(file: path, lookupID: id, expires: 1, revocation: token)
                #expect(throws: LinkRemoteError.gone(lookupID: id.urlText)) { try storage.download(id) }
            }
        }
    }

    @Test func anUnreachableServerIsTriedThenATypedError() throws {
        var storage = try LinkStorage(serverText: "http://127.0.0.1:1/")
        storage.attempts = 2
        let id = LinkSecret.generate().lookupID
        #expect {
            try storage.download(id)
        } throws: { error in
            guard case .unreachable(_, _, let attempts) = error as? LinkRemoteError else { return false }
            return attempts == 2
        }
        #expect(throws: LinkRemoteError.badServerURL("ftp://x/")) { try LinkStorage(serverText: "ftp://x/") }
    }

    @Test(arguments: [
        ("bytes 0-9/10", true), ("bytes 5-4/10", true), ("bytes */10", false), ("bytes 0-9", false),
        ("items 0-9/10", false), ("bytes -1-9/10", false),
    ])
    func contentRangeParsing(text: String, parses: Bool) {
        #expect((RemoteLinkSource.contentRange(text) != nil) == parses, "\(text)")
    }
}
