// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferFormat
import Foundation

/// `coffer keygen [--pq] [-o FILE]`: a new X25519 or post-quantum hybrid identity in the age-keygen file format.
struct KeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Generate an X25519 or post-quantum identity (age-keygen format).",
        discussion: """
            Writes "# created", "# public key: age1…" and the AGE-SECRET-KEY-1… line. The public key is also
            printed on stderr. With -o the file is created with mode 0600 and nothing that exists at that path (a
            file, a link, a device) is ever overwritten. On stdout, a failed write (a full disk, a closed pipe) is an
            error with exit status 1: the key was not delivered.
            The identity works with age (age -d -i FILE) and age's identities work with coffer.

            With --pq the identity is age's post-quantum hybrid (ML-KEM-768 + X25519, as age-keygen -pq makes):
            AGE-SECRET-KEY-PQ-1… with the public key age1pq1… (about 2,000 characters). Files encrypted to it resist
            "harvest now, decrypt later" by a future quantum computer; each adds about 1.6 KB of header. It needs
            age 1.3 or later on the other side, and it cannot share a file with classical age1… recipients.

            Examples:
              coffer keygen -o key.txt
              coffer keygen --pq -o pq-key.txt
              coffer keygen > key.txt
            """
    )

    @Option(name: .shortAndLong, help: "Write the identity to FILE (mode 0600) instead of stdout.")
    var output: String?

    @Flag(name: .customLong("pq"), help: "Generate a post-quantum hybrid identity (ML-KEM-768 + X25519, age1pq1…).")
    var postQuantum = false

    func run() throws {
        try CLI.run {
            let created = ISO8601DateFormatter().string(from: Date())
            let text: String
            let publicKey: String
            if postQuantum {
                let identity = try HybridIdentity.generate()
                (text, publicKey) = (IdentityFile.encode(identity, created: created), identity.recipient.encoded)
            } else {
                let identity = X25519Identity.generate()
                (text, publicKey) = (IdentityFile.encode(identity, created: created), identity.recipient.encoded)
            }
            let destination =
                try output.map { try OutputDestination(path: $0, secret: true, neverOverwrite: true) }
                ?? .standardOutput()
            try destination.sink.write(Array(text.utf8))
            try destination.commit()
            StandardError.write("Public key: \(publicKey)\n")
        }
    }
}
