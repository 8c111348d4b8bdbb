// SPDX-License-Identifier: MIT
// Signed record reads for a folder link (Spec/opener.md §8, Spec/server.md §6.1). The page has no account: it
// signs with an Ed25519 key derived from the link secret,
//   readerSeed = HKDF-SHA-256(ikm: S, salt: lookupID, info: "coffer/v1/links/folder-reader", L = 32),
// so the server can hold the reads to its rate limits; who can open a record is decided by keys, not by it.
// The key signs only `coffer/v1/server-request` messages; HKDF is one-way, so it reveals neither S nor a key.
import { encodeBase64, hex, utf8 } from './bytes.js';
import { ed25519Signer, hkdfSha256, sha256 } from './crypto.js';

const LABEL = 'coffer/v1/server-request';
export const READER_INFO = 'coffer/v1/links/folder-reader';

/** The reader key of a link: `{ publicKey, sign }` (the seed is zeroed once imported). */
export async function readerKey(link) {
    const seed = await hkdfSha256(link.secret, link.lookupID, utf8(READER_INFO), 32);
    try {
        return await ed25519Signer(seed);
    } finally {
        seed.fill(0);
    }
}

/**
 * The four `Coffer-*` headers of a body-less request (server.md §6.1): the message is the label, method, origin
 * (lower case, no default port: what `URL.origin` gives), target (path and query as sent), SHA-256 of the empty
 * body, time, nonce, key, and the four conditional headers, here all empty; each line ends in LF.
 */
export async function signedHeaders(key, method, url, { now = Date.now() } = {}) {
    const target = new URL(url);
    const time = String(Math.floor(now / 1000));
    const nonce = encodeBase64(crypto.getRandomValues(new Uint8Array(16)), true);
    const publicKey = encodeBase64(key.publicKey, true);
    const lines = [
        LABEL, method, target.origin, target.pathname + target.search, hex(await sha256(new Uint8Array(0))), time,
        nonce, publicKey, '', '', '', '',
    ];
    const signature = await key.sign(utf8(lines.map((line) => `${line}\n`).join('')));
    return {
        'Coffer-Key': publicKey, 'Coffer-Time': time, 'Coffer-Nonce': nonce,
        'Coffer-Signature': encodeBase64(signature, true),
    };
}
