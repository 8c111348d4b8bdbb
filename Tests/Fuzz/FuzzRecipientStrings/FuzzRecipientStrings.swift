// SPDX-License-Identifier: MIT
// libFuzzer target: Bech32, age recipient and identity strings, identity and recipient files.
// Built only with COFFER_FUZZ=1 (Package.swift); run it with `./dev fuzz FuzzRecipientStrings SECONDS`. See FUZZING.md.
import Coffer
import FuzzDriver

/// SwiftPM links an executable's `main` to `<TargetName>_main`; libFuzzer's driver then calls `fuzzOne` per input.
@_cdecl("FuzzRecipientStrings_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzOne)
}

/// Any text: every parser fails with a typed error or yields a value that encodes back to something it accepts.
func fuzzOne(_ bytes: [UInt8]) {
    let text = String(decoding: bytes, as: UTF8.self)
    if let (hrp, data) = try? Bech32.decode(text) {
        let again = try? Bech32.decode(Bech32.encode(humanReadablePart: hrp, data: data))
        precondition(again?.humanReadablePart == hrp && again?.data == data, "Bech32 round trip changed the value")
    }
    if let recipient = try? X25519Recipient(text) {
        precondition((try? X25519Recipient(recipient.encoded)) == recipient, "recipient round trip changed the key")
    }
    if let identity = try? X25519Identity(text) {
        precondition(
            (try? X25519Identity(identity.encodedSecret()))?.recipient == identity.recipient,
            "identity round trip changed the key")
    }
    _ = try? IdentityFile.parse(text)
    _ = try? RecipientsFile.parse(text)
}
