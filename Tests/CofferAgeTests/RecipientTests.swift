// SPDX-License-Identifier: MIT
import CofferAge
import CofferPrimitives
import Foundation
import Testing

@Suite("Recipients and identities")
struct RecipientTests {
    @Test("X25519 keys encode as age1… / AGE-SECRET-KEY-1… and parse back")
    func x25519Encoding() throws {
        let identity = X25519Identity.generate()
        let recipient = identity.recipient.encoded
        #expect(recipient.hasPrefix("age1") && recipient.count == 62)
        #expect(try X25519Recipient(recipient) == identity.recipient)
        let secret = identity.encodedSecret()
        #expect(secret.hasPrefix("AGE-SECRET-KEY-1"))
        #expect(try X25519Identity(secret).recipient == identity.recipient)
        #expect(throws: AgeUsageError.self) { try X25519Recipient(recipient.uppercased()) }
        #expect(throws: AgeUsageError.self) { try X25519Identity(secret.lowercased()) }
    }

    @Test("FiloSottile's example.age decrypts with example_keys.txt")
    func example() throws {
        let keys = try String(
            contentsOfFile: Support.vectorPath("published/filosottile-age/example_keys.txt"), encoding: .utf8)
        let file = try Data(
            contentsOf: URL(fileURLWithPath: Support.vectorPath("published/filosottile-age/example.age")))
        let plain = try AgeDecryptor(identities: try IdentityFile.parse(keys)).decrypt(Array(file))
        #expect(String(decoding: plain, as: UTF8.self) == "Black lives matter.")
    }

    @Test("identity files: comments and blank lines skipped, CRLF tolerated, bad lines named by number only")
    func identityFile() throws {
        let identity = X25519Identity.generate()
        let text = IdentityFile.encode(identity, created: "2026-11-29T10:00:00Z")
        #expect(text.contains("# public key: \(identity.recipient.encoded)"))
        #expect(
            try IdentityFile.parse(text.replacingOccurrences(of: "\n", with: "\r\n"))
                .map { ($0 as? X25519Identity)?.recipient } == [identity.recipient])
        let reason = "not an AGE-SECRET-KEY-1… or AGE-SECRET-KEY-PQ-1… identity"
        #expect(throws: AgeUsageError.invalidIdentityFile(line: 2, reason: reason)) {
            try IdentityFile.parse("# ok\nsecret-looking-garbage\n")
        }
    }

    @Test("scrypt: round trip, must be alone when encrypting and decrypting, capped work factor")
    func scrypt() throws {
        let passphrase = SecretBytes(Array("correct horse".utf8))
        let recipient = try ScryptRecipient(passphrase: passphrase, logN: 10)
        let file = try AgeEncryptor(recipients: [recipient]).encrypt([1, 2, 3])
        #expect(try AgeDecryptor(identities: [ScryptIdentity(passphrase: passphrase)]).decrypt(file) == [1, 2, 3])
        let wrong = Support.ageError {
            _ = try AgeDecryptor(identities: [ScryptIdentity(passphrase: SecretBytes([1]))]).decrypt(file)
        }
        #expect(wrong?.outcome == .noMatch)
        let capped = Support.ageError {
            _ = try AgeDecryptor(identities: [ScryptIdentity(passphrase: passphrase, maximumLogN: 9)]).decrypt(file)
        }
        #expect(capped == .workFactorTooLarge(logN: 10, maximum: 9))
        #expect(throws: AgeUsageError.scryptNotAlone) {
            try AgeEncryptor(recipients: [recipient, Support.identity.recipient])
        }
    }

    /// A stanza type from a later layer plugs in without touching format code.
    struct TestRecipient: WrappingRecipient, UnwrappingIdentity {
        func wrap(_ fileKey: FileKey) throws -> [Stanza] {
            [try Stanza(type: "coffer.dev/test", arguments: [], body: fileKey.secret.revealedBytes())]
        }

        func unwrap(_ stanzas: [Stanza]) throws -> FileKey? {
            guard let stanza = stanzas.first(where: { $0.type == "coffer.dev/test" }) else { return nil }
            return try FileKey(secret: SecretBytes(stanza.body))
        }
    }

    /// A type from outside Coffer that claims to be a recipient and an identity, with no wrapping of its own.
    struct ForeignKey: Recipient, Identity {}

    @Test("the protocols are sealed: a foreign recipient type is refused, a foreign identity opens nothing")
    func foreignTypes() throws {
        #expect(throws: AgeUsageError.invalidRecipient("ForeignKey")) {
            try AgeEncryptor(recipients: [ForeignKey(), Support.identity.recipient])
        }
        let file = try AgeEncryptor(recipients: [Support.identity.recipient]).encrypt([7])
        let refused = #expect(throws: AgeError.self) { try AgeDecryptor(identities: [ForeignKey()]).decrypt(file) }
        #expect(refused?.code == .noMatch)
        #expect(try AgeDecryptor(identities: [ForeignKey(), Support.identity]).decrypt(file) == [7])
    }

    @Test("custom stanza types plug in through the protocols; others ignore them")
    func customStanza() throws {
        let file = try AgeEncryptor(recipients: [TestRecipient(), Support.identity.recipient]).encrypt([9, 9])
        #expect(try AgeDecryptor(identities: [TestRecipient()]).decrypt(file) == [9, 9])
        #expect(try Support.decrypt(file) == [9, 9])
    }
}
