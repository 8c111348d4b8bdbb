// SPDX-License-Identifier: MIT
import CofferPrimitives
import Foundation

/// `transcribed/bip173_bech32.json`: BIP 173's Bech32 strings, Wycheproof-shaped (`string_hex` = the exact bytes).
/// - `valid`: decodes, and re-encoding the decoded part gives the same string back (in its case);
/// - `invalid`: refused with an `invalidBech32` error;
/// - `acceptable` (flag `OverLengthLimit`, a correct checksum on a 91-character string): Coffer's decision is to
///   ACCEPT it, because the age specification uses Bech32 without BIP 173's 90-character limit (age's post-quantum
///   keys are far longer). So this case must decode, like a valid one; a refusal fails it.
/// Bytes that are not UTF-8 (0x80, 0xff) reach the decoder as U+FFFD, which it refuses like any non-ASCII byte.
struct BIP173Runner: VectorRunner {
    let name = "BIP 173 Bech32"

    func accepts(path: String, contents: Data) -> Bool {
        VectorJSON.probe(contents)?.algorithm == "Bech32 (BIP 173 checksum)"
    }

    func run(path: String, contents: Data) throws -> VectorFileReport {
        try WycheproofFile(path: path, contents: contents).report(path: path, suite: name) { c in
            let text = String(decoding: try c.test.hex("string_hex"), as: UTF8.self)
            switch c.expectation {
            case .valid, .acceptable:
                do {
                    let (hrp, data) = try Bech32.decode(text)
                    let uppercase = text.uppercased() == text && text.lowercased() != text
                    let again = Bech32.encode(humanReadablePart: hrp, data: data, uppercase: uppercase)
                    return again == text ? c.pass() : c.fail("re-encoding gives \(again)")
                } catch {
                    return c.fail("refused: \(errorName(error))")
                }
            case .invalid:
                do {
                    _ = try Bech32.decode(text)
                    return c.fail("invalid string accepted")
                } catch {
                    return c.pass(errorName(error))
                }
            }
        }
    }
}
