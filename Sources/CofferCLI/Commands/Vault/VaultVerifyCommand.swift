// SPDX-License-Identifier: MIT
import ArgumentParser

struct VaultVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every record and every content chunk below a folder; stop at the first refusal.",
        discussion: """
            Prints "ok: N folders, N files, N bytes verified"; with --json one JSON object (schema 1, \
            Spec/cli-json.md) with ok, folders, files, plaintextBytes, trashed and earlierVersions. What is in \
            the trash and every earlier version of a file are verified too (and counted after the line when there \
            are any). A refusal is a message on stderr and exit status 1, with nothing on stdout.

            Examples:
              coffer vault verify --passphrase-file pass.txt
              coffer vault verify @team --json
            """
    )

    /// The `--json` document.
    struct Document: Encodable {
        let schema = JSONOutput.schema
        let command = "vault verify"
        let path: String
        let ok = true
        let folders: Int
        let files: Int
        let plaintextBytes: UInt64
        let trashed: Int
        let earlierVersions: Int
    }

    @OptionGroup var options: VaultOptions
    @Argument(help: "The folder (default /).") var path = "/"
    @Flag(help: "Print one JSON object (schema 1, Spec/cli-json.md).") var json = false

    func run() throws {
        try CLI.run {
            let folder = try vaultPath(path)
            let report = try options.open().verify(folder)
            if json {
                return try JSONOutput.write(
                    Document(
                        path: folder.description, folders: report.folders, files: report.files,
                        plaintextBytes: report.plaintextBytes, trashed: report.trashed,
                        earlierVersions: report.earlierVersions))
            }
            var line = "ok: \(report.folders) folders, \(report.files) files, \(report.plaintextBytes) bytes verified"
            if report.trashed > 0 || report.earlierVersions > 0 {
                line += " (\(report.trashed) in the trash, \(report.earlierVersions) earlier versions)"
            }
            try StandardOutput.write(line + "\n")
        }
    }
}
