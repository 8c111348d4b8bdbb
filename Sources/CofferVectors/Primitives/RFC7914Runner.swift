// SPDX-License-Identifier: MIT
import CofferPrimitives

/// `transcribed/rfc7914_scrypt.json`: RFC 7914 §12, `derivedKey = scrypt(password, salt, N, r, p, dkLen)` with
/// ASCII password and salt. Vector 4 (N = 2^20, r = 8) needs 1 GiB and runs only with COFFER_SLOW_VECTORS=1;
/// otherwise it is reported as skipped with that reason.
struct RFC7914Runner: TranscribedRunner {
    let name = "RFC 7914 scrypt"
    let titlePrefix = "RFC 7914"

    func check(_ t: JSONObject, id: String) throws -> VectorCaseResult {
        if t.flag("slow") && !SlowVectors.enabled { return SlowVectors.skip(id, "1 GiB scrypt") }
        let n = try t.int("N")
        guard n > 1, n & (n - 1) == 0 else {
            return VectorCaseResult(id: id, passed: false, detail: "N is not a power of two")
        }
        let key = try Scrypt.deriveKey(
            password: SecretBytes(try t.text("password")), salt: try t.text("salt"),
            logN: UInt8(n.trailingZeroBitCount),
            blockSize: UInt32(try t.int("r")), parallelism: UInt32(try t.int("p")), outputByteCount: try t.int("dkLen")
        )
        return Check.equal(id, key.revealedBytes(), try t.hex("derivedKey"), "derived key")
    }
}
