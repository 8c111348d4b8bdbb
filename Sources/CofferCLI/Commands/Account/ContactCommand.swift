// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferKeys
import Foundation

/// `coffer contact …`: the device's pinned contacts (trust on first use, verified by fingerprint).
struct ContactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contact",
        abstract: "Pin, verify and list the identity bundles of people you share with.",
        discussion: """
            The first bundle seen for a name is pinned. A different key for a pinned name is refused until you
            compare the new fingerprint with that person out of band and run `coffer contact verify`.

            Exit codes: 0 success; 1 refused (bad signature, changed key, fingerprint mismatch) or failed.
            """,
        subcommands: [ContactAddCommand.self, ContactVerifyCommand.self, ContactListCommand.self]
    )
}

struct ContactAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Pin a contact's identity bundle under a name (trust on first use).",
        discussion: """
            Prints the bundle's fingerprint on stdout; compare it with the contact, then run `coffer contact verify`.

            Examples:
              coffer contact add alice coffer-identity1…
              coffer contact add alice --bundle-file alice.txt     # alice.txt: from coffer account show --bundle
              coffer account show --bundle | coffer contact add me-laptop --bundle-file -
            """
    )

    @OptionGroup var storage: StorageOptions
    @Argument(help: "The name you give the contact.") var name: String
    @Argument(help: "The contact's bundle (coffer-identity1…), from `coffer account show`.") var bundle: String?
    @Option(help: ArgumentHelp("Read the bundle from this file.", valueName: "file")) var bundleFile: String?

    func run() throws {
        try CLI.run {
            let bundle = try IdentityBundle(text: ContactBundleInput.read(bundle, file: bundleFile))
            let outcome = try PinStore(device: storage.deviceState()).add(name: name, bundle: bundle)
            switch outcome {
            case .pinned:
                CLI.note(
                    "pinned \(name) (unverified): compare the fingerprint with \(name) out of band, "
                        + "then run `coffer contact verify`")
            case .alreadyPinned: CLI.note("\(name) is already pinned with this key")
            case .upgraded:
                CLI.note(
                    "\(name) now has a post-quantum key (signed by the pinned key; fingerprint unchanged): "
                        + "new shares to \(name) use it")
            }
            try StandardOutput.write("\(bundle.fingerprint)\n")
        }
    }
}

struct ContactVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Mark a contact verified after comparing the fingerprint; or accept a changed key.",
        discussion: """
            With --bundle (or --bundle-file), replaces a changed key, but only if the fingerprint you type is the
            new bundle's.

            Examples:
              coffer contact verify alice --fingerprint "04721 88310 59206 13377"
              coffer contact verify alice --fingerprint "…" --bundle-file alice-new.txt
            """
    )

    @OptionGroup var storage: StorageOptions
    @Argument(help: "The contact's name.") var name: String
    @Option(help: "The fingerprint as the contact read it to you.") var fingerprint: String
    @Option(help: "A new bundle for this contact (after a key change).") var bundle: String?
    @Option(help: ArgumentHelp("Read the new bundle from this file.", valueName: "file")) var bundleFile: String?

    func run() throws {
        try CLI.run {
            let newBundle =
                (bundle != nil || bundleFile != nil)
                ? try IdentityBundle(text: ContactBundleInput.read(bundle, file: bundleFile)) : nil
            let pin = try PinStore(device: storage.deviceState())
                .verify(name: name, typedFingerprint: fingerprint, newBundle: newBundle)
            CLI.note("\(name) verified")
            try StandardOutput.write("\(pin.fingerprint)\n")
        }
    }
}

struct ContactListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List pinned contacts: name, fingerprint, verified or unverified.",
        discussion: "Example:\n  coffer contact list"
    )

    @OptionGroup var storage: StorageOptions

    func run() throws {
        try CLI.run {
            var lines = ""
            for pin in try PinStore(device: storage.deviceState()).list() {
                lines += "\(pin.name)\t\(pin.fingerprint)\t\(pin.verified ? "verified" : "unverified")\n"
            }
            try StandardOutput.write(lines)
        }
    }
}

/// A bundle from the argument or a file (exactly one of them): what `coffer account show --bundle` prints, taken
/// as is (surrounding blank space and the final line break ignored). Anything else is explained, not parsed: the
/// whole `account show` output, or text that is no bundle at all.
enum ContactBundleInput {
    static func read(_ text: String?, file: String?) throws -> String {
        let raw: String
        switch (text, file) {
        case (let text?, nil): raw = text
        case (nil, let file?): raw = try BoundedFileReader.readText(file, kind: .bundle)
        default: throw CLIFailure("give the bundle either as an argument or with --bundle-file")
        }
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        let source = file.map { "\"\($0)\"" } ?? "the argument"
        if trimmed.lowercased().hasPrefix(IdentityBundle.humanReadablePart + "1") { return trimmed }
        let lines = trimmed.split(whereSeparator: \.isNewline)
        if lines.contains(where: { $0.hasPrefix("bundle ") }) {
            throw CLIFailure(
                message: "\(source) holds the whole output of coffer account show, not just the bundle",
                hints: ["ask for the bundle alone: coffer account show --bundle > bundle.txt"])
        }
        throw CLIFailure(
            message: "\(source) is not an identity bundle (\(IdentityBundle.humanReadablePart)1…)",
            hints: ["the contact prints it with: coffer account show --bundle"])
    }
}
