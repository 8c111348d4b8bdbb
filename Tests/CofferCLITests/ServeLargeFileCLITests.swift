// SPDX-License-Identifier: MIT
import Foundation
import Testing

/// Spec/server.md §4.4: a large file through `coffer vault put/get --store http://` and a real `coffer serve`, on
/// SQLite and on PostgreSQL, streamed end to end: the bytes survive, and each process's peak resident memory — the
/// client's from `/usr/bin/time -f %M`, the server's `VmHWM` — stays far below the file. Then a `kill -9` of the
/// server in the middle of a second put's upload: after a restart on the same storage the file is not listed,
/// `vault verify` passes, and the put run again succeeds and reads back. One file per backend (CI time).
@Suite(.serialized) struct ServeLargeFileCLITests {
    static let mib = ProcessInfo.processInfo.environment["COFFER_SMALL_TESTS"] == "1" ? 96 : 300
    /// Far below the file: a server holding a third of it would not fit.
    static let boundKiB = 100 << 10
    /// What a client may grow by from a 1 MiB file to the large one: less than a sixth of it.
    static let growthKiB = 48 << 10

    /// `vault put NAME /NAME` then `vault get /NAME` (compared with NAME), each under `/usr/bin/time -f %M`: their
    /// peak resident memory in KiB.
    static func putAndGet(_ name: String, _ common: [String], in dir: URL) throws -> (put: Int, get: Int) {
        let put = try CLIHarness.run(
            "/usr/bin/time",
            ["-f", "%M", "-o", "put.rss", CLIHarness.coffer, "vault", "put", name, "/" + name] + common,
            in: dir)
        #expect(put.status == 0, "\(put.stderr)")
        let get = try CLIHarness.run(
            "/usr/bin/time",
            ["-f", "%M", "-o", "get.rss", CLIHarness.coffer, "vault", "get", "/" + name, "-o", "out.bin"] + common,
            in: dir)
        #expect(get.status == 0, "\(get.stderr)")
        let same = try CLIHarness.run("/usr/bin/cmp", ["-s", name, "out.bin"], in: dir)
        #expect(same.status == 0, "vault get returned other bytes than \(name)")
        try? FileManager.default.removeItem(at: dir.appendingPathComponent("out.bin"))
        return (
            try StreamMemoryCLITests.peakKiB(dir.appendingPathComponent("put.rss")),
            try StreamMemoryCLITests.peakKiB(dir.appendingPathComponent("get.rss"))
        )
    }

    func storage(_ backend: String, data: URL) throws -> ServeProcess.Storage {
        backend == "postgres" ? .postgres(try TestPostgres.requireURL()) : .sqlite(data)
    }

    @Test(arguments: TestPostgres.backends)
    func aLargeFileStreamsThroughTheServerInBoundedMemoryAndSurvivesAKill(backend: String) throws {
        let data = try CLIHarness.scratch()
        defer { try? FileManager.default.removeItem(at: data) }
        let options = ["--max-record-mib", "1024"]
        var server = try ServeProcess(try storage(backend, data: data), options: options)
        defer { server.stop() }
        let suffix = UUID().uuidString.lowercased()
        let s = try VaultCLITests.twoPeople(store: ["--store", server.url], vault: ["--vault", "v-\(suffix)"])
        defer { try? FileManager.default.removeItem(at: s.dir) }
        #expect(try s.run(["vault", "init"]).status == 0)
        // A pattern that changes every line, so a dropped, repeated or reordered chunk is seen by cmp.
        let made = try CLIHarness.run(
            "/bin/bash", ["-c", "seq 1 1000000000 | head -c \(Self.mib << 20) > big.bin; true"], in: s.dir)
        #expect(made.status == 0)
        let common = [
            "--store", server.url, "--vault", "v-\(suffix)", "--device", "dev-a", "--passphrase-file", "a.pw",
        ]
        // The same commands with a 1 MiB file first: what a put and a get take whatever the size (the runtime,
        // URLSession, and the Argon2id unlock of the device key, tens of MiB on its own).
        let small = try CLIHarness.run("/bin/bash", ["-c", "head -c 1048576 big.bin > small.bin"], in: s.dir)
        #expect(small.status == 0)
        let smallKiB = try Self.putAndGet("small.bin", common, in: s.dir)
        let start = Date()
        let bigKiB = try Self.putAndGet("big.bin", common, in: s.dir)
        let seconds = Int(Date().timeIntervalSince(start))
        let serverKiB = server.procValue("status", "VmHWM") ?? Int.max
        print(
            "ServeLargeFileCLITests[\(backend)]: \(Self.mib) MiB put and get in \(seconds) s; peak RSS put \(bigKiB.put) "
                + "KiB (1 MiB: \(smallKiB.put)), get \(bigKiB.get) KiB (1 MiB: \(smallKiB.get)), coffer serve \(serverKiB) KiB"
        )
        #expect(bigKiB.put - smallKiB.put < Self.growthKiB, "vault put grew by \(bigKiB.put - smallKiB.put) KiB")
        #expect(bigKiB.get - smallKiB.get < Self.growthKiB, "vault get grew by \(bigKiB.get - smallKiB.get) KiB")
        #expect(serverKiB < Self.boundKiB, "coffer serve peaked at \(serverKiB) KiB")

        // kill -9 once the server has received a good part of a second put's body.
        let second = Process()
        second.executableURL = URL(fileURLWithPath: CLIHarness.coffer)
        second.arguments = ["vault", "put", "big.bin", "/again.bin"] + common
        second.currentDirectoryURL = s.dir
        second.standardOutput = FileHandle.nullDevice
        second.standardError = FileHandle.nullDevice
        let before = server.procValue("io", "rchar") ?? 0
        try second.run()
        let deadline = Date().addingTimeInterval(300)
        while second.isRunning, Date() < deadline,
            (server.procValue("io", "rchar") ?? 0) - before < (Self.mib << 20) / 3
        {
            usleep(20_000)
        }
        let wasMidUpload = second.isRunning
        server.kill9()
        second.waitUntilExit()
        #expect(wasMidUpload, "the second put ended before the server had a third of it")
        #expect(second.terminationStatus != 0, "a put whose server was killed mid-upload exited 0")
        server = try ServeProcess(try storage(backend, data: data), options: options)
        let restarted = common.map { $0.hasPrefix("http://") ? server.url : $0 }
        let listed = try CLIHarness.run(CLIHarness.coffer, ["vault", "ls", "/"] + restarted, in: s.dir)
        let names = String(decoding: listed.stdout, as: UTF8.self)
        #expect(listed.status == 0 && names.contains("big.bin") && !names.contains("again.bin"), "\(names)")
        let verified = try CLIHarness.run(CLIHarness.coffer, ["vault", "verify"] + restarted, in: s.dir)
        #expect(verified.status == 0, "\(verified.stderr)")
        let retried = try CLIHarness.run(
            CLIHarness.coffer, ["vault", "put", "big.bin", "/again.bin"] + restarted, in: s.dir)
        #expect(retried.status == 0, "\(retried.stderr)")
        let back = try CLIHarness.run(
            CLIHarness.coffer, ["vault", "get", "/again.bin", "-o", "again.out"] + restarted, in: s.dir)
        #expect(back.status == 0, "\(back.stderr)")
        #expect(try CLIHarness.run("/usr/bin/cmp", ["-s", "big.bin", "again.out"], in: s.dir).status == 0)
    }
}
