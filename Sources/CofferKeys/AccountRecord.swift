// SPDX-License-Identifier: MIT
import CofferPrimitives

/// The account's key record: how to turn the password (or the recovery key) into the master key. 330 bytes:
///
/// ```
/// "CFAK" ‖ v ‖ accountID₁₆ ‖ BE64(revision) ‖ kdf₂₉ ‖ passwordVerifier₃₂ ‖ passwordWrap₇₂
///        ‖ recoveryVerifier₃₂ ‖ recoveryWrap₇₂ ‖ signature₆₄
/// signature = Ed25519(signingKey, "coffer/v1/account-record" ‖ record[0..<266])
/// ```
///
/// The signature (by the key the account id is derived from) authenticates every public field without the
/// password, so an edit by the storage side is `recordTampered` before the KDF runs, and a wrong password is
/// reported as `wrongPassword` by the verifier — the two can never be confused.
///
/// Version `v = 0x02` (same layout) says the account has a post-quantum key: its bundle must be version 2, so a
/// store that serves the bundle from before the key was added is caught (`postQuantumKeyMissing`).
package struct AccountRecord: Sendable, Equatable {
    package static let kind = "account"
    package static let magic = "CFAK"
    package static let label = "coffer/v1/account-record"
    package static let byteCount = 4 + 1 + 16 + 8 + 29 + 32 + 72 + 32 + 72 + 64

    /// 2 when the account has a post-quantum key (its bundle must carry it), else 1.
    package let version: UInt8
    package let accountID: AccountID
    /// Starts at 1 and grows by one with every password change or recovery; devices refuse to go back.
    package let revision: UInt64
    package let kdf: KDFParameters
    package let passwordVerifier: [UInt8]
    package let passwordWrap: WrappedMasterKey
    package let recoveryVerifier: [UInt8]
    package let recoveryWrap: WrappedMasterKey
    package private(set) var signature: [UInt8]

    /// Assembles and signs a record with the account's signing key.
    package init(
        signedBy keys: IdentityKeyPair, revision: UInt64, kdf: KDFParameters, passwordVerifier: [UInt8],
        passwordWrap: WrappedMasterKey, recoveryVerifier: [UInt8], recoveryWrap: WrappedMasterKey
    ) {
        version = keys.hybrid == nil ? RecordHeader.versionOne : RecordHeader.versionTwo
        accountID = keys.accountID
        self.revision = revision
        self.kdf = kdf
        self.passwordVerifier = passwordVerifier
        self.passwordWrap = passwordWrap
        self.recoveryVerifier = recoveryVerifier
        self.recoveryWrap = recoveryWrap
        signature = []
        signature = keys.sign(label: Self.label, body)
    }

    /// Parses exactly 330 bytes. Structure only: call `verify(against:)` before trusting any field.
    package init(encoded bytes: [UInt8]) throws(KeysError) {
        let passwordWrap: [UInt8]
        let recoveryWrap: [UInt8]
        do throws(RecordDecodingError) {
            let header = try RecordHeader.read(
                bytes, magic: Self.magic,
                lengths: [
                    RecordHeader.versionOne: .exactly(Self.byteCount),
                    RecordHeader.versionTwo: .exactly(Self.byteCount),
                ])
            version = header.version
            var reader = header.reader
            accountID = try reader.accountID("account id")
            revision = try reader.uint64("revision")
            kdf = try KDFParameters.read(from: &reader)
            passwordVerifier = try reader.take(32, "password verifier")
            passwordWrap = try reader.take(WrappedMasterKey.byteCount, "password wrap")
            recoveryVerifier = try reader.take(32, "recovery verifier")
            recoveryWrap = try reader.take(WrappedMasterKey.byteCount, "recovery wrap")
            signature = try reader.take(Ed25519.signatureByteCount, "signature")
            try reader.finish()
        } catch {
            throw .decoding(error, kind: Self.kind)
        }
        self.passwordWrap = try WrappedMasterKey(encoded: passwordWrap)
        self.recoveryWrap = try WrappedMasterKey(encoded: recoveryWrap)
    }

    /// Checks that the record belongs to `bundle`'s account and carries its signature. A record of another
    /// account (a swap) and an edited record are both `recordTampered`: neither was signed for this account.
    /// A version 2 record beside a bundle without a post-quantum key is `postQuantumKeyMissing` (a stripped or
    /// rolled-back bundle); a version 1 record accepts either bundle (an upgrade that has not reached the record).
    package func verify(against bundle: IdentityBundle) throws(KeysError) {
        guard accountID == bundle.accountID, bundle.keys.isValidSignature(signature, label: Self.label, body) else {
            throw .recordTampered(kind: Self.kind)
        }
        guard version == RecordHeader.versionOne || bundle.keys.isPostQuantum else {
            throw .postQuantumKeyMissing(account: accountID.hex, reason: "its signed account record says it has one")
        }
    }

    package var encoded: [UInt8] { body + signature }

    /// Everything the signature covers: the record without its last 64 bytes.
    var body: [UInt8] {
        var writer = RecordWriter()
        writer.append(ascii: Self.magic)
        writer.append(version)
        writer.append(accountID.bytes)
        writer.append(revision)
        writer.append(kdf.encoded)
        writer.append(passwordVerifier)
        writer.append(passwordWrap.encoded)
        writer.append(recoveryVerifier)
        writer.append(recoveryWrap.encoded)
        return writer.bytes
    }
}
