// SPDX-License-Identifier: MIT
import Coffer
import Foundation

/// Encrypt and decrypt throughput of one large file, every implementation side by side, best of N wall-clock runs.
///
/// Rounds are interleaved (each round runs every row once) so that noise from other work on the machine is spread
/// over all rows instead of landing on one. Every output is checked once, untimed, before any number is kept.
struct Throughput {
    enum Direction: String { case encrypt, decrypt }

    /// One row: who, how many threads, where the bytes come from and go to, and the work itself.
    struct Row {
        let id: String
        let implementation: String
        let threads: String
        let io: String
        /// The output file, removed before every run so no tool pays for truncating the previous one.
        var output: String? = nil
        let run: () -> Void
        let check: () -> Bool
    }

    struct Result {
        let row: Row
        var best = Double.infinity
    }

    /// The library with its default payload backend (`ChaCha20Poly1305.payloadBackend`).
    static let library = "Coffer library (\(ChaCha20Poly1305.payloadBackend) payload)"

    /// Row id of a raw cipher row: `raw-mem-1`, `raw-openssl-file-n`, … (`io` is `mem` or `file`).
    static func rawID(_ backend: ChaCha20Poly1305.Backend, _ io: String, _ tag: String) -> String {
        backend == .libsodium ? "raw-\(io)-\(tag)" : "raw-openssl-\(io)-\(tag)"
    }

    let workload: Workload
    let plain: String
    let bytes: Int
    let coffer: CofferCLI?
    let cores = ProcessInfo.processInfo.activeProcessorCount
    let rawKey = SecureRandom.bytes(count: 32)

    /// Outputs read after their row: age's ciphertext (decrypt rows, random access) and the raw sealed chunks.
    static let kept: Set<String> = ["enc-age", "enc-raw-file-1"]

    /// Runs `rows` `runs` times each, interleaved; returns the best time of each row.
    func measure(_ direction: Direction, _ rows: [Row], runs: Int) -> [Result] {
        var results = rows.map { Result(row: $0) }
        for round in 1...runs {
            for index in results.indices {
                let row = results[index].row
                progress(
                    "\(direction.rawValue) round \(round)/\(runs): \(row.implementation), \(row.threads), \(row.io)")
                if let output = row.output { workload.remove(output) }
                // The in-memory inputs exist only while a memory row runs (loaded untimed): a benchmark process
                // holding gigabytes made the file rows and child processes measured beside it slower and noisier.
                if row.io == "memory" {
                    InMemory.shared.load(direction, workload)
                } else {
                    InMemory.shared = InMemory()
                }
                // Write back what earlier rows left dirty, so no row pays for another's output (untimed).
                sync()
                usleep(500_000)  // and let the writeback that sync started settle
                let seconds = wallClock(row.run)
                if round == 1 && !row.check() {
                    fail("\(direction.rawValue) by \(row.implementation) gave wrong output")
                }
                results[index].best = min(results[index].best, seconds)
                // Outputs nobody reads again go at once (untimed): a dozen 1 GiB files left in the page cache made
                // the rows measured late in a round slower than the same command run alone.
                if let output = row.output, !Self.kept.contains(output) { workload.remove(output) }
            }
        }
        return results
    }

