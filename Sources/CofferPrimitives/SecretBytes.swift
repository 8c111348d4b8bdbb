// SPDX-License-Identifier: MIT
internal import CSodium

/// Bytes that must stay secret: a key, a password, a derived secret.
///
/// The storage is zeroed with `sodium_memzero` when the last copy is released, compared only in constant
/// time (`sodium_memcmp`), and never printed: `description` shows the length only. Role types in higher
/// layers (`FileKey`, `MasterKey`, …) wrap a `SecretBytes` so one kind of key cannot be passed as another.
public struct SecretBytes: Sendable, Equatable, CustomStringConvertible {
    private let storage: Storage

    /// Copies `bytes` into zeroing storage. The caller remains responsible for the source buffer.
    public init(_ bytes: some Collection<UInt8>) {
        storage = Storage(count: bytes.count)
        _ = storage.pointer.initializeMemory(as: UInt8.self, from: bytes)
    }

    /// Makes `count` bytes and lets `body` fill them in place, so the secret is never held in an ordinary array.
    package init(count: Int, initializingWith body: (UnsafeMutableRawBufferPointer) throws -> Void) rethrows {
        storage = Storage(count: count)
        try body(storage.pointer)
    }

    /// `count` bytes from the operating system's CSPRNG (`randombytes_buf`).
    package static func random(count: Int) -> SecretBytes {
        SecretBytes(count: count) { SecureRandom.fill($0) }
    }

    package var count: Int { storage.pointer.count }

    /// Gives `body` read access to the secret. Do not let the pointer escape.
    package func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(storage.pointer))
    }

    /// Copies the secret out into an ordinary array. Only for encoding it deliberately (a key file, a test vector).
    package func revealedBytes() -> [UInt8] {
        withUnsafeBytes { Array($0) }
    }

    /// Constant-time comparison; lengths are public and compared first.
    public static func == (lhs: SecretBytes, rhs: SecretBytes) -> Bool {
        lhs.withUnsafeBytes { a in rhs.withUnsafeBytes { b in ConstantTime.equals(a, b) } }
    }

    public var description: String { "SecretBytes(\(count) bytes, redacted)" }
    /// The same as `description` (`String(reflecting:)` uses `description` too): never the bytes.
    package var debugDescription: String { description }

    /// The owning buffer; immutable after initialisation, zeroed and freed on deinit.
    private final class Storage: @unchecked Sendable {
        let pointer: UnsafeMutableRawBufferPointer

        init(count: Int) {
            Sodium.ensureInitialized()
            pointer = .allocate(byteCount: Swift.max(count, 0), alignment: 16)
            pointer.initializeMemory(as: UInt8.self, repeating: 0)
        }

        deinit {
            if let base = pointer.baseAddress {
                sodium_memzero(base, pointer.count)
            }
            pointer.deallocate()
        }
    }
}

/// Comparisons whose running time does not depend on the bytes compared.
package enum ConstantTime {
    /// `sodium_memcmp` over equal-length buffers; different lengths are unequal (lengths are not secret).
    package static func equals(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        guard a.count > 0, let pa = a.baseAddress, let pb = b.baseAddress else { return true }
        Sodium.ensureInitialized()
        return sodium_memcmp(pa, pb, a.count) == 0
    }

    package static func equals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.withUnsafeBytes { pa in b.withUnsafeBytes { pb in equals(pa, pb) } }
    }
}
