// SPDX-License-Identifier: MIT
import CofferAge
import CofferKeys
import CofferPrimitives
import CofferSharing
import Foundation
import Testing

/// One test per attack on share links (Spec/security.md, "Share links"). The attacker is the server: it sees the
/// path (lookup id) and the file, can serve anything under a link, skip its own password gate, and sign records
/// with its own keys. A user's typo is included because it must never look like an attack or a wrong key.
@Suite struct LinkAttackTests {
    static let plaintext = Array("the quarterly numbers".utf8)

    /// A file with one link (optionally password-protected, optionally expiring) and its X25519 identity.
    static func linked(password: Password? = nil, expiry: UInt64 = 0, hashing: any PasswordHashing = Argon2idHashing())
        throws -> (link: ShareLink, file: [UInt8], identity: X25519Identity)
    {
        let (identity, file) = try LinkFixtures.ageFile(plaintext)
        let options = FileLinks.Options(password: password, expiry: expiry)
        let added = try FileLinks.addLink(toFile: file, identities: [identity], options: options, hashing: hashing)
        return (added.link, added.file, identity)
    }

    /// The file with its only link stanza replaced by `stanza`, as the server would serve it.
    static func serving(_ stanza: LinkEnvelope, in file: [UInt8]) throws -> [UInt8] {
        let (header, rest) = try LinkFixtures.header(of: file)
        let stanzas = header.stanzas.map { $0.type == LinkEnvelope.stanzaType ? stanza.stanza : $0 }
        return Header(stanzas: stanzas, mac: header.mac).encoded + rest
    }

    static func linkStanza(in file: [UInt8]) throws -> LinkEnvelope {
        try LinkEnvelope(parsing: try #require(try LinkFixtures.header(of: file).header.stanzas.last))
    }

    @Test func attackFlippedCharacterInSecretIsChecksumMismatch() throws {
        let text = try ShareLink(secret: .generate()).revealedText()
        let secretStart = text.distance(from: text.startIndex, to: text.firstIndex(of: "#")!) + 2
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        for position in secretStart..<text.count {
            var chars = Array(text)
            let original = chars[position]
            for replacement in alphabet where replacement != original {
                chars[position] = replacement
                #expect(throws: LinkError.checksumMismatch) { try ShareLink(parsing: String(chars)) }
            }
        }
    }

    @Test func attackDroppedOrDuplicatedCharacterInSecretIsChecksumMismatch() throws {
        let text = try ShareLink(secret: .generate()).revealedText()
        let secretStart = text.distance(from: text.startIndex, to: text.firstIndex(of: "#")!) + 2
        for position in secretStart..<text.count {
            var dropped = Array(text)
            let character = dropped.remove(at: position)
            #expect(throws: LinkError.checksumMismatch) { try ShareLink(parsing: String(dropped)) }
            var doubled = Array(text)
            doubled.insert(character, at: position)
            #expect(throws: LinkError.checksumMismatch) { try ShareLink(parsing: String(doubled)) }
        }
    }

    @Test func attackLinkCutAnywhereIsReportedAsCut() throws {
        let text = try ShareLink(secret: .generate()).revealedText()
        let hash = text.distance(from: text.startIndex, to: text.firstIndex(of: "#")!)
        for length in 0..<text.count {
            let cut = String(text.prefix(length))
            let expected: LinkError = length <= hash + 1 ? .missingSecret : .checksumMismatch
            #expect(throws: expected) { try ShareLink(parsing: cut) }
        }
    }

    @Test func attackWrongPasswordIsWrongPasswordAndMissingPasswordIsPasswordRequired() throws {
        let (link, file, _) = try Self.linked(password: LinkFixtures.password)
        let wrong = LinkFixtures.linkError {
            _ = try FileLinks.open(with: LinkFixtures.opener(link, password: Password("Tr0ub4dor&3")), file: file)
        }
        let missing = LinkFixtures.linkError { _ = try FileLinks.open(with: LinkFixtures.opener(link), file: file) }
        #expect(wrong == .wrongPassword)
        #expect(missing == .passwordRequired)
        #expect(
            try FileLinks.open(with: LinkFixtures.opener(link, password: LinkFixtures.password), file: file)
                == Self.plaintext)
    }

