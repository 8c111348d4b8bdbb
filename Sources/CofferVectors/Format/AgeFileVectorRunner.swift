// SPDX-License-Identifier: MIT
import CofferAge
import CofferPrimitives
import Foundation

/// Runs `coffer-age-v1-files` vector files: decrypts each file and compares the error case name (or success) and
/// the SHA-256 of the released plaintext.
package struct AgeFileVectorRunner: VectorRunner {
    package let name = "coffer-age-v1-files"

    package init() {}

    package func accepts(path: String, contents: Data) -> Bool {
        CofferVectorFormat.algorithm(of: contents) == name
    }

    package func run(path: String, contents: Data) throws -> VectorFileReport {
        let file: CofferVectorFile<AgeFileVectorTest>
        do {
            file = try JSONDecoder().decode(CofferVectorFile<AgeFileVectorTest>.self, from: contents)
        } catch {
            throw VectorError.malformed(path: path, reason: "\(error)")
        }
        let cases = file.testGroups.flatMap(\.tests).map(AgeFileVectorRunner.run)
        return VectorFileReport(path: path, suite: name, declaredCount: file.numberOfTests, cases: cases)
    }

    package static func run(_ test: AgeFileVectorTest) -> VectorCaseResult {
        let id = "tcId \(test.tcId)"
        let sink = MemorySink()
        var got = "success"
        var outcome = AgeOutcome.success
        do {
            var identities: [any Identity] = [try X25519Identity(test.identity)]
            if let passphrase = test.passphrase {
                identities.append(ScryptIdentity(passphrase: SecretBytes(Array(passphrase.utf8))))
            }
            let decryptor = AgeDecryptor(identities: identities, concurrency: .batches(of: 2))
            try decryptor.decrypt(
                from: MemorySource(try Hex.decode(test.file)), to: sink,
                armor: test.armored ? .required : .binary)
        } catch let error as AgeError {
            got = error.name
            outcome = error.outcome
        } catch {
            return VectorCaseResult(id: id, passed: false, detail: "harness error: \(error)")
        }
        let expected = test.expect ?? "success"
        guard got == expected, outcome.rawValue == test.outcome else {
            return VectorCaseResult(id: id, passed: false, detail: "expected \(expected), got \(got)")
        }
        guard sink.bytes.count == test.releasedSize, Hex.encode(SHA256.hash(sink.bytes)) == test.releasedSHA256 else {
            return VectorCaseResult(
                id: id, passed: false, detail: "released plaintext differs (\(sink.bytes.count) bytes)")
        }
        return VectorCaseResult(id: id, passed: true, detail: got)
    }
}
