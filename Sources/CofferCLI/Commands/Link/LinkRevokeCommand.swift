// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferAge
import CofferRemote
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

            With --server URL the copy uploaded by coffer link create --server is withdrawn from that server
            first (it presents a token derived from the file key; the server then answers 404 to the link, as for
            one that never existed), then the stanza is removed from FILE.age. If FILE.age no longer has the
            stanza, withdrawing the server's copy is enough.

            Exit codes: 0 success, 1 failure (message on stderr), 64 usage error.

            Examples:
              coffer link revoke -i key.txt 3q2-7wX0aLxJ4c9Y5Lr1Qw report.pdf.age
              coffer link revoke -i key.txt --server http://host:8080/ ID f.age
            """
    )

    @Option(name: [.customShort("i"), .customLong("identity")], help: "An identity file the file is encrypted to.")
    var identityFiles: [String] = []

    @Option(
        name: .customLong("server"),
        help: ArgumentHelp("Also withdraw the link's uploaded copy from this coffer serve.", valueName: "url"))
    var server: String?

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
            let storage = try server.map(LinkCLI.storage)
            let identities = try LinkCLI.identities(identityFiles)
            let (header, source) = try LinkCLI.openAgeFile(file)
            let fileKey = try AgeDecryptor(identities: identities).unwrapFileKey(header)
            if let storage {
                try storage.revoke(id, token: LinkRevocationToken(fileKey: fileKey, lookupID: id))
                CLI.note("withdrew link \(id) from \(storage.server.absoluteString)")
                guard FileLinks.links(in: header).contains(where: { $0.record.lookupID == id }) else {
                    CLI.note("\(file) has no stanza for link \(id): left unchanged")
                    return
                }
            }
            try LinkCLI.rewrite(file, header: try FileLinks.removing(id, from: header, fileKey: fileKey), rest: source)
                .commit()
            CLI.note("revoked link \(id) in \(file)")
        }
    }
}
