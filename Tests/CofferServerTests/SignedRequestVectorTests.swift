// SPDX-License-Identifier: MIT
import CofferPrimitives
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Testing

@testable import CofferRemote
@testable import CofferServer
@testable import CofferVectors

/// `TestVectors/generated/server_signed_request.json` (Spec/server.md §6.1) against the code that signs and the
/// code that verifies: the client's `RequestSigner` gives each valid case's exact headers and message; the
/// server's `RequestAuthenticator`, given the case's origins, clock, window and seen nonces, accepts each valid
/// case and refuses each invalid one with the `SignatureRefusal` the case names. One test case per vector.
@Suite struct SignedRequestVectorTests {
    static let file = "server_signed_request.json"
    static let vectors = GeneratedVectorSet.committed([file])

    /// The case as `coffer vectors verify` reads it (CofferVectors' `SignedRequestCase`).
    typealias Case = SignedRequestCase

    struct File: Decodable {
        struct Group: Decodable { var tests: [Case] }
        var numberOfTests: Int
        var testGroups: [Group]
    }

    static let parsed: File? = try? JSONDecoder().decode(File.self, from: Data(vectors.text(file).utf8))
    static let cases: [Case] = parsed?.testGroups.flatMap(\.tests) ?? []

    @Test func theFileIsCompleteAndRegeneratesFromTheSeed() throws {
        let parsed = try #require(Self.parsed)
        #expect(Self.cases.count == parsed.numberOfTests)
        #expect(try Self.vectors.fileProblems(Self.file, minimumCases: 40) == [])
        // Every refusal is named by some case.
        #expect(Set(Self.cases.compactMap(\.expect)) == Set(SignatureRefusal.Kind.allCases.map(\.rawValue)))
    }

    @Test(arguments: cases.filter { $0.result == "valid" })
    func theClientSignsExactlyTheVector(_ test: Case) throws {
        let key = try Ed25519.SigningKey(seed: SecretBytes(try Hex.decode(test.signerSeed)))
        let nonce = try Base64.decode(test.cofferNonce, alphabet: .urlSafe)
        let time = try #require(Int64(test.cofferTime))
        let signer = RequestSigner(key: key, now: { time }, nonce: { nonce })
        let headers = signer.headers(
            method: test.method, origin: test.origin, target: test.target, body: test.bodyBytes, covered: test.covered)
        #expect(
            headers == [
                "Coffer-Key": test.cofferKey, "Coffer-Time": test.cofferTime, "Coffer-Nonce": test.cofferNonce,
                "Coffer-Signature": test.cofferSignature,
            ])
        let message = RequestSignature.message(
            method: test.method, origin: test.origin, target: test.target, bodyDigest: SHA256.hash(test.bodyBytes),
            time: time, nonce: test.cofferNonce, key: test.cofferKey, covered: test.covered)
        #expect(Hex.encode(message) == test.message)
    }

    @Test(arguments: cases)
    func theServerDecidesAsTheVectorSays(_ test: Case) async throws {
        let server = try await TestServer()
        let storage = try await ServerStorage.open(server.configuration)
        let outcome: Result<String, any Error>
        do {
            outcome = .success(try await Self.outcome(test, store: storage.store))
        } catch {
            outcome = .failure(error)
        }
        try await storage.close()
        try await server.remove()
        #expect(try outcome.get() == (test.expect ?? "ok"))
    }

    /// `ok`, or the kind of the server's refusal.
    static func outcome(_ test: Case, store: any ServerStore) async throws -> String {
        for nonce in test.usedNonces {
            #expect(try await store.useNonce(nonce, time: test.serverTime, forgetBefore: 0))
        }
        let authenticator = RequestAuthenticator(
            store: store, origins: ServerOrigins(test.serverOrigins), window: test.window, now: { test.serverTime })
        var fields: HTTPFields = [
            .init("Coffer-Key")!: test.cofferKey, .init("Coffer-Time")!: test.cofferTime,
            .init("Coffer-Nonce")!: test.cofferNonce, .init("Coffer-Signature")!: test.cofferSignature,
        ]
        for (name, value) in zip(RequestSignature.coveredHeaders, test.covered) {
            if let value { fields[HTTPField.Name(name)!] = value }
        }
        let url = try #require(URL(string: test.origin))
        let authority = String(test.origin.dropFirst((url.scheme ?? "").count + 3))
        let head = HTTPRequest(
            method: try #require(HTTPRequest.Method(test.method)), scheme: url.scheme, authority: authority,
            path: test.target, headerFields: fields)
        let request = Request(head: head, body: RequestBody(buffer: ByteBuffer(bytes: test.bodyBytes)))
        do {
            let claim = try #require(try authenticator.claim(request))
            _ = try await authenticator.verify(claim, bodyDigest: SHA256.hash(test.bodyBytes))
            return "ok"
        } catch let refusal as SignatureRefusal {
            return refusal.kind.rawValue
        }
    }
}

extension SignedRequestCase: CustomTestStringConvertible {
    public var testDescription: String { "tcId \(tcId): \(comment)" }
    var bodyBytes: [UInt8] { (try? Hex.decode(body)) ?? [] }
}
