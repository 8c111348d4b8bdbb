// SPDX-License-Identifier: MIT
import CofferPrimitives
import Foundation

/// `hkdf_sha256_labels.json` (`coffer-hkdf-sha256-labels`): `okm = HKDF-SHA-256(ikm, salt, info = UTF-8(label), L)`
/// for the domain-separation labels of the kind age and Coffer use (a text label names what the key is for),
/// with empty, short and hash-length salts and lengths from 0 to the 8160-byte maximum. `invalid`: L = 8161 must be
/// refused with `hkdfOutputTooLong`.
struct HKDFLabelVectorTest: GeneratedVectorTest {
    var tcId: Int
    var comment: String
    var flags: [String]
    var ikm: String
    var salt: String
    /// The label as text; `info` is its UTF-8 bytes.
    var label: String
    var size: Int
    var okm: String?
    var result: String
    var expect: String?
}

struct HKDFLabelVectorGenerator: VectorGenerator {
    let fileName = "hkdf_sha256_labels.json"

    func generate() throws -> Data {
        var random = DeterministicRandom(label: fileName)
        var number = TestNumbering()
        var tests: [HKDFLabelVectorTest] = []
        func add(_ comment: String, _ flags: [String], label: String, saltLength: Int, size: Int) throws {
            let ikm = random.bytes(32)
            let salt = random.bytes(saltLength)
            let okm =
                size > HKDF<SHA256>.maximumOutputByteCount
                ? nil
                : try HKDF<SHA256>.deriveKey(
                    inputKeyMaterial: SecretBytes(ikm), salt: salt, info: Array(label.utf8), outputByteCount: size
                ).revealedBytes()
            tests.append(
                HKDFLabelVectorTest(
                    tcId: number.take(), comment: comment, flags: flags, ikm: Hex.encode(ikm), salt: Hex.encode(salt),
                    label: label, size: size, okm: okm.map(Hex.encode), result: okm == nil ? "invalid" : "valid",
                    expect: okm == nil ? "hkdfOutputTooLong" : nil
                ))
        }
        for label in ["age-encryption.org/v1/X25519", "header", "payload", "coffer-vectors/label"] {
            try add("label \"\(label)\", 16-byte salt", ["Label"], label: label, saltLength: 16, size: 32)
            try add(
                "label \"\(label)\", empty salt (= 32 zero bytes)", ["Label", "EmptySalt"], label: label, saltLength: 0,
                size: 32)
        }
        try add("empty label", ["EmptyLabel"], label: "", saltLength: 32, size: 32)
        try add(
            "non-ASCII label: info is its UTF-8 bytes", ["Utf8Label"], label: "coffer/schlüssel/鍵", saltLength: 32,
            size: 32)
        try add("label that is a prefix of another one", ["Label"], label: "payloa", saltLength: 16, size: 32)
        for size in [0, 1, 31, 33, 64, 100] {
            try add("output of \(size) bytes", ["Length"], label: "payload", saltLength: 16, size: size)
        }
        try add(
            "the maximum output, 255 x 32 = 8160 bytes", ["MaximalOutputSize"], label: "payload", saltLength: 16,
            size: 8160)
        try add("8161 bytes: one more than HKDF allows", ["SizeTooLarge"], label: "payload", saltLength: 16, size: 8161)
        return try CofferVectorFormat.encode(
            CofferVectorFile(
                algorithm: "coffer-hkdf-sha256-labels",
                header: [
                    "HKDF-SHA-256 (RFC 5869) with text domain-separation labels: info = UTF-8(label).",
                    "An empty salt means 32 zero bytes; more than 8160 output bytes is hkdfOutputTooLong.",
                ],
                notes: [
                    "Label": "a domain-separation label", "EmptySalt": "salt of zero bytes",
                    "EmptyLabel": "info of zero bytes",
                    "Utf8Label": "a label with non-ASCII characters", "Length": "an unusual output length",
                    "MaximalOutputSize": "255 x HashLen bytes", "SizeTooLarge": "more than 255 x HashLen bytes",
                ],
                testGroups: [CofferVectorGroup(type: "HkdfLabel", tests: tests)]
            ))
    }
}

struct HKDFLabelVectorRunner: GeneratedVectorRunner {
    let algorithm = "coffer-hkdf-sha256-labels"

    func checkValid(_ test: HKDFLabelVectorTest, id: String) throws -> VectorCaseResult {
        let okm = try HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SecretBytes(try Hex.decode(test.ikm)), salt: try Hex.decode(test.salt),
            info: Array(test.label.utf8), outputByteCount: test.size
        )
        return Check.equal(id, okm.revealedBytes(), try Hex.decode(test.okm ?? ""), "okm")
    }

    func outcome(_ test: HKDFLabelVectorTest) throws -> String {
        let ikm = SecretBytes(try Hex.decode(test.ikm))
        let salt = try Hex.decode(test.salt)
        return outcomeName { () throws(PrimitiveError) in
            _ = try HKDF<SHA256>.deriveKey(
                inputKeyMaterial: ikm, salt: salt, info: Array(test.label.utf8), outputByteCount: test.size)
        }
    }
}
