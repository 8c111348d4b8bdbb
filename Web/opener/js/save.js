// SPDX-License-Identifier: MIT
// Where the plaintext goes, chunk by chunk, without the whole file in memory (Spec/opener.md §4):
// 1. a Service Worker streaming download (sw.js answers /download/ID with the stream as an attachment);
// 2. else the File System Access save picker, where the browser has it;
// 3. else (a page opened without a service worker) a Blob assembled in memory, then downloaded.
// Each returns { write(chunk), close(), abort(reason), kind }.

import { SaveError } from './errors.js';

const BATCH_BYTES = 1 << 20;
// Firefox ends a service worker dom.serviceWorkers.idle_timeout (30 s) after the last event it received, even
// while it streams a response the page still feeds: the save then stalls for good (a 1 GiB save stopped at 895 MiB;
// with the timeout set to 4 s, a 256 MiB save stopped at 80 MiB). Each message event from the page starts that
// count again, so the page sends one this often while it saves (Tests/Browser/e2e_serve.py checks it).
const KEEP_ALIVE_MS = 2000;
// Once the browser has taken part of the file, this long without it taking more while the page waits to hand
// it the next batch means the save stopped (the worker was ended): the page says so instead of waiting forever.
const STALL_MS = 30000;

export async function serviceWorkerRegistration() {
    if (!('serviceWorker' in navigator) || !window.isSecureContext) return null;
    try {
        await navigator.serviceWorker.register(new URL('../sw.js', import.meta.url), {
            scope: new URL('../', import.meta.url).href,
        });
        return await navigator.serviceWorker.ready;
    } catch {
        return null;
    }
}

async function viaServiceWorker(registration, name, size) {
    const id = crypto.randomUUID();
    const { readable, writable } = new TransformStream({}, new CountQueuingStrategy({ highWaterMark: 4 }));
    // The worker confirms it holds the stream before the download is requested, or the request could reach it
    // first and find nothing to answer with.
    const channel = new MessageChannel();
    let lastTaken = null; // when the worker last said the browser took a MiB
    const held = new Promise((resolve) => {
        channel.port1.onmessage = (event) => {
            if (event.data === 'held') resolve();
            else lastTaken = Date.now();
        };
    });
    registration.active.postMessage({ type: 'download', id, name, size, stream: readable, port: channel.port2 },
        [readable, channel.port2]);
    await held;
    const frame = document.createElement('iframe');
    frame.hidden = true;
    frame.src = new URL(`../download/${id}`, import.meta.url).href;
    document.body.append(frame);
    const writer = writable.getWriter();
    const keepAlive = setInterval(() => registration.active?.postMessage({ type: 'keep-alive' }), KEEP_ALIVE_MS);
    // Authenticated chunks are copied into batches of 1 MiB: one cross-thread message per 16 chunks. Each batch is
    // a new buffer, never reused: a written batch may still wait in the stream's queues before it is sent.
    let batch = new Uint8Array(BATCH_BYTES);
    let batched = 0;
    const flush = async () => {
        if (batched === 0) return;
        const full = batched === BATCH_BYTES ? batch : batch.slice(0, batched);
        batch = new Uint8Array(BATCH_BYTES);
        batched = 0;
        await watched(writer.ready);
        await watched(writer.write(full));
    };
    // Resolves with `promise`; throws saveStalled when the browser took data before but none for STALL_MS.
    const watched = async (promise) => {
        let settled = false;
        promise.then(() => { settled = true; }, () => { settled = true; });
        for (;;) {
            let timer;
            const tick = new Promise((resolve) => { timer = setTimeout(resolve, 1000); });
            await Promise.race([promise, tick]).finally(() => clearTimeout(timer));
            if (settled) return promise;
            if (lastTaken !== null && Date.now() - lastTaken > STALL_MS) {
                throw new SaveError('saveStalled', { seconds: STALL_MS / 1000 });
            }
        }
    };
    return {
        kind: 'service worker',
        async write(chunk) {
            let used = 0;
            while (used < chunk.length) {
                const count = Math.min(chunk.length - used, BATCH_BYTES - batched);
                batch.set(chunk.subarray(used, used + count), batched);
                batched += count;
                used += count;
                if (batched === BATCH_BYTES) await flush();
            }
        },
        async close() {
            try {
                await flush();
                await writer.close();
            } finally {
                clearInterval(keepAlive);
            }
        },
        async abort(reason) {
            clearInterval(keepAlive);
            writer.abort(reason).catch(() => {}); // not awaited: a stalled stream may never finish aborting
        },
    };
}

async function viaPicker(name) {
    const handle = await window.showSaveFilePicker({ suggestedName: name });
    const writable = await handle.createWritable();
    return {
        kind: 'save picker',
        write: (chunk) => writable.write(chunk.slice()),
        close: () => writable.close(),
        abort: (reason) => writable.abort(reason).catch(() => {}),
    };
}

function viaBlob(name) {
    const parts = [];
    return {
        kind: 'in-memory blob',
        async write(chunk) { parts.push(chunk.slice()); },
        async close() {
            const anchor = document.createElement('a');
            anchor.href = URL.createObjectURL(new Blob(parts, { type: 'application/octet-stream' }));
            anchor.download = name;
            document.body.append(anchor);
            anchor.click();
        },
        async abort() { parts.length = 0; },
    };
}

/** A sink for `name`; call from a click handler (the save picker needs the user's gesture). */
export async function openSink(registration, name, size) {
    if (registration?.active) return viaServiceWorker(registration, name, size);
    if ('showSaveFilePicker' in window) return viaPicker(name);
    return viaBlob(name);
}
