// SPDX-License-Identifier: MIT
import Foundation
import Testing

/// Spec/server-openapi.yaml, read with `YAMLSubset`: its routes, the documented response of each status, and a
/// checker for the subset of JSON Schema the document uses (`type`, `items`, `properties`, `required`,
/// `pattern`, `const`, `minimum`, `$ref`). Anything else in a schema is refused, so the document cannot use a
/// keyword this checker would silently ignore.
struct OpenAPIDocument {
    let root: YAMLNode

    static func load() throws -> OpenAPIDocument {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Spec/server-openapi.yaml")
        return OpenAPIDocument(root: try YAMLSubset.parse(String(contentsOf: url, encoding: .utf8)))
    }

    /// `template → method → status → the documented response` (references followed).
    func routes() throws -> [String: [String: [String: YAMLNode]]] {
        var routes: [String: [String: [String: YAMLNode]]] = [:]
        for (template, item) in try #require(root["paths"]).entries {
            for (method, operation) in item.entries where method != "parameters" {
                for (status, answer) in try #require(operation["responses"]).entries {
                    routes[template, default: [:]][method.uppercased(), default: [:]][status] = try resolve(answer)
                }
            }
        }
        return routes
    }

    /// A `$ref` to `#/components/…`, followed.
    func resolve(_ node: YAMLNode) throws -> YAMLNode {
        guard let reference = node["$ref"]?.text else { return node }
        guard reference.hasPrefix("#/") else { throw OpenAPIProblem("external reference \(reference)") }
        var target = root
        for part in reference.dropFirst(2).split(separator: "/") {
            guard let next = target[String(part)] else { throw OpenAPIProblem("unresolved reference \(reference)") }
            target = next
        }
        return try resolve(target)
    }

    /// `/v1/links/{lookupID}` → `/v1/links/{}`: the router names its parameters differently.
    static func shape(_ template: String) -> String {
        template.replacingOccurrences(of: #"\{[^}]*\}"#, with: "{}", options: .regularExpression)
    }

    static let keywords: Set<String> = [
        "type", "items", "properties", "required", "pattern", "const", "minimum", "$ref", "description", "example",
        "format", "additionalProperties",
    ]

    /// The problems of `value` (from `JSONSerialization`, or a header's text) against `schema`; empty if it fits.
    func problems(_ value: Any, _ schema: YAMLNode, at path: String = "$") throws -> [String] {
        let schema = try resolve(schema)
        for (keyword, _) in schema.entries where !Self.keywords.contains(keyword) {
            throw OpenAPIProblem("schema keyword \(keyword) is outside what the checker knows")
        }
        if let constant = schema["const"]?.text, "\(value)" != constant {
            return ["\(path): \(value) is not \(constant)"]
        }
        switch schema["type"]?.text {
        case "array":
            guard let array = value as? [Any] else { return ["\(path): not an array"] }
            guard let items = schema["items"] else { return [] }
            return try array.enumerated().flatMap { try problems($1, items, at: "\(path)[\($0)]") }
        case "object":
            guard let object = value as? [String: Any] else { return ["\(path): not an object"] }
            var found =
                schema["required"]?.items.compactMap(\.text).filter { object[$0] == nil }
                .map { "\(path): lacks \($0)" } ?? []
            for (name, property) in schema["properties"]?.entries ?? [] {
                if let member = object[name] { found += try problems(member, property, at: "\(path).\(name)") }
            }
            if schema["additionalProperties"]?.text == "false" {
                let known = Set(schema["properties"]?.entries.map(\.key) ?? [])
                found += object.keys.filter { !known.contains($0) }.map { "\(path): unexpected \($0)" }
            }
            return found
        case "integer":
            let number = (value as? NSNumber).map { $0.int64Value } ?? (value as? String).flatMap { Int64($0) }
            guard let number, "\(value)".allSatisfy(\.isNumber) else { return ["\(path): \(value) is not an integer"] }
            if let minimum = schema["minimum"]?.text.flatMap({ Int64($0) }), number < minimum {
                return ["\(path): \(number) is below \(minimum)"]
            }
            return []
        case "string":
            guard let text = value as? String else { return ["\(path): not a string"] }
            if let pattern = schema["pattern"]?.text, text.range(of: pattern, options: .regularExpression) == nil {
                return ["\(path): \(text) does not match \(pattern)"]
            }
            return []
        case nil: return []
        case let other?: throw OpenAPIProblem("schema type \(other) is outside what the checker knows")
        }
    }
}

struct OpenAPIProblem: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
