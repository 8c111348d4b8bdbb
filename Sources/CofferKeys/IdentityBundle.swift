// SPDX-License-Identifier: MIT
import CofferPrimitives

/// The public face of an account, given to contacts and stored beside the account:
///
/// `bundle = "CFIB" ‖ 0x01 ‖ accountID₁₆ ‖ x25519Public₃₂ ‖ ed25519Public₃₂ ‖ signature₆₄` (149 bytes), or, for an
/// account with a post-quantum key, `"CFIB" ‖ 0x02 ‖ accountID₁₆ ‖ x25519Public₃₂ ‖ ed25519Public₃₂
/// ‖ mlkem768x25519Public₁₂₁₆ ‖ signature₆₄` (1,365 bytes), where
/// `signature = Ed25519(signingKey, "coffer/v1/identity-bundle" ‖ bundle[0..<len − 64])` and
/// `accountID = BLAKE2b-128("coffer/v1/account-id" ‖ ed25519Public)`.
///
/// A reader checks the id against the signing key (`accountIDMismatch`), then the signature
/// (`invalidBundleSignature`), so no key can be replaced without the change being detected. The version byte is
/// signed, so a version 2 bundle cannot be cut down to version 1 by anyone but the account (Spec/accounts.md §6.3).
/// Text form: `Bech32(hrp: "coffer-identity", bundle)`, lowercase.
public struct IdentityBundle: Sendable, Hashable {
    package static let kind = "identity bundle"
    package static let magic = "CFIB"
    package static let label = "coffer/v1/identity-bundle"
    package static let humanReadablePart = "coffer-identity"
    /// A version 1 bundle (no post-quantum key).
    package static let byteCount = 4 + 1 + 16 + 32 + 32 + 64
    /// A version 2 bundle (with the 1,216-byte MLKEM768-X25519 key).
    package static let postQuantumByteCount = byteCount + MLKEM768X25519.publicKeyByteCount

    /// The length of a bundle of `version`, or nil for a version no reader knows.
    package static func byteCount(version: UInt8) -> Int? {
        switch version {
        case RecordHeader.versionOne: byteCount
        case RecordHeader.versionTwo: postQuantumByteCount
        default: nil
        }
    }

    package let keys: IdentityPublicKeys
    package let signature: [UInt8]

    /// The account this bundle belongs to (derived from its Ed25519 key).
    public var accountID: AccountID { keys.accountID }

    /// 2 when the bundle carries a post-quantum key, else 1.
    package var version: UInt8 { keys.isPostQuantum ? RecordHeader.versionTwo : RecordHeader.versionOne }

    /// Signs a bundle for `keys` (version 2 when they include a hybrid key).
    package init(signedBy keys: IdentityKeyPair) {
        self.keys = keys.publicKeys
        signature = keys.sign(label: Self.label, Self.body(self.keys))
    }

    /// Parses and verifies 149 (version 1) or 1,365 (version 2) bytes.
    package init(encoded bytes: [UInt8]) throws(KeysError) {
        let version: UInt8
        let claimedID: AccountID
        let agreementBytes: [UInt8]
        let signingBytes: [UInt8]
        var hybridBytes: [UInt8]?
        let body: [UInt8]
        do throws(RecordDecodingError) {
            let header = try RecordHeader.read(
                bytes, magic: Self.magic,
                lengths: [
                    RecordHeader.versionOne: .exactly(Self.byteCount),
                    RecordHeader.versionTwo: .exactly(Self.postQuantumByteCount),
                ])
            version = header.version
            var reader = header.reader
            claimedID = try reader.accountID("account id")
            agreementBytes = try reader.take(X25519.keyByteCount, "X25519 key")
            signingBytes = try reader.take(Ed25519.publicKeyByteCount, "Ed25519 key")
            if version == RecordHeader.versionTwo {
                hybridBytes = try reader.take(MLKEM768X25519.publicKeyByteCount, "post-quantum key")
            }
            body = reader.consumed
            signature = try reader.take(Ed25519.signatureByteCount, "signature")
            try reader.finish()
        } catch {
            throw .decoding(error, kind: Self.kind)
        }
        let agreement: X25519.PublicKey
        let signing: Ed25519.VerifyingKey
        do {
            agreement = try X25519.PublicKey(rawRepresentation: agreementBytes)
            signing = try Ed25519.VerifyingKey(rawRepresentation: signingBytes)
        } catch {
            throw .malformedRecord(kind: Self.kind, reason: "a public key has the wrong length")
        }
        var hybrid: MLKEM768X25519.PublicKey?
        if let hybridBytes {
            do {
                hybrid = try MLKEM768X25519.PublicKey(rawRepresentation: hybridBytes)
            } catch {
                throw .malformedRecord(kind: Self.kind, reason: "the post-quantum key is not canonical (\(error))")
            }
        }
        keys = IdentityPublicKeys(agreement: agreement, signing: signing, hybrid: hybrid)
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

    package var encoded: [UInt8] { Self.body(keys) + signature }

    /// The text form to hand to contacts: `coffer-identity1…` (Bech32).
    public var text: String { Bech32.encode(humanReadablePart: Self.humanReadablePart, data: encoded) }

    /// The fingerprint of the X25519 and Ed25519 keys (§6.4). The hybrid key is not in it: the Ed25519 key the
    /// fingerprint covers signs it, and an account that adds one keeps the fingerprint its contacts verified.
    public var fingerprint: Fingerprint { Fingerprint(keys) }

    static func body(_ keys: IdentityPublicKeys) -> [UInt8] {
        let version = keys.isPostQuantum ? RecordHeader.versionTwo : RecordHeader.versionOne
        return Array(magic.utf8) + [version] + keys.accountID.bytes + keys.agreement.rawRepresentation
            + keys.signing.rawRepresentation + (keys.hybrid?.rawRepresentation ?? [])
    }
}
