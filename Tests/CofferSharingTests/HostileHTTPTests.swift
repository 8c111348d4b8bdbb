// SPDX-License-Identifier: MIT
// The attacks only a server speaking HTTP can make (Spec/security.md, Spec/server.md §7): on versions (ETags),
// statuses, redirects, timing and framing. Each asserts the typed error the client gives, that nothing is released
// and that nothing committed is lost. The attacks on record bytes run over HTTP in MaliciousServer*Tests.
import CofferKeys
import CofferPrimitives
import CofferRemote
import Foundation
import HTTPTypes
import Testing

@testable import CofferSharing

@Suite(.countedCases("hostile HTTP suite")) struct HostileHTTPTests {
    static func populated() throws -> World { try MaliciousServerTests.populated(.http) }

    static func isStorageFailure(_ error: VaultError) -> Bool { error.name == "storageFailure" }

    static func isFailure(_ error: any Error) -> Bool {
        if case .failure = (error as? VaultStoreError)?.reason { true } else { false }
    }

    /// The tree is as `populated` left it.
    static func expectIntact(_ world: World, sourceLocation: SourceLocation = #_sourceLocation) throws {
        world.tamper.set(nil)
        let alice = world.vault(.alice)
        #expect(try alice.list(VaultPath("/a")).map(\.name) == ["one.txt", "two.txt"], sourceLocation: sourceLocation)
        #expect(try alice.read(VaultPath("/a/one.txt")) == Array("first secret".utf8), sourceLocation: sourceLocation)
        #expect(try alice.read(VaultPath("/a/two.txt")) == content(200_000), sourceLocation: sourceLocation)
    }

    @Test func aReadWithoutAnETagIsAFailureNotARecord() throws {
        let world = try Self.populated()
        world.tamper.set { $0.method == .get && $0.record != nil ? .eTag(nil) : nil }
        expectNoPlaintext(world.vault(.alice), "/a/one.txt", in: world, Self.isStorageFailure)
        let root = VaultStorage.recordID(.root(of: Person.alice.account.accountID), .list)
        #expect { try world.client.read(root, maxSize: 1 << 20) } throws: { Self.isFailure($0) }
        try Self.expectIntact(world)
    }

    @Test func aWrongETagLosesEveryCompareAndSwapAndNothingIsLost() throws {
        let world = try Self.populated()
        world.tamper.set { $0.method == .get && $0.record != nil ? .eTag("\"0000\"") : nil }
        let alice = world.vault(.alice)
        // Reads do not depend on the version; every commit does, and is refused rather than forced.
        #expect(try alice.read(VaultPath("/a/one.txt")) == Array("first secret".utf8))
        #expect { try alice.put(Array("new".utf8), at: VaultPath("/a/new.txt")) } throws: {
            if case .changedConcurrently = ($0 as? VaultError)?.reason { true } else { false }
        }
        try Self.expectIntact(world)
        try alice.put(Array("new".utf8), at: VaultPath("/a/new.txt"))
        #expect(try alice.read(VaultPath("/a/new.txt")) == Array("new".utf8))
    }

    @Test func aPartialAnswerToAWholeReadIsRefused() throws {
        let world = try Self.populated()
        world.tamper.set {
            guard $0.method == .get, $0.record != nil else { return nil }
            return .answer(.partialContent, [.eTag: "\"x\"", .contentRange: "bytes 0-3/100"], [1, 2, 3, 4])
        }
        expectNoPlaintext(world.vault(.alice), "/a/one.txt", in: world, Self.isStorageFailure)
        try Self.expectIntact(world)
    }

    @Test func aRedirectToAnotherServerIsNotFollowed() throws {
        let world = try Self.populated()
        let elsewhere = RawHTTPServer { _, _, send in
            _ = send(ArraySlice("HTTP/1.1 200 OK\r\nETag: \"e\"\r\nContent-Length: 0\r\n\r\n".utf8))
            return false
        }
        defer { elsewhere.stop() }
        let target = elsewhere.url.absoluteString + "stolen"
        world.tamper.set {
            switch $0.method {
            case .get where $0.record != nil: .answer(.found, [.location: target], [])
            case .put: .answer(.temporaryRedirect, [.location: target], [])
            default: nil
            }
        }
        let alice = world.vault(.alice)
        expectNoPlaintext(alice, "/a/one.txt", in: world, Self.isStorageFailure)
        #expect { try alice.put(Array("new".utf8), at: VaultPath("/a/new.txt")) } throws: {
            ($0 as? VaultError).map(Self.isStorageFailure) ?? false
        }
        #expect(elsewhere.connections == 0)
        try Self.expectIntact(world)
    }

    @Test func aHangingServerIsAFailureWithinTheTimeout() throws {
        let world = try Self.populated()
        var impatient = try HTTPRecordStore(server: HostileHTTPServer.shared.url(), vault: try #require(world.space))
            .signed(by: Ed25519.SigningKey())
        impatient.timeouts = HTTPTimeouts(idle: 1)
        world.tamper.set { $0.method == .get ? .delay(.seconds(30)) : nil }
        let start = Date()
        expectNoPlaintext(world.vault(.alice, store: impatient), "/a/one.txt", in: world, Self.isStorageFailure)
        #expect(Date().timeIntervalSince(start) < 15)
        try Self.expectIntact(world)
    }

    @Test func aServerThatDripsBytesIsCutAtTheDeadline() throws {
        let raw = RawHTTPServer { _, _, send in
            guard send(ArraySlice("HTTP/1.1 200 OK\r\nETag: \"d\"\r\nContent-Length: 4000\r\n\r\n".utf8)) else {
                return false
            }
            for _ in 0..<4000 {
                guard send([0x41]) else { return false }
                usleep(50_000)
            }
            return false
        }
        defer { raw.stop() }
        var store = try HTTPRecordStore(server: raw.url, vault: "v")
        store.timeouts = HTTPTimeouts(idle: 1, minimumBytesPerSecond: 4096)
        let start = Date()
        #expect { try store.read(RecordID("r"), maxSize: 4096) } throws: { Self.isFailure($0) }
        #expect(Date().timeIntervalSince(start) < 10)
    }

    @Test func aBodyPastItsContentLengthIsNotTakenAsTheNextAnswer() throws {
        let raw = RawHTTPServer { index, _, send in
            if index == 0 {
                let first = "HTTP/1.1 200 OK\r\nETag: \"a\"\r\nContent-Length: 5\r\n\r\nhello"
                let smuggled = "HTTP/1.1 200 OK\r\nETag: \"evil\"\r\nContent-Length: 4\r\n\r\nevil"
                return send(ArraySlice((first + smuggled).utf8))
            }
            return send(ArraySlice("HTTP/1.1 200 OK\r\nETag: \"b\"\r\nContent-Length: 5\r\n\r\nworld".utf8))
        }
        defer { raw.stop() }
        let store = try HTTPRecordStore(server: raw.url, vault: "v")
        if let first = try? store.read(RecordID("r"), maxSize: 100) {
            #expect(first.bytes == Array("hello".utf8))
        }
        let second = try store.read(RecordID("r"), maxSize: 100)
        #expect(second.bytes == Array("world".utf8))
        #expect(second.version == RecordVersion("\"b\""))
    }

    @Test func anEndlessBodyIsCutAtTheReadBound() throws {
        let raw = RawHTTPServer { index, _, send in
            if index == 0 {  // announced: refused before the body
                return send(ArraySlice("HTTP/1.1 200 OK\r\nETag: \"l\"\r\nContent-Length: 1073741824\r\n\r\n".utf8))
                    && false
            }
            guard send(ArraySlice("HTTP/1.1 200 OK\r\nETag: \"l\"\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)) else {
                return false
            }
            let chunk = ArraySlice("10000\r\n".utf8) + [UInt8](repeating: 0x42, count: 65_536) + Array("\r\n".utf8)
            for _ in 0..<16_384 {
                guard send(chunk) else { return false }
            }
            return false
        }
        defer { raw.stop() }
        let store = try HTTPRecordStore(server: raw.url, vault: "v")
        let id = try RecordID("r")
        #expect { try store.read(id, maxSize: 1 << 20) } throws: {
            $0 as? VaultStoreError == .tooLarge(id, size: 1 << 30, limit: 1 << 20)
        }
        // Memory stays bounded: the client keeps at most the bound plus one delivery, then gives up.
        #expect { try store.read(id, maxSize: 1 << 20) } throws: {
            if case .tooLarge(id, let size, 1 << 20) = ($0 as? VaultStoreError)?.reason {
                size > 1 << 20 && size <= 2 << 20
            } else {
                false
            }
        }
    }

    @Test func aCommitAcknowledgedButDroppedIsARollbackAtTheNextRead() throws {
        let world = try Self.populated()
        let a = world.folderID("/a", as: .alice)
        let listing = VaultStorage.recordID(a, .list).rawValue
        world.tamper.set { $0.method == .put && $0.record == listing ? .acknowledgeAndDrop : nil }
        try world.vault(.alice).put(Array("new".utf8), at: VaultPath("/a/new.txt"))
        world.tamper.set(nil)
        // The same error as the directory's replayed listing (MaliciousServerTests.attackReplayOlderManifest).
        expectNoPlaintext(world.vault(.alice), "/a/one.txt", in: world) {
            if case .rollbackDetected(kind: "manifest", _, _) = $0.reason { true } else { false }
        }
    }

    @Test func aRefusedCreateIsAnErrorAndNothingIsLost() throws {
        let world = try Self.populated()
        world.tamper.set { $0.method == .put ? .answer(.preconditionFailed, [:], []) : nil }
        #expect(throws: VaultError.self) { try world.vault(.alice).put(Array("x".utf8), at: VaultPath("/a/x.txt")) }
        try Self.expectIntact(world)
    }

    @Test func aForgedOrReorderedListingIsRefusedOrSorted() throws {
        let world = try Self.populated()
        let honest = try world.client.recordIDs()
        let reversed = try JSONEncoder().encode(honest.reversed().map(\.rawValue))
        world.tamper.set { $0.method == .get && $0.record == nil ? .answer(.ok, [:], Array(reversed)) : nil }
        #expect(try world.client.recordIDs() == honest)
        for forged in [#"["../escape"]"#, #"{"ids": []}"#, #"["a", 7]"#] {
            world.tamper.set { $0.method == .get && $0.record == nil ? .answer(.ok, [:], Array(forged.utf8)) : nil }
            #expect { try world.client.recordIDs() } throws: { Self.isFailure($0) }
        }
        try Self.expectIntact(world)
    }
}
