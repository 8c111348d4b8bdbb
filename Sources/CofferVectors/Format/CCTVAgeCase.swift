// SPDX-License-Identifier: MIT
import CofferAge

/// One file of the C2SP CCTV age suite: `key: value` header lines, an empty line, then the age file (binary).
///
/// Keys: `expect`, `payload` (hex SHA-256 of all plaintext released), `file key`, `identity` (repeatable),
/// `passphrase` (repeatable), `armored: yes`, `compressed: zlib`, `comment`. An unknown key makes the case fail
/// (upstream says to skip such files; we never skip silently).
package struct CCTVAgeCase: Sendable {
    package let name: String
    package let expect: AgeOutcome
    package let payloadSHA256: [UInt8]?
    package let fileKey: [UInt8]
    package let identities: [String]
    package let passphrases: [String]
    package let armored: Bool
    package let comment: String?
    /// The age file, inflated when the vector is `compressed: zlib`.
    package let file: [UInt8]

    /// Whether the case needs a post-quantum (ML-KEM-768 + X25519) identity, which libsodium 1.0.18 cannot provide.
    package var isHybrid: Bool { identities.contains { $0.hasPrefix("AGE-SECRET-KEY-PQ-") } }

    package init(name: String, contents: [UInt8]) throws {
        guard
            let split = (0..<max(0, contents.count - 1)).first(where: {
                contents[$0] == 0x0A && contents[$0 + 1] == 0x0A
            })
        else { throw VectorError.malformed(path: name, reason: "no empty line after the header") }
        var expect: AgeOutcome?
        var payload: [UInt8]?
        var fileKey: [UInt8] = []
        var identities: [String] = []
        var passphrases: [String] = []
        var armored = false
        var compressed = false
        var comment: String?
        for line in String(decoding: contents[..<split], as: UTF8.self).split(separator: "\n") {
            guard let colon = line.range(of: ": ") else {
                throw VectorError.malformed(path: name, reason: "header line \"\(line)\" has no \": \"")
            }
            let key = String(line[..<colon.lowerBound])
            let value = String(line[colon.upperBound...])
            switch key {
            case "expect":
                guard let outcome = AgeOutcome(rawValue: value) else {
                    throw VectorError.malformed(path: name, reason: "unknown expect \"\(value)\"")
                }
                expect = outcome
            case "payload": payload = try Hex.decode(value)
            case "file key": fileKey = try Hex.decode(value)
            case "identity": identities.append(value)
            case "passphrase": passphrases.append(value)
            case "armored": armored = value == "yes"
            case "compressed":
                guard value == "zlib" else {
                    throw VectorError.malformed(path: name, reason: "unknown compression \(value)")
                }
                compressed = true
            case "comment": comment = value
            default: throw VectorError.malformed(path: name, reason: "unknown header key \"\(key)\"")
            }
        }
        guard let expect else { throw VectorError.malformed(path: name, reason: "no expect line") }
        let body = Array(contents[(split + 2)...])
        do {
            file = compressed ? try ZlibInflate.inflate(body) : body
        } catch {
            throw VectorError.malformed(path: name, reason: "cannot inflate: \(error)")
        }
        self.name = name
        self.expect = expect
        self.payloadSHA256 = payload
        self.fileKey = fileKey
        self.identities = identities
        self.passphrases = passphrases
        self.armored = armored
        self.comment = comment
    }
}
