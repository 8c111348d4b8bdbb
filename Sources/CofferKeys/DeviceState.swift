// SPDX-License-Identifier: MIT
import Foundation

/// What one device remembers, kept apart from the storage side in its own directory (mode 0700):
/// `accounts.json` (per account: the highest account-record revision seen — the high-water mark that turns a
/// rollback into `rollbackDetected`) and `contacts.json` (the pin store, see `PinStore`). Local, never uploaded.
public struct DeviceState: Sendable {
    package let directory: URL

    /// The device state kept in `directory` (created with mode 0700 if absent).
    public init(directory: URL) throws(KeysError) {
        self.directory = directory
        try AtomicFile.createDirectory(directory)
    }

    /// The highest revision of `account`'s record this device has accepted; 0 if never seen.
    package func highWaterMark(for account: AccountID) throws(KeysError) -> UInt64 {
        try load([String: UInt64].self, "accounts.json")[account.hex] ?? 0
    }

    /// Raises the mark to `revision` (never lowers it).
    package func raiseHighWaterMark(for account: AccountID, to revision: UInt64) throws(KeysError) {
        var marks = try load([String: UInt64].self, "accounts.json")
        // Nothing is written when the mark does not move: reading commands work on a read-only device directory.
        if let old = marks[account.hex], old >= revision { return }
        marks[account.hex] = revision
        try save(marks, "accounts.json")
    }

    /// The accounts this device has created or unlocked, sorted.
    package func knownAccounts() throws(KeysError) -> [AccountID] {
        try load([String: UInt64].self, "accounts.json").keys.compactMap { try? AccountID(hex: $0) }.sorted()
    }

    func load<T: Codable & ExpressibleByDictionaryLiteral>(_ type: T.Type, _ name: String) throws(KeysError) -> T {
        let url = directory.appendingPathComponent(name)
        guard let bytes = try AtomicFile.read(url, what: "device state \(url.path)") else { return [:] }
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch {
            throw .storageFailure("device state \(url.path) is unreadable: it is not the JSON coffer wrote")
        }
    }

    func save<T: Codable>(_ value: T, _ name: String) throws(KeysError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data: Data
        do {
            data = try encoder.encode(value)
        } catch {
            throw .storageFailure("cannot encode device state \(name)")
        }
        try AtomicFile.write(Array(data) + [0x0A], to: directory.appendingPathComponent(name))
    }
}
