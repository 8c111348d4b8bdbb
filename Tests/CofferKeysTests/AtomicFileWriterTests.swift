// SPDX-License-Identifier: MIT
import Foundation
import Testing

@testable import CofferKeys

/// The one atomic writer, interrupted at every step as a crash would stop it (nothing cleaned up): the target holds
/// its old content or the complete new one, never a mix and never nothing.
@Suite("atomic file writer")
struct AtomicFileWriterTests {
    static func directory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    static func contents(_ path: String) -> [UInt8]? { FileManager.default.contents(atPath: path).map { Array($0) } }

    @Test(
        "interrupted before write, after write, after fsync, after close and after rename",
        arguments: AtomicWriteStep.allCases)
    func interrupted(at step: AtomicWriteStep) throws {
        guard step != .create else { return }  // before the temporary file exists nothing has started
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let target = directory + "/record"
        let old = [UInt8](repeating: 0x6f, count: 100_000)
        let new = [UInt8](repeating: 0x6e, count: 150_000)
        try AtomicFileWriter.write(old, to: target)
        let writer = try AtomicFileWriter(target: target)
        writer.interruption = { $0 == step }
        var stopped: AtomicWriteError?
        do {
            try writer.write(Array(new[..<70_000]))
            try writer.write(Array(new[70_000...]))
            try writer.commit()
        } catch {
            stopped = error
        }
        #expect(stopped?.step == step && stopped?.code == EINTR, "\(step)")
        let after = Self.contents(target)
        // Before the rename the old content is there; from the rename on, the new one. Never a mix or nothing.
        let placed = step == .syncDirectory
        #expect(after == (placed ? new : old), "\(step): \(after?.count ?? -1) bytes")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.count == (placed ? 0 : 1), "\(step): a crash leaves the temporary file, never the target")
    }

    @Test("a new file is there whole or not at all")
    func newFile() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let target = directory + "/new"
        for step in [AtomicWriteStep.write, .sync, .place] {
            let writer = try AtomicFileWriter(target: target)
            writer.interruption = { $0 == step }
            #expect(throws: AtomicWriteError.self) {
                try writer.write([1, 2, 3])
                try writer.commit()
            }
            #expect(Self.contents(target) == nil, "\(step)")
        }
        try AtomicFileWriter.write([1, 2, 3], to: target)
        #expect(Self.contents(target) == [1, 2, 3])
    }

    @Test("create-only never replaces; errors carry the step and errno; discard leaves nothing")
    func createOnlyAndErrors() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let target = directory + "/key"
        try AtomicFileWriter.write([7], to: target, placement: .createOnly)
        #expect(throws: AtomicWriteError(.place, code: EEXIST, path: target)) {
            try AtomicFileWriter.write([8], to: target, placement: .createOnly)
        }
        #expect(Self.contents(target) == [7])
        do {
            try AtomicFileWriter.write([1], to: directory + "/missing/file")
            Issue.record("wrote into a missing directory")
        } catch {
            #expect(error.step == .create && error.code == ENOENT)
        }
        let writer = try AtomicFileWriter(target: target)
        try writer.write([9, 9])
        writer.discard()
        #expect(Self.contents(target) == [7])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["key"])
        var status = stat()
        #expect(lstat(target, &status) == 0 && status.st_mode & 0o777 == 0o600)
    }
}
