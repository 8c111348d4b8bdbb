// SPDX-License-Identifier: MIT
import CofferPrimitives
import Foundation

/// C2SP CCTV `ed25519vectors.json`: 914 signatures over unusual points, a JSON array of
/// `{number, key, sig, msg (UTF-8 text), flags}`.
///
/// There is no universal right answer for these; the file pins down which rules the verifier uses. Coffer
/// verifies with libsodium 1.0.18, which accepts exactly the cases whose flags are null or only
/// `low_order_component_A` / `low_order_component_R` (S < L, no small-order A or R, canonical A, cofactorless
/// equation, R compared byte for byte). Each case passes when accepted ⇔ flags ⊆ that set.
struct CCTVEd25519Runner: VectorRunner {
    let name = "cctv ed25519"
    /// The documented number of entries in the published file.
    static let documentedCount = 914
    static let acceptedFlags: Set<String> = ["low_order_component_A", "low_order_component_R"]

    func accepts(path: String, contents: Data) -> Bool {
        guard let prefix = VectorJSON.arrayPrefix(contents) else { return false }
        return prefix.contains("\"number\"") && prefix.contains("\"sig\"") && prefix.contains("\"msg\"")
    }

    func run(path: String, contents: Data) throws -> VectorFileReport {
        let results = try VectorJSON.array(contents, path: path).map { entry in
            let id = "number \(try entry.int("number"))"
            let flags = Set(entry.strings("flags"))
            let shouldAccept = flags.isSubset(of: Self.acceptedFlags)
            let accepted: Bool
            do {
                let key = try Ed25519.VerifyingKey(rawRepresentation: try entry.hex("key"))
                accepted = key.isValidSignature(try entry.hex("sig"), for: try entry.text("msg"))
            } catch is PrimitiveError {
                accepted = false
            }
            if accepted == shouldAccept {
                return VectorCaseResult(id: id, passed: true, detail: accepted ? "accepted" : "rejected")
            }
            let sorted = flags.sorted().joined(separator: ",")
            return VectorCaseResult(
                id: id, passed: false,
                detail: accepted ? "accepted with flags [\(sorted)]" : "rejected with flags [\(sorted)]"
            )
        }
        return VectorFileReport(path: path, suite: "CCTV ed25519", declaredCount: Self.documentedCount, cases: results)
    }
}
