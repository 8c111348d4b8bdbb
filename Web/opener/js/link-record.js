// SPDX-License-Identifier: MIT
// The link envelope `record ‖ wrappedKey ‖ signature` and the reader duties of Spec/links.md §5–6, in the order
// the Spec gives them, with the Swift `LinkError` names: find the stanza → parse strictly → signature → kind →
// expiry → password present → KDF policy → unwrap → commitment.
import { concat, decodeBase64, equalBytes, readBE, utf8 } from './bytes.js';
import { argon2id, chachaOpen, ed25519Verify, hkdfSha256 } from './crypto.js';
import { LinkError } from './errors.js';
import { derive } from './link-text.js';

export const LINK_STANZA = 'coffer.dev/v1/link';
const KIND = { 1: 'file', 2: 'folder' };

/** Spec/accounts.md §3.2: floor and cap, checked in the order m, t, p, salt before the KDF runs. */
export const KDF_POLICY = {
    memoryKiB: [65536, 4194304], iterations: [3, 16], parallelism: [1, 8], saltLength: [16, 16],
};

/** Parses an envelope (§5.1, §6 step 2): a record, then exactly the wrapped key its kind implies and a signature. */
export function parseEnvelope(bytes) {
    if (bytes.length === 0) throw new LinkError('malformedLinkStanza', { reason: 'empty record' });
    const version = bytes[0];
    if (version !== 1 && version !== 2) throw new LinkError('unsupportedRecordVersion', { version });
    if (bytes.length < 60) throw new LinkError('malformedLinkStanza', { reason: 'short record' });
    const kind = bytes[17];
    if (!(kind in KIND)) throw new LinkError('malformedLinkStanza', { reason: `unknown target kind ${kind}` });
    if (version === 2 && kind !== 2) throw new LinkError('unsupportedRecordVersion', { version });
    if (bytes[50] !== 1) throw new LinkError('malformedLinkStanza', { reason: `unknown permissions ${bytes[50]}` });
    const expiry = readBE(bytes, 51, 8);
    let used = 60;
    let kdf = null;
    if (bytes[59] === 1) {
        if (bytes.length < used + 29) throw new LinkError('malformedLinkStanza', { reason: 'record ends inside KDF' });
        if (bytes[used] !== 1) throw new LinkError('malformedLinkStanza', { reason: 'unknown KDF algorithm' });
        kdf = {
            memoryKiB: Number(readBE(bytes, used + 1, 4)), iterations: Number(readBE(bytes, used + 5, 4)),
            parallelism: Number(readBE(bytes, used + 9, 4)), salt: bytes.slice(used + 13, used + 29),
        };
        used += 29;
    } else if (bytes[59] !== 0) {
        throw new LinkError('malformedLinkStanza', { reason: `unknown KDF flag ${bytes[59]}` });
    }
    let owner = null;
    let epoch = 0;
    if (version === 2) {
        if (bytes.length < used + 20) throw new LinkError('malformedLinkStanza', { reason: 'record ends in owner' });
        owner = bytes.slice(used, used + 16);
        epoch = Number(readBE(bytes, used + 16, 4));
        used += 20;
        if (epoch < 1) throw new LinkError('malformedLinkStanza', { reason: 'epoch 0' });
    }
    const wrappedCount = (kind === 1 ? 16 : 32) + 16;
    if (bytes.length - used !== wrappedCount + 64) {
        throw new LinkError('malformedLinkStanza', { reason: 'wrong length after the record' });
    }
    return {
        record: bytes.slice(0, used), version, lookupID: bytes.slice(1, 17), kind: KIND[kind],
        commitment: bytes.slice(18, 50), expiry, kdf, owner, epoch,
        wrappedKey: bytes.slice(used, used + wrappedCount), signature: bytes.slice(used + wrappedCount),
    };
}

/** §6 steps 1–2: the one stanza whose first argument is this link's lookup id, parsed. */
export function findEnvelope(stanzas, link) {
    const mine = stanzas.filter((s) => s.type === LINK_STANZA && s.args[0] === link.stanzaArgument);
    if (mine.length === 0) throw new LinkError('noLinkStanza', { lookupID: link.lookupIDText });
    if (mine.length > 1) throw new LinkError('malformedLinkStanza', { reason: 'two stanzas for this link' });
    const stanza = mine[0];
    if (stanza.args.length !== 1) throw new LinkError('malformedLinkStanza', { reason: 'arguments' });
    const id = decodeBase64(stanza.args[0]);
    if (id === null || id.length !== 16) throw new LinkError('malformedLinkStanza', { reason: 'lookup id' });
    const envelope = parseEnvelope(stanza.body);
    if (!equalBytes(envelope.lookupID, id)) throw new LinkError('malformedLinkStanza', { reason: 'lookup id' });
    return envelope;
}

