// SPDX-License-Identifier: MIT
import Coffer
import Foundation

/// Peak resident memory (`ru_maxrss` of the child, from GNU time's `wait4`) of encrypting and decrypting a small
/// and a large file in a separate process: age, this program's own library child, and the `coffer` CLI once it exists.
struct PeakMemory {
    struct Row {
        let program: String
        let direction: String
        let inputMiB: Int
        let peakMiB: Double
    }

    let workload: Workload
    let coffer: CofferCLI?

    /// Encrypts then decrypts each `(file, MiB)` with every program; the decrypt input is the program's own output.
    func measure(_ inputs: [(name: String, mebibytes: Int)]) -> [Row] {
        let w = workload
        let me = ChildProcess.selfPath
        var programs: [(String, (String, String) -> [String], (String, String) -> [String], String)] = [
            (
                "age 1.1.1", { ["-r", w.recipient, "-o", $1, $0] }, { ["-d", "-i", w.identityPath, "-o", $1, $0] },
                "/usr/bin/age"
            ),
            (
                "Coffer library (child process)", { ["__child", "encrypt", $0, $1, w.recipient] },
                { ["__child", "decrypt", $0, $1, w.identityPath] }, me
            ),
        ]
        if let coffer {
            programs.append(
                (
                    "coffer CLI", { coffer.encryptArguments(w.recipient, $0, $1) },
                    { coffer.decryptArguments(w.identityPath, $0, $1) }, coffer.path
                ))
        }
        var rows: [Row] = []
        for input in inputs {
            for (program, encrypt, decrypt, path) in programs {
                progress("peak RSS: \(program), \(input.mebibytes) MiB")
                let encrypted = ChildProcess.peakRSS(
                    path, encrypt(w.path(input.name), w.path("rss.age")), scratch: w.directory)
                let decrypted = ChildProcess.peakRSS(
                    path, decrypt(w.path("rss.age"), w.path("rss.out")), scratch: w.directory)
                guard w.same("rss.out", input.name) else { fail("\(program) did not round-trip \(input.name)") }
                rows.append(
                    Row(
                        program: program, direction: "encrypt", inputMiB: input.mebibytes,
                        peakMiB: Double(encrypted.peakRSSKiB) / 1024))
                rows.append(
                    Row(
                        program: program, direction: "decrypt", inputMiB: input.mebibytes,
                        peakMiB: Double(decrypted.peakRSSKiB) / 1024))
                w.remove("rss.age")
                w.remove("rss.out")
            }
        }
        return rows
    }

    /// The hidden `__child encrypt|decrypt IN OUT KEY` subcommand: the library's streaming path, file to file,
    /// with the default concurrency — what a CLI built on the library would do.
    static func child(_ arguments: [String]) -> Never {
        guard arguments.count == 4 else { fail("usage: __child encrypt|decrypt IN OUT RECIPIENT|IDENTITY-FILE") }
        let (input, output, key) = (arguments[1], arguments[2], arguments[3])
        do {
            switch arguments[0] {
            case "encrypt":
                try AgeEncryptor(recipients: [try X25519Recipient(key)])
                    .encrypt(from: FileSource(path: input), to: FileSink.create(output))
            case "decrypt":
                let identities = try IdentityFile.parse(try String(contentsOfFile: key, encoding: .utf8))
                try AgeDecryptor(identities: identities).decrypt(
                    from: FileSource(path: input), to: FileSink.create(output))
            default: fail("unknown child operation \(arguments[0])")
            }
        } catch {
            fail("child \(arguments[0]) failed: \(error)")
        }
        exit(0)
    }
}
