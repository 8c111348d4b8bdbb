// SPDX-License-Identifier: MIT
import CofferPrimitives

/// The age passphrase recipient: `-> scrypt base64(salt) logN` with body `ChaCha20-Poly1305(wrapKey, 0¹², fileKey)`,
/// `wrapKey = scrypt(passphrase, salt: "age-encryption.org/v1/scrypt" ‖ salt, N = 2^logN, r = 8, p = 1, 32)`.
///
/// An scrypt stanza must be alone in its header, so a passphrase-encrypted file cannot silently also be readable by
/// someone else's key.
public struct ScryptRecipient: LabelledRecipient {
    static let stanzaType = "scrypt"
    static let saltLabel = Array("age-encryption.org/v1/scrypt".utf8)
    /// age's default work factor: about one second on a laptop. (`@usableFromInline`: the default argument of
    /// the public `init`.)
    @usableFromInline package static let defaultLogN = 18

    package let passphrase: SecretBytes
    package let logN: Int

    /// A passphrase recipient with work factor `2^logN` (1…30, `invalidWorkFactor` otherwise).
    public init(passphrase: SecretBytes, logN: Int = ScryptRecipient.defaultLogN) throws(AgeUsageError) {
        guard logN >= 1, logN <= 30 else { throw .invalidWorkFactor(logN) }
        self.passphrase = passphrase
        self.logN = logN
    }

    package var mustBeAlone: Bool { true }

    package func wrap(_ fileKey: FileKey) throws -> [Stanza] {
        let salt = SecureRandom.bytes(count: 16)
        let wrapKey = try SecretKey32(
            Scrypt.deriveKey(
                password: passphrase, salt: ScryptRecipient.saltLabel + salt, logN: UInt8(logN),
                maximumLogN: UInt8(logN)))
        let body = StanzaBody.seal(fileKey, wrapKey: wrapKey)
        return [
            Stanza(
                validatedType: ScryptRecipient.stanzaType, arguments: [Base64.encode(salt), String(logN)], body: body)
        ]
    }
}

/// Unwraps an `scrypt` stanza with a passphrase, refusing work factors above `maximumLogN` before running scrypt.
public struct ScryptIdentity: UnwrappingIdentity {
    package let passphrase: SecretBytes
    /// The largest accepted logN (default 22, as age): a hostile file could otherwise demand hours of work or GiBs.
    package let maximumLogN: Int

    /// A passphrase identity that refuses stanzas asking for more than `2^maximumLogN` work (capped at 30).
    public init(passphrase: SecretBytes, maximumLogN: Int = Int(Scrypt.defaultMaximumLogN)) {
        self.passphrase = passphrase
        self.maximumLogN = min(maximumLogN, 30)
    }

    /// `fileKey = ChaCha20-Poly1305-open(scrypt(label ‖ salt, passphrase, 2^logN), body)` for the lone `scrypt` stanza,
    /// after its work factor is checked against `maximumLogN`.
    package func unwrap(_ stanzas: [Stanza]) throws -> FileKey? {
        for stanza in stanzas where stanza.type == ScryptRecipient.stanzaType {
            guard stanza.arguments.count == 2 else {
                throw AgeError.invalidStanza(
                    type: stanza.type, reason: "expected 2 arguments, found \(stanza.arguments.count)")
            }
            let salt: [UInt8]
            do {
                salt = try Base64.decode(stanza.arguments[0])
            } catch {
                throw AgeError.invalidStanza(type: stanza.type, reason: "salt is not canonical base64")
            }
            guard salt.count == 16 else {
                throw AgeError.invalidStanza(type: stanza.type, reason: "salt has \(salt.count) bytes, expected 16")
            }
            let logN = try ScryptIdentity.parseWorkFactor(stanza.arguments[1])
            guard logN <= maximumLogN else { throw AgeError.workFactorTooLarge(logN: logN, maximum: maximumLogN) }
            try StanzaBody.checkLength(stanza.body, type: stanza.type)
            let wrapKey = try Scrypt.deriveKey(
                password: passphrase, salt: ScryptRecipient.saltLabel + salt, logN: UInt8(logN),
                maximumLogN: UInt8(logN)
            )
            if let fileKey = StanzaBody.open(stanza.body, wrapKey: wrapKey) { return fileKey }
        }
        return nil
    }

    /// logN is plain decimal `[1-9][0-9]*`: no sign, no leading zero, no hex, nothing after; at most 2 digits read
    /// so huge values cannot overflow.
    static func parseWorkFactor(_ text: String) throws(AgeError) -> Int {
        let digits = Array(text.utf8)
        guard let first = digits.first, first >= 0x31, first <= 0x39,
            digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
        else {
            throw .invalidStanza(
                type: ScryptRecipient.stanzaType, reason: "work factor \"\(text)\" is not a decimal number")
        }
        guard digits.count <= 2 else {
            throw .invalidStanza(
                type: ScryptRecipient.stanzaType, reason: "work factor \"\(text.prefix(20))\" is far too large")
        }
        return digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }
}
