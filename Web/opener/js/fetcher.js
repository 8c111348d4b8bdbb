// SPDX-License-Identifier: MIT
// Reads `GET {storage}/v1/links/{lookupID}` (Spec/opener.md §2) as a byte source for age-reader.js, in windows of
// WINDOW bytes: `Range: bytes=a-b`, and after the first answer `If-Range: ETag`. Firefox reads a response body
// from the network as fast as it arrives, however far behind the page is, so one open-ended GET of a 1 GiB file
// sat in its renderer (1.5 GiB peak); windows bound what is read ahead to two of them. A dropped connection is
// resumed at the offset the reader asks for (the start of the chunk it was reading), at most MAX_RESUMES times.
// Every answer after the first must be 206 from exactly the offset asked, for the same total size, else the file
// changed and the download stops. A server that ignores Range answers the first request with the whole file (200).
// Where the browser's response body is a byte stream, it is read with a BYOB reader into one buffer of READ bytes
// that is reused for the whole download; else each piece is a new buffer the browser allocates (garbage).
import { StorageError } from './errors.js';

const MAX_RESUMES = 5;
/** 256 age chunks (content-format.md §5): 16 MiB and 4 KiB. */
export const WINDOW = 256 * 65552;
/** The most one BYOB read asks for. */
const READ = 256 * 1024;

export function linkURL(storage, lookupIDText) {
    return new URL(`v1/links/${lookupIDText}`, storage).href;
}

function changed() {
    return new StorageError('unavailable', { reason: 'the file changed while it was downloading' });
}

/** A BYOB reader where the body is a byte stream (it then reads into a buffer the page gives), else the default. */
function bodyReader(body) {
    try {
        return { reader: body.getReader({ mode: 'byob' }), byob: true };
    } catch {
        return { reader: body.getReader(), byob: false };
    }
}

/**
 * The byte source of `url` (see above). `sign()` gives headers added to each request (a vault record's read is
 * signed anew for every window, opener.md §8).
 */
export async function openStorage(url, { sign = async () => ({}) } = {}) {
    let etag = null;
    let total = null;
    let resumes = 0;
    let current = null; // { reader, end }: the answer being read; end is just after its last byte (null: the end)
    let position = 0; // file offset of the next byte `current` gives
    let ahead = null; // { offset, answer, controller }: the next window, asked for while `current` is read
    let scratch = new ArrayBuffer(READ); // where BYOB reads land; each read hands it back in its result
    const open = async (offset, signal) => {
        const headers = { ...(await sign()), Range: `bytes=${offset}-${offset + WINDOW - 1}` };
        if (etag) headers['If-Range'] = etag;
        let response;
        try {
            response = await fetch(url, {
                headers, cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer', signal,
            });
        } catch (error) {
            throw new StorageError('unavailable', { reason: 'network error' });
        }
        if (response.status === 404) throw new StorageError('notFound');
        if (response.status === 410) throw new StorageError('gone');
        let end;
        if (offset === 0 && total === null && response.status === 200) {
            etag = response.headers.get('ETag');
            const length = response.headers.get('Content-Length');
            total = length === null ? null : Number(length);
            end = total;
        } else if (response.status === 206) {
            const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(response.headers.get('Content-Range') ?? '');
            if (!range || Number(range[1]) !== offset || Number(range[2]) < offset) throw changed();
            if (total === null && offset === 0) {
                etag = response.headers.get('ETag');
                total = Number(range[3]);
            } else if (Number(range[3]) !== total) {
                throw changed();
            }
            end = Number(range[2]) + 1;
        } else if (offset === 0 && total === null) {
            throw new StorageError('unavailable', { reason: `HTTP ${response.status}` });
        } else {
            throw changed();
        }
        return { ...bodyReader(response.body), end };
    };
    // The next window is asked for as soon as the current one answers, so no window waits for a round trip
    // (against a loaded debug `coffer serve`, waiting cost a quarter of the speed); at most two are open.
    const askAhead = () => {
        ahead?.controller.abort();
        ahead = null;
        if (total === null || current.end === null || current.end >= total) return;
        const controller = new AbortController();
        const answer = open(current.end, controller.signal);
        answer.catch(() => {}); // seen when it is awaited
        ahead = { offset: current.end, answer, controller };
    };
    const request = async (offset) => {
        ahead?.controller.abort();
        ahead = null;
        current = await open(offset);
        position = offset;
        askAhead();
    };
    const lost = () => {
        const error = new StorageError('unavailable', { reason: 'the connection was lost' });
        error.resumable = resumes < MAX_RESUMES;
        return error;
    };
    await request(0);
    return {
        get size() { return total; },
        get resumes() { return resumes; },
        /** 'byob' or 'default': how the last answer's body was read. */
        get reader() { return current?.byob ? 'byob' : 'default'; },
        /** The next bytes, or null at the end. The view is valid until the next call: copy what you keep. */
        async read() {
            for (;;) {
                let result;
                try {
                    if (current.byob) {
                        // One byte past the window's end is asked for at its end, so bytes past it are seen.
                        const left = current.end === null ? READ : current.end - position;
                        const view = new Uint8Array(scratch, 0, Math.max(1, Math.min(READ, left)));
                        result = await current.reader.read(view);
                        scratch = result.value ? result.value.buffer : new ArrayBuffer(READ);
                    } else {
                        result = await current.reader.read();
                    }
                } catch (error) {
                    if (scratch.byteLength === 0) scratch = new ArrayBuffer(READ); // detached by a failed read
                    throw lost();
                }
                if (!result.done) {
                    position += result.value.length;
                    if (current.end !== null && position > current.end) throw changed();
                    return result.value;
                }
                if (current.end !== null && position < current.end) throw lost(); // the answer ended early
                if (total === null || position >= total) return null;
                if (ahead?.offset === position) {
                    const next = ahead;
                    ahead = null; // now the current answer: askAhead must not abort it
                    current = await next.answer;
                    askAhead();
                } else {
                    await request(position);
                }
            }
        },
        async resume(offset) {
            resumes++;
            await request(offset);
        },
        cancel() {
            ahead?.controller.abort();
            current?.reader.cancel().catch(() => {});
        },
    };
}
