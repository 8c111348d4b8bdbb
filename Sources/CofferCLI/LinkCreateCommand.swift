// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferFormat
import CofferKeys
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

            Exit codes: 0 success, 1 failure (message on stderr), 64 usage error.

            Examples:
              coffer link create -i key.txt report.pdf.age
              coffer link create -i key.txt --expires 7d --password-file pw.txt f.age
              coffer link create -i key.txt --base-url https://files.example.org/l/ f.age
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

    @Option(name: .customLong("base-url"), help: "The link's base URL, ending in '/'.")
    var baseURL = ShareLink.defaultBaseURL

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
    }

    func run() throws {
        try LinkCLI.run {
            let now = LinkTime.now()
            let expiry = try LinkTime.parseExpiry(expires, now: now)
            let identities = try LinkCLI.identities(identityFiles)
            let password = try LinkCLI.password(file: passwordFile, prompt: askPassword, confirm: true)
            let (header, source) = try LinkCLI.openAgeFile(file)
            let fileKey = try AgeDecryptor(identities: identities).unwrapFileKey(header)
            let options = FileLinks.Options(password: password, expiry: expiry, baseURL: baseURL)
            let made = try FileLinks.makeLink(fileKey: fileKey, options: options)
            let rewritten = try LinkCLI.rewrite(
                file, header: try FileLinks.adding(made.envelope, to: header, fileKey: fileKey), rest: source)
            try StandardOutput.write(made.link.revealedText() + "\n")
            try StandardOutput.flush()
            do {
                try rewritten.commit()
            } catch {
                throw CLIFailure(error, addingHint: "the link just printed was not added: \(file) is unchanged")
            }
            CLI.note(
                "added link \(made.link.lookupID) to \(file) (expires \(LinkTime.format(expiry)), password "
                    + (password == nil ? "none)" : "required)"))
        }
    }
}
