// SPDX-License-Identifier: MIT
import CofferKeys
import CofferSharing
import Hummingbird

/// Who may do what with a record (Spec/server.md §6.2). A record id `P.S` belongs to its prefix `P`:
///
/// - **account records** (`P` an account id, `S` one of `account`, `bundle`, `secrets`) are read by anyone and
///   written only by that account (signed), except that a record that does not exist yet may be stored unsigned
///   (`coffer account create` stores them before it has a reason to sign: the id is new and derived from the key);
/// - **vault records**: the first signed write of any `P.*` binds `P` to its signer; from then on, `P.*` is
///   written (created, replaced, deleted) only by an owner of `P` or an active member of an owner's tree. An
///   account's own root (`P` = the root node id of that account) is written only by that account, and nobody else
///   may bind it. Reading or listing them takes any valid signature.
struct RecordAccess: Sendable {
    let store: any ServerStore

    static let accountSuffixes: Set<Substring> = ["account", "bundle", "secrets"]

    /// The account id (hex) that owns an account record, or nil for a vault record.
    static func accountOwner(of id: String) -> String? {
        let parts = id.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, accountSuffixes.contains(parts[1]), (try? AccountID(hex: String(parts[0]))) != nil
        else { return nil }
        return String(parts[0])
    }

    static func prefix(of id: String) -> String {
        String(id.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)[0])
    }

    static func forbidden(_ reason: String) -> HTTPError { HTTPError(.forbidden, message: reason) }

    /// Throws `403` unless `account` may create, replace or delete record `id` of `vault`; binds a new prefix.
    func authoriseWrite(vault: String, id: String, account: String) async throws {
        if let owner = Self.accountOwner(of: id) {
            guard owner == account else { throw Self.forbidden("only account \(owner) writes its account records") }
            try await reserveRoot(of: owner)
            return
        }
        let prefix = Self.prefix(of: id)
        switch try await store.prefixAccess(vault: vault, prefix: prefix, account: account) {
        case .allowed: return
        case .refused: throw Self.forbidden("this account may not write records \(prefix).*")
        case .unbound: break
        }
        let ownRoot = try NodeID.root(of: AccountID(hex: account)).hex == prefix
        if !ownRoot, try await isAnotherAccountsRoot(prefix, vault: vault) {
            throw Self.forbidden("records \(prefix).* are another account's root folder")
        }
        try await store.bindPrefix(vault: vault, prefix: prefix, creator: account, root: ownRoot)
        guard try await store.prefixAccess(vault: vault, prefix: prefix, account: account) == .allowed else {
            throw Self.forbidden("records \(prefix).* were just bound to another account")
        }
    }

    /// The record space (not a valid vault name) where the root folder ids of known accounts are reserved.
    static let reservedRoots = "*roots"

    /// Reserves the root folder id of an account whose records are being stored, in every record space.
    func reserveRoot(of owner: String) async throws {
        guard let account = try? AccountID(hex: owner) else { return }
        try await store.bindPrefix(
            vault: Self.reservedRoots, prefix: NodeID.root(of: account).hex, creator: owner, root: true)
    }

    /// True if `prefix` is the root folder id of another account this server knows (its account records were
    /// stored here): nobody else may create records there before it does.
    func isAnotherAccountsRoot(_ prefix: String, vault: String) async throws -> Bool {
        try await store.prefixAccess(vault: Self.reservedRoots, prefix: prefix, account: "") != .unbound
    }
}
