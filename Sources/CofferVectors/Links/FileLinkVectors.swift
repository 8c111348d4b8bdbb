// SPDX-License-Identifier: MIT
import CofferAge
import CofferKeys
import CofferPrimitives
import CofferSharing
import Foundation

/// `links_file_link.json`: age files carrying `coffer.dev/v1/link` stanzas, opened through a link (Spec/links.md
/// §4–6). Each refused case is what a hostile server (or a careless creator) could serve; the reader must name it.
package struct FileLinkCase: LinkVectorCase {
    package var tcId = 0
    package var comment: String
    package var flags: [String]
    /// The age file as served, hex.
    package var file: String
    /// The share link (its secret is a test-only secret, published on purpose).
    package var link: String
    /// The password typed by the opener, when one is typed.
    package var password: String?
    /// The opener's clock, Unix seconds.
    package var now: UInt64
    /// Valid cases: the plaintext, hex.
    package var plaintext: String?
    package var result: String
    package var expect: String?

    package func check() throws -> String? {
        let opener = LinkOpener(link: try ShareLink(parsing: link), password: password.map(Password.init), now: now)
        let opened = try FileLinks.open(with: opener, file: try Hex.decode(file))
        return LinkVectors.compare("plaintext", opened, plaintext)
    }
}

package struct FileLinkGenerator: VectorGenerator {
    package let fileName = "links_file_link.json"
    package static let algorithm = "coffer-links-file-link"
    static let now: UInt64 = 1_800_000_000
    package init() {}

    /// One deterministic age file: an X25519 stanza plus the given stanzas, under `fileKey`.
    private struct Sample {
        let fileKey: FileKey
        let x25519: Stanza
        let nonce: [UInt8]
        let plaintext: [UInt8]

        init(_ random: inout DeterministicRandom, size: Int) throws {
            fileKey = try FileKey(secret: random.secret(16))
            let identity = X25519Identity(privateKey: try X25519.PrivateKey(rawRepresentation: random.secret(32)))
            let ephemeral = try X25519.PrivateKey(rawRepresentation: random.secret(32))
            x25519 = try identity.recipient.wrap(fileKey, ephemeral: ephemeral)[0]
            nonce = random.bytes(16)
            plaintext = random.bytes(size)
        }

        func file(_ stanzas: [Stanza], macKey: FileKey? = nil) throws -> [UInt8] {
            let all = [x25519] + stanzas
            let header = Header(stanzas: all, fileKey: macKey ?? fileKey)
            let sink = MemorySink()
            let encryptor = try AgeEncryptor(recipients: [X25519Identity.generate().recipient])
            try encryptor.encrypt(from: MemorySource(plaintext), to: sink, fileKey: fileKey, stanzas: all, nonce: nonce)
            let headerLength = Header(stanzas: all, fileKey: fileKey).encoded.count
            return header.encoded + sink.bytes.dropFirst(headerLength)
        }
    }

    package func generate() throws -> Data {
        var random = DeterministicRandom(label: fileName)
        let hashing = Argon2idHashing()
        let sample = try Sample(&random, size: 1000)
        let otherFile = try Sample(&random, size: 200)
        let secret = try LinkSecret(random.secret(16))
        let passwordSecret = try LinkSecret(random.secret(16))
        let expiringSecret = try LinkSecret(random.secret(16))
        let secondSecret = try LinkSecret(random.secret(16))
        let stranger = try Ed25519.SigningKey(seed: random.secret(32))
        let kdf = KDFProfile.moderate.costs(salt: random.bytes(16))
        let password = Password("correct horse battery staple")
        let expiry = Self.now + 86400

        func record(
            _ secret: LinkSecret, kind: LinkRecord.TargetKind = .file, commitment: [UInt8]? = nil,
            expiry: UInt64 = 0, kdf: KDFParameters? = nil
        ) -> LinkRecord {
            LinkRecord(
                lookupID: secret.lookupID, kind: kind,
                commitment: commitment
                    ?? LinkRecord.commitment(
                        fileKey: sample.fileKey), expiry: expiry, kdf: kdf)
        }
        func stanza(_ secret: LinkSecret, _ record: LinkRecord, password: Password? = nil) throws -> LinkEnvelope {
            let wrap = try secret.wrapKey(
                password: password, parameters: record.kdf, policy: .standard, hashing: hashing)
            return LinkEnvelope(record: record, key: sample.fileKey.secret, wrapKey: wrap, secret: secret)
        }
        func link(_ secret: LinkSecret) throws -> String { try ShareLink(secret: secret).revealedText() }

        let plain = try stanza(secret, record(secret))
        let protected = try stanza(passwordSecret, record(passwordSecret, kdf: kdf), password: password)
        let expiring = try stanza(expiringSecret, record(expiringSecret, expiry: expiry))
        let second = try stanza(secondSecret, record(secondSecret))
        let file = try sample.file([plain.stanza, protected.stanza, expiring.stanza, second.stanza])

        func valid(
            _ comment: String, _ secret: LinkSecret, password: String? = nil, now: UInt64 = Self.now,
            file custom: [UInt8]? = nil, _ flags: [String] = []
        ) throws -> FileLinkCase {
            FileLinkCase(
                comment: comment, flags: flags, file: Hex.encode(custom ?? file), link: try link(secret),
                password: password, now: now, plaintext: Hex.encode(sample.plaintext), result: "valid")
        }
        func invalid(
            _ comment: String, _ secret: LinkSecret, _ expect: String, _ flags: [String],
            password: String? = nil, now: UInt64 = Self.now, file custom: [UInt8]? = nil
        ) throws -> FileLinkCase {
            FileLinkCase(
                comment: comment, flags: flags, file: Hex.encode(custom ?? file), link: try link(secret),
                password: password, now: now, result: "invalid", expect: expect)
        }
        /// A file whose only link stanza is `linkStanza` (as a server or a creator wrote it).
        func serving(_ linkStanza: LinkEnvelope) throws -> [UInt8] { try sample.file([linkStanza.stanza]) }
        func resigned(_ original: LinkEnvelope, _ change: (inout LinkRecord) -> Void, by key: Ed25519.SigningKey)
            -> LinkEnvelope
        {
            var changed = original.record
            change(&changed)
            return LinkEnvelope(record: changed, wrappedKey: original.wrappedKey, signingKey: key)
        }

        let typed = "correct horse battery staple"
        let positives = [
            try valid("a link without password", secret),
            try valid("a password-protected link", passwordSecret, password: typed, ["Password"]),
            try valid("a link that has not expired yet", expiringSecret, now: expiry - 1, ["Expiry"]),
            try valid("the second of several links in one header", secondSecret, ["SeveralLinks"]),
        ]
        var folderRecord = plain.record
        folderRecord.kind = .folder
        let folderEnvelope = LinkEnvelope(
            record: folderRecord, key: random.secret(32),
            wrapKey: try secret.wrapKey(password: nil, parameters: nil, policy: .standard, hashing: hashing),
            secret: secret)
        var flippedBody = plain.stanza.body
        flippedBody[20] ^= 1
        let flipped = try Stanza(type: LinkEnvelope.stanzaType, arguments: plain.stanza.arguments, body: flippedBody)
        var versionTwo = plain.stanza.body
        versionTwo[0] = 2
        let twoArguments = try Stanza(
            type: LinkEnvelope.stanzaType, arguments: plain.stanza.arguments + ["extra"], body: plain.stanza.body)
        var damaged = file
        damaged[damaged.count - 20] ^= 1
        let stranded = try otherFile.file([])
        let grafted = try otherFile.file([plain.stanza])
        let negatives = [
            try invalid("wrong password", passwordSecret, "wrongPassword", ["Password"], password: "Tr0ub4dor&3"),
            try invalid("no password for a password-protected link", passwordSecret, "passwordRequired", ["Password"]),
            try invalid(
                "a password for a link without one", secret, "passwordNotExpected", ["Password"], password: typed),
            try invalid(
                "expired: the clock reached the expiry", expiringSecret, "linkExpired", ["Expiry"], now: expiry),
            try invalid(
                "server extended the expiry and signed with its own key", expiringSecret, "badRecordSignature",
                ["Forged"], now: expiry, file: serving(resigned(expiring, { $0.expiry = 0 }, by: stranger))),
            try invalid(
                "server removed the password and signed with its own key", passwordSecret, "badRecordSignature",
                ["Forged", "Password"], file: serving(resigned(protected, { $0.kdf = nil }, by: stranger))),
            try invalid(
                "record signed with another link's key", secret, "badRecordSignature", ["Forged"],
                file: serving(resigned(plain, { _ in }, by: secondSecret.recordSigningKey))),
            try invalid(
                "one record byte flipped", secret, "badRecordSignature", ["Forged"],
                file: sample.file([flipped])),
            try invalid(
                "another file's blob served under the link", secret, "noLinkStanza", ["Substituted"],
                file: stranded),
            try invalid(
                "the link stanza grafted onto another file's header", secret, "headerMACMismatch",
                ["Substituted"], file: grafted),
            try invalid("a payload chunk altered", secret, "chunkAuthenticationFailed", ["Substituted"], file: damaged),
            try invalid(
                "authentic record asking for Argon2id memory below the floor", passwordSecret,
                "kdfParameterBelowFloor", ["Downgrade"], password: typed,
                file: serving(resigned(protected, { $0.kdf?.memoryKiB = 1024 }, by: passwordSecret.recordSigningKey))),
            try invalid(
                "authentic record asking for 1000 Argon2id passes", passwordSecret, "kdfParameterAboveCap",
                ["Downgrade"], password: typed,
                file: serving(resigned(protected, { $0.kdf?.iterations = 1000 }, by: passwordSecret.recordSigningKey))),
            try invalid(
                "authentic record committing to another file", secret, "targetMismatch", ["Substituted"],
                file: serving(
                    resigned(
                        plain, { $0.commitment = LinkRecord.commitment(fileKey: otherFile.fileKey) },
                        by: secret.recordSigningKey))),
            try invalid(
                "a folder record opened as a file", secret, "targetKindMismatch", ["Kind"],
                file: serving(folderEnvelope)),
            try invalid(
                "authentic record whose wrapped key does not open", secret, "fileKeyUnwrapFailed", ["Creator"],
                file: serving(
                    LinkEnvelope(
                        record: plain.record, wrappedKey: random.bytes(32),
                        signingKey: secret.recordSigningKey))),
            try invalid(
                "record version 2", secret, "unsupportedRecordVersion", ["Grammar"],
                file: sample.file([
                    Stanza(type: LinkEnvelope.stanzaType, arguments: plain.stanza.arguments, body: versionTwo)
                ])),
            try invalid(
                "link stanza with two arguments", secret, "malformedLinkStanza", ["Grammar"],
                file: sample.file([twoArguments])),
        ]
        // Spec/links.md §6 step 2 in order: the version byte (1, or 2 with kind folder), then the length, kind,
        // permissions, KDF flag, a version 2 record's owner and epoch, then the wrapped key the kind implies.
        // Appended after every earlier draw, so the cases above keep their bytes.
        func withVersion(_ version: UInt8) throws -> [UInt8] {
            var body = plain.stanza.body
            body[0] = version
            let stanza = try Stanza(type: LinkEnvelope.stanzaType, arguments: plain.stanza.arguments, body: body)
            return try sample.file([stanza])
        }
        var folderTwo = folderRecord
        folderTwo.owner = try AccountID(bytes: random.bytes(16))
        folderTwo.epoch = 1
        let folderTwoEnvelope = LinkEnvelope(
            record: folderTwo, key: random.secret(32),
            wrapKey: try secret.wrapKey(password: nil, parameters: nil, policy: .standard, hashing: hashing),
            secret: secret)
        let versions = [
            try invalid(
                "record version 0", secret, "unsupportedRecordVersion", ["RecordVersion"], file: withVersion(0)),
            try invalid(
                "record version 3", secret, "unsupportedRecordVersion", ["RecordVersion"], file: withVersion(3)),
            try invalid(
                "an authentic version 2 folder record (48-byte wrapped key) opened as a file: parses, then the kind",
                secret, "targetKindMismatch", ["RecordVersion"], file: serving(folderTwoEnvelope)),
            try invalid(
                "a version 2 folder record followed by a 32-byte wrapped key: the kind implies 48",
                secret, "malformedLinkStanza", ["RecordVersion"],
                file: serving(
                    LinkEnvelope(
                        record: folderTwo, wrappedKey: random.bytes(32), signingKey: secret.recordSigningKey))),
        ]
        return try LinkVectors.file(
            algorithm: Self.algorithm,
            header: [
                "age v1 files with coffer.dev/v1/link stanzas opened through a share link (Spec/links.md §4-6).",
                "Each file also has an X25519 stanza; age ignores the link stanzas.",
                "Password KDF: Argon2id m = 64 MiB, t = 3, p = 1.",
            ],
            notes: [
                "Password": "the password is mixed into the wrap key; missing, wrong and unexpected passwords differ",
                "Expiry": "an honest client refuses a record whose expiry is at or before its clock",
                "SeveralLinks": "one header carries several links, each found by its lookup id",
                "Forged": "the record signature is checked with the key S derives, before anything else is used",
                "Substituted": "the server served other content under the link",
                "Downgrade": "KDF parameters outside the client's policy are refused before the KDF runs",
                "Kind": "the record's target kind must be the one being opened",
                "Creator": "an authentic record whose key does not open (a broken creator)",
                "Grammar": "the stanza and record grammar is strict",
                "RecordVersion":
                    "version 1 is read; version 2 only with kind folder (so a file opener reports targetKindMismatch "
                    + "after the signature); any other version byte is unsupportedRecordVersion before anything else",
            ],
            groups: [("FileLink", positives), ("Refused", negatives), ("RecordVersion", versions)]
        )
    }
}
