// SPDX-License-Identifier: MIT
import CofferPrimitives
import Testing

@Suite("AEAD and X25519 reader rules")
struct AEADAndX25519Tests {
    typealias Seal = ([UInt8], SecretBytes, [UInt8], [UInt8]) throws(PrimitiveError) -> [UInt8]

    struct AEAD: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let nonceByteCount: Int
        let seal: @Sendable ([UInt8], SecretBytes, [UInt8], [UInt8]) throws -> [UInt8]
        let open: @Sendable ([UInt8], SecretBytes, [UInt8], [UInt8]) throws -> [UInt8]
    }

    static let aeads = [
        AEAD(
            testDescription: "ChaCha20-Poly1305", nonceByteCount: 12,
            seal: { try ChaCha20Poly1305.seal($0, using: $1, nonce: $2, authenticating: $3) },
            open: { try ChaCha20Poly1305.open($0, using: $1, nonce: $2, authenticating: $3) }),
        AEAD(
            testDescription: "XChaCha20-Poly1305", nonceByteCount: 24,
            seal: { try XChaCha20Poly1305.seal($0, using: $1, nonce: $2, authenticating: $3) },
            open: { try XChaCha20Poly1305.open($0, using: $1, nonce: $2, authenticating: $3) }),
    ]

    static func isInvalidLength(_ error: any Error) -> Bool {
        if case .invalidLength = (error as? PrimitiveError)?.reason { return true }
        return false
    }

    @Test("wrong key, nonce and ciphertext lengths are invalidLength", arguments: aeads)
    func wrongLengths(_ aead: AEAD) throws {
        let key = SecretBytes.random(count: 32)
        let nonce = SecureRandom.bytes(count: aead.nonceByteCount)
        let sealed = try aead.seal([1, 2, 3], key, nonce, [])
        #expect(
            performing: { _ = try aead.open(sealed, SecretBytes.random(count: 31), nonce, []) },
            throws: Self.isInvalidLength)
        #expect(
            performing: { _ = try aead.open(sealed, SecretBytes.random(count: 33), nonce, []) },
            throws: Self.isInvalidLength)
        #expect(
            performing: { _ = try aead.open(sealed, key, Array(nonce.dropLast()), []) }, throws: Self.isInvalidLength)
        #expect(performing: { _ = try aead.open(sealed, key, nonce + [0], []) }, throws: Self.isInvalidLength)
        #expect(
            performing: { _ = try aead.open(Array(sealed.prefix(15)), key, nonce, []) }, throws: Self.isInvalidLength)
        #expect(performing: { _ = try aead.seal([1], key, [], []) }, throws: Self.isInvalidLength)
    }

    @Test("any tampering is authenticationFailed", arguments: aeads)
    func tampering(_ aead: AEAD) throws {
        let key = SecretBytes.random(count: 32)
        let nonce = SecureRandom.bytes(count: aead.nonceByteCount)
        let aad: [UInt8] = [9, 9]
        let sealed = try aead.seal(Array("attack at dawn".utf8), key, nonce, aad)
        #expect(try aead.open(sealed, key, nonce, aad) == Array("attack at dawn".utf8))
        for index in [0, 5, sealed.count - 1] {
            var tampered = sealed
            tampered[index] ^= 0x01
            #expect(throws: PrimitiveError.authenticationFailed) { try aead.open(tampered, key, nonce, aad) }
        }
        #expect(throws: PrimitiveError.authenticationFailed) { try aead.open(sealed, key, nonce, [9]) }
        var otherNonce = nonce
        otherNonce[0] ^= 1
        #expect(throws: PrimitiveError.authenticationFailed) { try aead.open(sealed, key, otherNonce, aad) }
        #expect(throws: PrimitiveError.authenticationFailed) {
            try aead.open(sealed, SecretBytes.random(count: 32), nonce, aad)
        }
    }

    /// u = 0 and u = 1 are low-order points: the shared secret would be all zero.
    @Test(
        "low-order public keys give x25519LowOrderPoint",
        arguments: [
            [UInt8](repeating: 0, count: 32),
            [1] + [UInt8](repeating: 0, count: 31),
            [UInt8](repeating: 0, count: 31) + [0x80],
        ])
    func lowOrderPoint(_ publicKey: [UInt8]) throws {
        let peer = try X25519.PublicKey(rawRepresentation: publicKey)
        #expect(throws: PrimitiveError.x25519LowOrderPoint) { try X25519.PrivateKey().sharedSecret(with: peer) }
    }

    @Test func x25519AgreesBothWays() throws {
        let alice = X25519.PrivateKey()
        let bob = X25519.PrivateKey()
        #expect(try alice.sharedSecret(with: bob.publicKey) == bob.sharedSecret(with: alice.publicKey))
        #expect(throws: PrimitiveError.invalidLength(what: "X25519 public key", expected: "32", actual: 31)) {
            try X25519.PublicKey(rawRepresentation: [UInt8](repeating: 9, count: 31))
        }
    }
}
