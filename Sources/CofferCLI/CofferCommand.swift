// SPDX-License-Identifier: MIT
import ArgumentParser

/// `coffer`: zero-knowledge sharing and key management. One file per subcommand in this folder.
@main
struct CofferCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coffer",
        abstract: "Encrypt, share and audit files kept with a storage provider you do not trust.",
        discussion: """
            Coffer keeps file content in the age v1 format, so any age tool can always decrypt it.
            Messages go to stderr as "coffer: …"; stdout carries only the product (ciphertext, plaintext, a link).
            """,
        subcommands: [
            VectorsCommand.self,
            KeygenCommand.self,
            EncryptCommand.self,
            DecryptCommand.self,
            InspectCommand.self,
            AccountCommand.self, ContactCommand.self, KdfCommand.self,
            LinkCommand.self,
            VaultCommand.self,
        ]
    )

    static func main() {
        StandardStreams.prepare()
        HelpLayout.main(Self.self)
    }
}
