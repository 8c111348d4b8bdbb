// SPDX-License-Identifier: MIT
// libFuzzer target: the STREAM payload decryptors (sequential, parallel, seekable), arbitrary and tampered payloads.
// Built only with COFFER_FUZZ=1 (Package.swift); run it with `./dev fuzz FuzzStream SECONDS`. See FUZZING.md.
import Coffer
import FuzzDriver

/// SwiftPM links an executable's `main` to `<TargetName>_main`; libFuzzer's driver then calls `fuzzOne` per input.
@_cdecl("FuzzStream_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzOne)
}

let fileKey = try! FileKey(secret: SecretBytes([UInt8](repeating: 7, count: FileKey.byteCount)))
let nonce = [UInt8](repeating: 9, count: PayloadKey.nonceByteCount)
let key = PayloadKey(fileKey: fileKey, nonce: nonce)
let identity = try! X25519Identity("AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0")
/// One header for every input (wrapping per input would make runs irreproducible and slow).
let header = Header(stanzas: try! identity.recipient.wrap(fileKey), fileKey: fileKey).encoded + nonce

/// Input: byte 0 mode, byte 1 chunks per batch, bytes 2…3 plaintext size, 4…7 tamper position, 8…11 a read range,
/// then content. Mode 0: the content is a payload under a key it cannot know — nothing may be released. Modes 1
/// (cut) and 2 (bit flip): a real payload is tampered with — decryption must fail, releasing only a prefix of the
/// true plaintext; the untouched payload must round-trip; a seekable read returns the true bytes or throws.
func fuzzOne(_ bytes: [UInt8]) {
    guard bytes.count >= 12 else { return }
    let chunksPerBatch = Int(bytes[1] % 4) + 1
    let content = Array(bytes[12...])
    if bytes[0] % 3 == 0 {
        let sink = MemorySink()
        _ = try? PayloadDecryptor(key: key, concurrency: .batches(of: chunksPerBatch)).decrypt(
            from: BufferedSource(MemorySource(content)), to: sink)
        precondition(sink.bytes.isEmpty, "released plaintext from a payload under an unknown key")
        return
    }
    // Up to two full chunks and a bit: every boundary case (empty, short, exactly full, full + more) is reachable.
    let size = (Int(bytes[2]) << 8 | Int(bytes[3])) * 2 % (2 * PayloadChunk.plaintextByteCount + 33)
    var plaintext = [UInt8](repeating: 0x5A, count: content.isEmpty ? size : 0)
    while plaintext.count < size { plaintext += content.prefix(size - plaintext.count) }
    let sealedSink = MemorySink()
    try! PayloadEncryptor(key: key, concurrency: .batches(of: 5 - chunksPerBatch)).encrypt(
        from: BufferedSource(MemorySource(plaintext)), to: sealedSink)
    var payload = sealedSink.bytes
    let position = Int(bytes[4]) << 24 | Int(bytes[5]) << 16 | Int(bytes[6]) << 8 | Int(bytes[7])
    let at = position % (payload.count + 1)
    let tampered = at < payload.count
    if tampered {
        if bytes[0] % 3 == 1 { payload.removeSubrange(at...) } else { payload[at] ^= 1 << (bytes[7] % 8) }
    }
    let sink = MemorySink()
    let result = Result {
        try PayloadDecryptor(key: key, concurrency: .batches(of: chunksPerBatch)).decrypt(
            from: BufferedSource(MemorySource(payload)), to: sink)
    }
    if tampered {
        guard case .failure = result else { preconditionFailure("a tampered payload decrypted") }
        let released = sink.bytes
        precondition(Array(plaintext.prefix(released.count)) == released, "released bytes that are not the plaintext")
    } else {
        guard case .success = result, sink.bytes == plaintext else { preconditionFailure("round trip failed") }
    }
    seekableRead(payload: payload, plaintext: plaintext, range: bytes[8..<12])
}

/// Reads a range of the (possibly tampered) file at random: the true plaintext bytes or an error, nothing else.
func seekableRead(payload: [UInt8], plaintext: [UInt8], range: ArraySlice<UInt8>) {
    let file = header + payload
    guard let reader = try? SeekableDecryptor(source: MemorySource(file), identities: [identity]) else { return }
    let offset = UInt64(Int(range[range.startIndex]) << 8 | Int(range[range.startIndex + 1])) * 7
    let length = Int(range[range.startIndex + 2]) << 8 | Int(range[range.startIndex + 3])
    guard let read = try? reader.read(offset: offset, length: length) else { return }
    let start = Int(offset)
    precondition(
        start + length <= plaintext.count && read == Array(plaintext[start..<(start + length)]),
        "seekable read returned bytes that are not the plaintext")
}
