// SPDX-License-Identifier: MIT
import Foundation
import Testing

/// The primitives layer is the only code that touches the C libraries, and it never re-exports them.
@Suite("Layering")
struct LayeringTests {
    @Test func onlyCofferPrimitivesImportsTheCModules() throws {
        var importers: [String] = []
        for file in RepositoryPaths.files(under: RepositoryPaths.sources) where file.hasSuffix(".swift") {
            let text = try String(contentsOf: RepositoryPaths.sources.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let words = line.split(whereSeparator: \.isWhitespace)
                guard let index = words.firstIndex(of: "import"), index + 1 < words.count,
                    ["CSodium", "CArgon2", "COpenSSL"].contains(words[index + 1])
                else { continue }
                importers.append(file)
                #expect(
                    file.hasPrefix("CofferPrimitives/") && !file.dropFirst("CofferPrimitives/".count).contains("/"),
                    "\(file) imports \(words[index + 1]); only Sources/CofferPrimitives/*.swift may")
                #expect(
                    line.trimmingCharacters(in: .whitespaces) == "internal import \(words[index + 1])",
                    "\(file): \"\(line)\" must be exactly an internal import")
            }
        }
        #expect(!importers.isEmpty, "the scan found no C import at all; is Sources/ where it should be?")
    }

    /// The `Coffer` library's targets, and the client store the CLI uses, import no server framework, no NIO
    /// and no database driver (Spec/server.md §1): only CofferServer may.
    @Test func theLibraryAndTheClientStoreImportNoServerStack() throws {
        let forbidden = ["NIO", "Hummingbird", "SQLite", "Postgres", "HTTPTypes", "ServiceLifecycle"]
        let clientTargets = [
            "CofferPrimitives", "CofferAge", "CofferKeys", "CofferSharing", "Coffer", "CofferRemote",
        ]
        var scanned = 0
        for file in RepositoryPaths.files(under: RepositoryPaths.sources) where file.hasSuffix(".swift") {
            guard let target = file.split(separator: "/").first, clientTargets.contains(String(target)) else {
                continue
            }
            scanned += 1
            let text = try String(contentsOf: RepositoryPaths.sources.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let words = line.split(whereSeparator: \.isWhitespace)
                guard let index = words.firstIndex(of: "import"), index + 1 < words.count else { continue }
                let module = words[index + 1]
                #expect(!forbidden.contains { module.hasPrefix($0) }, "\(file) imports \(module)")
            }
        }
        #expect(scanned > 50, "the scan found only \(scanned) files of the library's targets")
    }
}