    func encryptRows() -> [Row] {
        let age = "/usr/bin/age"
        let recipient = workload.recipient
        let w = workload
        let expected = UInt64(bytes)
        var rows = [
            Row(
                id: "age", implementation: "age 1.1.1 (Go)", threads: "its own", io: "file → file", output: "enc-age",
                run: { _ = ChildProcess.runChecked(age, ["-r", recipient, "-o", w.path("enc-age"), w.path(plain)]) },
                check: { decryptsToPlain("enc-age") })
        ]
        if let coffer {
            // stdout redirected to the file is what `age -o` does; `-o` adds fsync and rename (crash-safe output).
            rows.append(
                Row(
                    id: "cli", implementation: "coffer CLI, stdout > file", threads: "all (\(cores))",
                    io: "file → file", output: "enc-cli",
                    run: {
                        let arguments = coffer.encryptArguments(recipient, w.path(plain), nil)
                        _ = ChildProcess.runChecked(coffer.path, arguments, stdout: w.path("enc-cli"))
                    },
                    check: { decryptsToPlain("enc-cli") }))
            rows.append(
                Row(
                    id: "cli-o", implementation: "coffer CLI, -o (fsync, rename)", threads: "all (\(cores))",
                    io: "file → file", output: "enc-cli-o",
                    run: {
                        _ = ChildProcess.runChecked(
                            coffer.path, coffer.encryptArguments(recipient, w.path(plain), w.path("enc-cli-o")))
                    },
                    check: { decryptsToPlain("enc-cli-o") }))
        }
        for (threads, concurrency) in [("1", PayloadConcurrency.sequential), ("all (\(cores))", .allCores)] {
            let tag = concurrency == .sequential ? "1" : "n"
            let recipients = [try! X25519Recipient(recipient)]
            let encryptor = try! AgeEncryptor(recipients: recipients, concurrency: concurrency)
            var sodiumEncryptor = encryptor
            sodiumEncryptor.payloadBackend = .libsodium
            rows.append(
                Row(
                    id: "lib-file-\(tag)", implementation: Self.library, threads: threads, io: "file → file",
                    output: "enc-lib-\(tag)",
                    run: {
                        try! encryptor.encrypt(
                            from: FileSource(path: w.path(plain)), to: FileSink.create(w.path("enc-lib-\(tag)")))
                    },
                    check: { decryptsToPlain("enc-lib-\(tag)") }))
            rows.append(
                Row(
                    id: "lib-mem-\(tag)", implementation: Self.library, threads: threads, io: "memory",
                    run: { try! encryptor.encrypt(from: MemorySource(InMemory.shared.plain), to: DiscardSink()) },
                    check: { true }))
            rows.append(
                Row(
                    id: "lib-sodium-mem-\(tag)", implementation: "Coffer library, libsodium payload", threads: threads,
                    io: "memory",
                    run: { try! sodiumEncryptor.encrypt(from: MemorySource(InMemory.shared.plain), to: DiscardSink()) },
                    check: { true }))
            rows += rawRows(
                .seal, threads: threads, tag: tag, input: plain, data: { InMemory.shared.plain },
                check: { w.size($0) == expected + 16 * UInt64((bytes + 65535) / 65536) })
        }
        return rows
    }

    func decryptRows() -> [Row] {
        let age = "/usr/bin/age"
        let w = workload
        let identity = workload.identity
        var rows = [
            Row(
                id: "age", implementation: "age 1.1.1 (Go)", threads: "its own", io: "file → file", output: "dec-age",
                run: {
                    _ = ChildProcess.runChecked(
                        age, ["-d", "-i", w.identityPath, "-o", w.path("dec-age"), w.path("enc-age")])
                },
                check: { w.same("dec-age", plain) })
        ]
        if let coffer {
            rows.append(
                Row(
                    id: "cli", implementation: "coffer CLI, stdout > file", threads: "all (\(cores))",
                    io: "file → file", output: "dec-cli",
                    run: {
                        _ = ChildProcess.runChecked(
                            coffer.path, coffer.decryptArguments(w.identityPath, w.path("enc-age"), nil),
                            stdout: w.path("dec-cli"))
                    },
                    check: { w.same("dec-cli", plain) }))
            rows.append(
                Row(
                    id: "cli-o", implementation: "coffer CLI, -o (fsync, rename)", threads: "all (\(cores))",
                    io: "file → file", output: "dec-cli-o",
                    run: {
                        let arguments = coffer.decryptArguments(w.identityPath, w.path("enc-age"), w.path("dec-cli-o"))
                        _ = ChildProcess.runChecked(coffer.path, arguments)
                    },
                    check: { w.same("dec-cli-o", plain) }))
        }
        for (threads, concurrency) in [("1", PayloadConcurrency.sequential), ("all (\(cores))", .allCores)] {
            let tag = concurrency == .sequential ? "1" : "n"
            let decryptor = AgeDecryptor(identities: [identity], concurrency: concurrency)
            var sodiumDecryptor = decryptor
            sodiumDecryptor.payloadBackend = .libsodium
            let (sink, sodiumSink) = (DiscardSink(), DiscardSink())
            rows.append(
                Row(
                    id: "lib-file-\(tag)", implementation: Self.library, threads: threads, io: "file → file",
                    output: "dec-lib-\(tag)",
                    run: {
                        try! decryptor.decrypt(
                            from: FileSource(path: w.path("enc-age")), to: FileSink.create(w.path("dec-lib-\(tag)")))
                    },
                    check: { w.same("dec-lib-\(tag)", plain) }))
            rows.append(
                Row(
                    id: "lib-mem-\(tag)", implementation: Self.library, threads: threads, io: "memory",
                    run: { try! decryptor.decrypt(from: MemorySource(InMemory.shared.ageCiphertext), to: sink) },
                    check: { sink.count == bytes }))
            rows.append(
                Row(
                    id: "lib-sodium-mem-\(tag)", implementation: "Coffer library, libsodium payload", threads: threads,
                    io: "memory",
                    run: {
                        try! sodiumDecryptor.decrypt(from: MemorySource(InMemory.shared.ageCiphertext), to: sodiumSink)
                    },
                    check: { sodiumSink.count == bytes }))
            rows += rawRows(
                .open, threads: threads, tag: tag, input: "enc-raw-file-1", data: { InMemory.shared.rawSealed },
                check: { w.same($0, plain) })
        }
        return rows
    }

