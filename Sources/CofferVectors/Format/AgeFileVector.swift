// SPDX-License-Identifier: MIT
import CofferPrimitives

/// One test of `TestVectors/generated/age_v1_files.json` (algorithm `coffer-age-v1-files`): a complete age file,
/// the identity to open it with, and the required result.
///
/// `result` is `valid` (the whole plaintext decrypts) or `invalid` with `expect`, the `AgeError` case name, and
/// `outcome`, its CCTV class. `releasedSHA256` is the SHA-256 of all plaintext a correct reader releases, also for
/// payload failures (the authenticated chunks before the damaged one).
package struct AgeFileVectorTest: Codable, Sendable {
    package var tcId: Int
    package var comment: String
    package var flags: [String]
    /// `AGE-SECRET-KEY-1…` — a test key, published on purpose.
    package var identity: String
    /// A passphrase for scrypt stanzas, offered after the identity, when the case needs one.
    package var passphrase: String?
    package var armored: Bool
    /// The age file, hex.
    package var file: String
    package var releasedSize: Int
    package var releasedSHA256: String
    package var result: String
    package var expect: String?
    package var outcome: String

    package init(
        tcId: Int, comment: String, flags: [String] = [], identity: String, passphrase: String? = nil,
        armored: Bool = false,
        file: [UInt8],
        released: [UInt8], expect: String?, outcome: String
    ) {
        self.tcId = tcId
        self.comment = comment
        self.flags = flags
        self.identity = identity
        self.passphrase = passphrase
        self.armored = armored
        self.file = Hex.encode(file)
        self.releasedSize = released.count
        self.releasedSHA256 = Hex.encode(SHA256.hash(released))
        self.result = expect == nil ? "valid" : "invalid"
        self.expect = expect
        self.outcome = outcome
    }
}
