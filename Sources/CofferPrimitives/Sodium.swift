// SPDX-License-Identifier: MIT
internal import CSodium

/// libsodium must be initialised once before any other call; every primitive calls `Sodium.ensureInitialized()`.
enum Sodium {
    private static let initialization: Int32 = sodium_init()

    /// `sodium_init()` returns 0 on first success and 1 when already initialised; -1 means the library is unusable.
    static func ensureInitialized() {
        precondition(initialization >= 0, "libsodium failed to initialise")
    }
}
