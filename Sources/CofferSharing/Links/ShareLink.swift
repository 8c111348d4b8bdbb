// SPDX-License-Identifier: MIT
import CofferPrimitives

/// `link = baseURL ‖ base64url(lookupID) ‖ "#" ‖ "1" ‖ base64url(S ‖ checksum₄)` (Spec/links.md §3).
///
/// The secret `S` lives only in the fragment, which browsers never send to a server; the path carries only the
/// lookup id, which is derived from `S` one way. The fragment starts with a version character and ends with a
/// 32-bit checksum, so a link cut short or mistyped is reported as exactly that before any decryption.
///
/// Parsing order (each failure typed): `#` present and fragment non-empty → version character → length, alphabet
/// and checksum → the path's lookup id equals the one `S` derives.
public struct ShareLink: Sendable, CustomStringConvertible {
    /// A placeholder: `.invalid` is reserved (RFC 2606), so a link nobody configured can never reach a real host.
    @usableFromInline package static let defaultBaseURL = "https://coffer.invalid/l/"
    /// The only version: 16-byte secret, 4-byte checksum.
    package static let version = "1"
    /// base64url of the 20 bytes `S ‖ checksum`.
    static let payloadCharacterCount = 27

    package let baseURL: String
    package let secret: LinkSecret

    /// A link for `secret` under `baseURL` (checked: `http(s)://…/`, no `?`, `#` or white space).
    package init(secret: LinkSecret, baseURL: String = ShareLink.defaultBaseURL) throws(LinkError) {
        try Self.checkBaseURL(baseURL)
        self.secret = secret
        self.baseURL = baseURL
    }

    /// The id the server files the link under (derived from the secret; reveals nothing of it).
    public var lookupID: LinkLookupID { secret.lookupID }

    /// The part a server may see: `baseURL ‖ base64url(lookupID)`. Contains nothing of the secret.
    package var serverVisiblePart: String { baseURL + lookupID.urlText }

    /// The whole link, secret included. Named so that every place that exposes the secret is easy to find.
    public func revealedText() -> String {
        var payload = secret.secret.revealedBytes() + secret.checksum(version: Self.version)
        defer { payload.withUnsafeMutableBytes { _ = $0.initializeMemory(as: UInt8.self, repeating: 0) } }
        return serverVisiblePart + "#" + Self.version + Base64.encode(payload, alphabet: .urlSafe)
    }

    public var description: String { "ShareLink(\(serverVisiblePart)#redacted)" }

    /// Parses a link as written; surrounding white space is the caller's to trim.
    public init(parsing text: String) throws(LinkError) {
        guard let hash = text.firstIndex(of: "#") else { throw .missingSecret }
        let fragment = text[text.index(after: hash)...]
        guard let versionCharacter = fragment.first else { throw .missingSecret }
        guard String(versionCharacter) == Self.version else {
            throw .unsupportedLinkVersion(
                String(versionCharacter).unicodeScalars.allSatisfy(\.isASCII)
                    ? String(versionCharacter) : "non-ASCII")
        }
        let payloadText = fragment.dropFirst()
        guard payloadText.utf8.count == Self.payloadCharacterCount else { throw .checksumMismatch }
        guard var payload = try? Base64.decode(payloadText, alphabet: .urlSafe) else { throw .checksumMismatch }
        defer { payload.withUnsafeMutableBytes { _ = $0.initializeMemory(as: UInt8.self, repeating: 0) } }
        let secret = try LinkSecret(SecretBytes(payload.prefix(LinkSecret.byteCount)))
        guard ConstantTime.equals(Array(payload.suffix(4)), secret.checksum(version: Self.version)) else {
            throw .checksumMismatch
        }
        let path = text[..<hash]
        let slash = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        let idText = String(path[slash...])
        let derived = secret.lookupID.urlText
        guard idText == derived else { throw .lookupIDMismatch(inLink: Self.quoted(idText), derived: derived) }
        self.secret = secret
        self.baseURL = String(path[..<slash])
    }

    static func checkBaseURL(_ url: String) throws(LinkError) {
        let schemeOK = url.hasPrefix("https://") || url.hasPrefix("http://")
        let hostAndPath = url.drop { $0 != "/" }.dropFirst(2)
        guard schemeOK, url.hasSuffix("/"), hostAndPath.first.map({ $0 != "/" }) ?? false,
            url.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }),
            !url.contains("#"), !url.contains("?")
        else { throw .invalidBaseURL(quoted(url)) }
    }

    /// Public text for messages: at most 40 printable ASCII characters.
    static func quoted(_ text: String) -> String {
        let printable = text.unicodeScalars.map { $0.value >= 0x20 && $0.value < 0x7F ? String($0) : "?" }.joined()
        return printable.count > 40 ? String(printable.prefix(40)) + "…" : printable
    }
}
