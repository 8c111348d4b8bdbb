// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives

/// The agent's keys: per account, `masterKey ‖ authenticationSecret` (64 bytes) in locked, guarded memory
/// (`LockedBytes`). At most 16 accounts. `wipeAll` zeroes and frees every one (time-out, stop, signal).
final class AgentKeyStore {
    static let capacity = 16
    static let secretByteCount = MasterKey.byteCount + AuthenticationSecret.byteCount

    private var held: [AccountID: LockedBytes] = [:]

    var accounts: [AccountID] { held.keys.sorted() }

    /// Keeps a copy of `secrets` (the caller zeroes its buffer); replaces, and wipes, what was held for `id`.
    func add(_ id: AccountID, secrets: ArraySlice<UInt8>) throws(AgentRefusal) {
        guard secrets.count == Self.secretByteCount else { throw .malformed }
        guard held[id] != nil || held.count < Self.capacity else { throw .full }
        guard let locked = secrets.withUnsafeBytes({ LockedBytes(copying: $0) }) else { throw .outOfMemory }
        held[id]?.wipe()
        held[id] = locked
    }

    /// A copy of the secrets held for `id` (the caller zeroes it after sending).
    func secrets(for id: AccountID) throws(AgentRefusal) -> [UInt8] {
        guard let locked = held[id], let bytes = locked.withUnsafeBytes({ Array($0) }) else { throw .notHeld }
        return bytes
    }

    func wipeAll() {
        for locked in held.values { locked.wipe() }
        held.removeAll()
    }
}
