// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferAge
import Foundation

/// `coffer decrypt`: age v1 decryption with identities or a passphrase, whole file or a byte range.
struct DecryptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decrypt",
        abstract: "Decrypt an age v1 file (binary or armored), or a byte range of it.",
        discussion: """
            Identities are age-keygen files (-i, repeatable). A passphrase-encrypted file asks for the passphrase
            on the terminal, or reads it from --passphrase-file. Plaintext is released chunk by chunk, each only
            after it authenticated; with -o the output file appears only when the whole file verified (a temporary
            file in the same directory, synced and renamed; an existing file keeps its mode; a symlink is followed
            and kept). -o onto a device or a FIFO writes through it, as age does (the node is never replaced);
            there, as on stdout, a failure can leave partial output.
            --range OFFSET:LENGTH decrypts only the 64 KiB chunks covering those plaintext bytes (binary files only).

            Exit codes: 0 success, 1 failure (message on stderr: no matching identity, damaged or tampered file,
            unreadable input), 64 usage error.

            Examples:
              coffer decrypt -i key.txt -o report.pdf report.pdf.age
              coffer decrypt -i key.txt < notes.txt.age
              coffer decrypt --passphrase-file pass.txt -o backup.tar backup.age
              coffer decrypt -i key.txt --range 1048576:4096 video.age > part.bin
            """
    )

    @Option(name: [.customShort("i"), .customLong("identity")], help: "An identity file (repeatable).")
    var identityFiles: [String] = []

    @Option(
        name: .customLong("passphrase-file"),
        help: "Decrypt with the passphrase on the first line of FILE (- for stdin, when the input is a file).")
    var passphraseFile: String?

    @Option(name: .customLong("max-work-factor"), help: "Largest scrypt work factor log2(N) accepted (1 to 30).")
    var maxWorkFactor: Int = 22

    @Option(name: .customLong("range"), help: "Decrypt only plaintext bytes OFFSET:LENGTH.")
    var range: String?

    @Option(name: .shortAndLong, help: "Write to FILE instead of stdout.")
    var output: String?

    @Argument(help: "The file to decrypt (default: stdin).")
    var input: String?

    func validate() throws {
        if let range { _ = try OptionChecks.byteRange(range) }
        if range != nil && (input == nil || input == "-") {
            throw ValidationError("--range needs an input file, not stdin")
        }
        try OptionChecks.check(maxWorkFactor, in: 1...30, option: "--max-work-factor")
        try OptionChecks.oneStdinReader(
            [("--passphrase-file", passphraseFile), ("the input", input ?? "-")] + identityFiles.map { ("-i", $0) })
    }

    func run() throws {
        try CLI.run {
            var identities = try CLI.readIdentityFiles(identityFiles)
            if let passphraseFile {
                identities.append(
                    ScryptIdentity(passphrase: try Passphrase.fromFile(passphraseFile), maximumLogN: maxWorkFactor))
            }
            let destination = try OutputDestination.open(output, input: input)
            let sink = destination.sink
            if let range {
                let (offset, length) = try OptionChecks.byteRange(range)
                try decryptRange(offset: offset, length: length, identities: identities, to: sink)
            } else {
                let progress = ProgressSink(sink, inputSize: fileSize(input))
                try decryptAll(identities: identities, to: progress)
                progress.finish()
            }
            try destination.commit()
        }
    }

    private func decryptAll(identities: [any Identity], to sink: ByteSink) throws {
        let source = try AgeDecryptor.unarmored(try CLI.openInput(input), mode: .detect)
        let header = try HeaderParser.parse(from: source)
        var all = identities
        if all.isEmpty {
            guard header.stanzas.contains(where: { $0.type == "scrypt" }) else {
                throw CLIFailure(message: "no identity given", hints: ["pass an identity file with -i"])
            }
            let secret = try Passphrase.fromTerminal(prompt: "Enter passphrase: ", confirm: false)
            all.append(ScryptIdentity(passphrase: secret, maximumLogN: maxWorkFactor))
        }
        let decryptor = AgeDecryptor(identities: all)
        let opened = try decryptor.openHeader(header, from: source)
        try decryptor.decryptPayload(of: opened, from: source, to: sink)
    }

    private func decryptRange(offset: UInt64, length: UInt64, identities: [any Identity], to sink: ByteSink) throws {
        guard !identities.isEmpty else {
            throw CLIFailure(
                message: "no identity given", hints: ["pass an identity file with -i or --passphrase-file"])
        }
        let seekable = try SeekableDecryptor(source: try CLI.openInput(input), identities: identities)
        // The whole range is checked against the authenticated size first, so the error names the range given.
        let (end, overflow) = offset.addingReportingOverflow(length)
        let size = try seekable.plaintextSize()
        guard !overflow, end <= size else {
            throw AgeUsageError.rangeOutOfBounds(offset: offset, length: length, size: size)
        }
        var position = offset
        let step: UInt64 = 16 * 65536
        repeat {
            let count = min(step, end - position)
            try sink.write(try seekable.read(offset: position, length: Int(count)))
            position += count
        } while position < end
    }
}
