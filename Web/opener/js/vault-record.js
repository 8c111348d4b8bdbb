// SPDX-License-Identifier: MIT
// The envelope every vault record but a listing chunk has (Spec/vault.md §2), read as `SignedRecord` does:
//   record    = magic(4) ‖ version ‖ body ‖ signer(16) ‖ signature(64)
//   signature = Ed25519(signer, label ‖ 0x00 ‖ magic ‖ version ‖ body ‖ signer)
// Checks in the Spec's order: magic (`malformedRecord`), version (`unsupportedVersion`, before the length), room for
// signer and signature (`malformedRecord`); the body's layout is the caller's (`BodyReader`). Then the signer must
// be a writer (`readerSigned` for a reader, `unauthorizedWriter` for anyone else) and the signature verify
// (`signatureInvalid`). Also the big-endian body reader whose every shortfall or leftover is `malformedRecord`.
import { concat, equalBytes, hex, utf8 } from './bytes.js';
import { ed25519Verify } from './crypto.js';
import { VaultError } from './errors.js';

const TRAILER = 16 + 64;

export function parseSigned(bytes, { kind, magic, versions = [1] }) {
    if (bytes.length < 5 || !equalBytes(bytes.subarray(0, 4), utf8(magic))) {
        throw new VaultError('malformedRecord', { kind, reason: `does not start with "${magic}"` });
    }
    if (!versions.includes(bytes[4])) throw new VaultError('unsupportedVersion', { kind, version: bytes[4] });
    if (bytes.length < 5 + TRAILER) throw new VaultError('malformedRecord', { kind, reason: 'too short' });
    const end = bytes.length - TRAILER;
    return {
        kind, version: bytes[4], body: bytes.subarray(5, end), signer: bytes.slice(end, end + 16),
        signature: bytes.slice(end + 16), signed: bytes.subarray(0, end + 16),
    };
}

/**
 * The writers of a folder (vault.md §8.1): `keys` maps a writer's hex account id to its Ed25519 public key;
 * `readers` holds the hex ids of the members who may only read.
 */
export function writersOf(entries, readers = []) {
    return { keys: new Map(entries), readers: new Set(readers) };
}

export async function verifySigned(record, label, writers) {
    const signer = hex(record.signer);
    const key = writers.keys.get(signer);
    if (!key) {
        throw new VaultError(writers.readers.has(signer) ? 'readerSigned' : 'unauthorizedWriter',
            { kind: record.kind, signer });
    }
    if (!(await ed25519Verify(key, record.signature, concat(utf8(label), Uint8Array.of(0), record.signed)))) {
        throw new VaultError('signatureInvalid', { kind: record.kind });
    }
}

/** `presented` not older than the device's mark `seen` (`rollbackDetected`); the opener has no marks (0). */
export function checkMark(presented, seen, kind) {
    if (presented < seen) throw new VaultError('rollbackDetected', { kind, presented, seen });
}

/** Big-endian fields of a record body; any shortfall, or bytes left at `finish`, is `malformedRecord`. */
export class BodyReader {
    constructor(bytes, kind) {
        this.bytes = bytes;
        this.kind = kind;
        this.offset = 0;
    }

    take(count, what) {
        if (count < 0 || this.offset + count > this.bytes.length) {
            throw new VaultError('malformedRecord', { kind: this.kind, reason: `ends inside ${what}` });
        }
        const out = this.bytes.slice(this.offset, this.offset + count);
        this.offset += count;
        return out;
    }

    uint(count, what) {
        const bytes = this.take(count, what);
        let value = 0;
        for (const byte of bytes) value = value * 256 + byte;
        return value;
    }

    /** A 64-bit value as a BigInt (sizes, versions, times). */
    uint64(what) {
        const bytes = this.take(8, what);
        let value = 0n;
        for (const byte of bytes) value = (value << 8n) | BigInt(byte);
        return value;
    }

    finish() {
        if (this.offset !== this.bytes.length) {
            throw new VaultError('malformedRecord', { kind: this.kind, reason: 'bytes after the last field' });
        }
    }
}
