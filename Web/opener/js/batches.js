// SPDX-License-Identifier: MIT
// Authenticated plaintext chunks copied into batches of 1 MiB before they go to a worker (Spec/opener.md §4): one
// cross-thread message per 16 chunks. Shared by the save paths that hand their batches to a worker.

import { add, start } from './timings.js';

export const BATCH_BYTES = 1 << 20;

/**
 * Batches the chunks written to it. `take(batch, length)` gets each full batch, and at `flush()` the last, partial
 * one, and resolves to the buffer to fill next (a batch transferred to a worker cannot be filled again).
 */
export function batcher(take) {
    let batch = new Uint8Array(BATCH_BYTES);
    let batched = 0;
    const flush = async () => {
        if (batched === 0) return;
        const length = batched;
        batched = 0;
        batch = await take(batch, length);
    };
    return {
        async write(chunk) {
            let used = 0;
            while (used < chunk.length) {
                const count = Math.min(chunk.length - used, BATCH_BYTES - batched);
                const started = start();
                batch.set(chunk.subarray(used, used + count), batched);
                add('batchCopy', started);
                batched += count;
                used += count;
                if (batched === BATCH_BYTES) await flush();
            }
        },
        flush,
    };
}
