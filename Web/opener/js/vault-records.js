// SPDX-License-Identifier: MIT
// Reads vault records `GET {storage}/v1/vaults/{vault}/records/{record}` for a folder link (Spec/opener.md §8),
// each read signed with the link's reader key (request-signer.js). The server is the attacker: what it answers is
// only bytes, checked by the reader rules (folder-link.js); here only the transport is judged. A missing record is
// null (the caller says what that means); anything else than 200 or 404, or no answer, is `unavailable`.
import { signedHeaders } from './request-signer.js';
import { StorageError } from './errors.js';
import { openStorage } from './fetcher.js';

/** The largest record read whole (vault.md §10.5: the largest record kinds are far below this). */
const MAX_RECORD = 64 << 20;

export function recordURL(storage, vault, id) {
    return new URL(`v1/vaults/${encodeURIComponent(vault)}/records/${encodeURIComponent(id)}`, storage).href;
}

/**
 * `{ get(id), open(id) }`: `get` gives the record's bytes, or null when the storage has none; `open` gives a file
 * body as fetcher.js's windowed byte source (`size` known before a byte is read; `Range`, `If-Range`, resumed at
 * the offset asked for), each window's request signed anew, or null when the storage has none.
 */
export function vaultRecords(storage, vault, key) {
    return {
        async get(id) {
            const url = recordURL(storage, vault, id);
            let response;
            try {
                response = await fetch(url, {
                    headers: await signedHeaders(key, 'GET', url), cache: 'no-store', credentials: 'omit',
                    referrerPolicy: 'no-referrer',
                });
            } catch {
                throw new StorageError('unavailable', { reason: 'network error' });
            }
            if (response.status === 404) return null;
            if (response.status !== 200) throw new StorageError('unavailable', { reason: `HTTP ${response.status}` });
            const length = Number(response.headers.get('Content-Length') ?? '0');
            if (length > MAX_RECORD) throw new StorageError('unavailable', { reason: 'record too large' });
            const bytes = new Uint8Array(await response.arrayBuffer());
            if (bytes.length > MAX_RECORD) throw new StorageError('unavailable', { reason: 'record too large' });
            return bytes;
        },
        async open(id) {
            const url = recordURL(storage, vault, id);
            try {
                return await openStorage(url, { sign: () => signedHeaders(key, 'GET', url) });
            } catch (error) {
                if (error instanceof StorageError && error.code === 'notFound') return null;
                if (error instanceof StorageError && error.code === 'gone') {
                    throw new StorageError('unavailable', { reason: 'HTTP 410' });
                }
                throw error;
            }
        },
    };
}
