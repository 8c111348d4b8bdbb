// SPDX-License-Identifier: MIT
import CofferPrimitives

/// The public face of an account, given to contacts and stored beside the account:
///
/// `bundle = "CFIB" ‖ 0x01 ‖ accountID₁₆ ‖ x25519Public₃₂ ‖ ed25519Public₃₂ ‖ signature₆₄` (149 bytes), where
/// `signature = Ed25519(signingKey, "coffer/v1/identity-bundle" ‖ bundle[0..<85])` and
/// `accountID = BLAKE2b-128("coffer/v1/account-id" ‖ ed25519Public)`.
///
/// A reader checks the id against the signing key (`accountIDMismatch`), then the signature
/// (`invalidBundleSignature`), so neither key can be replaced without the change being detected.
/// Text form: `Bech32(hrp: "coffer-identity", bundle)`, lowercase.
public struct IdentityBundle: Sendable, Hashable {
    public static let kind = "identity bundle"
    public static let magic = "CFIB"
    public static let label = "coffer/v1/identity-bundle"
    public static let humanReadablePart = "coffer-identity"
    public static let byteCount = 4 + 1 + 16 + 32 + 32 + 64

    public let keys: IdentityPublicKeys
    public let signature: [UInt8]

    public var accountID: AccountID { keys.accountID }

    /// Signs a bundle for `keys`.
    public init(signedBy keys: IdentityKeyPair) {
        self.keys = keys.publicKeys
        signature = keys.sign(label: Self.label, Self.body(self.keys))
    }

    /// Parses and verifies 149 bytes.
    public init(encoded bytes: [UInt8]) throws(KeysError) {
        try RecordHeader.check(bytes, kind: Self.kind, magic: Self.magic, length: Self.byteCount)
        var reader = ByteReader(bytes)
        _ = reader.take(5)
        let claimedID = try AccountID(bytes: reader.take(16))
        let agreement: X25519.PublicKey
        let signing: Ed25519.VerifyingKey
        do {
            agreement = try X25519.PublicKey(rawRepresentation: reader.take(32))
            signing = try Ed25519.VerifyingKey(rawRepresentation: reader.take(32))
        } catch {
            throw .malformedRecord(kind: Self.kind, reason: "a public key has the wrong length")
        }
        let body = reader.consumed
        signature = reader.take(64)
        keys = IdentityPublicKeys(agreement: agreement, signing: signing)
        guard claimedID == keys.accountID else {
            throw .accountIDMismatch(expected: keys.accountID.hex, actual: claimedID.hex)
        }
        guard keys.isValidSignature(signature, label: Self.label, body) else { throw .invalidBundleSignature }
    }

    /// Parses the Bech32 text form, then verifies as `init(encoded:)`.
    public init(text: String) throws(KeysError) {
        let trimmed = String(text.unicodeScalars.filter { !" \t\r\n".unicodeScalars.contains($0) })
        let bytes: [UInt8]
        do {
            bytes = try Bech32.decode(trimmed, expecting: Self.humanReadablePart)
        } catch {
            throw .malformedRecord(kind: Self.kind, reason: "text form: \(error.description)")
        }
        try self.init(encoded: bytes)
    }

    public var encoded: [UInt8] { Self.body(keys) + signature }

    public var text: String { Bech32.encode(humanReadablePart: Self.humanReadablePart, data: encoded) }

    public var fingerprint: Fingerprint { Fingerprint(keys) }

    static func body(_ keys: IdentityPublicKeys) -> [UInt8] {
        Array(magic.utf8) + [RecordHeader.versionOne] + keys.accountID.bytes + keys.agreement.rawRepresentation
            + keys.signing.rawRepresentation
    }
}
