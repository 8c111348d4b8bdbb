// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferKeys
import CofferPrimitives
import CofferRemote
import Foundation

/// Where the account lives: `--store` (the storage side: ciphertext and public records) and `--device`
/// (this device's pins and high-water marks). Defaults: $COFFER_STORE / $COFFER_DEVICE, else
/// $XDG_DATA_HOME/coffer/{store,device} (XDG_DATA_HOME defaults to ~/.local/share).
struct StorageOptions: ParsableArguments {
    @Option(
        name: .customLong("store"),
        help: ArgumentHelp(
            "Storage directory, or a coffer serve URL http://HOST:PORT/ (default: $COFFER_STORE, else "
                + "$XDG_DATA_HOME/coffer/store, else ~/.local/share/coffer/store; see coffer vault where).",
            valueName: "dir|url"))
    var store: String?

    @Option(
        name: .customLong("device"),
        help: ArgumentHelp(
            "Device-state directory (default: $COFFER_DEVICE, else $XDG_DATA_HOME/coffer/device, else "
                + "~/.local/share/coffer/device).", valueName: "dir"))
    var device: String?

    static func defaultDirectory(_ environment: String, _ leaf: String) -> String {
        defaultLocation(environment, leaf).path
    }

    /// The default for `--store`/`--device` and what decided it: `$COFFER_…`, else `$XDG_DATA_HOME/coffer/LEAF`,
    /// else `~/.local/share/coffer/LEAF` (the XDG base directory default).
    static func defaultLocation(_ environment: String, _ leaf: String) -> (path: String, source: String) {
        let env = ProcessInfo.processInfo.environment
        if let value = env[environment], !value.isEmpty { return (value, "$" + environment) }
        if let data = env["XDG_DATA_HOME"], !data.isEmpty { return (data + "/coffer/" + leaf, "$XDG_DATA_HOME") }
        // $HOME first, as the XDG base directory specification says; the password database when it is unset.
        let home = env["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return (home + "/.local/share/coffer/" + leaf, "default, $XDG_DATA_HOME unset")
    }

    func deviceState() throws(KeysError) -> DeviceState {
        try DeviceState(directory: URL(fileURLWithPath: device ?? Self.defaultDirectory("COFFER_DEVICE", "device")))
    }

    func service() throws(KeysError) -> AccountService {
        AccountService(store: try recordStore(), device: try deviceState())
    }

    /// With a server `--store`, the account service whose writes are signed with `key` (a server stores a new
    /// version of an account's records only signed by that account, Spec/server.md §6.2); else `service`.
    func signed(_ service: AccountService, by key: () throws -> Ed25519.SigningKey) throws -> AccountService {
        guard let server = try server() else { return service }
        let store = try HTTPRecordStore(server: server, vault: Self.defaultRemoteVault).signed(by: key())
        return AccountService(store: store, device: service.device, keyring: service.keyring)
    }
}

/// `--account ID`; without it, the only account in the store.
struct AccountSelection: ParsableArguments {
    @Option(help: ArgumentHelp("Account id (32 hex digits); default: the only account in the store.", valueName: "id"))
    var account: String?

    func resolve(in service: AccountService) throws(KeysError) -> AccountID {
        if let account { return try AccountID(hex: account) }
        return try service.defaultAccount()
    }
}

/// The Argon2id costs for a new password: a profile, optionally overridden (e.g. by `coffer kdf calibrate`).
struct KDFOptions: ParsableArguments {
    @Option(help: "KDF profile: moderate (m=64 MiB, t=3, p=1) or sensitive (m=256 MiB, t=4, p=1).")
    var profile: String = "moderate"

    @Option(
        name: .customLong("kdf-memory-mib"),
        help: ArgumentHelp("Override Argon2id memory in MiB (64 to 4096).", valueName: "mib"))
    var memoryMiB: UInt32?

    @Option(
        name: .customLong("kdf-iterations"), help: ArgumentHelp("Override Argon2id passes (3 to 16).", valueName: "t"))
    var iterations: UInt32?

    /// The overrides must lie inside the policy (`KDFPolicy.standard`): a usage error here, never a wrapped number
    /// or a message about a storage server.
    func validate() throws {
        let policy = KDFPolicy.standard
        let memory = (policy.minimumMemoryKiB / 1024)...(policy.maximumMemoryKiB / 1024)
        try OptionChecks.check(memoryMiB, in: memory, option: "--kdf-memory-mib")
        try OptionChecks.check(
            iterations, in: policy.minimumIterations...policy.maximumIterations, option: "--kdf-iterations")
    }

    /// The costs with a fresh salt, checked against the policy (never below the floor).
    func parameters() throws -> KDFParameters {
        guard let profile = KDFProfile(rawValue: profile) else {
            throw CLIFailure("unknown KDF profile \"\(profile)\"", hint: "use moderate or sensitive")
        }
        var kdf = profile.parameters()
        if let memoryMiB {
            let (kiB, overflow) = memoryMiB.multipliedReportingOverflow(by: 1024)
            guard !overflow else { throw ValidationError("--kdf-memory-mib \(memoryMiB) is too large") }
            kdf.memoryKiB = kiB
        }
        if let iterations { kdf.iterations = iterations }
        try KDFPolicy.standard.check(kdf)
        return kdf
    }
}
