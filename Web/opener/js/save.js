// SPDX-License-Identifier: MIT
// Where the plaintext goes, chunk by chunk, without the whole file in memory (Spec/opener.md §4):
// 1. the origin-private file system, when the file fits in what the browser lets this origin store (opfs-save.js);
// 2. else a Service Worker streaming download (sw.js answers /download/ID with the stream as an attachment);
// 3. else the File System Access save picker, where the browser has it;
// 4. else (a page opened without a service worker) a Blob assembled in memory, then downloaded.
// Each returns { write(chunk), close(), abort(reason), kind }.

import { SaveError } from './errors.js';
import { add, start } from './timings.js';
import { opfsFits, viaOPFS } from './opfs-save.js';
import { BATCH_BYTES, batcher } from './batches.js';

/** The batches the worker's stream holds before it stops asking for more. */
const QUEUED = 4;
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
    // The worker builds the download's stream itself and asks the page for each batch through this port ("more",
    // each time its queue has room), so at most QUEUED batches wait there; the page transfers each batch (its
    // memory moves to the worker, no copy). A stream handed over whole would clone every batch on its way.
    const channel = new MessageChannel();
    const port = channel.port1;
    let credit = 0; // batches the worker asked for and has not received
    let wake = null; // resolves the wait for credit
    let lastTaken = null; // when the worker last asked for more after the page sent a batch
    let cancelled = false; // the browser cancelled the download
    let sent = 0;
    let ended = false; // the worker confirmed the end: it held the stream to the last batch
    const held = new Promise((resolve) => {
        port.onmessage = (event) => {
            if (event.data === 'held') {
                resolve();
                return;
            }
            if (event.data === 'more') {
                credit++;
                if (sent > 0) lastTaken = Date.now();
            } else if (event.data === 'cancelled') {
                cancelled = true;
            } else if (event.data === 'ended') {
                ended = true;
            }
            wake?.();
        };
    });
    registration.active.postMessage({ type: 'download', id, name, size, queued: QUEUED, port: channel.port2 },
        [channel.port2]);
    await held;
    const frame = document.createElement('iframe');
    frame.hidden = true;
    frame.src = new URL(`../download/${id}`, import.meta.url).href;
    document.body.append(frame);
    const keepAlive = setInterval(() => registration.active?.postMessage({ type: 'keep-alive' }), KEEP_ALIVE_MS);
    // Waits until `done()` (by default: the worker asks for a batch); throws saveStalled when the browser took data
    // before (or, `final`, for the end's confirmation in any case) but none for STALL_MS while the page waits, and
    // cancelled when the browser cancelled the download.
    const granted = async (done = () => credit > 0, final = false) => {
        const since = Date.now(); // a pause of the storage before this wait is not the browser's
        for (;;) {
            if (cancelled) throw new SaveError('cancelled');
            if (done()) return;
            if ((lastTaken !== null || final) && Date.now() - Math.max(lastTaken ?? 0, since) > STALL_MS) {
                throw new SaveError('saveStalled', { seconds: STALL_MS / 1000 });
            }
            let timer;
            await new Promise((resolve) => {
                wake = resolve;
                timer = setTimeout(resolve, 1000);
            });
            clearTimeout(timer);
            wake = null;
        }
    };
    // Each batch is transferred to the worker (its memory moves there), so the next one is a new buffer.
    const batches = batcher(async (batch, length) => {
        const full = length === BATCH_BYTES ? batch : batch.slice(0, length);
        let started = start();
        await granted();
        add('credit', started);
        credit--;
        sent++;
        started = start();
        port.postMessage({ type: 'batch', bytes: full }, [full.buffer]);
        add('post', started);
        return new Uint8Array(BATCH_BYTES);
    });
    return {
        kind: 'service worker',
        write: batches.write,
        async close() {
            try {
                await batches.flush();
                // A worker the browser ended meanwhile never confirms: the save stopped (saveStalled), although
                // Firefox keeps what it took under the file's name as if it were whole.
                port.postMessage({ type: 'end' });
                await granted(() => ended, true);
            } finally {
                clearInterval(keepAlive);
            }
        },
        async abort() {
            clearInterval(keepAlive);
            port.postMessage({ type: 'abort' }); // the worker errors the stream: the browser marks the download failed
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
    if (await opfsFits(size)) return viaOPFS(name);
    if (registration?.active) return viaServiceWorker(registration, name, size);
    if ('showSaveFilePicker' in window) return viaPicker(name);
    return viaBlob(name);
}
