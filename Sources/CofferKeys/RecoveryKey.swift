// SPDX-License-Identifier: MIT
import CofferPrimitives

/// A second way to open the master key: 256 random bits the user writes down at account creation.
///
/// Written form: `Bech32(hrp: "coffer-recovery", data: key)`, uppercase, split into groups of four after the
/// prefix. The BCH checksum catches any one or two changed characters and any swap of neighbours, so a
/// mistyped key (`recoveryKeyMistyped`) is told apart from a well-formed key of another account
/// (`wrongRecoveryKey`, found by the verifier). Two keys derive from it, each under its own label:
/// `wrapKey = HKDF-SHA-256(recoveryKey, "", "coffer/v1/recovery-wrap-key", 32)` and
/// `verifier = HKDF-SHA-256(recoveryKey, "", "coffer/v1/recovery-verifier", 32)`.
public struct RecoveryKey: Sendable, Equatable, CustomStringConvertible, SecretRole {
    package static let byteCount = 32
    package static let roleName = "recovery key"
    package static let humanReadablePart = "coffer-recovery"
    package static let wrapKeyLabel = "coffer/v1/recovery-wrap-key"
    package static let verifierLabel = "coffer/v1/recovery-verifier"
    /// Characters after the `1` separator: 52 for 256 bits, 6 for the checksum.
    static let dataCharacterCount = 58

    /// The key's 32 bytes; show it to the user through `writtenForm` only.
    package let secret: SecretBytes
    /// Wraps 32 bytes already checked to be a recovery key.
    package init(validated secret: SecretBytes) { self.secret = secret }

    /// "recovery key (redacted)": never the key itself.
    public var description: String { "\(Self.roleName) (redacted)" }

    /// The written form, e.g. `COFFER-RECOVERY1 QYPQ XPQ9 … 7X`: groups of four, separated by single spaces.
    public var writtenForm: String {
        let text = Bech32.encode(
            humanReadablePart: Self.humanReadablePart, data: secret.revealedBytes(), uppercase: true)
        let prefixLength = Self.humanReadablePart.count + 1
        let data = Array(text.dropFirst(prefixLength))
        let groups = stride(from: 0, to: data.count, by: 4).map { String(data[$0..<min($0 + 4, data.count)]) }
        return ([String(text.prefix(prefixLength))] + groups).joined(separator: " ")
    }

    /// Parses a written recovery key. Spaces, tabs and line breaks are ignored and case does not matter.
    public init(writtenForm: String) throws(KeysError) {
        let compact = String(writtenForm.unicodeScalars.filter { !" \t\r\n".unicodeScalars.contains($0) }).lowercased()
        let prefix = Self.humanReadablePart + "1"
        guard compact.hasPrefix(prefix) else {
            throw .recoveryKeyMalformed("it does not start with \"\(prefix.uppercased())\"")
        }
        let dataCount = compact.utf8.count - prefix.utf8.count
        guard dataCount == Self.dataCharacterCount else {
            throw .recoveryKeyMistyped(
                "has \(dataCount) characters after the prefix, expected \(Self.dataCharacterCount) "
                    + "(something is missing or extra)"
            )
        }
        let data: [UInt8]
        do {
            data = try Bech32.decode(compact, expecting: Self.humanReadablePart)
        } catch {
            if case .invalidBech32(.checksumMismatch) = error { throw .recoveryKeyMistyped("checksum mismatch") }
            if case .invalidBech32(.invalidDataCharacter(let character)) = error.reason {
                throw .recoveryKeyMalformed(
                    "\"\(character.uppercased())\" is not a recovery key character (no 1, B, I, O)")
            }
            throw .recoveryKeyMalformed(error.description)
        }
        guard data.count == Self.byteCount else {
            throw .recoveryKeyMalformed("it holds \(data.count) bytes, expected \(Self.byteCount)")
        }
        self.init(validated: SecretBytes(data))
    }

    /// The key that wraps the master key under purpose "recovery".
    var wrapKey: SecretKey32 {
        HKDF<SHA256>.deriveKey32(inputKeyMaterial: secret, salt: [], info: Array(Self.wrapKeyLabel.utf8))
    }

    /// `wrapKey`, exposed only so the vector audit can check the derivation.
    package var wrapKeyForAudit: SecretBytes { wrapKey.secret }

    /// The value stored in the account record to recognise this key.
    package var verifier: [UInt8] { derive(Self.verifierLabel).revealedBytes() }

    private func derive(_ label: String) -> SecretBytes {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: secret, salt: [], info: Array(label.utf8))
    }
}
