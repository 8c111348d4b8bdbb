// SPDX-License-Identifier: MIT
import Foundation

/// Paths inside the checkout, found from this file's own location so tests run from any directory.
enum RepositoryPaths {
    /// `<root>/Tests/CofferPrimitivesTests/RepositoryPaths.swift` → `<root>`.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let testVectors = root.appendingPathComponent("TestVectors")
    static let published = testVectors.appendingPathComponent("published")
    static let generated = testVectors.appendingPathComponent("generated")
    static let sources = root.appendingPathComponent("Sources")

    /// Every regular file below `directory`, as paths relative to it, sorted.
    static func files(under directory: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory.path) else { return [] }
        var found: [String] = []
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = directory.appendingPathComponent(relative).path
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                found.append(relative)
            }
        }
        return found.sorted()
    }
}
