// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferFormat
import Foundation

/// `coffer keygen [-o FILE]`: a new X25519 identity in the age-keygen file format.
struct KeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Generate an X25519 identity (age-keygen format).",
        discussion: """
            Writes "# created", "# public key: age1…" and the AGE-SECRET-KEY-1… line. The public key is also
            printed on stderr. With -o the file is created with mode 0600 and an existing file is never overwritten.
            The identity works with age (age -d -i FILE) and age's identities work with coffer.

            Examples:
              coffer keygen -o key.txt
              coffer keygen > key.txt
            """
    )

    @Option(name: .shortAndLong, help: "Write the identity to FILE (mode 0600) instead of stdout.")
    var output: String?

    func run() throws {
        try CLI.run {
            let identity = X25519Identity.generate()
            let created = ISO8601DateFormatter().string(from: Date())
            let text = IdentityFile.encode(identity, created: created)
            if let output {
                guard !FileManager.default.fileExists(atPath: output) else {
                    throw CLIFailure(
                        message: "\"\(output)\" already exists",
                        hints: ["choose a new file name; keys are never overwritten"])
                }
                let file = try OutputFile(path: output, input: nil, mode: 0o600)
                try file.sink.write(Array(text.utf8))
                try file.commit()
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
            FileHandle.standardError.write(Data("Public key: \(identity.recipient.encoded)\n".utf8))
        }
    }
}
