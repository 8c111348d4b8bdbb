// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferFormat
import CofferSharing
import Foundation

struct VaultExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write plain age files that anyone can decrypt with `age`: no lock-in.",
        discussion: """
            Each file's key is re-wrapped to the age recipients in a new header; the payload is copied unchanged
            (nothing is re-encrypted). A file goes to stdout or -o FILE; a folder needs -o DIR and becomes a tree of
            NAME.age files. Content is verified before it is exported.

            Examples:
              coffer vault export /report.pdf --to age1… -o report.pdf.age --passphrase-file pass.txt
              coffer vault export /work --to age1… -o exported/ --passphrase-file pass.txt
              age -d -i key.txt report.pdf.age > report.pdf
            """
    )

    @OptionGroup var options: VaultOptions
    @Argument(help: "The file or folder to export.") var path: String
    @Option(
        name: .customLong("to"), help: ArgumentHelp("An age recipient (age1…); repeatable.", valueName: "recipient"))
    var recipients: [String]
    @Option(name: .shortAndLong, help: ArgumentHelp("Output file, or directory for a folder.", valueName: "out"))
    var output: String?

    func run() throws {
        try CLI.run {
            guard !recipients.isEmpty else { throw CLIFailure("give at least one --to age1… recipient") }
            let parsed: [any Recipient] = try recipients.map { try X25519Recipient($0) }
            let source = try vaultPath(path)
            let vault = try options.open()
            var isDirectory: ObjCBool = false
            if let output, FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory),
                isDirectory.boolValue
            {
                let written = try vault.export(source, to: parsed, into: URL(fileURLWithPath: output))
                CLI.note("exported \(written.count) files under \(output)")
            } else if let output {
                let file = try OutputFile(path: output, input: nil)
                try file.sink.write(try vault.export(source, to: parsed))
                try file.commit()
            } else {
                guard !CLI.isTerminal(1) else {
                    throw CLIFailure("refusing to write binary age data to a terminal", hint: "use -o FILE")
                }
                FileHandle.standardOutput.write(Data(try vault.export(source, to: parsed)))
            }
        }
    }
}
