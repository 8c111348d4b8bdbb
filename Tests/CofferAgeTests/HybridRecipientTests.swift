// SPDX-License-Identifier: MIT
import CofferAge
import CofferPrimitives
import Foundation
import Testing

/// The post-quantum hybrid recipient (`mlkem768x25519`): encodings, wrap/unwrap, the mixing rule, reader rules.
/// The CCTV suite (CCTVAgeTests) is the interop evidence for decryption; the C2SP spec's example key pair is the
/// evidence for key derivation and the string encodings.
@Suite("Hybrid post-quantum recipients")
struct HybridRecipientTests {
    /// The example identity and recipient of the C2SP age spec (§ The MLKEM768-X25519 hybrid recipient type).
    static let specIdentity = "AGE-SECRET-KEY-PQ-1XX76JRALNLXDMEW0CRK45QMCCH4X06SE84UN3VPM33W6HWDX0H3SK3ZQFR"
    static let specRecipient =
        "age1pq1x34nzsvr0rxjsgdn8zgyhfe8j7ceq5r9rdelkjuh3y235jzxshfg87pzf5zrqtzdxz95paef6caq5aapdmwjjqpjfdyxn"
        + "zr2zampc3uxy0dg4z2n2gm9su72p0pc3u0jvev55l694v78snxg3yzvcl7yda0eyytqj6a0ec477lnhcy5hzpz4zq3pxanve4cn6"
        + "2gqj3pjy5lqj9c6kyj4v2z8alktn8zh99970x79gjkv7522hv9kfz35zsnxhsx8wwtmu9cy3ftzjgwcp4sshn3llnylnpdsyz5jm"
        + "72vefv4x5vfwytrefxg4wq3mv42wcrvkj742479zrxzpvp2p3e9fed9f0739vcu80r7ma28qfhnvlv4gfzel9q654dj3zmuvvz89"
        + "3azhxdvs9fxd0r7jzchzcfcs5mkyyjxhw0n2z6dvp9yn9qfdp29h0azxqyjw6v7fhyuzj7zel0uq6j9rd7wgrpz7mf5dnj43jwsg"
        + "vrc8qcnhy7tu6dkdujuxzkp9xj43xe8h92ktre2a3u3s8mm5mrp9nr9pwkgtz4mdlq9hgn4fps4k57ff6wddn2fy23t47sm20r8k"
        + "m8sd2pcyyafnet8f0dajsrlyjeah4n3mssr6aseevuuskdvq5lzguyvpgwpta742c6698vgutzqgny8usfg0w2he7kq5vyxjd0f9"
        + "hqg8xk26y9e4th0gezq92q4cpp5p2y9hf5f2cje5l0c3sa3a2qxmm38pxxvhxh99yzmfz0zk7r2s64nnwjhkfgfr3gf8xnmppcgm"
        + "aykvh5sh6g7vk9790rf8ws0axmr2t7z8aae5fq2029uvcn2ghgt4fu4wgwdc0k0cz52qkvwmuzj8p8k5jgf3xzk5zmrkavjekjrp"
        + "eq408xz3zxazwkc6tyfmhayrkfpjhwtz5mp8j8guqe43k2q6m2kte03vrw27y3wmqyu5etmt9dnkwcnnpmu9gz9dekfhdevf42uc"
        + "shphnrk38ra6hx8w5f8q5ru0xdhrjxmwqf6cused7zc5xvq43r0zscjglpwlptpwydhqw64xz7ptjdyeyzpq2zkxtmzg29gzjpvz"
        + "va4d3l0cenn9xs297wf4y4ukwrunf57xj6pm7nvrkwvtrt8hwcmgv8x7ajw7258ugf9wvkmk4052ekg87tw5vnx8nq2swyzv77v8"
        + "yqlwsenvamr0zssknwts8rrhfuwj7ykysnq9jxy0uv3kuyt22djszjdtvpz6d0s0kwh8ryynddzud92emeyvvyqktd0jtj7rvvg5"
        + "gch25v8smlvny3kvn5gagyz475ze2y6q466xqmz2n3hs77lddeqyta2nch5k2u5yacuk9ywnwfdzvyejnucz724hj77hrrmakm7p"
        + "r3kxsrxq22ejexlud9fy2kdqmkg5yncz7jm5wv2qjk5w5kvcpqsry2yqffh2la52dxfjkjq5rzhjzeyn6dupn0qwtyv7s4lwg3xd"
        + "arsdlwe2y3tujy480y7z39q259fzx6jhd2j0f5hagqpcpees7hzc2yrk5cy788uk3s7qvp5cpepx24gvws3m2g433exgwppnkjsc"
        + "ec8qu4y9z9r7vccexjcjaen42245lmgmxmuavg9alej92322gvvyy2t6267v09ch64y0m53jff0vjj96s0ypk60hr3jw4myd6m5h"
        + "pn3xjstx7tl2szhpr5qe8jj08ydjc4wy2rch2fhuy3pdfjax5awe9j99ly5hkntzz9fe5zatgjvzdd0kgtxs25njnajyf6ssekp7"
        + "gelxquusn4pt25czh3scj68kq79wdn5tgm6yvm9nzavrg043x3msnygf8dweknw5jmqd0uvny6ttsn09508k0c55zfnegrm9efhx"
        + "pfqdkmhh6gjtqmwze9pyyzk3tlhl53k2ykx3qheyty7saeq0d3fzv49zc0k"

