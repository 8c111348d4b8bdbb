// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferAge
import Foundation

/// `coffer encrypt`: age v1 encryption to recipients or a passphrase, binary or armored.
struct EncryptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encrypt",
        abstract: "Encrypt a file to age recipients or a passphrase (age v1 format).",
        discussion: """
            The output is a standard age v1 file: age, rage and coffer can all decrypt it. A passphrase is read from
            the terminal without echo (-p) or from the first line of a file (--passphrase-file), never from the
            command line. With -o the output appears only when encryption completed (temporary file, fsync,
            rename; an existing file keeps its mode; a symlink is followed and kept). -o onto a device or a FIFO
            writes through it, as age does (the node is never replaced); there, as on stdout, a failure can leave
            partial output.
            Binary output is not written to a terminal: use -a or -o.

            Recipients are X25519 keys (age1…) or post-quantum hybrid keys (age1pq1…, from coffer keygen --pq or
            age-keygen -pq), which resist a future quantum computer and need age 1.3 or later to decrypt. As in age,
            one file goes either to post-quantum recipients only or to classical ones only: mixing them would leave
            the file only as strong as its classical stanzas.

            Exit codes: 0 success, 1 failure (message on stderr), 64 usage error.

            Examples:
              coffer encrypt -r age1… -o report.pdf.age report.pdf
              coffer encrypt -r age1pq1… -o plan.pdf.age plan.pdf
              coffer encrypt -R team.txt -a < notes.txt > notes.txt.age
              coffer encrypt -p -o secrets.tar.age secrets.tar
              coffer encrypt --passphrase-file pass.txt -o backup.age backup.tar
            """
    )

    @Option(
        name: [.customShort("r"), .customLong("recipient")],
        help: "Encrypt to this age1… or age1pq1… public key (repeatable).")
    var recipients: [String] = []

    @Option(
        name: [.customShort("R"), .customLong("recipients-file")],
        help: "Encrypt to every age1… or age1pq1… key in FILE (repeatable).")
    var recipientFiles: [String] = []

    @Flag(
        name: [.customShort("p"), .customLong("passphrase")], help: "Encrypt with a passphrase read from the terminal.")
    var passphrase = false

    @Option(name: .customLong("passphrase-file"), help: "Encrypt with the passphrase on the first line of FILE.")
    var passphraseFile: String?

    @Option(name: .customLong("work-factor"), help: "scrypt work factor log2(N) for passphrases (1 to 30).")
    var workFactor: Int = ScryptRecipient.defaultLogN

    @Flag(name: [.customShort("a"), .customLong("armor")], help: "Write PEM-armored text instead of binary.")
    var armor = false

    @Option(name: .shortAndLong, help: "Write to FILE instead of stdout.")
    var output: String?

    @Argument(help: "The file to encrypt (default: stdin).")
    var input: String?

    func validate() throws {
        try OptionChecks.check(workFactor, in: 1...30, option: "--work-factor")
        try OptionChecks.oneStdinReader(
            [("--passphrase-file", passphraseFile), ("the input", input ?? "-")] + recipientFiles.map { ("-R", $0) })
        let usesPassphrase = passphrase || passphraseFile != nil
        if usesPassphrase && !(recipients.isEmpty && recipientFiles.isEmpty) {
            throw ValidationError(
                "a passphrase cannot be combined with -r or -R (age requires a passphrase to be alone)")
        }
        if !usesPassphrase && recipients.isEmpty && recipientFiles.isEmpty {
            throw ValidationError("give at least one recipient with -r or -R, or use -p / --passphrase-file")
        }
    }

    func run() throws {
        try CLI.run {
            var list: [any Recipient] = []
            if let passphraseFile {
                list.append(try ScryptRecipient(passphrase: try Passphrase.fromFile(passphraseFile), logN: workFactor))
            } else if passphrase {
                let secret = try Passphrase.fromTerminal(prompt: "Enter passphrase: ", confirm: true)
                list.append(try ScryptRecipient(passphrase: secret, logN: workFactor))
            }
            for text in recipients { list.append(try RecipientsFile.recipient(text)) }
            for path in recipientFiles {
                list += try RecipientsFile.parse(try BoundedFileReader.readText(path, kind: .recipients))
            }
            if output == nil && !armor && CLI.isTerminal(1) {
                throw CLIFailure(
                    message: "refusing to write binary ciphertext to a terminal",
                    hints: ["use -o FILE, -a, or redirect stdout"])
            }
            let encryptor: AgeEncryptor
            do {
                encryptor = try AgeEncryptor(recipients: list, armored: armor)
            } catch let error as AgeUsageError where error == .postQuantumMixed {
                throw CLIFailure(
                    message: "post-quantum (age1pq1…) and classical (age1…) recipients cannot share a file",
                    hints: [
                        "a classical stanza would let a future quantum computer read the file",
                        "ask every recipient for a post-quantum key (coffer keygen --pq), or encrypt separately",
                    ])
            }
            let source = try CLI.openInput(input)
            let destination = try OutputDestination.open(output, input: input)
            let progress = ProgressSink(destination.sink, inputSize: fileSize(input))
            try encryptor.encrypt(from: source, to: progress)
            try destination.commit()
            progress.finish()
        }
    }
}
