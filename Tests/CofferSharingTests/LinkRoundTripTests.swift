// SPDX-License-Identifier: MIT
import CofferFormat
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
        #expect(after.header.stanzas.last?.type == LinkStanza.type)
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
