// SPDX-License-Identifier: MIT
import CofferAge
import CofferPrimitives
import Foundation

/// Runs C2SP CCTV age vectors through `AgeDecryptor`, once per payload backend (libsodium, OpenSSL), and compares
/// the outcome class and the hash of the released plaintext with the file's `expect` and `payload`; both backends
/// must agree exactly.
///
/// Every case runs with all of its identities, X25519 (`AGE-SECRET-KEY-1…`) and post-quantum hybrid
/// (`AGE-SECRET-KEY-PQ-1…`, mlkem768x25519) alike: no case is skipped or checked in a weaker way.
package struct CCTVAgeRunner: VectorRunner {
    package let name = "C2SP CCTV age"

    package init() {}

    package func accepts(path: String, contents: Data) -> Bool {
        contents.starts(with: Array("expect: ".utf8))
    }

    package func run(path: String, contents: Data) throws -> VectorFileReport {
        let testCase = try CCTVAgeCase(name: (path as NSString).lastPathComponent, contents: Array(contents))
        return VectorFileReport(path: path, suite: name, declaredCount: 1, cases: [CCTVAgeRunner.run(testCase)])
    }

    /// Runs every CCTV file in `directory` (all regular files except LICENSE and SOURCES.md).
    package static func runDirectory(_ directory: String) throws -> VectorFileReport {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
            .filter { $0 != "LICENSE" && $0 != "SOURCES.md" }
        var cases: [VectorCaseResult] = []
        for name in names {
            let data = try Data(contentsOf: URL(fileURLWithPath: (directory as NSString).appendingPathComponent(name)))
            cases.append(run(try CCTVAgeCase(name: name, contents: Array(data))))
        }
        return VectorFileReport(path: directory, suite: "C2SP CCTV age", declaredCount: names.count, cases: cases)
    }

    /// The outcome of decrypting `testCase` with its identities, and the plaintext released before it.
    package static func decrypt(
        _ testCase: CCTVAgeCase, concurrency: PayloadConcurrency = .sequential,
        payloadBackend: ChaCha20Poly1305.Backend = ChaCha20Poly1305.payloadBackend
    ) throws -> (AgeOutcome, [UInt8], AgeError?) {
        var identities: [any Identity] = []
        for text in testCase.identities {
            identities.append(try IdentityFile.identity(text))
        }
        for passphrase in testCase.passphrases {
            identities.append(ScryptIdentity(passphrase: SecretBytes(Array(passphrase.utf8))))
        }
        let sink = MemorySink()
        do {
            var decryptor = AgeDecryptor(identities: identities, concurrency: concurrency)
            decryptor.payloadBackend = payloadBackend
            try decryptor.decrypt(
                from: MemorySource(testCase.file), to: sink, armor: testCase.armored ? .required : .binary)
            return (.success, sink.bytes, nil)
        } catch let error as AgeError {
            return (error.outcome, sink.bytes, error)
        }
    }

    package static func run(_ testCase: CCTVAgeCase) -> VectorCaseResult {
        let outcome: AgeOutcome
        let released: [UInt8]
        let error: AgeError?
        do {
            // Every payload backend must reach the same outcome and release the same bytes; the first is checked below.
            let results = try ChaCha20Poly1305.Backend.allCases.map { try decrypt(testCase, payloadBackend: $0) }
            (outcome, released, error) = results[0]
            for (backend, other) in zip(ChaCha20Poly1305.Backend.allCases, results)
            where
                other.0 != outcome || other.1 != released
            {
                return VectorCaseResult(
                    id: testCase.name, passed: false,
                    detail: "the \(backend) payload backend got \(other.0.rawValue) and \(other.1.count) released bytes"
                )
            }
        } catch {
            return VectorCaseResult(id: testCase.name, passed: false, detail: "harness error: \(error)")
        }
        let got = error.map { "\(outcome.rawValue) (\($0))" } ?? outcome.rawValue
        guard outcome == testCase.expect else {
            return VectorCaseResult(
                id: testCase.name, passed: false, detail: "expected \(testCase.expect.rawValue), got \(got)")
        }
        if let expected = testCase.payloadSHA256, SHA256.hash(released) != expected {
            return VectorCaseResult(
                id: testCase.name, passed: false,
                detail: "released \(released.count) bytes whose SHA-256 is not the vector's payload hash"
            )
        }
        return VectorCaseResult(id: testCase.name, passed: true, detail: got)
    }
}
