// SPDX-License-Identifier: MIT
// libFuzzer target: the ASCII armor decoder (PEM-style "AGE ENCRYPTED FILE").
// Built only with COFFER_FUZZ=1 (Package.swift); run it with `./dev fuzz FuzzArmor SECONDS`. See FUZZING.md.
import Coffer
import FuzzDriver

/// SwiftPM links an executable's `main` to `<TargetName>_main`; libFuzzer's driver then calls `fuzzOne` per input.
@_cdecl("FuzzArmor_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzOne)
}

/// Any bytes: decoding fails with a typed error or yields bytes that survive an encode → decode round trip.
func fuzzOne(_ bytes: [UInt8]) {
    guard let decoded = try? ArmorDecoder(BufferedSource(MemorySource(bytes))).readAll() else { return }
    let sink = MemorySink()
    let encoder = try! ArmorEncoder(sink)
    try! encoder.write(decoded)
    try! encoder.finish()
    let again = try? ArmorDecoder(BufferedSource(MemorySource(sink.bytes))).readAll()
    precondition(again == decoded, "armor round trip changed the bytes")
}
