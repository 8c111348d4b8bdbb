// SPDX-License-Identifier: MIT
import CofferPrimitives
import CofferRemote
import Foundation
import Testing

/// `coffer serve` on PostgreSQL as it is meant to scale (Spec/server.md §4.3, §7): two instances on one database
/// lose no concurrent vault write (compare-and-swap holds across instances), and a PostgreSQL restarted under load
/// makes requests fail cleanly (`503`, promptly) and then succeed, without restarting `coffer serve`.
@Suite(.serialized) struct ServePostgresCLITests {
    @Test(.enabled(if: TestPostgres.required, TestPostgres.skipped))
    func twoInstancesOnOneDatabaseLoseNoConcurrentPut() throws {
        let url = try TestPostgres.requireURL()
        let first = try ServeProcess(.postgres(url))
        defer { first.stop() }
        let second = try ServeProcess(.postgres(url))
        defer { second.stop() }
        let vault = ["--vault", "two-" + UUID().uuidString.lowercased()]
        let s = try VaultCLITests.twoPeople(store: ["--store", first.url], vault: vault)
        defer { try? FileManager.default.removeItem(at: s.dir) }
        let other = VaultCLITests.Setup(s, store: second.url)
        #expect(try s.run(["vault", "init"]).status == 0)
        #expect(try other.run(["vault", "mkdir", "/f"]).status == 0)
        var listed = 0
        for round in 0..<3 {
            for index in 0..<8 {
                try Data("round \(round) file \(index)".utf8).write(to: s.dir.appendingPathComponent("in-\(index)"))
            }
            // Even writers through the first instance, odd through the second, all into one folder at once.
            let results = VaultConcurrencyCLITests.concurrently(8) { index in
                try (index % 2 == 0 ? s : other).run(["vault", "put", "in-\(index)", "/f/\(round)-\(index).txt"])
            }
            for (name, setup) in [("first", s), ("second", other)] {
                let names = Set(
                    setup.out(try setup.run(["vault", "ls", "/f"])).split(separator: "\n").map {
                        String($0.split(separator: "\t").last ?? "")
                    })
                for (index, result) in results.enumerated() {
                    let result = try #require(result)
                    if result.status == 0 {
                        #expect(names.contains("\(round)-\(index).txt"), "put \(index) exited 0, not listed by \(name)")
                    } else {
                        #expect(result.stderr.contains("run it again"), "\(result.stderr)")
                    }
                }
            }
            for (index, result) in results.enumerated() where result?.status == 0 {
                let got = try other.run(["vault", "get", "/f/\(round)-\(index).txt"])
                #expect(got.stdout == Data("round \(round) file \(index)".utf8), "\(got.stderr)")
                listed += 1
            }
        }
        #expect(listed > 0)
        print("ServePostgresCLITests: \(listed) of 24 puts through two instances exited 0, each listed by both")
        let verified = try s.run(["vault", "verify", "/"])
        #expect(verified.status == 0, "\(verified.stderr)")
    }

