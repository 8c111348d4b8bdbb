// SPDX-License-Identifier: MIT
import CofferAge
import CofferKeys
import CofferPrimitives
import CofferSharing
import CofferVectors
import Foundation
import Testing

/// The written form of a share link: secret only in the fragment, round trips, base URL and expiry rules.
@Suite struct LinkFormatTests {
    /// Every way the secret could be spelled, for searching server-visible text.
    static func spellings(of secret: LinkSecret) -> [String] {
        let bytes = secret.secret.revealedBytes()
        return [
            Base64.encode(bytes, alphabet: .urlSafe), Base64.encode(bytes), Hex.encode(bytes),
            Hex.encode(bytes).uppercased(),
        ]
    }

    @Test(
        "the part before '#' is the base URL and the lookup id, and holds nothing of the secret",
        arguments: [ShareLink.defaultBaseURL, "https://share.example.org/x/", "http://localhost:8080/"])
    func linkSecretAppearsOnlyInTheFragment(base: String) throws {
        for _ in 0..<200 {
            let secret = LinkSecret.generate()
            let link = try ShareLink(secret: secret, baseURL: base)
            let text = link.revealedText()
            let parts = text.split(separator: "#", omittingEmptySubsequences: false).map(String.init)
            #expect(parts.count == 2)
            #expect(parts[0] == base + secret.lookupID.urlText)
            #expect(parts[0] == link.serverVisiblePart)
            let fragment = parts[1]
            #expect(fragment.count == 28 && fragment.hasPrefix("1"))
            for spelling in Self.spellings(of: secret) { #expect(!parts[0].contains(spelling)) }
            // The fragment does carry the secret (its first 21 characters are those of base64url(S)).
            #expect(fragment.dropFirst().hasPrefix(Self.spellings(of: secret)[0].prefix(21)))
            // No 8-character run of the fragment's payload appears before '#'.
            let payload = Array(fragment.dropFirst())
            for start in 0...(payload.count - 8) { #expect(!parts[0].contains(String(payload[start..<start + 8]))) }
            #expect(!"\(link)".contains(fragment))
            #expect("\(secret)" == "LinkSecret(redacted)")
        }
    }

    @Test func linkParsesBackToTheSameSecretAndBase() throws {
        for base in [ShareLink.defaultBaseURL, "https://a.example/deep/path/"] {
            let secret = LinkSecret.generate()
            let parsed = try ShareLink(parsing: try ShareLink(secret: secret, baseURL: base).revealedText())
            #expect(parsed.secret == secret)
            #expect(parsed.baseURL == base)
        }
    }

    /// The server-visible parts of a linked file (the header's stanza and its record) do not contain the secret.
    @Test func linkStanzaHoldsNothingOfTheSecret() throws {
        let (identity, file) = try LinkFixtures.ageFile(Array("hello".utf8))
        let secret = LinkSecret.generate()
        let added = try FileLinks.addLink(
            toFile: file, identities: [identity], options: .init(password: LinkFixtures.password), secret: secret)
        let headerText = String(decoding: try LinkFixtures.header(of: added.file).header.encoded, as: UTF8.self)
        for spelling in Self.spellings(of: secret) { #expect(!headerText.contains(spelling)) }
        let raw = secret.secret.revealedBytes()
        let bytes = added.file
        #expect(!(0...(bytes.count - raw.count)).contains { Array(bytes[$0..<$0 + raw.count]) == raw })
    }

    @Test(arguments: [
        "ftp://x.example/", "https://x.example", "https://x.example/l?id=", "https://x.example/#/", "https:///l/",
        "https://x.example/a b/", "", "coffer.invalid/l/",
    ])
    func linkBaseURLIsRefused(_ url: String) {
        #expect(throws: LinkError.invalidBaseURL(url)) { try ShareLink(secret: .generate(), baseURL: url) }
    }

    @Test func linkExpiryAcceptsDurationsInstantsAndNever() throws {
        let now: UInt64 = 1_800_000_000
        #expect(try LinkTime.parseExpiry("never", now: now) == 0)
        #expect(try LinkTime.parseExpiry("30m", now: now) == now + 1800)
        #expect(try LinkTime.parseExpiry("12h", now: now) == now + 43200)
        #expect(try LinkTime.parseExpiry("7d", now: now) == now + 604_800)
        #expect(try LinkTime.parseExpiry("2w", now: now) == now + 1_209_600)
        #expect(try LinkTime.parseExpiry("2027-12-31T00:00:00Z", now: now) == 1_830_211_200)
        #expect(LinkTime.format(1_830_211_200) == "2027-12-31T00:00:00Z")
        for bad in ["0d", "-1d", "7 d", "tomorrow", "2020-01-01T00:00:00Z", "1y", ""] {
            #expect(throws: LinkError.self) { try LinkTime.parseExpiry(bad, now: now) }
        }
    }

    @Test func linkErrorMessagesSayWhatHappened() {
        #expect(
            LinkError.checksumMismatch.description.hasPrefix(
                "link checksum mismatch: the link was probably cut or mistyped"))
        #expect(LinkError.passwordRequired.description != LinkError.wrongPassword.description)
    }
}
