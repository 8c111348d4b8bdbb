// SPDX-License-Identifier: MIT

/// Bech32 (BIP 173) as the age specification uses it: the original Bech32 checksum (constant 1), any length
/// (no 90-character limit), all-lowercase or all-uppercase. libsodium has no Bech32, so it is written here
/// and proven against the BIP 173 vectors.
package enum Bech32 {
    private static let charset = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)
    private static let reverse: [Int8] = {
        var table = [Int8](repeating: -1, count: 128)
        for (index, character) in charset.enumerated() {
            table[Int(character)] = Int8(index)
        }
        return table
    }()

    /// Encodes `data` under `humanReadablePart`, lowercase, or uppercase when `uppercase` is set.
    package static func encode(humanReadablePart hrp: String, data: [UInt8], uppercase: Bool = false) -> String {
        let lowerHRP = hrp.lowercased()
        let values = convertBits(data, from: 8, to: 5, pad: true)!
        let checksum = createChecksum(hrp: Array(lowerHRP.utf8), values: values)
        var result = Array(lowerHRP.utf8) + [UInt8(ascii: "1")]
        result += (values + checksum).map { charset[Int($0)] }
        let text = String(decoding: result, as: UTF8.self)
        return uppercase ? text.uppercased() : text
    }

    /// Decodes a Bech32 string into its lowercase human-readable part and data bytes.
    package static func decode(_ text: String) throws(PrimitiveError) -> (humanReadablePart: String, data: [UInt8]) {
        let bytes = Array(text.utf8)
        // The separator is the last "1"; a bad character after it belongs to the data part, not the HRP.
        let lastOne = bytes.lastIndex(of: UInt8(ascii: "1"))
        var hasLower = false
        var hasUpper = false
        for (index, byte) in bytes.enumerated() {
            guard byte >= 33, byte <= 126 else {
                if let lastOne, index > lastOne {
                    throw .invalidBech32(.invalidDataCharacter(String(decoding: bytes[index...], as: UTF8.self).first!))
                }
                throw .invalidBech32(.invalidHumanReadableCharacter(byte))
            }
            if byte >= 97 && byte <= 122 { hasLower = true }
            if byte >= 65 && byte <= 90 { hasUpper = true }
        }
        if hasLower && hasUpper { throw .invalidBech32(.mixedCase) }
        let lowered = bytes.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
        guard let separator = lowered.lastIndex(of: UInt8(ascii: "1")) else { throw .invalidBech32(.missingSeparator) }
        guard separator > 0 else { throw .invalidBech32(.emptyHumanReadablePart) }
        let hrp = Array(lowered[..<separator])
        let dataPart = lowered[(separator + 1)...]
        guard dataPart.count >= 6 else { throw .invalidBech32(.tooShortChecksum) }
        var values: [UInt8] = []
        values.reserveCapacity(dataPart.count)
        for character in dataPart {
            let value = reverse[Int(character)]
            guard value >= 0 else { throw .invalidBech32(.invalidDataCharacter(Character(Unicode.Scalar(character)))) }
            values.append(UInt8(value))
        }
        guard polymod(expand(hrp) + values) == 1 else { throw .invalidBech32(.checksumMismatch) }
        let payload = Array(values.dropLast(6))
        guard let data = convertBits(payload, from: 5, to: 8, pad: false) else {
            throw .invalidBech32(payload.count * 5 % 8 > 4 ? .excessPadding : .nonZeroPadding)
        }
        return (String(decoding: hrp, as: UTF8.self), data)
    }

    /// Decodes and requires the human-readable part to equal `expected` (compared lowercase).
    package static func decode(_ text: String, expecting expected: String) throws(PrimitiveError) -> [UInt8] {
        let (hrp, data) = try decode(text)
        guard hrp == expected.lowercased() else {
            throw .invalidBech32(.wrongHumanReadablePart(expected: expected.lowercased(), actual: hrp))
        }
        return data
    }

    private static func polymod(_ values: [UInt8]) -> UInt32 {
        let generator: [UInt32] = [0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3]
        var checksum: UInt32 = 1
        for value in values {
            let top = checksum >> 25
            checksum = (checksum & 0x1ff_ffff) << 5 ^ UInt32(value)
            for i in 0..<5 where (top >> UInt32(i)) & 1 == 1 { checksum ^= generator[i] }
        }
        return checksum
    }

    private static func expand(_ hrp: [UInt8]) -> [UInt8] {
        hrp.map { $0 >> 5 } + [0] + hrp.map { $0 & 31 }
    }

    private static func createChecksum(hrp: [UInt8], values: [UInt8]) -> [UInt8] {
        let mod = polymod(expand(hrp) + values + [0, 0, 0, 0, 0, 0]) ^ 1
        return (0..<6).map { UInt8((mod >> UInt32(5 * (5 - $0))) & 31) }
    }

    /// Regroups bits; when not padding, refuses more than 4 leftover bits or non-zero leftover bits (returns nil).
    private static func convertBits(_ data: [UInt8], from: Int, to: Int, pad: Bool) -> [UInt8]? {
        var accumulator = 0
        var bits = 0
        var result: [UInt8] = []
        let maxValue = (1 << to) - 1
        for value in data {
            accumulator = (accumulator << from) | Int(value)
            bits += from
            while bits >= to {
                bits -= to
                result.append(UInt8((accumulator >> bits) & maxValue))
            }
            accumulator &= (1 << bits) - 1
        }
        if pad {
            if bits > 0 { result.append(UInt8((accumulator << (to - bits)) & maxValue)) }
        } else if bits >= from || (accumulator << (to - bits)) & maxValue != 0 {
            return nil
        }
        return result
    }
}
