// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferKeys
import CofferRemote
import CofferSharing
import Foundation

/// What every `coffer vault` subcommand needs: the account (`--store`, `--device`, `--account`), its keys (from the
/// running `coffer agent`, else the passphrase from `--passphrase-file` or the terminal) and the vault directory on
/// the storage side (`--vault`; default $COFFER_VAULT, else the account store itself — two accounts may share one
/// vault directory).
struct VaultOptions: ParsableArguments {
    @OptionGroup var storage: StorageOptions
    @OptionGroup var selection: AccountSelection

    @Option(
        name: .customLong("vault"),
        help: ArgumentHelp(
            "Vault directory on the storage side (default: $COFFER_VAULT, else --store); with a server --store, "
                + "the name of a record space on it (default: \"default\", which holds the account records too).",
            valueName: "dir|name"))
    var vault: String?

    @Option(
        help: ArgumentHelp(
            "Read the passphrase from this file (- for stdin); not read when a coffer agent holds the account.",
            valueName: "file"))
    var passphraseFile: String?

    /// Unlocks the account and opens the vault.
    func open() throws -> Vault { try openWithServer().vault }

    /// The vault, and with a server `--store` the record store on it, whose requests are signed with the account's
    /// identity key (Spec/server.md §6.1): the commands that share, unshare and accept register the change there.
    func openWithServer() throws -> (vault: Vault, server: HTTPRecordStore?) {
        let service = try storage.service()
        let id = try selection.resolve(in: service)
        let account = try unlock(id, in: service)
        let vaultName = vault ?? ProcessInfo.processInfo.environment["COFFER_VAULT"].flatMap { $0.isEmpty ? nil : $0 }
        if let server = try storage.server() {
            let remote = try HTTPRecordStore(server: server, vault: vaultName ?? StorageOptions.defaultRemoteVault)
                .signed(by: account.identity.signing)
            return (Vault(account: account, store: remote, device: service.device), remote)
        }
        let directory = vaultName ?? storage.store ?? StorageOptions.defaultDirectory("COFFER_STORE", "store")
        let store = try VaultDirectoryStore(directory: URL(fileURLWithPath: directory))
        return (Vault(account: account, store: store, device: service.device), nil)
    }

    /// The one place vault commands unlock an account (Spec/agent.md §5): the running agent's keys when it holds
    /// the account (same record checks, no KDF, no passphrase read), else the passphrase. No agent, or an agent
    /// that cannot be reached, means the passphrase; so does a socket served by another user (nothing is sent to
    /// it, and a note says so). An agent that breaks the protocol is an error, never a silent fallback.
    func unlock(_ id: AccountID, in service: AccountService) throws -> UnlockedAccount {
        var held: AgentClient.HeldAccount?
        do throws(AgentError) {
            held = try AgentClient().held(id)
        } catch .system {
            held = nil
        } catch .foreignListener(let uid) {
            // Nothing was sent to it; a socket planted in /tmp must not lock the user out of their vault.
            CLI.note(
                "ignoring the agent socket \(AgentSocketPath.resolve().path): another user (uid \(uid)) serves it")
            held = nil
        } catch {
            throw error.failure
        }
        do {
            if let held {
                return try service.unlock(id, masterKey: held.masterKey, authentication: held.authentication)
            }
            let password = try Passphrase.read(file: passphraseFile, prompt: "Passphrase")
            return try service.unlock(id, password: Password(password))
        } catch let error as KeysError {
            throw VaultError.account(error)
        }
    }
}

extension StorageOptions {
    /// The record space on a server that holds the account records and, without `--vault`, the vault.
    static let defaultRemoteVault = "default"

    /// The server's base URL when `--store` (or $COFFER_STORE) is `http://…` or `https://…`, else nil.
    func server() throws(KeysError) -> URL? {
        let text = store ?? ProcessInfo.processInfo.environment["COFFER_STORE"] ?? ""
        let lower = text.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else { return nil }
        guard let url = URL(string: text) else { throw .storageFailure("not a storage server URL: \(text)") }
        return url
    }

    /// The account records: in the directory, or in the server's default record space.
    func recordStore() throws(KeysError) -> any RecordStore {
        if let server = try server() { return try HTTPRecordStore(server: server, vault: Self.defaultRemoteVault) }
        return try DirectoryRecordStore(
            directory: URL(fileURLWithPath: store ?? Self.defaultDirectory("COFFER_STORE", "store")))
    }
}

/// A vault path argument (`/a/b`, or `@share/a/b` inside an accepted share).
func vaultPath(_ text: String) throws -> VaultPath { try VaultPath(text) }
