// SPDX-License-Identifier: MIT
// Loads sodium.wasm — libsodium 1.0.18 built by Web/build-libsodium-wasm.sh — after checking its SHA-256 against
// the value pinned here (this file is itself pinned by Subresource Integrity in index.html), and wraps its entry
// points. Only crypto.js imports this module.

export const SODIUM_WASM_SHA256 = '78d5568cd0734934272d543bc4d80a5defe38d8638f3303416e7b9483ad18fd2';

let loaded = null;

function refuse() { throw new Error('sodium.wasm tried to use WASI I/O'); }

async function instantiate() {
    const response = await fetch(new URL('../sodium.wasm', import.meta.url));
    if (!response.ok) throw new Error(`sodium.wasm: HTTP ${response.status}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
    const hash = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
    if (hash !== SODIUM_WASM_SHA256) throw new Error(`sodium.wasm has SHA-256 ${hash}, not the pinned one`);
    const imports = { wasi_snapshot_preview1: { fd_close: refuse, fd_seek: refuse, fd_write: refuse } };
    const { instance } = await WebAssembly.instantiate(bytes, imports);
    return instance.exports;
}

export function sodium() {
    loaded ??= instantiate();
    return loaded;
}

/** Runs `body(pointers)` with each input copied into wasm memory and `outputs` bytes reserved; frees (zeroed). */
export async function withBuffers(inputs, outputs, body) {
    const exports = await sodium();
    const pointers = [];
    try {
        for (const bytes of inputs) {
            const pointer = exports.coffer_alloc(bytes.length);
            if (pointer === 0) throw new Error('sodium.wasm: out of memory');
            new Uint8Array(exports.memory.buffer, pointer, bytes.length).set(bytes);
            pointers.push([pointer, bytes.length]);
        }
        for (const count of outputs) {
            const pointer = exports.coffer_alloc(count);
            if (pointer === 0) throw new Error('sodium.wasm: out of memory');
            pointers.push([pointer, count]);
        }
        const result = body(exports, pointers.map(([pointer]) => pointer));
        const outs = pointers.slice(inputs.length)
            .map(([pointer, count]) => new Uint8Array(exports.memory.buffer, pointer, count).slice());
        return { result, outs };
    } finally {
        for (const [pointer, count] of pointers) exports.coffer_free(pointer, count);
    }
}
