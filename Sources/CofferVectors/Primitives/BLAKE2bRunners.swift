// SPDX-License-Identifier: MIT
import CofferPrimitives
import Foundation

/// BLAKE2/BLAKE2 `testvectors/blake2b-kat.txt`: 256 blocks of `in:`, `key:`, `hash:` lines (tab-separated hex),
/// keyed BLAKE2b-512. `hash = BLAKE2b-512(key, in)` via `crypto_generichash`.
struct BLAKE2bKATTextRunner: VectorRunner {
    let name = "BLAKE2b KAT"
    static let documentedCount = 256

    func accepts(path: String, contents: Data) -> Bool {
        String(decoding: contents.prefix(16), as: UTF8.self).drop { $0.isNewline }.hasPrefix("in:\t")
    }

    func run(path: String, contents: Data) throws -> VectorFileReport {
        var fields: [String: String] = [:]
        var results: [VectorCaseResult] = []
        for line in String(decoding: contents, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            let parts = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { continue }
            fields[String(parts[0])] = String(parts[1])
            guard parts[0] == "hash:" else { continue }
            guard let input = fields["in:"], let key = fields["key:"] else {
                throw VectorError.malformed(path: path, reason: "hash: line without in: and key:")
            }
            results.append(
                BLAKE2bCheck.run(
                    id: "case \(results.count)", input: try Hex.decode(input), key: try Hex.decode(key),
                    expected: try Hex.decode(String(parts[1]))
                ))
            fields = [:]
        }
        return VectorFileReport(path: path, suite: name, declaredCount: Self.documentedCount, cases: results)
    }
}

/// BLAKE2/BLAKE2 `testvectors/blake2-kat.json`: an array of `{hash, in, key, out}` for every BLAKE2 variant.
/// Only the 512 `blake2b` entries are counted and run (256 unkeyed, 256 keyed); blake2s, blake2bp, blake2sp,
/// blake2xb and blake2xs are not primitives Coffer has, so those entries are outside this file's declared count.
struct BLAKE2bKATJSONRunner: VectorRunner {
    let name = "BLAKE2b KAT (JSON)"
    static let documentedCount = 512

    func accepts(path: String, contents: Data) -> Bool {
        guard let prefix = VectorJSON.arrayPrefix(contents) else { return false }
        return prefix.contains("\"hash\"") && prefix.contains("\"out\"") && prefix.contains("\"blake2")
    }

    func run(path: String, contents: Data) throws -> VectorFileReport {
        let entries = try VectorJSON.array(contents, path: path).filter { try $0.string("hash") == "blake2b" }
        let results = try entries.enumerated().map { index, entry in
            BLAKE2bCheck.run(
                id: "blake2b entry \(index)", input: try entry.hex("in"), key: try entry.hex("key"),
                expected: try entry.hex("out")
            )
        }
        return VectorFileReport(path: path, suite: "BLAKE2b KAT", declaredCount: Self.documentedCount, cases: results)
    }
}

enum BLAKE2bCheck {
    /// Keyed when `key` is not empty; the output length is the expected value's length.
    static func run(id: String, input: [UInt8], key: [UInt8], expected: [UInt8]) -> VectorCaseResult {
        Check.valid(id) {
            let digest =
                key.isEmpty
                ? try BLAKE2b.hash(input, outputByteCount: expected.count)
                : try BLAKE2b.hash(input, key: SecretBytes(key), outputByteCount: expected.count)
            return Check.equal(id, digest, expected, "digest")
        }
    }
}
