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
            printed on stderr. With -o the file is created with mode 0600 and nothing that exists at that path (a
            file, a link, a device) is ever overwritten. On stdout, a failed write (a full disk, a closed pipe) is an
            error with exit status 1: the key was not delivered.
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
            let destination =
                try output.map { try OutputDestination(path: $0, secret: true, neverOverwrite: true) }
                ?? .standardOutput()
            try destination.sink.write(Array(text.utf8))
            try destination.commit()
            StandardError.write("Public key: \(identity.recipient.encoded)\n")
        }
    }
}
