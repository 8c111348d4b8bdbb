// SPDX-License-Identifier: MIT
import CofferPrimitives

/// `"age-encryption.org/v1" LF ‖ stanza* ‖ "---" ‖ SP ‖ base64(MAC) LF` — the age v1 header.
///
/// `MAC = HMAC-SHA-256(key: HKDF-SHA-256(ikm: fileKey, salt: "", info: "header"), message: header bytes up to and
/// including "---")`. The MAC binds every stanza to the file key, so stanzas cannot be added, removed or altered
/// without the file key. Parsing and encoding round-trip byte for byte (`HeaderParser` is strict).
package struct Header: Sendable, Equatable {
    package static let versionLine = "age-encryption.org/v1"

    package let stanzas: [Stanza]
    /// The 32-byte header MAC.
    package let mac: [UInt8]

    package init(stanzas: [Stanza], mac: [UInt8]) {
        self.stanzas = stanzas
        self.mac = mac
    }

    /// Makes the header for `stanzas` under `fileKey`, computing its MAC.
    package init(stanzas: [Stanza], fileKey: FileKey) {
        self.stanzas = stanzas
        self.mac = Header.computeMAC(headerWithoutMAC: Header.encodeWithoutMAC(stanzas), fileKey: fileKey)
    }

    /// The bytes the MAC covers: version line, stanzas and `---` (without the space and the MAC).
    package var encodedWithoutMAC: [UInt8] { Header.encodeWithoutMAC(stanzas) }

    /// The complete header, ending with the MAC line's LF.
    package var encoded: [UInt8] {
        encodedWithoutMAC + Array(" \(Base64.encode(mac))\n".utf8)
    }

    /// Checks the MAC under `fileKey` in constant time.
    package func verifyMAC(fileKey: FileKey) throws(AgeError) {
        let expected = Header.computeMAC(headerWithoutMAC: encodedWithoutMAC, fileKey: fileKey)
        guard ConstantTime.equals(expected, mac) else { throw .headerMACMismatch }
    }

    static func encodeWithoutMAC(_ stanzas: [Stanza]) -> [UInt8] {
        var out = Array("\(versionLine)\n".utf8)
        for stanza in stanzas { out += stanza.encoded }
        out += Array("---".utf8)
        return out
    }

    /// `HMAC-SHA-256(HKDF-SHA-256(fileKey, salt: "", info: "header"), headerWithoutMAC)`.
    static func computeMAC(headerWithoutMAC: [UInt8], fileKey: FileKey) -> [UInt8] {
        let key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: fileKey.secret, salt: [], info: Array("header".utf8)
        )
        return HMAC<SHA256>.authenticationCode(for: headerWithoutMAC, using: key)
    }
}
