// SPDX-License-Identifier: MIT
import CofferPrimitives
import Testing

/// The non-throwing APIs for fixed-size inputs give the same bytes as the checked ones, and the one place each
/// length is checked refuses every other length.
@Suite("fixed-size keys and nonces")
struct FixedSizeKeyTests {
    static let key = SecretBytes(Array(0..<32))
    static let plaintext = Array("sixteen-byte key".utf8)

    @Test("SecretKey32 and the nonce types take exactly their length")
    func lengthsCheckedOnce() throws {
        #expect(try SecretKey32(Self.key).secret == Self.key)
        for count in [0, 16, 31, 33, 64] {
            #expect(throws: PrimitiveError.self) { try SecretKey32(SecretBytes([UInt8](repeating: 1, count: count))) }
        }
        #expect(throws: PrimitiveError.self) { try Nonce12([UInt8](repeating: 0, count: 11)) }
        #expect(throws: PrimitiveError.self) { try Nonce24([UInt8](repeating: 0, count: 12)) }
        #expect(Nonce12.zero.bytes == [UInt8](repeating: 0, count: 12))
        #expect(Nonce24.random() != Nonce24.random())
        #expect(SecretKey32.random() != SecretKey32.random())
        #expect("\(try SecretKey32(Self.key))" == "SecretKey32(redacted)")
    }

    @Test("a seal from SecretBytes storage equals the checked seal of the same bytes")
    func sealsMatch() throws {
        let key = try SecretKey32(Self.key)
        let secret = SecretBytes(Self.plaintext)
        let nonce24 = try Nonce24(Array(100..<124))
        let aad: [UInt8] = [1, 2, 3]
        let checkedX = try XChaCha20Poly1305.seal(
            Self.plaintext, using: Self.key, nonce: nonce24.bytes, authenticating: aad)
        #expect(XChaCha20Poly1305.seal(secret: secret, using: key, nonce: nonce24, authenticating: aad) == checkedX)
        #expect(XChaCha20Poly1305.seal(Self.plaintext, using: key, nonce: nonce24, authenticating: aad) == checkedX)
        let checkedC = try ChaCha20Poly1305.seal(Self.plaintext, using: Self.key, nonce: Nonce12.zero.bytes)
        #expect(ChaCha20Poly1305.seal(secret: secret, using: key, nonce: .zero) == checkedC)
        #expect(ChaCha20Poly1305.seal(Self.plaintext, using: key, nonce: .zero) == checkedC)
        #expect(try ChaCha20Poly1305.open(checkedC, using: Self.key, nonce: Nonce12.zero.bytes) == Self.plaintext)
    }

    @Test("HKDF and crypto_kdf to fixed lengths equal the checked forms")
    func derivationsMatch() throws {
        let info = Array("info".utf8)
        let long = try HKDF<SHA256>.deriveKey(inputKeyMaterial: Self.key, salt: [9], info: info, outputByteCount: 32)
        #expect(HKDF<SHA256>.deriveKey32(inputKeyMaterial: Self.key, salt: [9], info: info).secret == long)
        let short = try HKDF<SHA256>.deriveKey(inputKeyMaterial: Self.key, salt: [9], info: info, outputByteCount: 16)
        #expect(HKDF<SHA256>.deriveKey(inputKeyMaterial: Self.key, salt: [9], info: info, length: .bytes16) == short)
        let key = try SecretKey32(Self.key)
        for (length, count) in [(KeyLength.bytes16, 16), (.bytes32, 32)] {
            let checked = try SubkeyDerivation.deriveSubkey(
                from: Self.key, id: 7, context: "testctx1", byteCount: count)
            #expect(SubkeyDerivation.deriveKey(from: key, id: 7, context: TestContext.one, length: length) == checked)
        }
        #expect(SubkeyDerivation.allValid(TestContext.self))
        #expect(!SubkeyDerivation.allValid(BadContext.self))
        for bad in ["", "seven77", "nine99999", "contéxt"] { #expect(!SubkeyDerivation.isValidContext(bad), "\(bad)") }
    }

    @Test("Ed25519 and X25519 keys from a 32-byte key equal the checked ones")
    func keysMatch() throws {
        let key = try SecretKey32(Self.key)
        let checked = try Ed25519.SigningKey(seed: Self.key)
        #expect(Ed25519.SigningKey(seed: key).publicKey == checked.publicKey)
        #expect(Ed25519.SigningKey(seed: key).seed == Self.key)
        #expect(
            X25519.PrivateKey(secret: key).publicKey == (try X25519.PrivateKey(rawRepresentation: Self.key)).publicKey)
        #expect(throws: PrimitiveError.self) { try Ed25519.SigningKey(seed: SecretBytes([1, 2, 3])) }
    }

    enum TestContext: String, SubkeyContextName { case one = "testctx1" }
    enum BadContext: String, SubkeyContextName {
        case good = "testctx1"
        case short = "short"
    }
}
