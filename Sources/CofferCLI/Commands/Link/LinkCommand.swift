// SPDX-License-Identifier: MIT
import ArgumentParser

/// `coffer link …`: share links to standalone age files.
struct LinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        abstract: "Create, open, list and revoke share links to age files.",
        discussion: """
            A link looks like https://coffer.invalid/l/LOOKUPID#1SECRET. The secret after '#' never reaches a
            server (browsers do not send the fragment); the path carries only a lookup id derived one way from it.
            The link's stanza inside the age file wraps the file key, so the file still opens with age -d -i, and
            each link is revoked on its own. A password, if set, is part of the key, not a check by the server.

            Exit codes: 0 success; 1 refused or failed (the message says why: link cut or mistyped, wrong or
            missing password, expired, forged record, another file); 64 usage error.

            Examples:
              coffer link create -i key.txt --expires 7d report.pdf.age > link.txt
              coffer link open --link-file link.txt -o report.pdf report.pdf.age
              coffer link list report.pdf.age
              coffer link create -i key.txt --server http://host:8080/ f.age
              coffer link open --link-file link.txt -o report.pdf
            """,
        subcommands: [LinkCreateCommand.self, LinkOpenCommand.self, LinkListCommand.self, LinkRevokeCommand.self]
    )
}
