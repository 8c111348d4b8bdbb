// SPDX-License-Identifier: MIT
import CofferPrimitives
import Foundation

@testable import CofferKeys

/// Argon2id at the floor, counting its runs so tests can prove a refused record never reached the KDF.
final class CountingHashing: PasswordHashing, @unchecked Sendable {
    private let lock = NSLock()
    private var runs = 0
    private let inner: any PasswordHashing

    init(_ inner: any PasswordHashing = Argon2idHashing()) { self.inner = inner }

    var count: Int { lock.withLock { runs } }

    func stretch(_ password: Password, parameters: KDFParameters) throws(KeysError) -> StretchedPassword {
        lock.withLock { runs += 1 }
        return try inner.stretch(password, parameters: parameters)
    }
}

/// A stand-in KDF (HKDF, microseconds) for building records with parameters the real policy refuses, as a
/// hostile storage side would. Never used where the test is about the KDF's output.
struct FastFakeHashing: PasswordHashing {
    func stretch(_ password: Password, parameters: KDFParameters) throws(KeysError) -> StretchedPassword {
        StretchedPassword(
            validated: try! HKDF<SHA256>.deriveKey(
                inputKeyMaterial: password.secret, salt: parameters.salt, info: parameters.encoded, outputByteCount: 32
            ))
    }
}

enum Fixtures {
    static let password = Password("correct horse battery staple")
    static let kdf = KDFProfile.moderate.parameters()

    /// A policy that admits anything, for forging records in tests.
    static let laxPolicy = KDFPolicy(
        minimumMemoryKiB: 0, maximumMemoryKiB: .max, minimumIterations: 0, maximumIterations: .max,
        minimumParallelism: 0, maximumParallelism: .max
    )

    /// One real account (Argon2id at the floor), made once and shared by the tests that only read it.
    static let account: (records: AccountRecordSet, account: UnlockedAccount, recoveryKey: RecoveryKey) = {
        try! AccountKeyring().create(password: password, kdf: kdf)
    }()

    static func flipped(_ bytes: [UInt8], at index: Int) -> [UInt8] {
        var copy = bytes
        copy[index] ^= 0x01
        return copy
    }

    static func temporaryDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("coffer-keys-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
