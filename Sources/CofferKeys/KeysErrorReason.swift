// SPDX-License-Identifier: MIT
import CofferPrimitives

extension KeysError {
    /// The reason of a `KeysError`, one case per reader rule: the structured details the CLI and the vector runners
    /// read. Not public: a client reads `code` and `description`.
    package enum Reason: Equatable, Sendable, CustomStringConvertible {
        /// A record has the wrong length, magic, algorithm byte or other structure (not canonical). Nothing was used.
        case malformedRecord(kind: String, reason: String)
        /// A record declares a format version this implementation does not know.
        case unsupportedVersion(kind: String, version: UInt8)
        /// A key handed to the layer has the wrong length.
        case invalidKeyLength(role: String, expected: Int, actual: Int)
        /// A stored KDF parameter is below the floor (a downgrade); refused before the KDF runs.
        case kdfParameterBelowFloor(KDFParameter, value: UInt64, minimum: UInt64)
        /// A stored KDF parameter is above the cap (a denial of service); refused before the KDF runs.
        case kdfParameterAboveCap(KDFParameter, value: UInt64, maximum: UInt64)
        /// The KDF itself failed (usually: not enough memory for the requested parameters).
        case kdfFailed(String)
        /// A signature or AEAD tag over a record did not verify: the storage side edited, swapped or forged it.
        case recordTampered(kind: String)
        /// The password verifier did not match: the password is wrong (the record itself is authentic).
        case wrongPassword
        /// The recovery verifier did not match: the recovery key is well-formed but belongs to another account.
        case wrongRecoveryKey
        /// The recovery key's checksum failed: it was probably mistyped (a changed, swapped or missing character).
        case recoveryKeyMistyped(String)
        /// The recovery key is not a recovery key at all (wrong prefix, characters, case or length).
        case recoveryKeyMalformed(String)
        /// An identity bundle's signature does not verify under its own signing key.
        case invalidBundleSignature
        /// An account id is not the one derived from the signing key, or not the one that was asked for.
        case accountIDMismatch(expected: String, actual: String)
        /// A public key stored beside a secret differs from the one the secret derives.
        case identityKeyMismatch(String)
        /// An account known to have a post-quantum key (from its signed account record or this device's pin) is
        /// presented without one: the storage side, or whoever handed over the bundle, stripped or rolled it back.
        case postQuantumKeyMissing(account: String, reason: String)
        /// A pinned contact now presents a different key; a hard error until the user verifies the new key.
        case pinnedKeyChanged(contact: String, pinned: String, presented: String)
        /// A fingerprint the user compared does not match the key.
        case fingerprintMismatch(expected: String, actual: String)
        /// A record's revision is older than the newest this device has seen (a rollback by the storage side).
        case rollbackDetected(kind: String, seen: UInt64, presented: UInt64)
        /// No record (or contact, or account) under this id.
        case notFound(String)
        /// A record id that is not of the form `[a-z0-9][a-z0-9._-]{0,127}`.
        case invalidRecordID(String)
        /// Reading or writing the store or the device state failed.
        case storageFailure(String)

        package var description: String {
            switch self {
            case .malformedRecord(let kind, let reason): "malformed \(kind) record: \(reason)"
            case .unsupportedVersion(let kind, let version):
                "\(kind) record has format version \(version), which this version of coffer does not know\n"
                    + "hint: upgrade coffer, or the storage side served a forged record"
            case .invalidKeyLength(let role, let expected, let actual):
                "\(role) has \(actual) bytes, expected \(expected)"
            case .kdfParameterBelowFloor(let parameter, let value, let minimum):
                "the account asks for Argon2id \(parameter.rawValue) \(value), below the floor \(minimum); refused before "
                    + "running the KDF\nhint: a storage server that lowers KDF parameters is attempting a downgrade"
            case .kdfParameterAboveCap(let parameter, let value, let maximum):
                "the account asks for Argon2id \(parameter.rawValue) \(value), above the cap \(maximum); refused before "
                    + "running the KDF\nhint: a storage server that raises KDF parameters is attempting denial of service"
            case .kdfFailed(let reason): "password hashing failed: \(reason)"
            case .recordTampered(let kind):
                "\(kind) record failed its integrity check: it was modified, swapped or forged by the storage side"
            case .wrongPassword:
                "wrong password for this account\nhint: check the password, or use `coffer account recover`"
            case .wrongRecoveryKey:
                "this recovery key is valid but belongs to another account (or another recovery setup)"
            case .recoveryKeyMistyped(let reason):
                "recovery key \(reason): it was probably mistyped\nhint: check each group against the written copy"
            case .recoveryKeyMalformed(let reason): "not a coffer recovery key: \(reason)"
            case .invalidBundleSignature: "identity bundle signature does not verify: the bundle was modified or forged"
            case .accountIDMismatch(let expected, let actual): "account id \(actual) where \(expected) was expected"
            case .identityKeyMismatch(let which):
                "the stored \(which) public key does not belong to the stored secret key: the record was substituted"
            case .postQuantumKeyMissing(let account, let reason):
                "\(account) is presented without its post-quantum key, but \(reason): refused as a downgrade\n"
                    + "hint: the storage side, or whoever gave you this bundle, removed the key; ask the account's owner"
            case .pinnedKeyChanged(let contact, let pinned, let presented):
                "the key of contact \"\(contact)\" changed (pinned fingerprint \(pinned), presented \(presented))\n"
                    + "hint: compare the new fingerprint with \(contact) out of band, then run `coffer contact verify`"
            case .fingerprintMismatch(let expected, let actual):
                "fingerprint mismatch: the key has \(actual), you compared \(expected)\nhint: do not trust this key"
            case .rollbackDetected(let kind, let seen, let presented):
                "\(kind) record is at revision \(presented) but this device has seen revision \(seen): "
                    + "the storage side rolled it back"
            case .notFound(let what): "\(what) not found"
            case .invalidRecordID(let id): "invalid record id \"\(id)\""
            case .storageFailure(let reason): "storage failure: \(reason)"
            }
        }
    }
}