/** Steps 3–6: signature, kind, expiry, password presence. `now` is Unix seconds (a BigInt or number). */
export async function checkRecord(envelope, link, { kind, password, now }) {
    if (!equalBytes(envelope.lookupID, link.lookupID)) throw new LinkError('noLinkStanza');
    const message = concat(utf8('coffer/v1/links/record'), Uint8Array.of(0), envelope.record, envelope.wrappedKey);
    if (!(await ed25519Verify(await link.verifyingKey(), envelope.signature, message))) {
        throw new LinkError('badRecordSignature');
    }
    if (envelope.kind !== kind) throw new LinkError('targetKindMismatch', { expected: kind, actual: envelope.kind });
    if (envelope.expiry !== 0n && envelope.expiry <= BigInt(now)) {
        throw new LinkError('linkExpired', { expiry: envelope.expiry });
    }
    if (envelope.kdf === null && password != null) throw new LinkError('passwordNotExpected');
    if (envelope.kdf !== null && password == null) throw new LinkError('passwordRequired');
}

/** Step 7: the client's KDF policy, before the KDF runs. */
export function checkPolicy(kdf) {
    const values = { ...kdf, saltLength: kdf.salt.length };
    for (const parameter of ['memoryKiB', 'iterations', 'parallelism', 'saltLength']) {
        const [floor, cap] = KDF_POLICY[parameter];
        if (values[parameter] < floor) {
            throw new LinkError('kdfParameterBelowFloor', { parameter, value: values[parameter], minimum: floor });
        }
        if (values[parameter] > cap) {
            throw new LinkError('kdfParameterAboveCap', { parameter, value: values[parameter], maximum: cap });
        }
    }
}

/** Step 8's wrap key: HKDF of S, or of `S ‖ Argon2id(password, …)` for a password link (§2). */
export async function wrapKey(link, kdf, password, { asTyped = false } = {}) {
    if (kdf === null) return derive(link.secret, 'wrap-key', 32);
    checkPolicy(kdf);
    let stretched;
    try {
        // The link form (links.md §7.1): UTF-8 of the NFC text; `asTyped` is the retry with the text as typed.
        const typed = utf8(asTyped ? password : password.normalize('NFC'));
        stretched = await argon2id(typed, kdf.salt, kdf.iterations, kdf.memoryKiB, kdf.parallelism);
    } catch (error) {
        throw new LinkError('kdfFailed', { reason: String(error.message) });
    }
    const joined = concat(link.secret, stretched);
    const key = await hkdfSha256(joined, new Uint8Array(0), utf8('coffer/v1/links/password-wrap-key'), 32);
    joined.fill(0);
    stretched.fill(0);
    return key;
}

/** Steps 3–8: the key the envelope grants (16 bytes for a file, 32 for a folder). */
export async function unwrapKey(envelope, link, options) {
    await checkRecord(envelope, link, options);
    const key = await wrapKey(link, envelope.kdf, options.password);
    let opened = await chachaOpen(key, new Uint8Array(12), envelope.wrappedKey);
    key.fill(0);
    // links.md §7.1: a password not already in its link form, whose first attempt failed, is tried as typed too
    // (links made before the NFC rule).
    const password = options.password;
    if (opened === null && envelope.kdf !== null && password !== null && password !== password.normalize('NFC')) {
        const typedKey = await wrapKey(link, envelope.kdf, password, { asTyped: true });
        opened = await chachaOpen(typedKey, new Uint8Array(12), envelope.wrappedKey);
        typedKey.fill(0);
    }
    if (opened === null) throw new LinkError(envelope.kdf === null ? 'fileKeyUnwrapFailed' : 'wrongPassword');
    return opened;
}

/** Steps 1–9 for a file: the file key, checked against the record's commitment. */
export async function unwrapFileKey(stanzas, link, { password = null, now }) {
    const envelope = findEnvelope(stanzas, link);
    const fileKey = await unwrapKey(envelope, link, { kind: 'file', password, now });
    const commitment = await hkdfSha256(fileKey, new Uint8Array(0), utf8('coffer/v1/links/file-commitment'), 32);
    if (!equalBytes(commitment, envelope.commitment)) throw new LinkError('targetMismatch');
    return fileKey;
}

/** A folder envelope opened for `folderID` (§8): the 32-byte folder key, checked against the commitment. */
export async function openFolderEnvelope(bytes, link, folderID, { password = null, now }) {
    const envelope = parseEnvelope(bytes);
    const key = await unwrapKey(envelope, link, { kind: 'folder', password, now });
    const commitment = await hkdfSha256(key, folderID, utf8('coffer/v1/links/folder-commitment'), 32);
    if (!equalBytes(commitment, envelope.commitment)) throw new LinkError('targetMismatch');
    return { folderKey: key, owner: envelope.owner, epoch: envelope.epoch, version: envelope.version };
}
