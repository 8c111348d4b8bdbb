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

            File options (--passphrase-file, --new-passphrase-file, --password-file, --recovery-key-file, \
            --link-file, -i, -R, --bundle-file) take a regular file, a pipe such as <(command), or - for stdin (one \
            reader of stdin per command). A directory or a device is refused; input larger than 64 KiB (4 MiB for \
            identity and recipients files) is refused as too large, so an endless pipe fails fast. Numbers out of \
            range, and arguments that are not UTF-8, are usage errors (exit 64).

            Words: a "passphrase" protects an account (account create/passwd/unlock, every vault command); a \
            "password" protects a share link (link create/open, vault link create/open). Each is read from a \
            file (--passphrase-file, --password-file) or typed on the terminal, never from the command line.

            Where data lives: see coffer vault where (XDG paths; --store/--device, $COFFER_STORE/$COFFER_DEVICE).
            Scripts: vault ls, vault verify, vault link list, link list, account show and inspect take --json \
            (schema 1, Spec/cli-json.md). Completions: coffer --generate-completion-script bash|zsh|fish.

            \(CofferExit.table)
            """,
        version: CofferVersion.text,
        subcommands: [
            VectorsCommand.self,
            KeygenCommand.self,
            EncryptCommand.self,
            DecryptCommand.self,
            InspectCommand.self,
            AccountCommand.self, ContactCommand.self, KdfCommand.self,
            LinkCommand.self,
            VaultCommand.self,
            AgentCommand.self,
            ServeCommand.self,
        ]
    )

    static func main() {
        StandardStreams.prepare()
        ArgumentEncoding.refuseInvalid()
        HelpLayout.main(Self.self)
    }
}
