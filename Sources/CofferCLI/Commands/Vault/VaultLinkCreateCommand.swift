// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferKeys
import CofferSharing
import Foundation

/// `coffer vault link create`: a read-only link to a folder of your own tree, printed on stdout.
struct VaultLinkCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Make a read-only link to a folder you own and print it on stdout.",
        discussion: """
            The link grants the folder's current key (and so every older epoch and every subfolder) read-only. Its
            record names you as the owner and is signed; your public identity bundle is stored beside it so an
            opener with only the vault directory can check your signatures.

            --password-file (or --password, typed on the terminal twice) protects the link with a password
            (Argon2id, 64 MiB, 3 passes) mixed into its key: the file's first line, normalised to Unicode NFC so
            either spelling of an accented letter opens it. (The account's own secret is its "passphrase".)
            A link to a folder inside a folder you shared keeps opening after its members write there.
            --expires takes never (the default), 30m, 12h, 7d, 4w or an instant (2026-12-31T23:59:59Z).
            --base-url sets the part before the lookup id (default https://coffer.invalid/l/, a placeholder).

            When the link cannot be printed (stdout on a full disk, a closed pipe) it is revoked again and the
            command fails: no link is left stored whose secret nobody has.

            Examples:
              coffer vault link create /team --passphrase-file pass.txt > link.txt
              coffer vault link create /team --expires 7d --password-file pw.txt --passphrase-file pass.txt
            """
    )

    @OptionGroup var options: VaultOptions
    @Argument(help: "The folder in your own tree.") var path: String

    @Option(name: .customLong("password-file"), help: "Protect the link with the password on the first line.")
    var passwordFile: String?

    @Flag(name: .customLong("password"), help: "Protect the link with a password typed on the terminal.")
    var askPassword = false

    @Option(help: "When the link expires: never, 30m, 12h, 7d, 4w or an ISO 8601 UTC time.")
    var expires = "never"

    @Option(name: .customLong("base-url"), help: "The link's base URL, ending in '/'.")
    var baseURL = ShareLink.defaultBaseURL

    func validate() throws {
        do {
            _ = try LinkTime.parseExpiry(expires, now: LinkTime.now())
        } catch {
            throw ValidationError("--expires: \(ErrorPresenter.escaped(error.description))")
        }
        if askPassword && passwordFile != nil { throw ValidationError("use --password or --password-file, not both") }
        if passwordFile == "-" && options.passphraseFile == "-" {
            throw ValidationError("only one of --passphrase-file and --password-file can be - (stdin)")
        }
    }

    func run() throws {
        try LinkCLI.run {
            let expiry = try LinkTime.parseExpiry(expires, now: LinkTime.now())
            let password = try LinkCLI.password(file: passwordFile, prompt: askPassword, confirm: true)
            let folder = try vaultPath(path)
            let vault = try options.open()
            let link = try vault.createLink(
                folder, options: FileLinks.Options(password: password, expiry: expiry, baseURL: baseURL))
            do {
                try StandardOutput.write(link.revealedText() + "\n")
                try StandardOutput.flush()
            } catch {
                do {
                    try vault.revokeLink(link.lookupID)
                } catch let revokeError {
                    throw CLIFailure(
                        error,
                        addingHint: "the link could not be printed nor revoked (\(revokeError)): "
                            + "run coffer vault link revoke \(link.lookupID.urlText)")
                }
                throw CLIFailure(error, addingHint: "the link was not printed, so it was revoked again")
            }
            CLI.note(
                "made link \(link.lookupID) to \(path) (expires \(LinkTime.format(expiry)), password "
                    + (password == nil ? "none)" : "required)"))
        }
    }
}