    /// Four clients write and read records in a loop while the cluster is stopped for 12 s and started again:
    /// every answer is a success or `503` (never a `500` or a dropped connection), none takes longer than 15 s,
    /// the outage shows as `503`s, requests succeed again after it with the same `coffer serve`, and every create
    /// answered `201` is there.
    @Test(.enabled(if: TestPostgres.required, TestPostgres.skipped))
    func aPostgresRestartUnderLoadIsA503ThenServesAgain() throws {
        _ = try TestPostgres.requireURL()
        // Its own cluster, directly in the temporary directory (a root run hands it to the `postgres` user).
        let cluster = FileManager.default.temporaryDirectory.appendingPathComponent("coffer-pg-\(UUID().uuidString)")
        let started = try TestPostgres.cluster("start", cluster)
        try #require(started.status == 0, "\(started.output)")
        defer {
            _ = try? TestPostgres.cluster("stop", cluster)
            try? FileManager.default.removeItem(at: cluster)
        }
        let url = try #require(started.output.split(separator: "\n").last { $0.hasPrefix("postgres://") }).description
        let server = try ServeProcess(.postgres(url))
        defer { server.stop() }
        let base = server.url
        // Vault requests are signed (Spec/server.md §6.1): one account writes and reads the `load` records.
        let signer = RequestSigner(key: Ed25519.SigningKey())

        struct Answer { let status: Int, seconds: Double, at: Date, record: String? }
        let lock = NSLock()
        nonisolated(unsafe) var answers: [Answer] = []
        nonisolated(unsafe) var running = true
        let clients = (0..<4).map { client in
            Thread {
                var index = 0
                while lock.withLock({ running }) {
                    let record = "c\(client)-\(index)"
                    let begin = Date()
                    let put = exchange(
                        base + "v1/vaults/load/records/\(record)", method: "PUT", headers: ["If-None-Match": "*"],
                        body: Data(record.utf8), timeout: 60, signer: signer)
                    let got = exchange(base + "v1/vaults/load/records/\(record)", timeout: 60, signer: signer)
                    let end = Date()
                    lock.withLock {
                        answers.append(
                            Answer(
                                status: put.status, seconds: end.timeIntervalSince(begin), at: end,
                                record: put.status == 201 ? record : nil))
                        answers.append(Answer(status: got.status, seconds: 0, at: end, record: nil))
                    }
                    index += 1
                    usleep(50_000)
                }
            }
        }
        clients.forEach { $0.start() }
        sleep(2)
        let outage = Date()
        let stopped = try TestPostgres.cluster("stop", cluster)
        #expect(stopped.status == 0, "\(stopped.output)")
        // Longer than the server's time limit for one operation (10 s): requests must fail, not just wait.
        sleep(12)
        let again = try TestPostgres.cluster("start", cluster)
        #expect(again.status == 0, "\(again.output)")
        let back = Date()
        // Let the clients run until they have succeeded for a while after the restart (at most 60 s).
        let deadline = back.addingTimeInterval(60)
        while Date() < deadline, lock.withLock({ answers.filter { $0.at > back && $0.status == 201 }.count }) < 20 {
            usleep(100_000)
        }
        lock.withLock { running = false }
        while clients.contains(where: { !$0.isFinished }) { usleep(20_000) }

        #expect(server.isRunning)
        let all = lock.withLock { answers }
        // 404: a read of a record whose create was answered 503 (not stored).
        let unexpected = all.filter { ![200, 201, 404, 503].contains($0.status) }
        #expect(unexpected.isEmpty, "statuses other than 200, 201, 404, 503: \(unexpected.map(\.status))")
        #expect(all.allSatisfy { $0.seconds < 15 }, "slowest: \(all.map(\.seconds).max() ?? 0) s")
        let unavailable = all.filter { $0.status == 503 }
        #expect(!unavailable.isEmpty, "no 503 during the outage")
        #expect(unavailable.allSatisfy { $0.at >= outage })
        #expect(all.filter { $0.at > back && $0.status == 201 }.count >= 20, "no success after the restart")
        for record in all.compactMap(\.record) {
            let read = exchange(server.url + "v1/vaults/load/records/\(record)", signer: signer)
            #expect(read.status == 200 && read.body == Data(record.utf8), "\(record) answered 201 but is gone")
        }
        print(
            "ServePostgresCLITests: \(all.count) answers, \(unavailable.count) of them 503 during a 12 s outage, "
                + "slowest \(String(format: "%.1f", all.map(\.seconds).max() ?? 0)) s")
    }

    /// A password never comes from the arguments: `--database` with one is a usage error that does not echo it;
    /// `--help` says where the URL goes instead.
    @Test func aPasswordInTheArgumentsIsRefusedAndNotEchoed() throws {
        let dir = try CLIHarness.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let refused = try CLIHarness.run(
            CLIHarness.coffer, ["serve", "--database", "postgres://coffer:s3cret-pw@127.0.0.1/coffer"], in: dir)
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("COFFER_DATABASE_URL") && !refused.stderr.contains("s3cret-pw"))
        let malformed = try CLIHarness.run(CLIHarness.coffer, ["serve", "--database", "mysql://a@b/c"], in: dir)
        #expect(malformed.status == 64 && malformed.stderr.contains("postgres://"), "\(malformed.stderr)")
        let both = try CLIHarness.run(
            CLIHarness.coffer, ["serve", "--data", "d", "--database", "postgres://a@127.0.0.1/c"], in: dir)
        #expect(both.status == 64)
        let help = try CLIHarness.run(CLIHarness.coffer, ["serve", "--help"], in: dir).stdout
        let text = String(decoding: help, as: UTF8.self)
        #expect(text.contains("COFFER_DATABASE_URL") && text.contains("--database-file"))
    }

    /// A database that does not answer at start is a clear error (exit 1) within seconds, and the URL's password
    /// (from a file) is in no message.
    @Test func anUnreachableDatabaseAtStartIsAClearError() throws {
        let dir = try CLIHarness.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("postgres://coffer:s3cret-pw@127.0.0.1:1/coffer?sslmode=disable\n".utf8)
            .write(to: dir.appendingPathComponent("url"))
        let begin = Date()
        let result = try CLIHarness.run(
            CLIHarness.coffer, ["serve", "--listen", "127.0.0.1:0", "--database-file", "url"], in: dir)
        #expect(result.status == 1)
        #expect(result.stderr.contains("did not answer") && !result.stderr.contains("s3cret-pw"), "\(result.stderr)")
        #expect(Date().timeIntervalSince(begin) < 30)
    }
}
