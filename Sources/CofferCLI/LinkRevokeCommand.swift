// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferFormat
import CofferSharing
import Foundation

/// `coffer link revoke`: removes one link's stanza from an age file.
struct LinkRevokeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Remove one share link from an age file (the other links and recipients keep working).",
        discussion: """
            LOOKUPID is the part of the link between the last '/' and '#' (see coffer link list); one that starts
            with '-' goes after '--' (coffer link revoke -i key.txt -- -wSqU… FILE.age). The stanza is
            removed, the header MAC recomputed with the file key (unwrapped with -i), and FILE.age replaced
            atomically. Whoever already decrypted the file keeps what they have; copies of the old file made
            before the revocation still open with the link.

            Exit codes: 0 success, 1 failure (message on stderr), 64 usage error.

            Examples:
              coffer link revoke -i key.txt 3q2-7wX0aLxJ4c9Y5Lr1Qw report.pdf.age
            """
    )

    @Option(name: [.customShort("i"), .customLong("identity")], help: "An identity file the file is encrypted to.")
    var identityFiles: [String] = []

    @Argument(help: "The lookup id of the link to revoke.")
    var lookupID: String

    @Argument(help: "The binary age file (rewritten in place).")
    var file: String

    func validate() throws {
        if file == "-" { throw ValidationError("link revoke rewrites FILE.age in place: give its path, not -") }
    }

    func run() throws {
        try LinkCLI.run {
            guard let id = try? LinkLookupID(urlText: lookupID) else {
                throw CLIFailure(
                    message: "\"\(lookupID.prefix(40))\" is not a lookup id",
                    hints: ["use the 22 characters between the last '/' and '#' of the link, or see coffer link list"])
            }
            let identities = try LinkCLI.identities(identityFiles)
            let (header, source) = try LinkCLI.openAgeFile(file)
            let fileKey = try AgeDecryptor(identities: identities).unwrapFileKey(header)
            try LinkCLI.rewrite(file, header: try FileLinks.removing(id, from: header, fileKey: fileKey), rest: source)
                .commit()
            CLI.note("revoked link \(id) in \(file)")
        }
    }
}
