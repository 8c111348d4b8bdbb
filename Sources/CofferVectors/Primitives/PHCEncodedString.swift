// SPDX-License-Identifier: MIT
import CofferPrimitives

/// The PHC string format of libargon2's `argon2_encode_string`, read strictly so that the phc-winner-argon2
/// `verify_error` vectors can be run without libargon2's own verifier (Coffer stores Argon2 parameters in its
/// own formats and has no encoded-string API):
///
/// `$argon2{d,i,id}[$v=19]$m=M,t=T,p=P$base64(salt)$base64(hash)`, base64 unpadded standard alphabet;
/// no `v=` field means version 0x10.
struct PHCEncodedString: Equatable {
    var variant: Argon2.Variant
    var version: Argon2.Version
    var memoryKiB: UInt32
    var iterations: UInt32
    var parallelism: UInt32
    var salt: [UInt8]
    var hash: [UInt8]

    /// Why a string is not in the format; corresponds to libargon2's `ARGON2_DECODING_FAIL`.
    struct DecodingFailure: Error, Equatable {
        let reason: String
    }
}

extension PHCEncodedString {
    init(_ text: String) throws(DecodingFailure) {
        let fields = text.split(separator: "$", omittingEmptySubsequences: false).map(String.init)
        guard fields.first == "" else { throw DecodingFailure(reason: "does not start with $") }
        var rest = Array(fields.dropFirst())
        guard let variant = rest.first.flatMap(Argon2.Variant.init(rawValue:)) else {
            throw DecodingFailure(reason: "unknown variant")
        }
        self.variant = variant
        rest.removeFirst()
        if rest.first?.hasPrefix("v=") == true {
            switch rest.removeFirst() {
            case "v=19": version = .v13
            case "v=16": version = .v10
            default: throw DecodingFailure(reason: "unknown version")
            }
        } else {
            version = .v10
        }
        guard rest.count == 3 else { throw DecodingFailure(reason: "expected parameters, salt and hash fields") }
        let parameters = rest[0].split(separator: ",", omittingEmptySubsequences: false)
        guard parameters.count == 3 else { throw DecodingFailure(reason: "expected m=,t=,p=") }
        memoryKiB = try Self.number(parameters[0], "m=")
        iterations = try Self.number(parameters[1], "t=")
        parallelism = try Self.number(parameters[2], "p=")
        do {
            salt = try Base64.decode(rest[1])
            hash = try Base64.decode(rest[2])
        } catch {
            throw DecodingFailure(reason: "salt or hash is not canonical unpadded base64")
        }
    }

    /// A decimal number with no sign and no leading zero after `prefix`.
    private static func number(_ field: Substring, _ prefix: String) throws(DecodingFailure) -> UInt32 {
        guard field.hasPrefix(prefix) else { throw DecodingFailure(reason: "expected \(prefix)") }
        let digits = field.dropFirst(prefix.count)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            digits == "0" || !digits.hasPrefix("0"),
            let value = UInt32(digits)
        else { throw DecodingFailure(reason: "\(prefix) is not a decimal number") }
        return value
    }

    /// The outcome libargon2's `argon2_verify(encoded, password)` reports, reproduced with `Argon2.deriveKey`:
    /// `decodingFailed` (ARGON2_DECODING_FAIL), a `PrimitiveError` from the derivation (a salt below the 8-byte
    /// minimum is `kdfParameterTooSmall.saltLength`, libargon2's ARGON2_SALT_TOO_SHORT), `mismatch`
    /// (ARGON2_VERIFY_MISMATCH, compared in constant time) or `verified`.
    enum Verification: Equatable {
        case verified, mismatch, decodingFailed
        case refused(String)
    }

    static func verify(_ text: String, password: [UInt8]) -> Verification {
        let encoded: PHCEncodedString
        do {
            encoded = try PHCEncodedString(text)
        } catch {
            return .decodingFailed
        }
        do {
            let parameters = Argon2.Parameters(
                variant: encoded.variant, version: encoded.version, iterations: encoded.iterations,
                memoryKiB: encoded.memoryKiB, parallelism: encoded.parallelism, outputByteCount: encoded.hash.count
            )
            let tag = try Argon2.deriveKey(password: SecretBytes(password), salt: encoded.salt, parameters: parameters)
            return tag == SecretBytes(encoded.hash) ? .verified : .mismatch
        } catch {
            return .refused(errorName(error))
        }
    }
}
