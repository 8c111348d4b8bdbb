// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferAge
import Foundation

/// `coffer keygen [--pq] [-o FILE]`: a new X25519 or post-quantum hybrid identity in the age-keygen file format;
/// `coffer keygen -y [FILE]`: the recipients of an existing identity file, as `age-keygen -y` prints them.
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

            With -y, nothing is generated: the identity file INPUT (default: stdin) is read and the public key \
            (recipient) of each identity in it is printed on stdout, one per line, as age-keygen -y does.

            Examples:
              coffer keygen -o key.txt
              coffer keygen -y key.txt > recipient.txt
              coffer keygen --pq -o pq-key.txt
              coffer keygen > key.txt
            """
    )

    @Option(name: .shortAndLong, help: "Write the identity to FILE (mode 0600) instead of stdout.")
    var output: String?

    @Flag(name: .customLong("pq"), help: "Generate a post-quantum hybrid identity (ML-KEM-768 + X25519, age1pq1…).")
    var postQuantum = false

    @Flag(name: .customShort("y"), help: "Print the recipient (public key) of each identity in INPUT instead.")
    var printRecipients = false

    @Argument(help: ArgumentHelp("With -y: the identity file to read (default: stdin).", valueName: "input"))
    var input: String?

    func validate() throws {
        if input != nil, !printRecipients {
            throw ValidationError("keygen takes an input file only with -y (to print its recipients)")
        }
        if printRecipients, postQuantum { throw ValidationError("-y reads an identity; it cannot be used with --pq") }
    }

    func run() throws {
        try CLI.run {
            if printRecipients { return try printRecipientsOfInput() }
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

    /// `-y`: one recipient line per identity of the input file, on stdout (or -o).
    private func printRecipientsOfInput() throws {
        let identities = try CLI.readIdentityFiles([input ?? "-"])
        var lines = ""
        for identity in identities {
            switch identity {
            case let identity as X25519Identity: lines += identity.recipient.encoded + "\n"
            case let identity as HybridIdentity: lines += identity.recipient.encoded + "\n"
            default:
                throw CLIFailure(
                    message: "identity file \"\(input ?? "-")\" holds an identity with no public key to print",
                    hints: ["-y prints the recipients of X25519 (AGE-SECRET-KEY-1…) and post-quantum identities"])
            }
        }
        let destination = try output.map { try OutputDestination(path: $0, neverOverwrite: true) } ?? .standardOutput()
        try destination.sink.write(Array(lines.utf8))
        try destination.commit()
    }
}
