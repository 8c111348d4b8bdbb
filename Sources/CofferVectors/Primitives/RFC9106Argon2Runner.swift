// SPDX-License-Identifier: MIT
import CofferPrimitives
import Foundation

/// `transcribed/rfc9106_argon2.json`: RFC 9106 §5.1–5.3, Argon2d/i/id version 0x13 with t = 3, m = 32 KiB,
/// p = 4, secret and associated data. `tag = Argon2(password, salt, secret, ad)`, computed through libargon2 and
/// also through the automatic backend (which must pick libargon2 here and agree).
struct RFC9106Argon2Runner: VectorRunner {
    let name = "RFC 9106 Argon2"

    func accepts(path: String, contents: Data) -> Bool {
        VectorJSON.probe(contents)?.title?.hasPrefix("RFC 9106 (Argon2)") == true
    }

    func run(path: String, contents: Data) throws -> VectorFileReport {
        let file = try VectorJSON.object(contents, path: path)
        let results = try file.objects("tests").map { test in
            let id = "id \(try test.int("id"))"
            return Check.valid(id) {
                guard let variant = Argon2.Variant(rawValue: try test.string("type").lowercased()) else {
                    return VectorCaseResult(id: id, passed: false, detail: "unknown type")
                }
                let parameters = Argon2.Parameters(
                    variant: variant, version: try test.int("version") == 16 ? .v10 : .v13,
                    iterations: UInt32(try test.int("passes")), memoryKiB: UInt32(try test.int("memoryKiB")),
                    parallelism: UInt32(try test.int("parallelism")), outputByteCount: try test.int("tagLength")
                )
                let expected = try test.hex("tag")
                let results = try Argon2.Backend.allCases.filter { $0 != .libsodium }.map { backend in
                    let tag = try Argon2.deriveKey(
                        password: SecretBytes(try test.hex("password")), salt: try test.hex("salt"),
                        secret: SecretBytes(try test.hex("secret")), associatedData: try test.hex("associatedData"),
                        parameters: parameters, backend: backend
                    )
                    return Check.equal(id, tag.revealedBytes(), expected, "tag (\(backend.rawValue) backend)")
                }
                return Check.all(id, results)
            }
        }
        return VectorFileReport(path: path, suite: name, declaredCount: try file.int("numberOfTests"), cases: results)
    }
}
