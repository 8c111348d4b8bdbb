// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives
import CofferSharing
import Foundation

/// `links_share_link.json`: the written form of share links and what their secret derives (Spec/links.md §2–3).
/// A cut or mistyped link must be `checksumMismatch`, before any key is derived or any file read.
package struct ShareLinkCase: LinkVectorCase {
    package var tcId = 0
    package var comment: String
    package var flags: [String]
    /// The link as given to the reader.
    package var link: String
    /// Valid cases: the secret `S`, the base URL, the lookup id, the checksum, the no-password wrap key and the
    /// record-signing public key it derives (test-only secrets, published on purpose).
    package var secret: String?
    package var baseUrl: String?
    package var lookupId: String?
    package var checksum: String?
    /// The BLAKE2b message the checksum is computed over: `"coffer/v1/links/checksum" ‖ 0x00 ‖ "1"` — the link
    /// text's version **character** (0x31), not the record's version byte.
    package var checksumMessage: String?
    package var wrapKey: String?
    package var signingPublicKey: String?
    /// The Ed25519 public key of the folder-reader seed, `HKDF-SHA-256(ikm: S, salt: lookupID,
    /// info: "coffer/v1/links/folder-reader", L = 32)`: the key the browser opener signs a folder link's record
    /// reads with (Spec/opener.md §8); the page's own derivation is run against it in both browsers.
    package var folderReaderPublicKey: String?
    package var result: String
    package var expect: String?

    package func check() throws -> String? {
        let parsed = try ShareLink(parsing: link)
        let secretKey = parsed.secret
        let wrap = try secretKey.wrapKey(
            password: nil, parameters: nil, policy: .standard, hashing: Argon2idHashing())
        return LinkVectors.compare("secret", secretKey.secret.revealedBytes(), secret)
            ?? LinkVectors.compare("base URL", parsed.baseURL, baseUrl)
            ?? LinkVectors.compare("lookup id", parsed.lookupID.bytes, lookupId)
            ?? LinkVectors.compare("checksum", secretKey.checksum(version: ShareLink.version), checksum)
            ?? checkChecksumMessage(secretKey)
            ?? LinkVectors.compare("wrap key", wrap.secret.revealedBytes(), wrapKey)
            ?? LinkVectors.compare(
                "signing key", secretKey.recordSigningKey.publicKey.rawRepresentation, signingPublicKey)
            ?? LinkVectors.compare(
                "folder-reader key", secretKey.folderReaderKey.publicKey.rawRepresentation, folderReaderPublicKey)
            ?? LinkVectors.compare("re-encoded link", parsed.revealedText(), link)
    }
}

extension ShareLinkCase {
    /// The message is the label, 0x00 and the link's first fragment character; BLAKE2b-256 keyed by `S` over it,
    /// first 4 bytes, is the checksum (recomputed here from the primitive, not through the link code).
    func checkChecksumMessage(_ secretKey: LinkSecret) -> String? {
        guard let checksumMessage else { return nil }
        guard let fragment = link.split(separator: "#").last, let character = fragment.first else {
            return "link has no fragment"
        }
        let message = Array(LinkSecret.checksumLabel.utf8) + [0] + Array(String(character).utf8)
        if let problem = LinkVectors.compare("checksum message", message, checksumMessage) { return problem }
        let digest = try? BLAKE2b.hash(message, key: secretKey.secret, outputByteCount: 32)
        return LinkVectors.compare("checksum from the message", Array((digest ?? []).prefix(4)), checksum)
    }
}

