// SPDX-License-Identifier: MIT
import CofferAge
import CofferPrimitives
import CofferSharing

/// `token = HKDF-SHA-256(ikm: fileKey, salt: lookupID, info: "coffer/v1/links/revocation", L = 32)` — what
/// withdraws an uploaded link from the server (Spec/links.md §9.2). The uploader declares `SHA-256(token)` with
/// the upload; `DELETE` presents the token. Derived from the file key, so whoever can unwrap the file key (its
/// recipients, and the holders of a link to it) can withdraw the copy; the server learns only the hash, and the
/// token reveals nothing of the file key (HKDF is one-way).
public struct LinkRevocationToken: Sendable, CustomStringConvertible {
    public static let label = "coffer/v1/links/revocation"
    let secret: SecretBytes

    package init(fileKey: FileKey, lookupID: LinkLookupID) {
        // 32 bytes is far below HKDF-SHA-256's 8160-byte maximum: this cannot fail.
        secret =
            (try? HKDF<SHA256>.deriveKey(
                inputKeyMaterial: fileKey.secret, salt: lookupID.bytes, info: Array(Self.label.utf8),
                outputByteCount: 32)) ?? SecretBytes(count: 32) { _ in }
    }

    /// `hex(SHA-256(token))`, sent with the upload (`Coffer-Link-Revocation-Hash`).
    public var hashHex: String { Self.hex(SHA256.hash(secret.revealedBytes())) }

    /// The token as sent with `DELETE` (`Coffer-Link-Revocation`, lower-case hex).
    var headerValue: String { Self.hex(secret.revealedBytes()) }

    public var description: String { "LinkRevocationToken(redacted)" }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
    }
}
