// SPDX-License-Identifier: MIT
import CofferAge
import CofferPrimitives
import CofferVectors
import Foundation
import Testing

/// Every file of the C2SP CCTV age suite, one test case each, through the library (`CCTVAgeRunner`).
@Suite("CCTV age vectors")
struct CCTVAgeTests {
    static let directory = Support.vectorPath("published/cctv-age")
    static let names: [String] =
        (try? FileManager.default.contentsOfDirectory(atPath: directory))?
        .filter { $0 != "LICENSE" && $0 != "SOURCES.md" }.sorted() ?? []

    static func load(_ name: String) throws -> CCTVAgeCase {
        let data = try Data(contentsOf: URL(fileURLWithPath: (directory as NSString).appendingPathComponent(name)))
        return try CCTVAgeCase(name: name, contents: Array(data))
    }

    @Test("the suite has 143 cases, as SOURCES.md declares")
    func count() {
        #expect(CCTVAgeTests.names.count == 143)
    }

    @Test("outcome class and released-plaintext hash match", arguments: names)
    func vector(name: String) throws {
        let result = CCTVAgeRunner.run(try CCTVAgeTests.load(name))
        #expect(result.passed, "\(name): \(result.detail)")
    }

    @Test("parallel decryption gives the same outcome and bytes", arguments: names.filter { $0.hasPrefix("stream_") })
    func parallel(name: String) throws {
        let testCase = try CCTVAgeTests.load(name)
        let sequential = try CCTVAgeRunner.decrypt(testCase, concurrency: .sequential)
        let parallel = try CCTVAgeRunner.decrypt(testCase, concurrency: .batches(of: 8))
        #expect(sequential.0 == parallel.0)
        #expect(sequential.1 == parallel.1)
        #expect(sequential.2 == parallel.2)
    }

    /// Upstream's suggested round trips: the header of every case that parses re-encodes to the same bytes, and
    /// every success case's payload re-encrypts to the same bytes under the vector's file key and nonce.
    @Test("header parse/encode and STREAM decrypt/re-encrypt round-trip", arguments: names)
    func roundTrip(name: String) throws {
        let testCase = try CCTVAgeTests.load(name)
        let mode: AgeDecryptor.ArmorMode = testCase.armored ? .required : .binary
        let file: [UInt8]
        do {
            file = try AgeDecryptor.unarmored(MemorySource(testCase.file), mode: mode).readAll()
        } catch {
            #expect(testCase.expect == .armorFailure, "\(name): unexpected armor error \(error)")
            return
        }
        let source = BufferedSource(MemorySource(file))
        guard let header = try? HeaderParser.parse(from: source) else {
            #expect(testCase.expect == .headerFailure, "\(name): header did not parse")
            return
        }
        let headerBytes = Array(file[..<Int(source.consumed)])
        #expect(header.encoded == headerBytes, "\(name): header does not re-encode byte for byte")
        guard testCase.expect == .success else { return }
        let fileKey = try FileKey(secret: SecretBytes(testCase.fileKey))
        try header.verifyMAC(fileKey: fileKey)
        let nonce = Array(file[headerBytes.count..<headerBytes.count + 16])
        let payload = Array(file[(headerBytes.count + 16)...])
        let plain = MemorySink()
        try PayloadDecryptor(key: PayloadKey(fileKey: fileKey, nonce: nonce))
            .decrypt(from: BufferedSource(MemorySource(payload)), to: plain)
        let again = MemorySink()
        try PayloadEncryptor(key: PayloadKey(fileKey: fileKey, nonce: nonce), concurrency: .batches(of: 4))
            .encrypt(from: BufferedSource(MemorySource(plain.bytes)), to: again)
        #expect(again.bytes == payload, "\(name): STREAM re-encryption differs")
    }

    @Test("the directory runner reports every case passing")
    func directoryRunner() throws {
        let report = try CCTVAgeRunner.runDirectory(CCTVAgeTests.directory)
        #expect(report.cases.count == 143)
        #expect(report.passed, "\(report.cases.filter { !$0.passed }.map { "\($0.id): \($0.detail)" })")
    }

    /// The 19 post-quantum cases (`hybrid_*`, `armor_hybrid`) run with their hybrid identities like any other case:
    /// each must reach its exact expected class, and the success cases must release the expected plaintext.
    @Test("the 19 mlkem768x25519 cases run with their hybrid identities, none skipped")
    func hybridCases() throws {
        let hybrid = CCTVAgeTests.names.filter { $0.contains("hybrid") }
        #expect(hybrid.count == 19)
        var successes = 0
        for name in hybrid {
            let testCase = try CCTVAgeTests.load(name)
            #expect(testCase.isHybrid, "\(name) carries an AGE-SECRET-KEY-PQ-1… identity")
            let (outcome, released, _) = try CCTVAgeRunner.decrypt(testCase)
            #expect(outcome == testCase.expect, "\(name): expected \(testCase.expect), got \(outcome)")
            if testCase.expect == .success {
                successes += 1
                #expect(SHA256.hash(released) == testCase.payloadSHA256, "\(name): released plaintext differs")
            }
        }
        #expect(successes == 5)
    }
}
