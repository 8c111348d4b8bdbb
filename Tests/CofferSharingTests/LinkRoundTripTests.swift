// SPDX-License-Identifier: MIT
import CofferAge
import CofferKeys
import CofferPrimitives
import CofferSharing
import Foundation
import Testing

/// Library round trips: a link added to an age file opens it at the chunk edges, with and without a password,
/// while every earlier recipient still opens it; the link also works as an ordinary age `Identity`.
@Suite struct LinkRoundTripTests {
    static let sizes = [0, 1, 65536, 3 * 65536 + 17]

    @Test("add a link, open through it", arguments: sizes, [false, true])
    func linkOpensWhatItWasMadeFor(size: Int, password: Bool) throws {
        let plaintext = SecureRandom.bytes(count: size)
        let (identity, file) = try LinkFixtures.ageFile(plaintext)
        let pw = password ? LinkFixtures.password : nil
        let added = try FileLinks.addLink(toFile: file, identities: [identity], options: .init(password: pw))
        #expect(try FileLinks.open(with: LinkFixtures.opener(added.link, password: pw), file: added.file) == plaintext)
        #expect(try AgeDecryptor(identities: [identity]).decrypt(added.file) == plaintext)
        // Only the header changed: nonce and payload are byte for byte the same.
        let before = try LinkFixtures.header(of: file)
        let after = try LinkFixtures.header(of: added.file)
        #expect(before.rest == after.rest)
        #expect(after.header.stanzas.dropLast() == before.header.stanzas[...])
        #expect(after.header.stanzas.last?.type == LinkEnvelope.stanzaType)
    }

    @Test func linkWorksAsAnAgeIdentityAndSaysNotMineForOtherFiles() throws {
        let plaintext = Array("shared".utf8)
        let (identity, file) = try LinkFixtures.ageFile(plaintext)
        let added = try FileLinks.addLink(toFile: file, identities: [identity], options: .init())
        let linkIdentity = LinkIdentity(LinkFixtures.opener(added.link))
        #expect(try AgeDecryptor(identities: [linkIdentity]).decrypt(added.file) == plaintext)
        #expect(try linkIdentity.unwrap(try LinkFixtures.header(of: file).header.stanzas) == nil)
    }

    @Test func severalLinksInOneFileEachOpenIt() throws {
        let plaintext = SecureRandom.bytes(count: 1000)
        var (identity, file) = try LinkFixtures.ageFile(plaintext)
        var links: [ShareLink] = []
        for _ in 0..<4 {
            let added = try FileLinks.addLink(toFile: file, identities: [identity], options: .init())
            links.append(added.link)
            file = added.file
        }
        #expect(Set(links.map(\.lookupID)).count == 4)
        for link in links { #expect(try FileLinks.open(with: LinkFixtures.opener(link), file: file) == plaintext) }
        #expect(FileLinks.links(in: try LinkFixtures.header(of: file).header).count == 4)
        identity = X25519Identity.generate()
        #expect(throws: AgeError.self) { _ = try AgeDecryptor(identities: [identity]).decrypt(file) }
    }

    @Test func linkCannotBeAddedWithoutTheFileKey() throws {
        let (_, file) = try LinkFixtures.ageFile([1, 2, 3])
        #expect(throws: AgeError.self) {
            _ = try FileLinks.addLink(toFile: file, identities: [X25519Identity.generate()], options: .init())
        }
    }

    @Test func linkCannotBeAddedToAPassphraseFile() throws {
        let file = try AgeEncryptor(
            recipients: [ScryptRecipient(passphrase: SecretBytes(Array("pw".utf8)), logN: 10)]
        ).encrypt([1, 2, 3])
        let identity = ScryptIdentity(passphrase: SecretBytes(Array("pw".utf8)))
        #expect(throws: AgeError.scryptNotAlone) {
            _ = try FileLinks.addLink(toFile: file, identities: [identity], options: .init())
        }
    }
}

/// Folder links at the library level (the vault commands that store their envelopes come with the vault).
@Suite struct FolderLinkEnvelopeTests {
    @Test("a folder link opens its folder key", arguments: [false, true])
    func folderLinkOpensTheFolderKey(password: Bool) throws {
        let folderKey = SecretBytes.random(count: 32)
        let folderID = SecureRandom.bytes(count: 16)
        let pw = password ? LinkFixtures.password : nil
        let made = try FolderLinks.makeLink(folderKey: folderKey, folderID: folderID, options: .init(password: pw))
        let stored = try LinkEnvelope(parsing: made.envelope.encoded)
        #expect(stored.encoded.count == (password ? 89 : 60) + 48 + 64)
        let opener = LinkFixtures.opener(made.link, password: pw)
        #expect(try FolderLinks.open(stored, with: opener, folderID: folderID) == folderKey)
        #expect(throws: LinkError.targetMismatch) {
            try FolderLinks.open(stored, with: opener, folderID: SecureRandom.bytes(count: 16))
        }
    }

    @Test func folderAndFileLinksAreNotInterchangeable() throws {
        let made = try FolderLinks.makeLink(
            folderKey: .random(count: 32), folderID: SecureRandom.bytes(count: 16), options: .init())
        let (identity, file) = try LinkFixtures.ageFile([1, 2, 3])
        let fileLink = try FileLinks.addLink(toFile: file, identities: [identity], options: .init())
        let fileEnvelope = try #require(FileLinks.links(in: try LinkFixtures.header(of: fileLink.file).header).first)
        #expect(throws: LinkError.targetKindMismatch(expected: "folder", actual: "file")) {
            try FolderLinks.open(
                fileEnvelope, with: LinkFixtures.opener(fileLink.link), folderID: [UInt8](repeating: 0, count: 16))
        }
        // A folder envelope put into a file header under its lookup id is refused as a folder record.
        var (header, rest) = try LinkFixtures.header(of: file)
        header = Header(stanzas: header.stanzas + [made.envelope.stanza], mac: header.mac)
        #expect(
            LinkFixtures.linkError {
                _ = try FileLinks.open(with: LinkFixtures.opener(made.link), file: header.encoded + rest)
            } == .targetKindMismatch(expected: "file", actual: "folder"))
        // Another link's secret does not open the envelope at all.
        let stranger = LinkFixtures.opener(try ShareLink(secret: .generate()))
        #expect(throws: LinkError.self) {
            try FolderLinks.open(made.envelope, with: stranger, folderID: [UInt8](repeating: 0, count: 16))
        }
    }
}
