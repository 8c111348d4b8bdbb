// SPDX-License-Identifier: MIT
import CofferKeys
import Foundation

/// A share this account accepted: whose folder it is and under which name the account reaches it (`@name/…`).
public struct AcceptedShare: Sendable, Codable, Equatable {
    /// The owner's identity bundle (`coffer-identity1…`), from the verified pin at accept time.
    public let owner: String
    /// The shared folder's id (hex).
    public let folder: String
}

/// A file share this account accepted (Spec/vault.md §7.4): whose file it is; read as `@name`.
package struct AcceptedFileShare: Sendable, Codable, Equatable {
    /// The owner's identity bundle (`coffer-identity1…`), from the verified pin at accept time.
    package let owner: String
    /// The shared file's node id (hex).
    package let file: String
}

/// What this device remembers about vaults, beside the account's own device state (`vault.json`, never uploaded):
/// per account, the high-water marks of every listing, keyring, member list and share it accepted, and the shares
/// it accepted. A record older than its mark is `rollbackDetected`.
package struct VaultDeviceState: Sendable {
    struct AccountState: Codable {
        var marks: [String: UInt64] = [:]
        var shares: [String: AcceptedShare] = [:]
        /// Accepted file shares, by name (one namespace with `shares`: a name is one or the other).
        var files: [String: AcceptedFileShare]?
        /// Records `vault gc` found unreferenced, and when it first did (seconds since 1970).
        var garbage: [String: Double]?
    }

    package enum MarkKind: String, Sendable {
        case manifest = "list"
        case keyring = "keys"
        case members = "members"
        case share = "share"
        /// A file share's node record version (Spec/vault.md §7.4), per file.
        case fileShare = "file-share"
    }

    package let device: DeviceState
    package let account: AccountID
    private var url: URL { device.directory.appendingPathComponent("vault.json") }

    package init(device: DeviceState, account: AccountID) {
        self.device = device
        self.account = account
    }

    /// The highest version of `kind` for `folder` accepted here; 0 if never seen.
    package func mark(_ kind: MarkKind, _ folder: NodeID) throws(VaultError) -> UInt64 {
        try load()[account.hex]?.marks["\(kind.rawValue)/\(folder.hex)"] ?? 0
    }

    /// Refuses `presented` below the mark, then raises the mark to it.
    func accept(_ kind: MarkKind, _ folder: NodeID, version presented: UInt64, what: String) throws(VaultError) {
        let seen = try mark(kind, folder)
        try Self.check(presented: presented, seen: seen, what: what)
        if presented > seen { try update { $0.marks["\(kind.rawValue)/\(folder.hex)"] = presented } }
    }

    /// Raises the mark to `version`, a state this device itself just committed (by create or compare-and-swap), and
    /// keeps a higher mark: another writer may have committed on top of it and this device read that, between the
    /// commit and this call (Spec/vault.md §10.2). Not a reader's check: the commit already was against the state
    /// read under the mark.
    func raise(_ kind: MarkKind, _ folder: NodeID, to version: UInt64) throws(VaultError) {
        if version > (try mark(kind, folder)) {
            try update { $0.marks["\(kind.rawValue)/\(folder.hex)"] = version }
        }
    }

    /// The rollback rule: `presented ≥ seen`, else `rollbackDetected`.
    package static func check(presented: UInt64, seen: UInt64, what: String) throws(VaultError) {
        guard presented >= seen else { throw .rollbackDetected(kind: what, seen: seen, presented: presented) }
    }

    package func shares() throws(VaultError) -> [String: AcceptedShare] { try load()[account.hex]?.shares ?? [:] }

    package func fileShares() throws(VaultError) -> [String: AcceptedFileShare] {
        try load()[account.hex]?.files ?? [:]
    }

    func saveFileShare(_ share: AcceptedFileShare, as name: String) throws(VaultError) {
        try update { $0.files = ($0.files ?? [:]).merging([name: share]) { $1 } }
    }

    /// Forgets an accepted file share; its mark stays.
    func removeFileShare(named name: String) throws(VaultError) {
        try update {
            $0.files?[name] = nil
            if $0.files?.isEmpty == true { $0.files = nil }
        }
    }

    /// The records `vault gc` saw unreferenced before, with when it first saw each.
    func garbageSeen() throws(VaultError) -> [String: Double] { try load()[account.hex]?.garbage ?? [:] }

    func saveGarbageSeen(_ seen: [String: Double]) throws(VaultError) {
        try update { $0.garbage = seen.isEmpty ? nil : seen }
    }

    func saveShare(_ share: AcceptedShare, as name: String) throws(VaultError) {
        try update { $0.shares[name] = share }
    }

    /// Forgets an accepted share (`vault leave`); its high-water marks stay, so accepting it again refuses a rollback.
    func removeShare(named name: String) throws(VaultError) {
        try update { $0.shares[name] = nil }
    }

    private func update(_ change: (inout AccountState) -> Void) throws(VaultError) {
        var all = try load()
        var mine = all[account.hex] ?? AccountState()
        change(&mine)
        all[account.hex] = mine
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            try encoder.encode(all).write(to: url, options: .atomic)
        } catch {
            throw .system("cannot write device state \(url.path)", error)
        }
    }

    private func load() throws(VaultError) -> [String: AccountState] {
        let bytes: [UInt8]?
        do {
            bytes = try AtomicFile.read(url, what: "device state \(url.path)")
        } catch {
            throw .storage(error)
        }
        guard let bytes else { return [:] }
        do {
            return try JSONDecoder().decode([String: AccountState].self, from: Data(bytes))
        } catch {
            throw .storageFailure("device state \(url.path) is unreadable: it is not the JSON coffer wrote")
        }
    }
}
