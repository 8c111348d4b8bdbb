// SPDX-License-Identifier: MIT
// The link text (Spec/links.md §2–3): `baseURL ‖ base64url(lookupID) ‖ "#" ‖ "1" ‖ base64url(S ‖ checksum₄)`.
// Reader rules in order: '#' and a fragment → version → length, alphabet and checksum → path lookup id. The
// checksum is checked before any key is derived or any request is made.
import { concat, decodeBase64, encodeBase64, equalBytes, utf8 } from './bytes.js';
import { blake2b, ed25519PublicKey, hkdfSha256 } from './crypto.js';
import { LinkError } from './errors.js';

export const LINK_VERSION = '1';
const LABEL = (name) => utf8(`coffer/v1/links/${name}`);

/** `BLAKE2b-256(key: S, message: "coffer/v1/links/checksum" ‖ 0x00 ‖ version)[0:4]`. */
export async function checksum(secret, version = LINK_VERSION) {
    return (await blake2b(concat(LABEL('checksum'), Uint8Array.of(0), utf8(version)), secret, 32)).subarray(0, 4);
}

/** `HKDF-SHA-256(ikm: S, salt: "", info: "coffer/v1/links/<label>", L)`. */
export function derive(secret, label, length) {
    return hkdfSha256(secret, new Uint8Array(0), LABEL(label), length);
}

export class ShareLink {
    constructor(baseURL, secret, lookupID) {
        this.baseURL = baseURL;
        this.secret = secret;
        this.lookupID = lookupID;
    }

    /** The lookup id as it appears in the path and in storage URLs (base64url, 22 characters). */
    get lookupIDText() { return encodeBase64(this.lookupID, true); }

    /** The lookup id as a link stanza's argument (standard base64). */
    get stanzaArgument() { return encodeBase64(this.lookupID); }

    async verifyingKey() { return ed25519PublicKey(await derive(this.secret, 'record-signing-key', 32)); }

    /** Parses the text of a link (Spec/links.md §3 reader duties); every failure is a `LinkError`. */
    static async parse(text) {
        const hash = text.indexOf('#');
        if (hash < 0 || hash === text.length - 1) throw new LinkError('missingSecret');
        const fragment = text.slice(hash + 1);
        const version = String.fromCodePoint(fragment.codePointAt(0));
        if (version !== LINK_VERSION) {
            throw new LinkError('unsupportedLinkVersion', { version: /^[ -~]$/.test(version) ? version : 'non-ASCII' });
        }
        const payloadText = fragment.slice(1);
        if (payloadText.length !== 27) throw new LinkError('checksumMismatch');
        const payload = decodeBase64(payloadText, true);
        if (payload === null || payload.length !== 20) throw new LinkError('checksumMismatch');
        const secret = payload.slice(0, 16);
        if (!equalBytes(payload.subarray(16), await checksum(secret))) throw new LinkError('checksumMismatch');
        const path = text.slice(0, hash);
        const slash = path.lastIndexOf('/') + 1;
        const lookupID = await derive(secret, 'lookup-id', 16);
        const inLink = path.slice(slash);
        if (inLink !== encodeBase64(lookupID, true)) {
            const derived = encodeBase64(lookupID, true);
            throw new LinkError('lookupIDMismatch', { inLink: inLink.slice(0, 40), derived });
        }
        payload.fill(0);
        return new ShareLink(path.slice(0, slash), secret, lookupID);
    }
}
