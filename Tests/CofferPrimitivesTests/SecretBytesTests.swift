// SPDX-License-Identifier: MIT
import CofferPrimitives
import Testing

@Suite("SecretBytes")
struct SecretBytesTests {
    @Test func equalityComparesContentAndLength() {
        let bytes: [UInt8] = Array(0..<32)
        var changedLast = bytes
        changedLast[31] ^= 1
        var changedFirst = bytes
        changedFirst[0] ^= 0x80
        #expect(SecretBytes(bytes) == SecretBytes(bytes))
        #expect(SecretBytes(bytes) != SecretBytes(changedLast))
        #expect(SecretBytes(bytes) != SecretBytes(changedFirst))
        #expect(SecretBytes(bytes) != SecretBytes(bytes.prefix(31)))
        #expect(SecretBytes([]) == SecretBytes([]))
    }

    /// `==` goes through `ConstantTime.equals` (sodium_memcmp); its semantics are checked directly too.
    @Test func constantTimeEqualsMatchesPlainEquality() {
        for length in [0, 1, 16, 33] {
            let a = [UInt8](repeating: 0x5a, count: length)
            #expect(ConstantTime.equals(a, a))
            if length > 0 {
                var b = a
                b[length - 1] = 0
                #expect(!ConstantTime.equals(a, b))
            }
            #expect(!ConstantTime.equals(a, a + [0]))
        }
    }

    @Test func descriptionRedactsTheBytes() {
        let secret = SecretBytes([0xde, 0xad, 0xbe, 0xef, 0x42])
        for text in [secret.description, secret.debugDescription, "\(secret)", String(reflecting: secret)] {
            #expect(text.contains("redacted"))
            #expect(text.contains("5 bytes"))
            for leak in ["dead", "beef", "DEAD", "222", "173", "190", "239"] {
                #expect(!text.contains(leak), "description leaks \(leak): \(text)")
            }
        }
    }

    @Test func randomSecretsDifferAndHaveTheirLength() {
        let a = SecretBytes.random(count: 32)
        let b = SecretBytes.random(count: 32)
        #expect(a.count == 32)
        #expect(a != b)
    }
}
