// SPDX-License-Identifier: MIT
import CofferPrimitives
import Foundation

/// The signed-request format of Spec/server.md §6.1, shared by the client (`RequestSigner`) and the server (which
/// rebuilds the same bytes from what it received):
///
/// ```
/// message = "coffer/v1/server-request\n" ‖ METHOD "\n" ‖ origin "\n" ‖ target "\n"
///         ‖ hex(SHA-256(body)) "\n" ‖ time "\n" ‖ nonce "\n" ‖ key "\n"
///         ‖ If-Match "\n" ‖ If-None-Match "\n" ‖ Coffer-Link-Expires "\n" ‖ Coffer-Link-Download-Limit "\n"
/// signature = Ed25519(identity signing key, message)
/// ```
///
/// `origin` (`scheme://host[:port]`, lower case, no default port) binds the signature to one server, `target` (the
/// request line's path and query, as sent) to one resource, the conditions to one kind of write; an absent header
/// is an empty line. `time` (Unix seconds) and `nonce` (16 random bytes, base64url) let the server refuse a replay.
public enum RequestSignature {
    public static let label = "coffer/v1/server-request"

    public static let keyHeader = "Coffer-Key"
    public static let timeHeader = "Coffer-Time"
    public static let nonceHeader = "Coffer-Nonce"
    public static let signatureHeader = "Coffer-Signature"
    /// The request headers the signature covers, in message order.
    public static let coveredHeaders = [
        "If-Match", "If-None-Match", "Coffer-Link-Expires", "Coffer-Link-Download-Limit",
    ]

    /// Lengths of the base64url (unpadded) header values: a 32-byte key, a 16-byte nonce, a 64-byte signature.
    public static let keyCharacters = 43
    public static let nonceCharacters = 22
    public static let signatureCharacters = 86

    /// The exact bytes signed (see the type's documentation).
    public static func message(
        method: String, origin: String, target: String, bodyDigest: [UInt8], time: Int64, nonce: String,
        key: String, covered: [String?]
    ) -> [UInt8] {
        var lines = [label, method.uppercased(), origin, target, hex(bodyDigest), String(time), nonce, key]
        for index in coveredHeaders.indices { lines.append(index < covered.count ? covered[index] ?? "" : "") }
        return Array(lines.map { $0 + "\n" }.joined().utf8)
    }

    /// `scheme://host[:port]` of a URL, lower case, without the scheme's default port; nil without a host.
    public static func origin(of url: URL) -> String? {
        guard let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased() else { return nil }
        let shownHost = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        guard let port = url.port, port != (scheme == "https" ? 443 : 80) else { return "\(scheme)://\(shownHost)" }
        return "\(scheme)://\(shownHost):\(port)"
    }

    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
    }
}
