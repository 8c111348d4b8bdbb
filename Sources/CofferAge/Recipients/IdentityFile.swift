// SPDX-License-Identifier: MIT

/// The age-keygen identity file: `#` comment lines (`# created: …`, `# public key: age1…`), blank lines, and one
/// `AGE-SECRET-KEY-1…` (X25519) or `AGE-SECRET-KEY-PQ-1…` (post-quantum hybrid) per line. Coffer writes and reads
/// exactly this, so keys move freely between age and Coffer.
public enum IdentityFile {
    static let badLine = "not an AGE-SECRET-KEY-1… or AGE-SECRET-KEY-PQ-1… identity"

    /// Parses every identity in `text`. Any other non-comment line is an error naming the line, never its content.
    public static func parse(_ text: String) throws(AgeUsageError) -> [any Identity] {
        var identities: [any Identity] = []
        for (index, line) in lines(text).enumerated() {
            let line = line.trimmingSpaces()
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("AGE-PLUGIN-") {
                throw .invalidIdentityFile(line: index + 1, reason: "plugin identities are not supported")
            }
            do {
                identities.append(try identity(String(line)))
            } catch {
                throw .invalidIdentityFile(line: index + 1, reason: IdentityFile.badLine)
            }
        }
        guard !identities.isEmpty else { throw .invalidIdentityFile(line: 0, reason: "no identities found") }
        return identities
    }

    /// One identity string: `AGE-SECRET-KEY-PQ-1…` is a `HybridIdentity`, `AGE-SECRET-KEY-1…` an `X25519Identity`.
    package static func identity(_ text: String) throws(AgeUsageError) -> any Identity {
        if text.uppercased().hasPrefix(HybridIdentity.secretPrefix + "1") { return try HybridIdentity(text) }
        return try X25519Identity(text)
    }

    /// The file `age-keygen` would write for `identity`, created at `created` (RFC 3339 text).
    package static func encode(_ identity: X25519Identity, created: String) -> String {
        encode(secret: identity.encodedSecret(), publicKey: identity.recipient.encoded, created: created)
    }

    /// The file `age-keygen -pq` would write for `identity`, created at `created` (RFC 3339 text).
    package static func encode(_ identity: HybridIdentity, created: String) -> String {
        encode(secret: identity.encodedSecret(), publicKey: identity.recipient.encoded, created: created)
    }

    private static func encode(secret: String, publicKey: String, created: String) -> String {
        """
        # created: \(created)
        # public key: \(publicKey)
        \(secret)

        """
    }
}

/// Recipients files (`-R`): one `age1…` or `age1pq1…` per line, `#` comments and blank lines ignored.
public enum RecipientsFile {
    /// Every recipient of a recipients file, in order; `invalidRecipient` names the first line that does not parse.
    public static func parse(_ text: String) throws(AgeUsageError) -> [any Recipient] {
        var recipients: [any Recipient] = []
        for line in lines(text) {
            let trimmed = line.trimmingSpaces()
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            recipients.append(try recipient(String(trimmed)))
        }
        return recipients
    }

    /// One recipient string: `age1pq1…` is a `HybridRecipient`, any other `age1…` an `X25519Recipient`.
    package static func recipient(_ text: String) throws(AgeUsageError) -> any Recipient {
        if text.lowercased().hasPrefix(HybridRecipient.recipientPrefix + "1") { return try HybridRecipient(text) }
        return try X25519Recipient(text)
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
