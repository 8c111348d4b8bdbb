// SPDX-License-Identifier: MIT
import Foundation
import Testing

/// Real processes: `coffer vault put`s racing a `coffer vault unshare` of their folder (Spec/vault.md §10.6, the
/// fence), repeated. Every put that exits 0 is listed and readable, one that does not says "run it again"; the
/// unshare completes (run again if it said so); `verify` passes; a put made after the unshare returned is sealed
/// under the folder's new epoch. The epochs are read from the records' public layout (§4–§6), as the storage side
/// could. Which raced puts end before the unshare and which after it is counted; that none ends after the fence
/// under the old epoch is shown exactly, at every storage call, by `VaultPutRacingUnshareTests`.
@Suite(.serialized) struct VaultUnshareRaceCLITests {
    /// The public fields of the vault directory's records.
    struct Records {
        let dir: URL

        func bytes(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: dir.appendingPathComponent(name))) }
        static func hex(_ bytes: ArraySlice<UInt8>) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
        static func be32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
            bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
        }

        /// Each folder's (parent id, newest epoch), from `<folder>.keys` (body: owner, folder, parent, BE32 n).
        func keyrings() throws -> [String: (parent: String, epoch: UInt32)] {
            var out: [String: (String, UInt32)] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where name.hasSuffix(".keys") {
                let b = try bytes(name)
                out[Self.hex(b[21..<37])] = (Self.hex(b[37..<53]), Self.be32(b, at: 53))
            }
            return out
        }

        /// The children of `folder` and the epoch each one's pinned node record is sealed under (Spec/vault.md §6.1:
        /// the head at `<folder>.list` pins chunks, `count ‖ SHA-256` from byte 53, stored as
        /// `<folder>.chunk-<first 16 bytes>`; a chunk's entries from byte 49 are id, kind, SHA-256 of the record —
        /// stored as `<id>.node-<first 16 bytes>` — and name tag; the record's epoch at byte 62).
        func children(of folder: String) throws -> [String: UInt32] {
            let head = try bytes("\(folder).list")
            var out: [String: UInt32] = [:]
            for reference in 0..<Int(Self.be32(head, at: 49)) {
                let pinned = 53 + reference * 36 + 4
                let chunk = try bytes("\(folder).chunk-\(Self.hex(head[pinned..<pinned + 16]))")
                for index in 0..<Int(Self.be32(chunk, at: 45)) {
                    let entry = 49 + index * 65
                    let id = Self.hex(chunk[entry..<entry + 16])
                    let node = try bytes("\(id).node-\(Self.hex(chunk[entry + 17..<entry + 33]))")
                    out[id] = Self.be32(node, at: 62)
                }
            }
            return out
        }
    }

    @Test func putsRacingAnUnshare() throws {
        let s = try VaultCLITests.twoPeople()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        let records = Records(dir: s.dir.appendingPathComponent("vault"))
        #expect(try s.run(["vault", "init"]).status == 0)
        for folder in ["/team", "/team/sub"] { #expect(try s.run(["vault", "mkdir", folder]).status == 0) }
        let big = CLIHarness.bytes(6 << 20)
        try big.write(to: s.dir.appendingPathComponent("big"))
        try Data("small".utf8).write(to: s.dir.appendingPathComponent("small"))
        var raced = (before: 0, after: 0, failed: 0)
        for round in 0..<4 {
            let shared = try s.run(["vault", "share", "/team", "--with", "b"])
            #expect(shared.status == 0, "\(shared.stderr)")
            let team = s.out(shared).trimmingCharacters(in: .whitespacesAndNewlines)
            let sub = try #require(try records.keyrings().first { $0.value.parent == team }?.key)
            let (teamBefore, subBefore) = (try records.children(of: team), try records.children(of: sub))
            let results = VaultConcurrencyCLITests.concurrently(3) { index in
                switch index {
                case 0: try s.run(["vault", "unshare", "/team", "--member", "b"])
                case 1: try s.run(["vault", "put", "big", "/team/big-\(round)"])
                default: try s.run(["vault", "put", "small", "/team/sub/small-\(round)"])
                }
            }
            let unshared = try #require(results[0])
            if unshared.status != 0 {
                #expect(unshared.stderr.contains("run it again"), "round \(round): \(unshared.stderr)")
                let again = try s.run(["vault", "unshare", "/team", "--member", "b"])
                #expect(again.status == 0, "round \(round), unshare run again: \(again.stderr)")
            }
            let keyrings = try records.keyrings()
            let raceCases = [
                (1, team, teamBefore, "/team/big-\(round)", big),
                (2, sub, subBefore, "/team/sub/small-\(round)", Data("small".utf8)),
            ]
            for (index, folder, before, path, content) in raceCases {
                let result = try #require(results[index])
                guard result.status == 0 else {
                    #expect(result.stderr.contains("run it again"), "round \(round): \(result.stderr)")
                    raced.failed += 1
                    continue
                }
                #expect(try s.run(["vault", "get", path]).stdout == content, "round \(round): \(path)")
                let new = try records.children(of: folder).filter { before[$0.key] == nil }
                #expect(new.count == 1, "round \(round): \(path)")
                if new.first?.value == keyrings[folder]?.epoch { raced.after += 1 } else { raced.before += 1 }
            }
            // A put after the unshare returned: under the new epoch.
            let before = try records.children(of: team)
            #expect(try s.run(["vault", "put", "small", "/team/after-\(round)"]).status == 0)
            let after = try records.children(of: team).filter { before[$0.key] == nil }
            #expect(after.count == 1 && after.first?.value == keyrings[team]?.epoch, "round \(round)")
            #expect(keyrings[team]?.epoch ?? 0 >= UInt32(round + 2), "round \(round)")
            let verified = try s.run(["vault", "verify", "/"])
            #expect(verified.status == 0, "round \(round): \(verified.stderr)")
        }
        print(
            "VaultUnshareRaceCLITests: 8 puts raced 4 unshares: \(raced.after) ended under the new epoch, "
                + "\(raced.before) before the unshare, \(raced.failed) said \"run it again\"")
    }
}
