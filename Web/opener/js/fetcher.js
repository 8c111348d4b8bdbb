// SPDX-License-Identifier: MIT
// Reads `GET {storage}/v1/links/{lookupID}` (Spec/opener.md §2) as a byte source for age-reader.js. A dropped
// connection is resumed with `Range: bytes=OFFSET-` and `If-Range: ETag` at the offset the reader asks for (the
// start of the chunk it was reading), at most MAX_RESUMES times; a resumed answer must be 206 with a matching
// Content-Range, else the file changed and the download stops.
import { StorageError } from './errors.js';

const MAX_RESUMES = 5;

export function linkURL(storage, lookupIDText) {
    return new URL(`v1/links/${lookupIDText}`, storage).href;
}

export async function openStorage(url) {
    let etag = null;
    let reader = null;
    let resumes = 0;
    let total = null;
    const request = async (offset) => {
        const headers = {};
        if (offset > 0) {
            headers.Range = `bytes=${offset}-`;
            if (etag) headers['If-Range'] = etag;
        }
        let response;
        try {
            response = await fetch(url, {
                headers, cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer',
            });
        } catch (error) {
            throw new StorageError('unavailable', { reason: 'network error' });
        }
        if (response.status === 404) throw new StorageError('notFound');
        if (response.status === 410) throw new StorageError('gone');
        if (offset === 0 && response.status !== 200) {
            throw new StorageError('unavailable', { reason: `HTTP ${response.status}` });
        }
        if (offset > 0) {
            const range = response.headers.get('Content-Range') ?? '';
            if (response.status !== 206 || !range.startsWith(`bytes ${offset}-`)) {
                throw new StorageError('unavailable', { reason: 'the file changed while it was downloading' });
            }
        } else {
            etag = response.headers.get('ETag');
            const length = response.headers.get('Content-Length');
            total = length === null ? null : Number(length);
        }
        reader = response.body.getReader();
    };
    await request(0);
    return {
        get size() { return total; },
        get resumes() { return resumes; },
        async read() {
            try {
                const { value, done } = await reader.read();
                return done ? null : value;
            } catch (error) {
                const lost = new StorageError('unavailable', { reason: 'the connection was lost' });
                lost.resumable = resumes < MAX_RESUMES;
                throw lost;
            }
        },
        async resume(offset) {
            resumes++;
            await request(offset);
        },
        cancel() { reader?.cancel().catch(() => {}); },
    };
}
