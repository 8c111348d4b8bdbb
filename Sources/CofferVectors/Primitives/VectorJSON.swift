// SPDX-License-Identifier: MIT
import Foundation

/// Read access to one decoded JSON object of a vector file. Every missing or mistyped field throws
/// `VectorError.malformed` naming the field, so a damaged file is reported, never half-run.
struct JSONObject {
    let path: String
    let fields: [String: Any]

    init(_ value: Any?, path: String, what: String) throws {
        guard let fields = value as? [String: Any] else {
            throw VectorError.malformed(path: path, reason: "\(what) is not a JSON object")
        }
        self.path = path
        self.fields = fields
    }

    func has(_ key: String) -> Bool { fields[key] != nil && !(fields[key] is NSNull) }

    func string(_ key: String) throws -> String {
        guard let value = fields[key] as? String else { throw missing(key, "a string") }
        return value
    }

    func optionalString(_ key: String) -> String? { fields[key] as? String }

    /// A lowercase-hex field as bytes.
    func hex(_ key: String) throws -> [UInt8] {
        do {
            return try Hex.decode(try string(key))
        } catch {
            throw VectorError.malformed(path: path, reason: "field \"\(key)\" is not hex")
        }
    }

    /// A text field as its UTF-8 bytes (fields the file documents as ASCII, not hex).
    func text(_ key: String) throws -> [UInt8] { Array(try string(key).utf8) }

    func int(_ key: String) throws -> Int {
        if let value = fields[key] as? Int { return value }
        if let value = fields[key] as? NSNumber { return value.intValue }
        throw missing(key, "an integer")
    }

    /// A boolean flag that is false when absent.
    func flag(_ key: String) -> Bool { (fields[key] as? Bool) ?? false }

    func objects(_ key: String) throws -> [JSONObject] {
        guard let array = fields[key] as? [Any] else { throw missing(key, "an array") }
        return try array.enumerated().map { try JSONObject($1, path: path, what: "\(key)[\($0)]") }
    }

    /// A list of strings; an absent or null field is the empty list.
    func strings(_ key: String) -> [String] { (fields[key] as? [String]) ?? [] }

    private func missing(_ key: String, _ kind: String) -> VectorError {
        .malformed(path: path, reason: "field \"\(key)\" is missing or not \(kind)")
    }
}

/// Parsing whole files and probing them cheaply to choose a runner.
enum VectorJSON {
    static func object(_ contents: Data, path: String) throws -> JSONObject {
        try JSONObject(parse(contents, path: path), path: path, what: "the file")
    }

    static func array(_ contents: Data, path: String) throws -> [JSONObject] {
        guard let array = try parse(contents, path: path) as? [Any] else {
            throw VectorError.malformed(path: path, reason: "the file is not a JSON array")
        }
        return try array.enumerated().map { try JSONObject($1, path: path, what: "entry \($0)") }
    }

    private static func parse(_ contents: Data, path: String) throws -> Any {
        do {
            return try JSONSerialization.jsonObject(with: contents)
        } catch {
            throw VectorError.malformed(path: path, reason: "not valid JSON")
        }
    }

    /// The top-level `algorithm` and `title` of a JSON object file, or nil for anything else.
    static func probe(_ contents: Data) -> (algorithm: String?, title: String?)? {
        struct Probe: Decodable {
            let algorithm: String?
            let title: String?
        }
        guard firstCharacter(of: contents) == UInt8(ascii: "{"),
            let probe = try? JSONDecoder().decode(Probe.self, from: contents)
        else { return nil }
        return (probe.algorithm, probe.title)
    }

    /// The first 512 bytes of an array file, to recognise its entry shape without parsing it all.
    static func arrayPrefix(_ contents: Data) -> String? {
        guard firstCharacter(of: contents) == UInt8(ascii: "[") else { return nil }
        return String(decoding: contents.prefix(512), as: UTF8.self)
    }

    private static func firstCharacter(of contents: Data) -> UInt8? {
        contents.prefix(64).first { ![0x20, 0x0A, 0x0D, 0x09, 0xEF, 0xBB, 0xBF].contains($0) }
    }
}

/// Opt-in for the vectors that need 1 GiB of memory or a million operations.
enum SlowVectors {
    /// `COFFER_SLOW_VECTORS=1` runs them.
    static var enabled: Bool { ProcessInfo.processInfo.environment["COFFER_SLOW_VECTORS"] == "1" }

    static func skip(_ id: String, _ what: String) -> VectorCaseResult {
        .skipped(id: id, reason: "\(what); slow, runs only with COFFER_SLOW_VECTORS=1")
    }
}

/// Helpers that turn a comparison into a case result with a short, secret-free detail.
enum Check {
    static func equal(_ id: String, _ actual: [UInt8], _ expected: [UInt8], _ what: String) -> VectorCaseResult {
        actual == expected
            ? VectorCaseResult(id: id, passed: true)
            : VectorCaseResult(id: id, passed: false, detail: "\(what) differs from the expected value")
    }

    /// Runs `body`; a thrown error is a failure of a case that should have succeeded.
    static func valid(_ id: String, _ body: () throws -> VectorCaseResult) -> VectorCaseResult {
        do {
            return try body()
        } catch {
            return VectorCaseResult(id: id, passed: false, detail: "expected success, got error: \(error)")
        }
    }

    /// All results must pass; the first failure is reported.
    static func all(_ id: String, _ results: [VectorCaseResult]) -> VectorCaseResult {
        results.first { !$0.passed } ?? VectorCaseResult(id: id, passed: true)
    }
}
