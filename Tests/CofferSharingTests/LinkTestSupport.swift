// SPDX-License-Identifier: MIT
import CofferAge
import CofferKeys
import CofferPrimitives
import CofferSharing
import Foundation
import Synchronization

/// Shared fixtures of the link tests.
enum LinkFixtures {
    static let password = Password("correct horse battery staple")
    static let now: UInt64 = 1_800_000_000

    /// An age file encrypted to a fresh X25519 identity.
    static func ageFile(_ plaintext: [UInt8]) throws -> (identity: X25519Identity, file: [UInt8]) {
        let identity = X25519Identity.generate()
        let file = try AgeEncryptor(recipients: [identity.recipient]).encrypt(plaintext)
        return (identity, file)
    }

    static func opener(
        _ link: ShareLink, password: Password? = nil, now: UInt64 = now,
        hashing: any PasswordHashing = Argon2idHashing()
    ) -> LinkOpener {
        LinkOpener(link: link, password: password, now: now, hashing: hashing)
    }

    /// Runs `body` and returns the `LinkError` it threw (nil when it threw nothing or something else).
    static func linkError(_ body: () throws -> Void) -> LinkError? {
        do {
            try body()
            return nil
        } catch let error as LinkError {
            return error
        } catch {
            return nil
        }
    }

    static func header(of file: [UInt8]) throws -> (header: Header, rest: [UInt8]) {
        let source = BufferedSource(MemorySource(file))
        let header = try HeaderParser.parse(from: source)
        return (header, try source.readAll())
    }
}

/// Argon2id that counts its runs, to prove a refused record never reaches the KDF.
final class CountingHashing: PasswordHashing {
    private let count = Mutex(0)
    var runs: Int { count.withLock { $0 } }

    func stretch(_ password: Password, parameters: KDFParameters) throws(KeysError) -> StretchedPassword {
        count.withLock { $0 += 1 }
        return try Argon2idHashing().stretch(password, parameters: parameters)
    }
}
