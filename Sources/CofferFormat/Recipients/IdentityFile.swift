// SPDX-License-Identifier: MIT

/// The age-keygen identity file: `#` comment lines (`# created: …`, `# public key: age1…`), blank lines, and one
/// `AGE-SECRET-KEY-1…` per line. Coffer writes and reads exactly this, so keys move freely between age and Coffer.
public enum IdentityFile {
    /// Parses every identity in `text`. Any other non-comment line is an error naming the line, never its content.
    public static func parse(_ text: String) throws(AgeUsageError) -> [X25519Identity] {
        var identities: [X25519Identity] = []
        for (index, line) in lines(text).enumerated() {
            let line = line.trimmingSpaces()
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("AGE-PLUGIN-") || line.hasPrefix("AGE-SECRET-KEY-PQ-") {
                throw .invalidIdentityFile(
                    line: index + 1, reason: "plugin and post-quantum identities are not supported")
            }
            do {
                identities.append(try X25519Identity(String(line)))
            } catch {
                throw .invalidIdentityFile(line: index + 1, reason: "not an AGE-SECRET-KEY-1… identity")
            }
        }
        guard !identities.isEmpty else { throw .invalidIdentityFile(line: 0, reason: "no identities found") }
        return identities
    }

    /// The file `age-keygen` would write for `identity`, created at `created` (RFC 3339 text).
    public static func encode(_ identity: X25519Identity, created: String) -> String {
        """
        # created: \(created)
        # public key: \(identity.recipient.encoded)
        \(identity.encodedSecret())

        """
    }
}

/// Recipients files (`-R`): one `age1…` per line, `#` comments and blank lines ignored.
public enum RecipientsFile {
    public static func parse(_ text: String) throws(AgeUsageError) -> [X25519Recipient] {
        var recipients: [X25519Recipient] = []
        for line in lines(text) {
            let trimmed = line.trimmingSpaces()
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            recipients.append(try X25519Recipient(String(trimmed)))
        }
        return recipients
    }
}

/// Lines split at LF bytes with one trailing CR removed (Swift treats CRLF as one Character, so split bytes).
func lines(_ text: String) -> [Substring] {
    text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { bytes in
        Substring(String(decoding: bytes.last == 0x0D ? bytes.dropLast() : bytes, as: UTF8.self))
    }
}

extension Substring {
    func trimmingSpaces() -> Substring {
        var s = drop { $0 == " " || $0 == "\t" }
        while s.last == " " || s.last == "\t" { s = s.dropLast() }
        return s
    }
}
