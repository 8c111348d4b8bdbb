// SPDX-License-Identifier: MIT
// libFuzzer target: account records read from the store: account, identity secrets, KDF parameters, bundle, wrap.
// Built only with COFFER_FUZZ=1 (Package.swift); run it with `./dev fuzz FuzzAccountRecords SECONDS`. See FUZZING.md.
import Coffer
import FuzzDriver

/// SwiftPM links an executable's `main` to `<TargetName>_main`; libFuzzer's driver then calls `fuzzOne` per input.
@_cdecl("FuzzAccountRecords_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzOne)
}

/// Input: byte 0 picks the record type, the rest is the record. Every reader fails with a typed `KeysError` or
/// returns a value whose encoding is exactly the input (fixed layouts, one encoding each). KDF parameters that
/// parse are put to the policy check, which must refuse or accept them without running the KDF.
func fuzzOne(_ bytes: [UInt8]) {
    guard let selector = bytes.first else { return }
    let record = Array(bytes.dropFirst())
    switch selector % 7 {
    case 0:
        if let account = try? AccountRecord(encoded: record) {
            precondition(account.encoded == record, "account record is not canonical")
            _ = try? KDFPolicy.standard.check(account.kdf)
        }
    case 1:
        if let secrets = try? IdentitySecretsRecord(encoded: record) {
            precondition(secrets.encoded == record, "identity secrets record is not canonical")
        }
    case 2:
        if let kdf = try? KDFParameters(encoded: record) {
            precondition(kdf.encoded == record, "KDF parameters are not canonical")
            _ = try? KDFPolicy.standard.check(kdf)
        }
    case 3:
        if let bundle = try? IdentityBundle(encoded: record) {
            precondition(bundle.encoded == record, "identity bundle is not canonical")
        }
    case 4:
        if let wrap = try? WrappedMasterKey(encoded: record) {
            precondition(wrap.encoded == record, "master-key wrap is not canonical")
        }
    case 5:
        if let bundle = try? IdentityBundle(text: String(decoding: record, as: UTF8.self)) {
            precondition((try? IdentityBundle(text: bundle.text)) == bundle, "identity bundle text round trip failed")
        }
    default:
        _ = try? RecoveryKey(writtenForm: String(decoding: record, as: UTF8.self))
    }
}