    @Test("the spec's example AGE-SECRET-KEY-PQ-1… derives the spec's example age1pq1…, and both re-encode")
    func specExample() throws {
        let identity = try HybridIdentity(HybridRecipientTests.specIdentity)
        #expect(identity.recipient.encoded == HybridRecipientTests.specRecipient)
        #expect(identity.encodedSecret() == HybridRecipientTests.specIdentity)
        let recipient = try HybridRecipient(HybridRecipientTests.specRecipient)
        #expect(recipient == identity.recipient)
        #expect(recipient.publicKey.rawRepresentation.count == 1216)
        #expect(HybridRecipientTests.specRecipient.count == 1959)
        // A cut recipient is refused, and the message quotes it shortened, with its length.
        let cut = String(HybridRecipientTests.specRecipient.prefix(1900))
        #expect(throws: AgeUsageError.invalidRecipient(cut)) { try HybridRecipient(cut) }
        #expect(
            AgeUsageError.invalidRecipient(cut).description
                == "invalid recipient \"\(cut.prefix(60))…\(cut.suffix(12))\" (1900 characters): "
                + "expected an age1… or age1pq1… public key")
    }

    @Test("generated keys: age1pq1… / AGE-SECRET-KEY-PQ-1…, case rules, identity file round trip")
    func encodings() throws {
        let identity = try HybridIdentity.generate()
        let recipient = identity.recipient.encoded
        #expect(recipient.hasPrefix("age1pq1") && recipient.count == 1959)
        #expect(try HybridRecipient(recipient) == identity.recipient)
        let secret = identity.encodedSecret()
        #expect(secret.hasPrefix("AGE-SECRET-KEY-PQ-1"))
        #expect(try HybridIdentity(secret).recipient == identity.recipient)
        #expect(throws: AgeUsageError.self) { try HybridRecipient(recipient.uppercased()) }
        #expect(throws: AgeUsageError.self) { try HybridIdentity(secret.lowercased()) }
        // An X25519 string is not a hybrid one, and the dispatchers pick the right type.
        let classical = X25519Identity.generate()
        #expect(throws: AgeUsageError.self) { try HybridRecipient(classical.recipient.encoded) }
        #expect(throws: AgeUsageError.self) { try HybridIdentity(classical.encodedSecret()) }
        #expect(try RecipientsFile.recipient(recipient) is HybridRecipient)
        #expect(try RecipientsFile.recipient(classical.recipient.encoded) is X25519Recipient)
        let file = IdentityFile.encode(identity, created: "2026-12-06T00:00:00Z")
        #expect(file.contains("# public key: \(recipient)\n\(secret)\n"))
        let parsed = try IdentityFile.parse(file + IdentityFile.encode(classical, created: "2026-12-06T00:00:00Z"))
        #expect((parsed[0] as? HybridIdentity)?.recipient == identity.recipient)
        #expect((parsed[1] as? X25519Identity)?.recipient == classical.recipient)
    }

    @Test("a public key whose ML-KEM part is not canonical (a coefficient ≥ q) is refused")
    func nonCanonicalPublicKey() throws {
        var bytes = try HybridRecipient(HybridRecipientTests.specRecipient).publicKey.rawRepresentation
        bytes[0] = 0xFF
        bytes[1] |= 0x0F  // the first 12-bit coefficient becomes 4095 > q = 3329
        #expect(throws: PrimitiveError.invalidPublicKey) { try MLKEM768X25519.PublicKey(rawRepresentation: bytes) }
        let text = Bech32.encode(humanReadablePart: "age1pq", data: bytes)
        #expect(throws: AgeUsageError.invalidRecipient(text)) { try HybridRecipient(text) }
        let short = Array(bytes.dropLast())
        #expect(throws: PrimitiveError.self) { try MLKEM768X25519.PublicKey(rawRepresentation: short) }
    }

    @Test("wrap/unwrap: one stanza of 1 argument (1120-byte enc) and a 32-byte body; the file decrypts")
    func roundTrip() throws {
        let identity = try HybridIdentity.generate()
        let fileKey = FileKey.generate()
        let stanzas = try identity.recipient.wrap(fileKey)
        #expect(stanzas.count == 1)
        #expect(stanzas[0].type == "mlkem768x25519")
        #expect(try Base64.decode(stanzas[0].arguments[0]).count == 1120)
        #expect(stanzas[0].body.count == 32)
        #expect(try identity.unwrap(stanzas) == fileKey)
        #expect(try HybridIdentity.generate().unwrap(stanzas) == nil)
        #expect(try X25519Identity.generate().unwrap(stanzas) == nil)
        let other = try HybridIdentity.generate()
        let file = try AgeEncryptor(recipients: [identity.recipient, other.recipient]).encrypt(Array("pq".utf8))
        #expect(try AgeDecryptor(identities: [other]).decrypt(file) == Array("pq".utf8))
        #expect(throws: AgeError.noIdentityMatched(stanzaTypes: ["mlkem768x25519", "mlkem768x25519"])) {
            try AgeDecryptor(identities: [X25519Identity.generate()]).decrypt(file)
        }
    }

    @Test("age's mixing rule: post-quantum and classical recipients never share a header")
    func mixing() throws {
        let hybrid = try HybridIdentity.generate().recipient
        let classical = X25519Identity.generate().recipient
        #expect(throws: AgeUsageError.postQuantumMixed) { try AgeEncryptor(recipients: [hybrid, classical]) }
        #expect(throws: AgeUsageError.postQuantumMixed) { try AgeEncryptor(recipients: [classical, hybrid]) }
        let scrypt = try ScryptRecipient(passphrase: SecretBytes(Array("pw".utf8)), logN: 1)
        #expect(throws: AgeUsageError.self) { try AgeEncryptor(recipients: [hybrid, scrypt]) }
        _ = try AgeEncryptor(recipients: [hybrid, try HybridIdentity.generate().recipient])
        _ = try AgeEncryptor(recipients: [classical, X25519Identity.generate().recipient])
    }

    @Test("reader rules: argument count, enc length and base64, body length, low-order X25519 half")
    func readerRules() throws {
        let identity = try HybridIdentity.generate()
        let good = try identity.recipient.wrap(FileKey.generate())[0]
        let enc = try Base64.decode(good.arguments[0])
        func stanza(_ arguments: [String], _ body: [UInt8]) throws -> [Stanza] {
            [try Stanza(type: "mlkem768x25519", arguments: arguments, body: body)]
        }
        let cases: [([Stanza], String)] = [
            (try stanza(good.arguments + ["x"], good.body), "expected 1 argument, found 2"),
            (try stanza([Base64.encode(Array(enc.dropLast()))], good.body), "enc has 1119 bytes, expected 1120"),
            (try stanza([Base64.encode(enc + [0])], good.body), "enc has 1121 bytes, expected 1120"),
            (try stanza(good.arguments, good.body + [0]), "body has 33 bytes, expected 32"),
        ]
        for (stanzas, reason) in cases {
            #expect(throws: AgeError.invalidStanza(type: "mlkem768x25519", reason: reason)) {
                try identity.unwrap(stanzas)
            }
        }
        // The X25519 half of enc set to the point u = 0 gives the all-zero shared secret: an abort, not "not mine".
        let lowOrder = Array(enc.prefix(1088)) + [UInt8](repeating: 0, count: 32)
        let lowOrderStanza = try stanza([Base64.encode(lowOrder)], good.body)
        #expect(throws: AgeError.lowOrderShare) { try identity.unwrap(lowOrderStanza) }
        // A flipped body bit is "not mine".
        var body = good.body
        body[0] ^= 1
        #expect(try identity.unwrap(try stanza(good.arguments, body)) == nil)
    }
}
