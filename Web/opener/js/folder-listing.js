// SPDX-License-Identifier: MIT
// Folder listings (Spec/vault.md §6, read as §8.2 says, as `FolderListing.read` does): `hex(folderID).list` is a
// signed head `CFVH` pinning chunks `CFVC` by SHA-256, or a single signed record `CFVL` (the first layout, read
// only).
//   head  body = treeOwner ‖ folderID ‖ BE64(version) ‖ BE32(n) ‖ BE32(m) ‖ (BE32(countᵢ) ‖ SHA-256(chunkᵢ))ᵐ
//   chunk      = "CFVC" ‖ 0x01 ‖ treeOwner ‖ folderID ‖ BE64(written) ‖ BE32(k) ‖ entryᵏ
//   entry      = childID(16) ‖ kind(1) ‖ SHA-256(child's node record) ‖ nameTag(16)
//   CFVL  body = treeOwner ‖ folderID ‖ BE64(version) ‖ BE32(n) ‖ (childID ‖ kind ‖ SHA-256(record))ⁿ
// Order: head layout → placement (`recordMisplaced`) → signer, signature → mark (`rollbackDetected`) → each pinned
// chunk: present (`childMissing`) → its hash (`manifestMismatch`) → layout with the head's count → placement →
// strictly increasing ids across chunks (`malformedRecord`).
import { equalBytes, hex, utf8 } from './bytes.js';
import { hmacSha256, sha256 } from './crypto.js';
import { VaultError } from './errors.js';
import { vaultKDF } from './folder-keyring.js';
import { BodyReader, checkMark, parseSigned, verifySigned } from './vault-record.js';

const HEAD = { kind: 'listing head', magic: 'CFVH', label: 'coffer/v1/vault/listing-head' };
const SINGLE = { kind: 'manifest', magic: 'CFVL', label: 'coffer/v1/vault/manifest' };
const CHUNK = { kind: 'listing chunk', magic: 'CFVC' };
const MAX_CHUNKS = 8192;
const MAX_CHUNK_ENTRIES = 512;
const MAX_CHILDREN = 1 << 20;

function malformed(kind, reason) { return new VaultError('malformedRecord', { kind, reason }); }

function compareIDs(a, b) {
    for (let i = 0; i < 16; i++) if (a[i] !== b[i]) return a[i] - b[i];
    return 0;
}

function entries(reader, count, kind, withTags) {
    const out = [];
    for (let i = 0; i < count; i++) {
        const id = reader.take(16, 'child id');
        const childKind = reader.uint(1, 'child kind');
        if (childKind !== 1 && childKind !== 2) throw malformed(kind, 'child kind is neither 1 nor 2');
        if (out.length && compareIDs(out[out.length - 1].id, id) >= 0) {
            throw malformed(kind, 'children are not in strictly increasing id order');
        }
        const recordHash = reader.take(32, 'record hash');
        out.push({ id, kind: childKind, recordHash, nameTag: withTags ? reader.take(16, 'name tag') : null });
    }
    return out;
}

function parseHead(bytes) {
    const record = parseSigned(bytes, HEAD);
    const reader = new BodyReader(record.body, HEAD.kind);
    const treeOwner = reader.take(16, 'tree owner');
    const folder = reader.take(16, 'folder id');
    const version = reader.uint64('version');
    const total = reader.uint(4, 'child count');
    const count = reader.uint(4, 'chunk count');
    if (version < 1n) throw malformed(HEAD.kind, 'version starts at 1');
    if (count > MAX_CHUNKS || count * 36 !== record.body.length - reader.offset) {
        throw malformed(HEAD.kind, 'chunk count does not match the record length');
    }
    const chunks = [];
    let sum = 0;
    for (let i = 0; i < count; i++) {
        const children = reader.uint(4, 'chunk size');
        if (children < 1 || children > MAX_CHUNK_ENTRIES) throw malformed(HEAD.kind, 'a chunk of 1…512 children');
        sum += children;
        chunks.push({ count: children, hash: reader.take(32, 'chunk hash') });
    }
    reader.finish();
    if (total > MAX_CHILDREN || sum !== total) throw malformed(HEAD.kind, 'child count is not the chunks’ sum');
    return { layout: HEAD, record, treeOwner, folder, version, chunks };
}

