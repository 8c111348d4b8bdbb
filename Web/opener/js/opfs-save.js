// SPDX-License-Identifier: MIT
// Saving through the origin-private file system (Spec/opener.md §4): a dedicated worker (../opfs-worker.js) writes
// each authenticated plaintext batch into a file of the folder `coffer-saves`; once the last batch is in, the
// finished file (disk-backed: `getFile()` does not read it into memory) is handed to the browser's downloads
// through a blob URL and `<a download>`. Only taken when the file fits in what the browser lets this origin store.
// Each file is held by a Web Lock named after it while the page that wrote it is open (the download may still be
// reading it); a failed save removes its file at once, and every page start removes the files no open page holds.

import { SaveError } from './errors.js';
import { add, start } from './timings.js';
import { BATCH_BYTES, batcher } from './batches.js';

const FOLDER = 'coffer-saves';
const LOCK = 'coffer-save:';
/** Batches sent to the worker and not yet written: what the page lets wait there. */
const IN_FLIGHT = 4;
/** Room left over beyond the file itself, for the rest of what the origin stores. */
const MARGIN = 16 << 20;

async function folder(create) {
    return (await navigator.storage.getDirectory()).getDirectoryHandle(FOLDER, { create });
}

/**
 * Whether a file of `size` bytes can be saved here: the browser has the file system and the room for it. The
 * browser tests pass over it with localStorage `coffer-save` = `service-worker` (Chromium has no setting that makes
 * its storage smaller; Firefox's tests use a storage limit instead).
 */
export async function opfsFits(size) {
    if (passedOver() || !Number.isSafeInteger(size) || !navigator.storage?.getDirectory || !navigator.storage.estimate
        || !navigator.locks || typeof Worker === 'undefined' || !window.isSecureContext) return false;
    try {
        const { quota, usage } = await navigator.storage.estimate();
        return quota - usage >= size + MARGIN;
    } catch {
        return false;
    }
}

function passedOver() {
    try {
        return globalThis.localStorage?.getItem('coffer-save') === 'service-worker';
    } catch {
        return false; // storage refused: no switch
    }
}

/** Removes the saved files no open page holds (left by an earlier visit); call as the page starts. */
export async function sweepSaves() {
    if (!navigator.storage?.getDirectory || !navigator.locks) return;
    try {
        const directory = await folder(false);
        const held = new Set((await navigator.locks.query()).held.map((lock) => lock.name));
        for await (const name of directory.keys()) {
            if (!held.has(LOCK + name)) await directory.removeEntry(name).catch(() => {});
        }
    } catch {
        // no such folder yet, or storage refused: nothing to remove
    }
}

/** Resolves once the lock `name` is held; the returned function releases it. */
function holdLock(name) {
    return new Promise((granted, refused) => {
        navigator.locks.request(name, () => new Promise((release) => granted(release))).catch(refused);
    });
}

export async function viaOPFS(name) {
    const id = crypto.randomUUID();
    const release = await holdLock(LOCK + id); // before the file exists: no other page's sweep removes it
    const directory = await folder(true);
    const worker = new Worker(new URL('../opfs-worker.js', import.meta.url));
    let failure = null;
    let written = 0; // batches the worker confirmed
    let sent = 0;
    const spare = []; // buffers the worker gave back: at most IN_FLIGHT + 1 batches are ever allocated
    let opened = false;
    let closed = false;
    let wake = null;
    worker.onmessage = (event) => {
        const { type, reason } = event.data ?? {};
        if (type === 'opened') {
            opened = true;
        } else if (type === 'written') {
            written++;
            spare.push(event.data.bytes);
        } else if (type === 'closed') {
            closed = true;
        } else if (type === 'failed') {
            failure = new SaveError('saveFailed', { reason });
        }
        wake?.();
    };
    worker.onerror = () => {
        failure = new SaveError('saveFailed', { reason: 'the save worker did not start' });
        wake?.();
    };
    const until = async (done) => {
        for (;;) {
            if (failure) throw failure;
            if (done()) return;
            await new Promise((resolve) => { wake = resolve; });
            wake = null;
        }
    };
    const discard = async () => {
        worker.terminate();
        await directory.removeEntry(id).catch(() => {});
        release();
    };
    worker.postMessage({ type: 'open', folder: FOLDER, id });
    try {
        await until(() => opened);
    } catch (error) {
        await discard();
        throw error;
    }
    // Transferred (no copy); the worker sends each buffer back once written, and it is filled again.
    const batches = batcher(async (batch, length) => {
        let started = start();
        await until(() => sent - written < IN_FLIGHT);
        add('credit', started);
        started = start();
        worker.postMessage({ type: 'batch', bytes: batch, length }, [batch.buffer]);
        sent++;
        add('post', started);
        return spare.pop() ?? new Uint8Array(BATCH_BYTES);
    });
    return {
        kind: 'private file system',
        write: batches.write,
        async close() {
            try {
                await batches.flush();
                worker.postMessage({ type: 'close' });
                await until(() => closed);
                worker.terminate();
                const started = start();
                const file = await (await directory.getFileHandle(id)).getFile();
                const anchor = document.createElement('a');
                // A Blob of the File refers to its bytes on disk; the type makes every browser save it as is.
                anchor.href = URL.createObjectURL(new Blob([file], { type: 'application/octet-stream' }));
                anchor.download = name;
                document.body.append(anchor);
                anchor.click();
                add('handover', started);
            } catch (error) {
                await discard();
                throw error instanceof SaveError ? error : new SaveError('saveFailed', { reason: error.name });
            }
            // The lock stays held, and the file with it, while this page is open: the browser may still be copying
            // it into Downloads. The next page start removes it (sweepSaves).
        },
        async abort() {
            if (!failure && !closed) {
                worker.postMessage({ type: 'abort' });
                await Promise.race([until(() => closed).catch(() => {}),
                    new Promise((resolve) => setTimeout(resolve, 2000))]);
            }
            await discard();
        },
    };
}
