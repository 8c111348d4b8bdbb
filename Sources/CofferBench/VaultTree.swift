// SPDX-License-Identifier: MIT
import Coffer
import Foundation

/// `CofferBench --vault-tree`: the vault's folder and large-file rows, all through the `coffer` CLI next
/// to this binary (each command a separate process: unlock, work, exit), side by side in one run — `vault put -r`
/// of N small files, one more `vault put` into that folder and into an empty one, `vault ls`, `verify`, `share`,
/// `unshare` and `get -r` of the folder, then `vault put`/`get` of a large file beside `coffer encrypt`/`decrypt`.
/// Wall clock of one run each (best of `runs` for the single puts), peak RSS from GNU time.
struct VaultTree {
    struct Row {
        let command: String
        let seconds: Double
        let peakKiB: Int
    }

    let coffer: CofferCLI
    let workload: Workload
    let files: Int
    let fileBytes: Int
    let largeMiB: Int
    let runs: Int

    var directory: String { workload.directory }

    /// `coffer ARGUMENTS…` as account `who` (after the subcommand's own arguments), timed with its peak RSS.
    func vault(_ arguments: [String], as who: String = "a") -> ChildResult {
        ChildProcess.peakRSS(coffer.path, arguments + common(who), scratch: directory)
    }

    func common(_ who: String) -> [String] {
        [
            "--store", workload.path("store"), "--vault", workload.path("vault"),
            "--device", workload.path("dev-\(who)"), "--passphrase-file", workload.path("\(who).pw"),
        ]
    }

    /// Two accounts, `a` with an initialized vault and `b` pinned and verified as its contact (not timed).
    func setUp() {
        for who in ["a", "b"] {
            let password = Data("\(who) bench\n".utf8)
            _ = FileManager.default.createFile(atPath: workload.path("\(who).pw"), contents: password)
            _ = ChildProcess.runChecked(
                coffer.path,
                [
                    "account", "create", "--store", workload.path("store"), "--device", workload.path("dev-\(who)"),
                    "--passphrase-file", workload.path("\(who).pw"),
                ])
        }
        let show = ["account", "show", "--store", workload.path("store"), "--device", workload.path("dev-b")]
        let shown = ChildProcess.output(coffer.path, show) ?? ""
        let lines = shown.split(separator: "\n")
        guard let bundle = lines.first(where: { $0.hasPrefix("bundle ") })?.dropFirst(7),
            let fingerprint = lines.first(where: { $0.hasPrefix("fingerprint ") })?.dropFirst(12)
        else { fail("coffer account show printed no bundle") }
        let device = ["--store", workload.path("store"), "--device", workload.path("dev-a")]
        _ = ChildProcess.runChecked(coffer.path, ["contact", "add", "b", String(bundle)] + device)
        _ = ChildProcess.runChecked(
            coffer.path, ["contact", "verify", "b", "--fingerprint", String(fingerprint)] + device)
        _ = ChildProcess.runChecked(coffer.path, ["vault", "init"] + common("a"))
    }

    /// `tree/` with `files` files of `fileBytes` random bytes each (not timed).
    func makeTree() {
        let tree = workload.path("tree")
        try? FileManager.default.createDirectory(atPath: tree, withIntermediateDirectories: true)
        for index in 0..<files {
            _ = FileManager.default.createFile(
                atPath: "\(tree)/file-\(index).bin", contents: Data(SecureRandom.bytes(count: fileBytes)))
        }
        _ = FileManager.default.createFile(
            atPath: workload.path("one.txt"), contents: Data(SecureRandom.bytes(count: 4096)))
    }

    func measure() -> [Row] {
        progress("vault tree: two accounts, \(files) files of \(fileBytes) bytes (setup, not timed)")
        setUp()
        makeTree()
        var rows: [Row] = []
        func row(_ command: String, _ result: ChildResult) {
            guard result.status == 0 else { fail("\(command) exited with \(result.status)") }
            rows.append(Row(command: command, seconds: result.seconds, peakKiB: result.peakRSSKiB))
        }
        progress("vault put -r of \(files) files")
        row(
            "vault put -r tree /big (\(files) × \(fileBytes) B)",
            vault(["vault", "put", "-r", workload.path("tree"), "/big"]))
        _ = vault(["vault", "mkdir", "/empty"])
        for (folder, label) in [("/empty", "an empty folder"), ("/big", "the \(files)-file folder")] {
            var best: ChildResult? = nil
            for run in 0..<runs {
                let result = vault(["vault", "put", workload.path("one.txt"), "\(folder)/one-\(run).txt"])
                if best == nil || result.seconds < best!.seconds { best = result }
            }
            row("vault put one.txt (4 KiB) into \(label), best of \(runs)", best!)
        }
        progress("vault ls, verify, get -r, share, unshare of /big")
        row("vault ls /big", vault(["vault", "ls", "/big"]))
        row("vault verify /big", vault(["vault", "verify", "/big"]))
        row("vault get -r /big restored", vault(["vault", "get", "-r", "/big", workload.path("restored")]))
        row("vault share /big --with b", vault(["vault", "share", "/big", "--with", "b"]))
        row("vault unshare /big --member b", vault(["vault", "unshare", "/big", "--member", "b"]))
        try? FileManager.default.removeItem(atPath: workload.path("tree"))
        try? FileManager.default.removeItem(atPath: workload.path("restored"))

        progress("\(largeMiB) MiB: vault put/get beside coffer encrypt/decrypt")
        workload.makePlaintext("large", mebibytes: largeMiB)
        let large = workload.path("large")
        row("vault put large.bin /large.bin (\(largeMiB) MiB)", vault(["vault", "put", large, "/large.bin"]))
        row(
            "vault get /large.bin -o out.bin",
            vault(["vault", "get", "/large.bin", "-o", workload.path("out.bin")]))
        guard workload.same("out.bin", "large") else { fail("vault get did not give back the file") }
        workload.remove("out.bin")
        row(
            "coffer encrypt -r age1… -o large.age large.bin",
            ChildProcess.peakRSS(
                coffer.path, coffer.encryptArguments(workload.recipient, large, workload.path("large.age")),
                scratch: directory))
        row(
            "coffer decrypt -i key.txt -o out.bin large.age",
            ChildProcess.peakRSS(
                coffer.path,
                coffer.decryptArguments(
                    workload.identityPath, workload.path("large.age"),
                    workload.path("out.bin")),
                scratch: directory))
        guard workload.same("out.bin", "large") else { fail("coffer decrypt did not give back the file") }
        for name in ["out.bin", "large.age", "large"] { workload.remove(name) }
        return rows
    }

    static func markdown(_ rows: [Row]) -> String {
        var table = Table("Command (release build, VaultDirectoryStore on disk)", "Time (s)", "Peak RSS (MiB)")
        for row in rows { table.add(row.command, format(row.seconds, 3), format(Double(row.peakKiB) / 1024, 1)) }
        func seconds(_ prefix: String) -> Double { rows.first { $0.command.hasPrefix(prefix) }?.seconds ?? 0 }
        let empty = rows.first { $0.command.contains("into an empty folder") }?.seconds ?? 0
        let full = rows.first { $0.command.contains("-file folder") }?.seconds ?? 0
        return """
            \(table.markdown)

            - one more put into the full folder vs into an empty one: \(format(full / max(empty, 1e-9), 2))×
            - vault put vs coffer encrypt (large file): \(ratio(seconds("coffer encrypt"), seconds("vault put large")))\
             as fast; vault get vs coffer decrypt: \(ratio(seconds("coffer decrypt"), seconds("vault get /large")))
            """
    }
}
