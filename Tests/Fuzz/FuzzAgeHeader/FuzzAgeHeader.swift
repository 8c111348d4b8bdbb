// SPDX-License-Identifier: MIT
// libFuzzer target: the age v1 header parser, and whole-file decryption dispatch (armor detection, identities).
// Built only with COFFER_FUZZ=1 (Package.swift); run it with `./dev fuzz FuzzAgeHeader SECONDS`. See FUZZING.md.
import Coffer
import FuzzDriver

/// SwiftPM links an executable's `main` to `<TargetName>_main`; libFuzzer's driver then calls `fuzzOne` per input.
@_cdecl("FuzzAgeHeader_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzOne)
}

/// The CCTV suite's identity and passphrase, so seeds from it reach the payload.
let identity = try! X25519Identity("AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0")

/// Any bytes: parsing either fails with a typed error or yields a header that re-encodes to exactly the bytes it
/// consumed (age headers have one canonical encoding). Decryption must fail cleanly too.
func fuzzOne(_ bytes: [UInt8]) {
    let source = BufferedSource(MemorySource(bytes))
    if let header = try? HeaderParser.parse(from: source) {
        precondition(header.encoded == Array(bytes[..<Int(source.consumed)]), "parsed header is not canonical")
    }
    let scrypt = ScryptIdentity(passphrase: SecretBytes(Array("password".utf8)), maximumLogN: 10)
    _ = try? AgeDecryptor(identities: [identity, scrypt], concurrency: .sequential).decrypt(bytes)
}