package struct ShareLinkGenerator: VectorGenerator {
    package let fileName = "links_share_link.json"
    package static let algorithm = "coffer-links-share-link"
    package init() {}

    package func generate() throws -> Data {
        var random = DeterministicRandom(label: fileName)
        func valid(_ comment: String, _ base: String, _ flags: [String] = []) throws -> ShareLinkCase {
            let secret = try LinkSecret(random.secret(LinkSecret.byteCount))
            let link = try ShareLink(secret: secret, baseURL: base)
            let wrap = try secret.wrapKey(password: nil, parameters: nil, policy: .standard, hashing: Argon2idHashing())
            return ShareLinkCase(
                comment: comment, flags: flags, link: link.revealedText(),
                secret: Hex.encode(secret.secret.revealedBytes()),
                baseUrl: base, lookupId: Hex.encode(secret.lookupID.bytes),
                checksum: Hex.encode(secret.checksum(version: ShareLink.version)),
                checksumMessage: Hex.encode(Array("coffer/v1/links/checksum".utf8) + [0x00, 0x31]),
                wrapKey: Hex.encode(wrap.secret.revealedBytes()),
                signingPublicKey: Hex.encode(secret.recordSigningKey.publicKey.rawRepresentation),
                folderReaderPublicKey: Hex.encode(secret.folderReaderKey.publicKey.rawRepresentation),
                result: "valid")
        }
        func invalid(_ comment: String, _ link: String, _ expect: String, _ flags: [String]) -> ShareLinkCase {
            ShareLinkCase(comment: comment, flags: flags, link: link, result: "invalid", expect: expect)
        }
        let positives = [
            try valid("default placeholder base URL", ShareLink.defaultBaseURL),
            try valid("a configured base URL", "https://share.example.org/coffer/l/", ["BaseURL"]),
            try valid("http base URL, no path", "http://localhost:8080/", ["BaseURL"]),
        ]
        let text = positives[0].link
        let hash = text.firstIndex(of: "#")!
        let fragmentStart = text.index(after: hash)
        let secretStart = text.index(after: fragmentStart)
        func replacing(at offset: Int, with character: Character) -> String {
            var chars = Array(text)
            let index = text.distance(from: text.startIndex, to: secretStart) + offset
            chars[index] = chars[index] == character ? "A" : character
            return String(chars)
        }
        func dropping(at offset: Int) -> String {
            var chars = Array(text)
            chars.remove(at: text.distance(from: text.startIndex, to: secretStart) + offset)
            return String(chars)
        }
        var pathEdited = Array(text)
        let pathIndex = text.distance(from: text.startIndex, to: hash) - 3
        pathEdited[pathIndex] = pathEdited[pathIndex] == "x" ? "y" : "x"
        let other = try LinkSecret(random.secret(LinkSecret.byteCount))
        let otherFragment = try ShareLink(secret: other).revealedText().split(separator: "#")[1]
        let checksum = "checksumMismatch"
        let negatives = [
            invalid("one character of the secret changed", replacing(at: 5, with: "Q"), checksum, ["Typo"]),
            invalid("one character of the checksum changed", replacing(at: 25, with: "Q"), checksum, ["Typo"]),
            invalid("one character dropped", dropping(at: 10), checksum, ["Typo"]),
            invalid(
                "one character added", String(text.prefix(text.count - 4)) + "k" + text.suffix(4), checksum, ["Typo"]),
            invalid(
                "two neighbours swapped",
                swapped(text, from: text.distance(from: text.startIndex, to: secretStart) + 12),
                checksum, ["Typo"]),
            invalid("cut inside the fragment", String(text.prefix(text.count - 9)), checksum, ["Truncated"]),
            invalid("cut after the version character", String(text[..<secretStart]), checksum, ["Truncated"]),
            invalid("cut right after '#'", String(text[...hash]), "missingSecret", ["Truncated"]),
            invalid("cut before '#'", String(text[..<hash]), "missingSecret", ["Truncated"]),
            invalid("a character outside base64url", replacing(at: 3, with: "+"), checksum, ["Alphabet"]),
            invalid("padding added", text + "=", checksum, ["Alphabet"]),
            invalid(
                "version 2", String(text[..<fragmentStart]) + "2" + text[secretStart...], "unsupportedLinkVersion",
                ["Version"]),
            invalid(
                "version 0", String(text[..<fragmentStart]) + "0" + text[secretStart...], "unsupportedLinkVersion",
                ["Version"]),
            invalid("lookup id in the path edited", String(pathEdited), "lookupIDMismatch", ["Path"]),
            invalid(
                "another link's secret under this path", String(text[...hash]) + otherFragment, "lookupIDMismatch",
                ["Path"]),
        ]
        return try LinkVectors.file(
            algorithm: Self.algorithm,
            header: [
                "Share links: baseURL ‖ base64url(lookupID) ‖ \"#1\" ‖ base64url(S ‖ checksum) (Spec/links.md §2–3).",
                "Valid cases list what S derives; invalid cases name the LinkError a reader reports.",
            ],
            notes: [
                "BaseURL": "the base URL is the writer's choice; readers take everything up to the last '/' before '#'",
                "Typo": "a change a person makes when copying: must be checksumMismatch, never a key or file error",
                "Truncated": "the link was cut: checksumMismatch, or missingSecret when nothing follows '#'",
                "Alphabet": "only canonical unpadded base64url: anything else is a corrupted link",
                "Version": "the first fragment character is the link version; only 1 exists",
                "Path": "the path's lookup id must be the one S derives",
            ],
            groups: [("ShareLink", positives), ("Refused", negatives)]
        )
    }

    private func swapped(_ text: String, from index: Int) -> String {
        var chars = Array(text)
        var at = index
        while chars[at] == chars[at + 1] { at += 1 }
        chars.swapAt(at, at + 1)
        return String(chars)
    }
}
