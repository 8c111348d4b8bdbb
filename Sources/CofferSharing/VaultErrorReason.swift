// SPDX-License-Identifier: MIT
import CofferAge
import CofferKeys

extension VaultError {
    /// The reason of a `VaultError`, one case per reader rule: the structured details the CLI and the vector
    /// runners read. The case names are the `expect` values of the `vault_*.json` vectors (see `name`). Not
    /// public: a client reads `code` and `description`.
    package enum Reason: Equatable, Sendable, CustomStringConvertible {
        /// A record breaks its byte layout (length, magic, a field out of range, trailing bytes). Nothing was used.
        case malformedRecord(kind: String, reason: String)
        /// A record declares a format version this implementation does not know.
        case unsupportedVersion(kind: String, version: UInt8)
        /// A record names another tree, node, folder or recipient than the place it was read from (a record swapped,
        /// moved or copied from another account's tree by the storage side).
        case recordMisplaced(kind: String, reason: String)
        /// The record's signer is not allowed to write here (not the tree's owner nor on a signed member list).
        case unauthorizedWriter(kind: String, signer: String)
        /// The record's signer is a reader of this folder (Spec/vault.md §7.1, §8): readers may not write, whatever
        /// the storage side accepted.
        case readerSigned(kind: String, signer: String)
        /// This account is a reader of the folder at this path: it may not write, delete, rename or move there.
        case readOnly(path: String)
        /// The Ed25519 signature over a record does not verify: the record was edited after it was signed.
        case signatureInvalid(kind: String)
        /// A node record is not the one the folder's signed listing pins (its hash differs).
        case manifestMismatch(node: String)
        /// A child the signed listing names is missing from storage (deleted by the storage side).
        case childMissing(node: String)
        /// A record is older than the newest this device has accepted (a rollback by the storage side).
        case rollbackDetected(kind: String, seen: UInt64, presented: UInt64)
        /// The folder-key epoch a record needs is not reachable with the keys this account holds (for example a file
        /// added after this account was removed from the folder).
        case epochKeyUnavailable(folder: String, epoch: UInt32)
        /// An authenticated key wrap (folder key, epoch chain, file key or share) failed to open.
        case keyUnwrapFailed(kind: String)
        /// The encrypted metadata of a correctly signed node record failed to authenticate under its folder key.
        case metadataAuthenticationFailed(node: String)
        /// A `coffer.dev/v1/folder-key` stanza breaks its grammar (argument count, base64, epoch, body length).
        case malformedStanza(String)
        /// The content's header and nonce are not the ones the node record commits to (swapped or replaced blobs).
        case contentMismatch(node: String)
        /// The age content failed to decrypt (truncated, extended, reordered or edited chunks; header MAC).
        case contentDamaged(node: String, AgeError)
        /// A share from, or to, someone who is not a verified contact of this account (not pinned, or pinned but the
        /// fingerprint was never compared).
        case untrustedContact(String)
        /// This account is not on the folder's signed member list (never added, or removed).
        case notAMember(folder: String)
        /// A share to a contact without a post-quantum key, in a folder whose members hold post-quantum shares: its
        /// classical share record would expose the folder key to a future quantum computer (Spec/vault.md §7.3).
        case classicalShareRefused(folder: String, contact: String)
        /// No file or folder at this path (or no such share).
        case notFound(String)
        /// A file or folder of this name already exists there.
        case alreadyExists(String)
        /// A name or path that the vault does not accept (empty, `/`, NUL, control characters, `.` or `..`).
        case invalidName(String)
        /// The path names a file where a folder is needed, or the reverse; or an operation only the owner may do.
        case wrongNodeType(path: String, expected: String)
        /// A write would make a record larger than any reader accepts (more children, members or key epochs than
        /// the record format's cap); refused before anything is written.
        case limitReached(what: String, limit: UInt32)
        /// The account layer refused (wrong password, tampered or downgraded account record, changed contact key…).
        case account(KeysError)
        /// Reading or writing the storage side or the device state failed.
        case storageFailure(String)
        /// A record is larger than any record of its kind can be (Spec/vault.md §10.5); it was not read.
        case recordTooLarge(record: String, size: UInt64, limit: Int)
        /// Another writer changed a commit point (a listing, keyring, member list or share) between this writer's read
        /// and its compare-and-swap, again on every retry. Nothing of this writer's change is committed.
        case changedConcurrently(record: String)

        /// The case name, as written in the `expect` field of the vault vectors. Exhaustive on purpose.
        package var name: String {
            switch self {
            case .malformedRecord: "malformedRecord"
            case .unsupportedVersion: "unsupportedVersion"
            case .recordMisplaced: "recordMisplaced"
            case .unauthorizedWriter: "unauthorizedWriter"
            case .readerSigned: "readerSigned"
            case .readOnly: "readOnly"
            case .signatureInvalid: "signatureInvalid"
            case .manifestMismatch: "manifestMismatch"
            case .childMissing: "childMissing"
            case .rollbackDetected: "rollbackDetected"
            case .epochKeyUnavailable: "epochKeyUnavailable"
            case .keyUnwrapFailed: "keyUnwrapFailed"
            case .metadataAuthenticationFailed: "metadataAuthenticationFailed"
            case .malformedStanza: "malformedStanza"
            case .contentMismatch: "contentMismatch"
            case .contentDamaged: "contentDamaged"
            case .untrustedContact: "untrustedContact"
            case .notAMember: "notAMember"
            case .classicalShareRefused: "classicalShareRefused"
            case .notFound: "notFound"
            case .alreadyExists: "alreadyExists"
            case .invalidName: "invalidName"
            case .wrongNodeType: "wrongNodeType"
            case .limitReached: "limitReached"
            case .account: "account"
            case .storageFailure: "storageFailure"
            case .recordTooLarge: "recordTooLarge"
            case .changedConcurrently: "changedConcurrently"
            }
        }

        package var description: String {
            let tamper = "\nhint: the storage side returned data this account never wrote; do not trust it, fetch again"
            switch self {
            case .malformedRecord(let kind, let reason): return "malformed \(kind) record: \(reason)" + tamper
            case .unsupportedVersion(let kind, let version):
                return "\(kind) record has format version \(version), unknown to this coffer\nhint: upgrade coffer"
            case .recordMisplaced(let kind, let reason): return "\(kind) record is out of place: \(reason)" + tamper
            case .unauthorizedWriter(let kind, let signer):
                return "\(kind) record is signed by \(signer), who may not write here" + tamper
            case .readerSigned(let kind, let signer):
                return "\(kind) record is signed by \(signer), a reader of this folder, who may not write here" + tamper
            case .readOnly(let path):
                return "you are a reader of \(path): you may read it but not change it"
                    + "\nhint: ask the folder's owner to make you a writer (coffer vault share FOLDER CONTACT --writer)"
            case .signatureInvalid(let kind): return "\(kind) record signature does not verify" + tamper
            case .manifestMismatch(let node): return "node \(node) is not the record its folder listing pins" + tamper
            case .childMissing(let node):
                return "node \(node) is listed by its folder but missing from storage" + tamper
            case .rollbackDetected(let kind, let seen, let presented):
                return "\(kind) version \(presented) is older than version \(seen) already seen on this device "
                    + "(rollback)" + tamper
            case .epochKeyUnavailable(let folder, let epoch):
                return "folder \(folder) key epoch \(epoch) is not available to this account"
                    + "\nhint: the folder's owner may have removed you, or has not shared the new key yet"
            case .keyUnwrapFailed(let kind): return "\(kind) key wrap does not authenticate" + tamper
            case .metadataAuthenticationFailed(let node):
                return "metadata of node \(node) does not authenticate under its folder key" + tamper
            case .malformedStanza(let reason): return "malformed coffer.dev/v1/folder-key stanza: \(reason)" + tamper
            case .contentMismatch(let node):
                return "content of node \(node) is not the one its record commits to" + tamper
            case .contentDamaged(let node, let error):
                return "content of node \(node) is damaged: \(error.description)\nhint: nothing unverified was written"
            case .untrustedContact(let reason):
                return
                    "share refused: \(reason)\nhint: pin and verify the sharer with `coffer contact add/verify` first"
            case .notAMember(let folder): return "this account is not a member of folder \(folder)"
            case .classicalShareRefused(let folder, let contact):
                return "\(folder) is shared with post-quantum keys only, and \(contact) has no post-quantum key: "
                    + "a classical share would make the folder's key readable by a future quantum computer\n"
                    + "hint: ask \(contact) to run `coffer account add-pq` and re-pin the new bundle, "
                    + "or pass --allow-classical to share anyway"
            case .notFound(let what): return "\(what) not found"
            case .alreadyExists(let what): return "\(what) already exists"
            case .invalidName(let name):
                return "invalid name \"\(name)\" (1–255 bytes, no '/', NUL or control characters)"
            case .wrongNodeType(let path, let expected): return "\(path) is not \(expected)"
            case .limitReached(let what, let limit):
                return "\(what) would pass the limit of \(limit); nothing was written"
            case .account(let error): return error.description
            case .storageFailure(let reason): return "storage failure: \(reason)"
            case .recordTooLarge(let record, let size, let limit):
                return "record \(record) has \(size) bytes, more than the \(limit) a record of its kind can have"
                    + tamper
            case .changedConcurrently(let record):
                return "the vault changed while this command was using it (record \(record)), again on every retry"
                    + "\nhint: run it again"
            }
        }
    }
}