    /// The raw cipher rows of one direction and thread count, for every backend: in memory over `data()`, and file →
    /// file from `input`; `check` judges a file output by its name.
    private func rawRows(
        _ direction: RawAEAD.Direction, threads: String, tag: String, input: String, data: @escaping () -> [UInt8],
        check: @escaping (String) -> Bool
    ) -> [Row] {
        let rawThreads = tag == "1" ? 1 : cores
        let (w, key, prefix) = (workload, rawKey, direction == .seal ? "enc" : "dec")
        return ChaCha20Poly1305.Backend.allCases.flatMap { backend -> [Row] in
            let file = "\(prefix)-\(Self.rawID(backend, "file", tag))"
            return [
                Row(
                    id: Self.rawID(backend, "mem", tag), implementation: "raw \(backend)", threads: threads,
                    io: "memory",
                    run: { RawAEAD.inMemory(direction, backend: backend, key: key, threads: rawThreads, data: data()) },
                    check: { true }),
                Row(
                    id: Self.rawID(backend, "file", tag), implementation: "raw \(backend)", threads: threads,
                    io: "file → file", output: file,
                    run: {
                        RawAEAD.fileToFile(
                            direction, backend: backend, key: key, threads: rawThreads, from: w.path(input),
                            to: w.path(file))
                    },
                    check: { check(file) }),
            ]
        }
    }

    /// age decrypts a Coffer (or age) output back to the plaintext: the check that Coffer's bytes are real age.
    private func decryptsToPlain(_ name: String) -> Bool {
        _ = ChildProcess.runChecked(
            "/usr/bin/age", ["-d", "-i", workload.identityPath, "-o", workload.path("check"), workload.path(name)])
        defer { workload.remove("check") }
        return workload.same("check", plain)
    }
}

/// The in-memory inputs (plaintext, age's ciphertext, the raw sealed chunks), loaded for the memory rows only.
final class InMemory: @unchecked Sendable {
    nonisolated(unsafe) static var shared = InMemory()
    var plain: [UInt8] = []
    var ageCiphertext: [UInt8] = []
    var rawSealed: [UInt8] = []

    /// Loads what `direction`'s memory rows read, unless it is loaded already.
    func load(_ direction: Throughput.Direction, _ workload: Workload) {
        if direction == .encrypt {
            if plain.isEmpty { plain = workload.load("plain") }
        } else {
            if ageCiphertext.isEmpty { ageCiphertext = workload.load("enc-age") }
            if rawSealed.isEmpty { rawSealed = workload.load("enc-raw-file-1") }
        }
    }
}

extension FileSink {
    /// A new (truncated) file opened for writing.
    static func create(_ path: String) -> FileSink {
        _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        guard let handle = FileHandle(forWritingAtPath: path) else { fail("cannot write \(path)") }
        return FileSink(handle: handle)
    }
}
