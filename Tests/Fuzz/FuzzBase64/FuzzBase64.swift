// SPDX-License-Identifier: MIT
// libFuzzer target: canonical unpadded base64, both alphabets.
// Built only with COFFER_FUZZ=1 (Package.swift); run it with `./dev fuzz FuzzBase64 SECONDS`. See FUZZING.md.
import Coffer
import FuzzDriver

/// SwiftPM links an executable's `main` to `<TargetName>_main`; libFuzzer's driver then calls `fuzzOne` per input.
@_cdecl("FuzzBase64_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzOne)
}

/// Any text: decoding fails, or the text is the one encoding of the bytes (decoding accepts only canonical input).
func fuzzOne(_ bytes: [UInt8]) {
    let text = String(decoding: bytes, as: UTF8.self)
    for alphabet in [Base64.Alphabet.standard, .urlSafe] {
        if let decoded = try? Base64.decode(text, alphabet: alphabet) {
            precondition(Base64.encode(decoded, alphabet: alphabet) == text, "accepted a non-canonical encoding")
        }
    }
}