/// One factory per reason, so that `throw VaultError.case(…)` reads as before.
extension VaultError {
    package static func malformedRecord(kind: String, reason: String) -> VaultError {
        VaultError(.malformedRecord(kind: kind, reason: reason))
    }
    package static func unsupportedVersion(kind: String, version: UInt8) -> VaultError {
        VaultError(.unsupportedVersion(kind: kind, version: version))
    }
    /// A `kind` record the codec refused: `unsupportedVersion` for an unknown version byte, else `malformedRecord`
    /// with the codec's reason.
    package static func decoding(_ failure: RecordDecodingError, kind: String) -> VaultError {
        if case .unsupportedVersion(let version) = failure.problem {
            return .unsupportedVersion(kind: kind, version: version)
        }
        return .malformedRecord(kind: kind, reason: failure.reason(kind: kind))
    }
    package static func recordMisplaced(kind: String, reason: String) -> VaultError {
        VaultError(.recordMisplaced(kind: kind, reason: reason))
    }
    package static func unauthorizedWriter(kind: String, signer: String) -> VaultError {
        VaultError(.unauthorizedWriter(kind: kind, signer: signer))
    }
    package static func readerSigned(kind: String, signer: String) -> VaultError {
        VaultError(.readerSigned(kind: kind, signer: signer))
    }
    package static func readOnly(path: String) -> VaultError {
        VaultError(.readOnly(path: path))
    }
    package static func signatureInvalid(kind: String) -> VaultError {
        VaultError(.signatureInvalid(kind: kind))
    }
    package static func manifestMismatch(node: String) -> VaultError {
        VaultError(.manifestMismatch(node: node))
    }
    package static func childMissing(node: String) -> VaultError {
        VaultError(.childMissing(node: node))
    }
    package static func rollbackDetected(kind: String, seen: UInt64, presented: UInt64) -> VaultError {
        VaultError(.rollbackDetected(kind: kind, seen: seen, presented: presented))
    }
    package static func epochKeyUnavailable(folder: String, epoch: UInt32) -> VaultError {
        VaultError(.epochKeyUnavailable(folder: folder, epoch: epoch))
    }
    package static func keyUnwrapFailed(kind: String) -> VaultError {
        VaultError(.keyUnwrapFailed(kind: kind))
    }
    package static func metadataAuthenticationFailed(node: String) -> VaultError {
        VaultError(.metadataAuthenticationFailed(node: node))
    }
    package static func malformedStanza(_ a0: String) -> VaultError {
        VaultError(.malformedStanza(a0))
    }
    package static func contentMismatch(node: String) -> VaultError {
        VaultError(.contentMismatch(node: node))
    }
    package static func contentDamaged(node: String, _ a1: AgeError) -> VaultError {
        VaultError(.contentDamaged(node: node, a1))
    }
    package static func untrustedContact(_ a0: String) -> VaultError {
        VaultError(.untrustedContact(a0))
    }
    package static func notAMember(folder: String) -> VaultError {
        VaultError(.notAMember(folder: folder))
    }
    package static func classicalShareRefused(folder: String, contact: String) -> VaultError {
        VaultError(.classicalShareRefused(folder: folder, contact: contact))
    }
    package static func notFound(_ a0: String) -> VaultError {
        VaultError(.notFound(a0))
    }
    package static func alreadyExists(_ a0: String) -> VaultError {
        VaultError(.alreadyExists(a0))
    }
    package static func invalidName(_ a0: String) -> VaultError {
        VaultError(.invalidName(a0))
    }
    package static func wrongNodeType(path: String, expected: String) -> VaultError {
        VaultError(.wrongNodeType(path: path, expected: expected))
    }
    package static func limitReached(what: String, limit: UInt32) -> VaultError {
        VaultError(.limitReached(what: what, limit: limit))
    }
    package static func account(_ a0: KeysError) -> VaultError {
        VaultError(.account(a0))
    }
    package static func storageFailure(_ a0: String) -> VaultError {
        VaultError(.storageFailure(a0))
    }
    package static func recordTooLarge(record: String, size: UInt64, limit: Int) -> VaultError {
        VaultError(.recordTooLarge(record: record, size: size, limit: limit))
    }
    package static func changedConcurrently(record: String) -> VaultError {
        VaultError(.changedConcurrently(record: record))
    }
}