    /// The server "checks" the password itself and, being hostile, skips it: it serves the file to anyone. The
    /// opener still needs the password, because the password is part of the wrap key, not a gate.
    @Test func attackServerSkipsPasswordGateStillNoPlaintext() throws {
        let (link, file, _) = try Self.linked(password: LinkFixtures.password)
        let stanza = try Self.linkStanza(in: file)
        // 1. An honest client without the password: refused before any key is tried.
        #expect(
            LinkFixtures.linkError { _ = try FileLinks.open(with: LinkFixtures.opener(link), file: file) }
                == .passwordRequired)
        // 2. A client that ignores the record and tries the secret alone: the wrapped key does not open.
        let secretOnly = try link.secret.wrapKey(
            password: nil, parameters: nil, policy: .standard, hashing: Argon2idHashing())
        let body = stanza.wrappedKey
        #expect(throws: (any Error).self) {
            try ChaCha20Poly1305.open(body, using: secretOnly.secret, nonce: [UInt8](repeating: 0, count: 12))
        }
        // 3. The server rewrites the record to say "no password", signing with its own key: refused.
        let stripped = LinkEnvelope(
            record: LinkRecord(
                lookupID: stanza.record.lookupID, kind: .file, commitment: stanza.record.commitment,
                expiry: 0, kdf: nil),
            wrappedKey: stanza.wrappedKey, signingKey: Ed25519.SigningKey())
        #expect(
            LinkFixtures.linkError {
                _ = try FileLinks.open(with: LinkFixtures.opener(link), file: try Self.serving(stripped, in: file))
            } == .badRecordSignature)
        // 4. A wrapped key made without the password would need the file key, which the server never has.
        #expect(
            try FileLinks.open(with: LinkFixtures.opener(link, password: LinkFixtures.password), file: file)
                == Self.plaintext)
    }

    @Test func attackServerServesExpiredLinkIsRefused() throws {
        let expiry = LinkFixtures.now + 3600
        let (link, file, _) = try Self.linked(expiry: expiry)
        #expect(try FileLinks.open(with: LinkFixtures.opener(link, now: expiry - 1), file: file) == Self.plaintext)
        for now in [expiry, expiry + 1, expiry + 86400 * 365] {
            #expect(
                LinkFixtures.linkError { _ = try FileLinks.open(with: LinkFixtures.opener(link, now: now), file: file) }
                    == .linkExpired(expiry: expiry, now: now))
        }
    }

    @Test func attackServerExtendsExpiryWithItsOwnSignatureIsRefused() throws {
        let expiry = LinkFixtures.now - 10
        let (link, file, _) = try Self.linked(expiry: expiry)
        let stanza = try Self.linkStanza(in: file)
        var record = stanza.record
        record.expiry = 0
        let extended = LinkEnvelope(record: record, wrappedKey: stanza.wrappedKey, signingKey: Ed25519.SigningKey())
        #expect(
            LinkFixtures.linkError {
                _ = try FileLinks.open(with: LinkFixtures.opener(link), file: try Self.serving(extended, in: file))
            } == .badRecordSignature)
    }

    /// A record signed by someone else — the server, or another link's secret holder — is refused, even when every
    /// field is copied from the genuine record.
    @Test func attackRecordSignedBySomeoneElseIsRefused() throws {
        let (link, file, _) = try Self.linked()
        let stanza = try Self.linkStanza(in: file)
        for key in [Ed25519.SigningKey(), LinkSecret.generate().recordSigningKey] {
            let forged = LinkEnvelope(record: stanza.record, wrappedKey: stanza.wrappedKey, signingKey: key)
            #expect(
                LinkFixtures.linkError {
                    _ = try FileLinks.open(with: LinkFixtures.opener(link), file: try Self.serving(forged, in: file))
                } == .badRecordSignature)
        }
        // Every single flipped byte of the stanza body is refused too (by the signature or the strict grammar).
        for index in 0..<stanza.stanza.body.count {
            var body = stanza.stanza.body
            body[index] ^= 0x40
            let changed = try Stanza(type: LinkEnvelope.stanzaType, arguments: stanza.stanza.arguments, body: body)
            let (header, rest) = try LinkFixtures.header(of: file)
            let served = Header(stanzas: header.stanzas.dropLast() + [changed], mac: header.mac).encoded + rest
            let error = LinkFixtures.linkError { _ = try FileLinks.open(with: LinkFixtures.opener(link), file: served) }
            #expect(error != nil, "byte \(index)")
        }
    }

    @Test func attackServerServesAnotherFilesBlobIsRefused() throws {
        let (link, file, _) = try Self.linked()
        let (otherIdentity, other) = try LinkFixtures.ageFile(Array("someone else's file".utf8))
        // The other file as it is: it has no stanza for this link.
        #expect(
            LinkFixtures.linkError { _ = try FileLinks.open(with: LinkFixtures.opener(link), file: other) }
                == .noLinkStanza(lookupID: link.lookupID.urlText))
        // The other file with this link's stanza grafted into its header: the header MAC fails under our key.
        let (otherHeader, otherRest) = try LinkFixtures.header(of: other)
        let grafted =
            Header(
                stanzas: otherHeader.stanzas + [try Self.linkStanza(in: file).stanza],
                mac: otherHeader.mac
            ).encoded + otherRest
        #expect(throws: AgeError.headerMACMismatch) {
            _ = try FileLinks.open(with: LinkFixtures.opener(link), file: grafted)
        }
        // Our header in front of the other file's payload: the first chunk fails to authenticate.
        let (ourHeader, _) = try LinkFixtures.header(of: file)
        #expect(throws: AgeError.chunkAuthenticationFailed(chunk: 0)) {
            _ = try FileLinks.open(with: LinkFixtures.opener(link), file: ourHeader.encoded + otherRest)
        }
        // Another file's genuine link stanza moved into our header: it opens the other file's key, which does not
        // authenticate our header.
        let otherLink = try FileLinks.addLink(toFile: other, identities: [otherIdentity], options: .init())
        #expect(throws: AgeError.headerMACMismatch) {
            _ = try FileLinks.open(
                with: LinkFixtures.opener(otherLink.link),
                file: try Self.serving(try Self.linkStanza(in: otherLink.file), in: file))
        }
    }

    @Test func attackServerLowersKDFParametersIsRefusedBeforeKDF() throws {
        let counting = CountingHashing()
        let (link, file, _) = try Self.linked(password: LinkFixtures.password, hashing: counting)
        let stanza = try Self.linkStanza(in: file)
        let before = counting.runs
        var weak = stanza.record
        weak.kdf?.memoryKiB = 1024
        weak.kdf?.iterations = 1
        // Forged by the server: the signature fails first.
        let forged = LinkEnvelope(record: weak, wrappedKey: stanza.wrappedKey, signingKey: Ed25519.SigningKey())
        #expect(
            LinkFixtures.linkError {
                _ = try FileLinks.open(
                    with: LinkFixtures.opener(link, password: LinkFixtures.password, hashing: counting),
                    file: try Self.serving(forged, in: file))
            } == .badRecordSignature)
        // Signed by a secret holder with a careless client: the floor refuses it.
        let careless = LinkEnvelope(
            record: weak, wrappedKey: stanza.wrappedKey, signingKey: link.secret.recordSigningKey)
        #expect(
            LinkFixtures.linkError {
                _ = try FileLinks.open(
                    with: LinkFixtures.opener(link, password: LinkFixtures.password, hashing: counting),
                    file: try Self.serving(careless, in: file))
            } == .kdfParameterBelowFloor(.memoryKiB, value: 1024, minimum: 65536))
        #expect(counting.runs == before)
    }

    @Test func attackRevokedLinkNoLongerOpensAndOtherLinksStillDo() throws {
        let (first, file, identity) = try Self.linked()
        let second = try FileLinks.addLink(toFile: file, identities: [identity], options: .init())
        let (header, rest) = try LinkFixtures.header(of: second.file)
        let fileKey = try AgeDecryptor(identities: [identity]).unwrapFileKey(header)
        let revoked = try FileLinks.removing(first.lookupID, from: header, fileKey: fileKey).encoded + rest
        #expect(
            LinkFixtures.linkError { _ = try FileLinks.open(with: LinkFixtures.opener(first), file: revoked) }
                == .noLinkStanza(lookupID: first.lookupID.urlText))
        #expect(try FileLinks.open(with: LinkFixtures.opener(second.link), file: revoked) == Self.plaintext)
        #expect(try AgeDecryptor(identities: [identity]).decrypt(revoked) == Self.plaintext)
        // The server cannot revoke quietly by dropping the stanza and keeping the MAC: the other links then fail.
        let dropped =
            Header(
                stanzas: header.stanzas.filter { !$0.arguments.contains(first.lookupID.stanzaText) },
                mac: header.mac
            ).encoded + rest
        #expect(throws: AgeError.headerMACMismatch) {
            _ = try FileLinks.open(with: LinkFixtures.opener(second.link), file: dropped)
        }
    }

    @Test func attackEditedLookupIDInPathIsRefused() throws {
        let text = try ShareLink(secret: .generate()).revealedText()
        let other = try ShareLink(secret: .generate()).revealedText()
        let mixed = String(other.prefix { $0 != "#" }) + String(text.drop { $0 != "#" })
        #expect(LinkFixtures.linkError { _ = try ShareLink(parsing: mixed) } != nil)
        if case .lookupIDMismatch = LinkFixtures.linkError({ _ = try ShareLink(parsing: mixed) })?.reason {
        } else {
            Issue.record("expected lookupIDMismatch")
        }
    }
}
