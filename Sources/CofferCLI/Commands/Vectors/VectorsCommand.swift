// SPDX-License-Identifier: MIT
import ArgumentParser

/// `coffer vectors …`: audit the cryptography against test vectors.
struct VectorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vectors",
        abstract: "Audit Coffer's cryptography against test vectors.",
        subcommands: [
            VectorsVerifyCommand.self
        ]
    )
}
