// SPDX-License-Identifier: MIT
import CofferPrimitives

/// `fileKey = CSPRNG(16)` — the per-file secret of age v1. Every recipient stanza wraps it; the header MAC key and
/// the payload key are derived from it, so whoever holds it can read and authenticate the whole file.
///
/// A role type over `SecretBytes`: it zeroes on free, compares in constant time and never prints its bytes.
package struct FileKey: Sendable, Equatable, CustomStringConvertible {
    /// age v1 file keys are exactly 16 bytes.
    package static let byteCount = 16

    package let secret: SecretBytes

    /// Wraps an existing 16-byte secret (an unwrapped stanza body, or a test vector's `file key`).
    package init(secret: SecretBytes) throws(AgeUsageError) {
        guard secret.count == FileKey.byteCount else {
            throw .invalidKeyLength(what: "file key", expected: FileKey.byteCount, actual: secret.count)
        }
        self.secret = secret
    }

    /// A fresh random file key, for encrypting one file.
    package static func generate() -> FileKey {
        FileKey(unchecked: .random(count: byteCount))
    }

    init(unchecked secret: SecretBytes) {
        self.secret = secret
    }

    package var description: String { "FileKey(redacted)" }
}
