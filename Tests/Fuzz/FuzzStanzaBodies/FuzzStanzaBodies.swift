// SPDX-License-Identifier: MIT
// libFuzzer target: X25519 and scrypt stanza arguments and bodies, as the identities unwrap them.
// Built only with COFFER_FUZZ=1 (Package.swift); run it with `./dev fuzz FuzzStanzaBodies SECONDS`. See FUZZING.md.
import Coffer
import FuzzDriver

/// SwiftPM links an executable's `main` to `<TargetName>_main`; libFuzzer's driver then calls `fuzzOne` per input.
@_cdecl("FuzzStanzaBodies_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzOne)
}

let x25519 = try! X25519Identity("AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0")
/// A low work-factor cap keeps each input fast; larger log₂N must be refused before any work.
let scrypt = ScryptIdentity(passphrase: SecretBytes(Array("password".utf8)), maximumLogN: 10)

/// Input: byte 0 picks the stanza type (even: X25519, odd: scrypt), then the argument line (space-separated) up to
/// the first LF, then the body. A stanza that can be built must be unwrapped or refused, never trap.
func fuzzOne(_ bytes: [UInt8]) {
    guard let selector = bytes.first else { return }
    let rest = bytes.dropFirst()
    let newline = rest.firstIndex(of: 0x0A) ?? rest.endIndex
    let arguments = String(decoding: rest[..<newline], as: UTF8.self).split(separator: " ").map(String.init)
    let body = Array(rest[min(newline + 1, rest.endIndex)...])
    let type = selector % 2 == 0 ? "X25519" : "scrypt"
    guard let stanza = try? Stanza(type: type, arguments: arguments, body: body) else { return }
    _ = try? x25519.unwrap([stanza])
    _ = try? scrypt.unwrap([stanza])
}