/// One factory per reason, so that `throw KeysError.case(…)` reads as before.
extension KeysError {
    package static func malformedRecord(kind: String, reason: String) -> KeysError {
        KeysError(.malformedRecord(kind: kind, reason: reason))
    }
    package static func unsupportedVersion(kind: String, version: UInt8) -> KeysError {
        KeysError(.unsupportedVersion(kind: kind, version: version))
    }
    /// A `kind` record the codec refused: `unsupportedVersion` for an unknown version byte, else `malformedRecord`
    /// with the codec's reason.
    package static func decoding(_ failure: RecordDecodingError, kind: String) -> KeysError {
        if case .unsupportedVersion(let version) = failure.problem {
            return .unsupportedVersion(kind: kind, version: version)
        }
        return .malformedRecord(kind: kind, reason: failure.reason(kind: kind))
    }
    package static func invalidKeyLength(role: String, expected: Int, actual: Int) -> KeysError {
        KeysError(.invalidKeyLength(role: role, expected: expected, actual: actual))
    }
    package static func kdfParameterBelowFloor(_ a0: KDFParameter, value: UInt64, minimum: UInt64) -> KeysError {
        KeysError(.kdfParameterBelowFloor(a0, value: value, minimum: minimum))
    }
    package static func kdfParameterAboveCap(_ a0: KDFParameter, value: UInt64, maximum: UInt64) -> KeysError {
        KeysError(.kdfParameterAboveCap(a0, value: value, maximum: maximum))
    }
    package static func kdfFailed(_ a0: String) -> KeysError {
        KeysError(.kdfFailed(a0))
    }
    package static func recordTampered(kind: String) -> KeysError {
        KeysError(.recordTampered(kind: kind))
    }
    package static let wrongPassword = KeysError(.wrongPassword)
    package static let wrongRecoveryKey = KeysError(.wrongRecoveryKey)
    package static func recoveryKeyMistyped(_ a0: String) -> KeysError {
        KeysError(.recoveryKeyMistyped(a0))
    }
    package static func recoveryKeyMalformed(_ a0: String) -> KeysError {
        KeysError(.recoveryKeyMalformed(a0))
    }
    package static let invalidBundleSignature = KeysError(.invalidBundleSignature)
    package static func accountIDMismatch(expected: String, actual: String) -> KeysError {
        KeysError(.accountIDMismatch(expected: expected, actual: actual))
    }
    package static func identityKeyMismatch(_ a0: String) -> KeysError {
        KeysError(.identityKeyMismatch(a0))
    }
    package static func postQuantumKeyMissing(account: String, reason: String) -> KeysError {
        KeysError(.postQuantumKeyMissing(account: account, reason: reason))
    }
    package static func pinnedKeyChanged(contact: String, pinned: String, presented: String) -> KeysError {
        KeysError(.pinnedKeyChanged(contact: contact, pinned: pinned, presented: presented))
    }
    package static func fingerprintMismatch(expected: String, actual: String) -> KeysError {
        KeysError(.fingerprintMismatch(expected: expected, actual: actual))
    }
    package static func rollbackDetected(kind: String, seen: UInt64, presented: UInt64) -> KeysError {
        KeysError(.rollbackDetected(kind: kind, seen: seen, presented: presented))
    }
    package static func notFound(_ a0: String) -> KeysError {
        KeysError(.notFound(a0))
    }
    package static func invalidRecordID(_ a0: String) -> KeysError {
        KeysError(.invalidRecordID(a0))
    }
    package static func storageFailure(_ a0: String) -> KeysError {
        KeysError(.storageFailure(a0))
    }
}
