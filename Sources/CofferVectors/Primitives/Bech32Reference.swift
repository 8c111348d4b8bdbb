// SPDX-License-Identifier: MIT

/// An independent minimal Bech32 encoder over 5-bit values, used by the generator to cross-check `Bech32.encode`
/// and to build strings with a correct checksum around malformed data (bad padding), which `Bech32.encode`
/// cannot produce.
enum Bech32Reference {
    static let charset = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l")

    static func encode(hrp: String, values: [UInt8]) -> String {
        let prefix = Array(hrp.utf8)
        let expanded = prefix.map { UInt32($0 >> 5) } + [0] + prefix.map { UInt32($0 & 31) }
        let mod = polymod(expanded + values.map(UInt32.init) + [0, 0, 0, 0, 0, 0]) ^ 1
        let checksum = (0..<6).map { (mod >> (5 * (5 - UInt32($0)))) & 31 }
        return hrp + "1" + String((values.map(UInt32.init) + checksum).map { charset[Int($0)] })
    }

    /// 8-bit bytes regrouped into 5-bit values, the last one zero-padded.
    static func fiveBit(_ data: [UInt8]) -> [UInt8] {
        var values: [UInt8] = []
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in data {
            accumulator = accumulator << 8 | UInt32(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                values.append(UInt8(accumulator >> UInt32(bits) & 31))
            }
        }
        if bits > 0 { values.append(UInt8(accumulator << UInt32(5 - bits) & 31)) }
        return values
    }

    private static func polymod(_ values: [UInt32]) -> UInt32 {
        let generator: [UInt32] = [0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3]
        var check: UInt32 = 1
        for value in values {
            let top = check >> 25
            check = (check & 0x1ffffff) << 5 ^ value
            for i in 0..<5 where (top >> UInt32(i)) & 1 == 1 { check ^= generator[i] }
        }
        return check
    }
}
