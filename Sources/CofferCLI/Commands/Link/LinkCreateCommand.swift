// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferAge
import CofferKeys
import CofferRemote
import CofferSharing
import Foundation

/// `coffer link create`: adds a link stanza to an age file and prints the link.
struct LinkCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Add a share link to an age file and print the link on stdout.",
        discussion: """
            The file key is unwrapped with your identity (-i), a fresh 128-bit link secret wraps it in a new
            coffer.dev/v1/link stanza, the header MAC is recomputed, and FILE.age is replaced atomically (temporary
            file + rename; on failure it is left unchanged). age -d -i and every other recipient still open it.
            The link is printed (and stdout flushed) before FILE.age is replaced: when stdout fails (a full disk, a
            closed pipe) the file is left unchanged and no link exists.
            The link record (expiry, password parameters) is signed with a key only holders of the link can derive.

            With --password-file or --password the link also needs that password: it is mixed into the key with
            Argon2id (64 MiB, 3 passes), so a server that skips its own password check still cannot open the file.
            The password is the first line of the file (without its line ending), normalised to Unicode NFC, so
            "é" typed as one character or as e + accent opens the same link. FILE.age must be binary, not armored.
            Changing a password means a new link: revoke the old one. --expires takes never (the default), a
            duration (30m, 12h, 7d, 4w) or an instant (2026-12-31T23:59:59Z); honest clients refuse expired links.
            --base-url sets the part before the lookup id (default https://coffer.invalid/l/, a placeholder).

            With --server URL (a coffer serve, Spec/server.md §5.2) the new file is also uploaded there under the
            link's lookup id, streamed from disk and retried after a dropped connection (the server's upload is
            create-only; a retry of the same bytes is accepted), before the link is printed: if the upload fails,
            no link is printed and FILE.age is unchanged. The link's base is then SERVER/l/, unless --base-url
            names where the browser opener is deployed for that server (Spec/opener.md §1: serve it from an origin
            separate from storage). The server keeps the expiry and learns only the lookup id, the file's size and
            SHA-256 of a revocation token derived from the file key (coffer link revoke --server withdraws it).
            With --account ID the upload is signed by that account (unlocked with its passphrase, from
            --passphrase-file or the terminal; --store and --device say where it lives, as for coffer vault): the
            server records it as the link's owner and charges it for the file. A server started without
            --anonymous-links accepts only signed uploads.

            Exit codes: 0 success, 1 failure (message on stderr), 64 usage error.

            Examples:
              coffer link create -i key.txt report.pdf.age
              coffer link create -i key.txt --expires 7d --password-file pw.txt f.age
              coffer link create -i key.txt --base-url https://files.example.org/l/ f.age
              coffer link create -i key.txt --server https://s.example/ \\
                --base-url https://o.example/l/ f.age
              coffer link create -i key.txt --server http://host:8080/ \\
                --account 3f2a… --passphrase-file pw.txt f.age
              coffer link create -i key.txt --server http://host:8080/ f.age
            """
    )

    @Option(name: [.customShort("i"), .customLong("identity")], help: "An identity file the file is encrypted to.")
    var identityFiles: [String] = []

    @Option(name: .customLong("password-file"), help: "Protect the link with the password on the first line of FILE.")
    var passwordFile: String?

    @Flag(name: .customLong("password"), help: "Protect the link with a password typed on the terminal.")
    var askPassword = false

    @Option(
        name: .customLong("expires"), help: "When the link expires: never, 30m, 12h, 7d, 4w or an ISO 8601 UTC time.")
    var expires = "never"

    @Option(
        name: .customLong("base-url"), help: "The link's base URL, ending in '/' (default: SERVER/l/ with --server).")
    var baseURL: String?

    @Option(name: .customLong("server"), help: ArgumentHelp("Upload the file to this coffer serve.", valueName: "url"))
    var server: String?

    @Option(
        help: ArgumentHelp(
            "Sign the upload (--server) with this account, 32 hex digits; it owns the link on the server.",
            valueName: "id"))
    var account: String?

    @OptionGroup var storage: StorageOptions

    @Option(help: ArgumentHelp("Read the account's passphrase from this file (- for stdin).", valueName: "file"))
    var passphraseFile: String?

    @Argument(help: "The binary age file to link to (rewritten in place).")
    var file: String

    func validate() throws {
        do {
            _ = try LinkTime.parseExpiry(expires, now: LinkTime.now())
        } catch {
            throw ValidationError("--expires: \(ErrorPresenter.escaped(error.description))")
        }
        if file == "-" { throw ValidationError("link create rewrites FILE.age in place: give its path, not -") }
        if askPassword && passwordFile != nil { throw ValidationError("use --password or --password-file, not both") }
        if account != nil && server == nil { throw ValidationError("--account signs an upload: give --server too") }
        if account == nil && passphraseFile != nil {
            throw ValidationError("--passphrase-file unlocks the account of --account: give --account too")
        }
    }

    func run() throws {
        try LinkCLI.run {
            let now = LinkTime.now()
            let expiry = try LinkTime.parseExpiry(expires, now: now)
            var storage = try server.map(LinkCLI.storage)
            if let account { storage?.signer = try signer(account) }
            let identities = try LinkCLI.identities(identityFiles)
            let password = try LinkCLI.password(file: passwordFile, prompt: askPassword, confirm: true)
            let (header, source) = try LinkCLI.openAgeFile(file)
            let fileKey = try AgeDecryptor(identities: identities).unwrapFileKey(header)
            let base = baseURL ?? storage.map(LinkCLI.base) ?? ShareLink.defaultBaseURL
            let options = FileLinks.Options(password: password, expiry: expiry, baseURL: base)
            let made = try FileLinks.makeLink(fileKey: fileKey, options: options)
            let rewritten = try LinkCLI.rewrite(
                file, header: try FileLinks.adding(made.envelope, to: header, fileKey: fileKey), rest: source)
            if let storage, let written = rewritten.pendingPath {
                try storage.upload(
                    file: written, lookupID: made.link.lookupID, expires: expiry,
                    revocation: LinkRevocationToken(fileKey: fileKey, lookupID: made.link.lookupID))
            }
            do {
                try StandardOutput.write(made.link.revealedText() + "\n")
                try StandardOutput.flush()
            } catch {
                // Nobody holds the secret of the uploaded copy: withdraw it (best effort; it cannot be opened).
                try? storage?.revoke(
                    made.link.lookupID, token: LinkRevocationToken(fileKey: fileKey, lookupID: made.link.lookupID))
                throw error
            }
            do {
                try rewritten.commit()
            } catch {
                throw CLIFailure(
                    error,
                    addingHint: storage == nil
                        ? "the link just printed was not added: \(file) is unchanged"
                        : "the link just printed was uploaded and opens, but \(file) is unchanged (without its stanza)")
            }
            if let storage { CLI.note("uploaded to \(storage.server.absoluteString)") }
            CLI.note(
                "added link \(made.link.lookupID) to \(file) (expires \(LinkTime.format(expiry)), password "
                    + (password == nil ? "none)" : "required)"))
        }
    }

    /// The signer of the upload: the account `id`, unlocked with its passphrase on this device.
    func signer(_ id: String) throws -> RequestSigner {
        let service = try storage.service()
        let accountID = try AccountID(hex: id)
        let passphrase = try Passphrase.read(file: passphraseFile, prompt: "Passphrase")
        return RequestSigner(key: try service.unlock(accountID, password: Password(passphrase)).identity.signing)
    }
}
