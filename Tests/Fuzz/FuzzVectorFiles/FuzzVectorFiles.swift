// SPDX-License-Identifier: MIT
// libFuzzer target: CCTV age vector files (key: value header, hex, zlib inflate) and their runner.
// Built only with COFFER_FUZZ=1 (Package.swift); run it with `./dev fuzz FuzzVectorFiles SECONDS`. See FUZZING.md.
import Coffer
import CofferVectors
import FuzzDriver

/// SwiftPM links an executable's `main` to `<TargetName>_main`; libFuzzer's driver then calls `fuzzOne` per input.
@_cdecl("FuzzVectorFiles_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzOne)
}

/// Any bytes as a CCTV file: parsing fails with a typed error, or the case runs and yields a pass or a fail.
/// Cases with a passphrase are parsed but not run: their scrypt work factor is the input's to choose.
func fuzzOne(_ bytes: [UInt8]) {
    guard let testCase = try? CCTVAgeCase(name: "fuzz", contents: bytes), testCase.passphrases.isEmpty else { return }
    _ = CCTVAgeRunner.run(testCase)
}