function parseSingle(bytes) {
    const record = parseSigned(bytes, SINGLE);
    const reader = new BodyReader(record.body, SINGLE.kind);
    const treeOwner = reader.take(16, 'tree owner');
    const folder = reader.take(16, 'folder id');
    const version = reader.uint64('version');
    const count = reader.uint(4, 'child count');
    if (version < 1n) throw malformed(SINGLE.kind, 'version starts at 1');
    if (count > MAX_CHILDREN) throw malformed(SINGLE.kind, 'too many children');
    const listed = entries(reader, count, SINGLE.kind, false);
    reader.finish();
    return { layout: SINGLE, record, treeOwner, folder, version, entries: listed };
}

function parseChunk(bytes, count) {
    if (bytes.length < 5 || !equalBytes(bytes.subarray(0, 4), utf8(CHUNK.magic))) {
        throw malformed(CHUNK.kind, 'does not start with "CFVC"');
    }
    if (bytes[4] !== 1) throw new VaultError('unsupportedVersion', { kind: CHUNK.kind, version: bytes[4] });
    const reader = new BodyReader(bytes.subarray(5), CHUNK.kind);
    const treeOwner = reader.take(16, 'tree owner');
    const folder = reader.take(16, 'folder id');
    reader.uint64('version written');
    const k = reader.uint(4, 'child count');
    if (k < 1 || k > MAX_CHUNK_ENTRIES || k * 65 !== bytes.length - 5 - reader.offset) {
        throw malformed(CHUNK.kind, 'child count does not match the record length');
    }
    const listed = entries(reader, k, CHUNK.kind, true);
    reader.finish();
    if (listed.length !== count) throw malformed(CHUNK.kind, 'holds another count than its head says');
    return { treeOwner, folder, entries: listed };
}

/** `hex(folderID).chunk-hex(hash[0:16])`. */
export function chunkID(folder, hash) { return `${hex(folder)}.chunk-${hex(hash.subarray(0, 16))}`; }

/**
 * The listing of `folder` (§8.2): `{ version, entries: [{ id, kind, recordHash, nameTag }] }`. `read(id)` gives a
 * record's bytes or null; `seen` is the device's mark (the opener has none: 0).
 */
export async function readListing(bytes, { treeOwner, folder, writers, seen = 0n, read }) {
    const single = bytes.length >= 4 && equalBytes(bytes.subarray(0, 4), utf8(SINGLE.magic));
    const listing = single ? parseSingle(bytes) : parseHead(bytes);
    if (!equalBytes(listing.treeOwner, treeOwner) || !equalBytes(listing.folder, folder)) {
        throw new VaultError('recordMisplaced', { kind: listing.layout.kind, reason: 'another tree or folder' });
    }
    await verifySigned(listing.record, listing.layout.label, writers);
    checkMark(listing.version, BigInt(seen), listing.layout.kind);
    if (single) return { version: listing.version, entries: listing.entries };
    const all = [];
    for (const reference of listing.chunks) {
        const id = chunkID(folder, reference.hash);
        const chunkBytes = await read(id);
        if (chunkBytes === null) throw new VaultError('childMissing', { node: `${hex(folder)} (chunk ${id})` });
        if (!equalBytes(await sha256(chunkBytes), reference.hash)) {
            throw new VaultError('manifestMismatch', { node: `${hex(folder)} (chunk ${id})` });
        }
        const chunk = parseChunk(chunkBytes, reference.count);
        if (!equalBytes(chunk.treeOwner, treeOwner) || !equalBytes(chunk.folder, folder)) {
            throw new VaultError('recordMisplaced', { kind: CHUNK.kind, reason: 'another tree or folder' });
        }
        if (all.length && compareIDs(all[all.length - 1].id, chunk.entries[0].id) >= 0) {
            throw malformed(CHUNK.kind, 'children are not in strictly increasing id order across chunks');
        }
        all.push(...chunk.entries);
    }
    return { version: listing.version, entries: all };
}

/** `HMAC-SHA-256(KDF(folderKey[epoch], "coffer/v1/vault/name-tag"), name)[0:16]` (§6.2). */
export async function nameTag(name, folderKey) {
    const key = await vaultKDF(folderKey, 'coffer/v1/vault/name-tag');
    const tag = (await hmacSha256(key, utf8(name))).slice(0, 16);
    key.fill(0);
    return tag;
}

