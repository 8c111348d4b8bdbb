// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives
import Foundation

/// The bytes a link password contributes to the wrap key (Spec/links.md §7.1): `UTF-8(NFC(password))`.
///
/// A link password is chosen on one device and typed on another, often by another person, whose keyboard or input
/// method may produce the other Unicode form of the same text (`é` as U+00E9 or as `e` + U+0301). Normalising to
/// NFC makes the text, not its encoding, the password. Bytes that are not valid UTF-8 are used as given (nothing to
/// normalise); ASCII is already NFC and is never copied.
extension Password {
    /// The link form of this password: NFC when it is non-ASCII UTF-8, else the bytes as given.
    package var linkForm: Password {
        let ascii = secret.withUnsafeBytes { bytes in bytes.allSatisfy { $0 < 0x80 } }
        if ascii { return self }
        var bytes = secret.revealedBytes()
        defer { bytes.withUnsafeMutableBytes { _ = $0.initializeMemory(as: UInt8.self, repeating: 0) } }
        guard let text = String(validating: bytes, as: UTF8.self) else { return self }
        var normalised = Array(text.precomposedStringWithCanonicalMapping.utf8)
        defer { normalised.withUnsafeMutableBytes { _ = $0.initializeMemory(as: UInt8.self, repeating: 0) } }
        return Password(SecretBytes(normalised))
    }
}
