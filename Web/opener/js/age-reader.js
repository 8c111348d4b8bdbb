// SPDX-License-Identifier: MIT
// Reads an age v1 file as it arrives (Spec/content-format.md §3.1, §5): header → identity → header MAC → nonce →
// payload chunk by chunk. Each chunk's plaintext goes to `onChunk` only after that chunk authenticated, in order,
// so no plaintext from unauthenticated data is released. A source that lost its connection is resumed at the
// start of the current chunk (the partial chunk is dropped, never decrypted).
import { utf8 } from './bytes.js';
import { chachaOpener, hkdfSha256, hmacSha256Verify } from './crypto.js';
import { AgeError } from './errors.js';
import { parseHeader } from './age-header.js';
import { add, start } from './timings.js';

export const CHUNK = 65536;
export const SEALED_CHUNK = CHUNK + 16;

function chunkNonce(counter, last) {
    const nonce = new Uint8Array(12);
    let value = counter;
    for (let i = 10; i >= 0 && value > 0; i--) {
        nonce[i] = value % 256;
        value = Math.floor(value / 256);
    }
    nonce[11] = last ? 1 : 0;
    return nonce;
}

/**
 * The bytes read and not yet used, in one buffer that is reused (compacted, grown only for a piece larger than it
 * has room for): a long download allocates nothing per piece. Firefox frees ArrayBuffers only at its next garbage
 * collection, and a new buffer per piece and per chunk took its renderer to 1.5 GiB during a 1 GiB download.
 */
class Pending {
    constructor() {
        this.bytes = new Uint8Array(4 * SEALED_CHUNK);
        this.start = 0;
        this.end = 0;
    }

    get length() { return this.end - this.start; }

    /** A view of the bytes, valid until the next `append`. */
    view(count = this.length) { return this.bytes.subarray(this.start, this.start + count); }

    append(piece) {
        if (this.end + piece.length > this.bytes.length) {
            const kept = this.length;
            if (kept + piece.length > this.bytes.length) {
                const larger = new Uint8Array(Math.max(2 * this.bytes.length, kept + piece.length));
                larger.set(this.view());
                this.bytes = larger;
            } else {
                this.bytes.copyWithin(0, this.start, this.end);
            }
            this.start = 0;
            this.end = kept;
        }
        this.bytes.set(piece, this.end);
        this.end += piece.length;
    }

    drop(count) { this.start += count; }

    clear() { this.start = this.end = 0; }
}

/** Offers the stanzas to each identity in turn (content-format §3.1 steps 2–3). */
export async function unwrapWith(identities, stanzas) {
    if (stanzas.some((s) => s.type === 'scrypt') && stanzas.length > 1) throw new AgeError('scryptNotAlone');
    for (const identity of identities) {
        const fileKey = await identity(stanzas);
        if (fileKey !== null) return fileKey;
    }
    throw new AgeError('noIdentityMatched', { types: stanzas.map((s) => s.type) });
}

/**
 * Decrypts the age file `source` yields. `source.read()` gives the next bytes or null at the end, and may throw
 * an error with `resumable = true`; then `source.resume(offset)` restarts the bytes at `offset`.
 * `unwrap(stanzas)` gives the file key. `onHeader(header)` sees the parsed header before any key is used;
 * `beforePayload({ headerLength })` runs once the header MAC verified, before the first chunk is read.
 * `onChunk(plain)` gets a view that is reused once its promise settles: copy what you keep.
 */
export async function readAge(source, { unwrap, onChunk, onHeader = () => {}, beforePayload = async () => {} }) {
    const pending = new Pending();
    let atEnd = false;
    let offset = 0; // file offset of the first pending byte
    const pull = async () => {
        for (;;) {
            try {
                let started = start();
                const piece = await source.read();
                add('read', started);
                started = start();
                if (piece === null) atEnd = true;
                else pending.append(piece);
                add('append', started);
                return;
            } catch (error) {
                if (!error.resumable || !source.resume) throw error;
                await source.resume(offset);
                pending.clear();
            }
        }
    };
    let header = null;
    while (header === null) {
        header = parseHeader(pending.view(), atEnd);
        if (header === null) await pull();
    }
    onHeader(header);
    const fileKey = await unwrap(header.stanzas);
    const macKey = await hkdfSha256(fileKey, new Uint8Array(0), utf8('header'), 32);
    if (!(await hmacSha256Verify(macKey, header.macInput, header.mac))) throw new AgeError('headerMACMismatch');
    pending.drop(header.length);
    offset = header.length;
    while (pending.length < 16 && !atEnd) await pull();
    if (pending.length < 16) throw new AgeError('missingNonce');
    const payloadKey = await hkdfSha256(fileKey, pending.view(16).slice(), utf8('payload'), 32);
    fileKey.fill(0);
    pending.drop(16);
    offset += 16;
    await beforePayload({ headerLength: header.length });
    const opener = await chachaOpener(payloadKey);
    payloadKey.fill(0);
    try {
        let counter = 0;
        const take = () => {
            const sealed = pending.view(SEALED_CHUNK); // opened (copied into wasm memory) before the next pull
            pending.drop(SEALED_CHUNK);
            offset += SEALED_CHUNK;
            return sealed;
        };
        for (;;) {
            while (pending.length <= SEALED_CHUNK && !atEnd) await pull();
            if (pending.length > SEALED_CHUNK) {
                const sealed = take();
                let started = start();
                const plain = opener.open(chunkNonce(counter, false), sealed);
                add('open', started);
                if (plain === null) {
                    // Authentic as the final chunk, yet more follows: released (it authenticated), then refused.
                    const last = opener.open(chunkNonce(counter, true), sealed);
                    if (last === null) throw new AgeError('chunkAuthenticationFailed', { chunk: counter });
                    await onChunk(last);
                    throw new AgeError('trailingData');
                }
                started = start();
                await onChunk(plain);
                add('onChunk', started);
                counter++;
                continue;
            }
            // The end: what is left is the final chunk.
            if (pending.length === 0) throw new AgeError('truncated', { chunksRead: counter });
            const rest = pending.view();
            const plain = opener.open(chunkNonce(counter, true), rest);
            if (plain === null) {
                const full = rest.length === SEALED_CHUNK ? opener.open(chunkNonce(counter, false), rest) : null;
                if (full !== null) {
                    await onChunk(full); // an authentic non-final chunk: released, but the end is missing
                    throw new AgeError('truncated', { chunksRead: counter + 1 });
                }
                throw new AgeError('chunkAuthenticationFailed', { chunk: counter });
            }
            if (plain.length === 0 && counter > 0) throw new AgeError('emptyFinalChunk', { chunk: counter });
            await onChunk(plain);
            return { chunks: counter + 1 };
        }
    } finally {
        opener.close();
    }
}

/** A source over bytes already in memory, handed out in `pieceSize` pieces (tests, vectors). */
export function bytesSource(bytes, pieceSize = 100000) {
    let position = 0;
    return {
        async read() {
            if (position >= bytes.length) return null;
            const piece = bytes.subarray(position, position + pieceSize);
            position += piece.length;
            return piece;
        },
    };
}
