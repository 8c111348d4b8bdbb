// SPDX-License-Identifier: MIT
import CofferPrimitives
import Foundation

/// The phc-winner-argon2 `kats/` text files (argon2d, argon2i, argon2id and their `_v16` versions): one run each,
/// with secret and associated data, so only the libargon2 backend can compute them (libsodium has no secret, no
/// associated data, no Argon2d, no version 0x10 and only p = 1). The block dumps are ignored; the inputs and the
/// final `Tag:` line are what is checked.
struct Argon2KATRunner: VectorRunner {
    let name = "argon2 KAT"

    func accepts(path: String, contents: Data) -> Bool {
        let head = String(decoding: contents.prefix(200), as: UTF8.self)
        return head.hasPrefix("=====") && head.contains(" version number ") && head.contains("Argon2")
    }

    func run(path: String, contents: Data) throws -> VectorFileReport {
        let lines = String(decoding: contents, as: UTF8.self).split(separator: "\n").map(String.init)
        func malformed(_ reason: String) -> VectorError { .malformed(path: path, reason: reason) }
        guard lines.count > 2 else { throw malformed("too short") }
        let banner = lines[1].split(separator: " ")
        guard banner.count == 4, let variant = Argon2.Variant(rawValue: banner[0].lowercased()),
            let versionNumber = UInt32(banner[3]),
            let version = Argon2.Version(rawValue: versionNumber == 16 ? 0x10 : 0x13),
            versionNumber == 16 || versionNumber == 19
        else { throw malformed("banner \"\(lines[1])\" does not name an Argon2 variant and version") }
        let numbers = lines[3].split { !$0.isNumber }.compactMap { UInt32($0) }
        guard lines[3].hasPrefix("Memory:"), numbers.count == 4 else { throw malformed("no parameter line") }
        func field(_ label: String) throws -> [UInt8] {
            guard let line = lines.first(where: { $0.hasPrefix(label) }) else { throw malformed("no \(label) line") }
            let hexText = line.drop { $0 != ":" }.dropFirst().filter { !$0.isWhitespace }
            return try Hex.decode(String(hexText))
        }
        let parameters = Argon2.Parameters(
            variant: variant, version: version, iterations: numbers[1], memoryKiB: numbers[0], parallelism: numbers[2],
            outputByteCount: Int(numbers[3])
        )
        let id = "\(variant.rawValue) v=\(versionNumber)"
        let result = Check.valid(id) {
            let tag = try Argon2.deriveKey(
                password: SecretBytes(try field("Password[")), salt: try field("Salt["),
                secret: SecretBytes(try field("Secret[")), associatedData: try field("Associated data["),
                parameters: parameters, backend: .libargon2
            )
            return Check.equal(id, tag.revealedBytes(), try field("Tag:"), "tag")
        }
        return VectorFileReport(path: path, suite: "Argon2 KAT", declaredCount: 1, cases: [result])
    }
}
