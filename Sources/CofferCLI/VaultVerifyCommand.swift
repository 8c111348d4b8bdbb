// SPDX-License-Identifier: MIT
import ArgumentParser

struct VaultVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every record and every content chunk below a folder; stop at the first refusal.",
        discussion: "Examples:\n  coffer vault verify --passphrase-file pass.txt\n  coffer vault verify @team"
    )

    @OptionGroup var options: VaultOptions
    @Argument(help: "The folder (default /).") var path = "/"

    func run() throws {
        try CLI.run {
            let report = try options.open().verify(vaultPath(path))
            try StandardOutput.write(
                "ok: \(report.folders) folders, \(report.files) files, \(report.plaintextBytes) bytes verified\n")
        }
    }
}
