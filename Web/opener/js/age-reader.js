// SPDX-License-Identifier: MIT
// Reads an age v1 file as it arrives (Spec/content-format.md §3.1, §5): header → identity → header MAC → nonce →
// payload chunk by chunk. Each chunk's plaintext goes to `onChunk` only after that chunk authenticated, in order,
// so no plaintext from unauthenticated data is released. A source that lost its connection is resumed at the
// start of the current chunk (the partial chunk is dropped, never decrypted).
import { concat, utf8 } from './bytes.js';
import { chachaOpener, hkdfSha256, hmacSha256Verify } from './crypto.js';
import { AgeError } from './errors.js';
import { parseHeader } from './age-header.js';

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
 */
export async function readAge(source, { unwrap, onChunk, onHeader = () => {}, beforePayload = async () => {} }) {
    let pending = new Uint8Array(0);
    let atEnd = false;
    let offset = 0; // file offset of pending[0]
    const pull = async () => {
        for (;;) {
            try {
                const piece = await source.read();
                if (piece === null) atEnd = true;
                else pending = pending.length ? concat(pending, piece) : piece; // at most one chunk is copied
                return;
            } catch (error) {
                if (!error.resumable || !source.resume) throw error;
                await source.resume(offset);
                pending = new Uint8Array(0);
            }
        }
    };
    let header = null;
    while (header === null) {
        header = parseHeader(pending, atEnd);
        if (header === null) await pull();
    }
    onHeader(header);
    const fileKey = await unwrap(header.stanzas);
    const macKey = await hkdfSha256(fileKey, new Uint8Array(0), utf8('header'), 32);
    if (!(await hmacSha256Verify(macKey, header.macInput, header.mac))) throw new AgeError('headerMACMismatch');
    pending = pending.slice(header.length);
    offset = header.length;
    while (pending.length < 16 && !atEnd) await pull();
    if (pending.length < 16) throw new AgeError('missingNonce');
    const payloadKey = await hkdfSha256(fileKey, pending.slice(0, 16), utf8('payload'), 32);
    fileKey.fill(0);
    pending = pending.slice(16);
    offset += 16;
    await beforePayload({ headerLength: header.length });
    const opener = await chachaOpener(payloadKey);
    payloadKey.fill(0);
    try {
        let counter = 0;
        const take = () => {
            const sealed = pending.subarray(0, SEALED_CHUNK);
            pending = pending.subarray(SEALED_CHUNK); // a view: no copy of what follows
            offset += SEALED_CHUNK;
            return sealed;
        };
        for (;;) {
            while (pending.length <= SEALED_CHUNK && !atEnd) await pull();
            if (pending.length > SEALED_CHUNK) {
                const sealed = take();
                const plain = opener.open(chunkNonce(counter, false), sealed);
                if (plain === null) {
                    // Authentic as the final chunk, yet more follows: released (it authenticated), then refused.
                    const last = opener.open(chunkNonce(counter, true), sealed);
                    if (last === null) throw new AgeError('chunkAuthenticationFailed', { chunk: counter });
                    await onChunk(last);
                    throw new AgeError('trailingData');
                }
                await onChunk(plain);
                counter++;
                continue;
            }
            // The end: what is left is the final chunk.
            if (pending.length === 0) throw new AgeError('truncated', { chunksRead: counter });
            const plain = opener.open(chunkNonce(counter, true), pending);
            if (plain === null) {
                const full = pending.length === SEALED_CHUNK ? opener.open(chunkNonce(counter, false), pending) : null;
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
