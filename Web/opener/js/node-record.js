// SPDX-License-Identifier: MIT
// Node records `CFVN` (Spec/vault.md §4), read as `NodeRecord` and `NodeMetadata` do:
//   body     = treeOwner ‖ nodeID ‖ parentID ‖ kind(1) ‖ BE64(version) ‖ BE32(epoch) ‖ commitment(32)
//              ‖ BE32(len(sealed)) ‖ sealed                                   len(sealed) ≤ 1280
//   sealed   = box(KDF(parentKey[epoch], "coffer/v1/vault/metadata"), aad, metadata)
//   aad      = "CFVN" ‖ 0x01 ‖ treeOwner ‖ nodeID ‖ parentID ‖ kind ‖ BE64(version) ‖ BE32(epoch) ‖ commitment
//   metadata = BE16(len(name)) ‖ name ‖ BE64(size) ‖ BE64(mtime) ‖ BE16(len(type)) ‖ type [‖ history]
//   history  = 0x01 ‖ BE64(trashed) ‖ BE8(n) ‖ (BE64(version) ‖ SHA-256(earlierRecord))ⁿ        (§4.1)
// The reader's order (§8.3): layout → placement (`recordMisplaced`) → the listing's pinned hash
// (`manifestMismatch`, the caller's) → signer and signature → metadata box (`metadataAuthenticationFailed`) →
// metadata layout and naming rules (`malformedRecord`).
import { equalBytes, hex } from './bytes.js';
import { sha256 } from './crypto.js';
import { VaultError } from './errors.js';
import { openBox, vaultKDF } from './folder-keyring.js';
import { BodyReader, parseSigned, verifySigned } from './vault-record.js';

export const NODE = { kind: 'node', magic: 'CFVN', label: 'coffer/v1/vault/node-record' };
export const FILE = 1;
export const FOLDER = 2;
const MAX_SEALED = 1280;
const AAD_LENGTH = 4 + 1 + 16 * 3 + 1 + 8 + 4 + 32;

export function parseNodeRecord(bytes) {
    const record = parseSigned(bytes, NODE);
    const reader = new BodyReader(record.body, NODE.kind);
    const treeOwner = reader.take(16, 'tree owner');
    const id = reader.take(16, 'node id');
    const parent = reader.take(16, 'parent id');
    const kind = reader.uint(1, 'kind');
    if (kind !== FILE && kind !== FOLDER) throw new VaultError('malformedRecord', { kind: NODE.kind, reason: 'kind' });
    const version = reader.uint64('version');
    const epoch = reader.uint(4, 'epoch');
    const commitment = reader.take(32, 'commitment');
    const length = reader.uint(4, 'sealed metadata length');
    if (length > MAX_SEALED) throw new VaultError('malformedRecord', { kind: NODE.kind, reason: 'sealed too long' });
    const sealed = reader.take(length, 'sealed metadata');
    reader.finish();
    if (version < 1n || epoch < 1) {
        throw new VaultError('malformedRecord', { kind: NODE.kind, reason: 'version and epoch start at 1' });
    }
    if (sealed.length < 40) throw new VaultError('malformedRecord', { kind: NODE.kind, reason: 'sealed too short' });
    return { record, bytes, treeOwner, id, parent, kind, version, epoch, commitment, sealed };
}

export function checkNodePlacement(node, { treeOwner, id, parent, kind = null }) {
    const misplaced = (reason) => new VaultError('recordMisplaced', { kind: NODE.kind, reason });
    if (!equalBytes(node.treeOwner, treeOwner)) throw misplaced('another account’s tree');
    if (!equalBytes(node.id, id)) throw misplaced('another node’s record');
    if (!equalBytes(node.parent, parent)) throw misplaced('another parent');
    if (kind !== null && kind !== node.kind) throw misplaced('its kind differs from the listing’s');
}

/** The SHA-256 a listing pins (vault.md §6). */
export function nodeHash(node) { return sha256(node.bytes); }

/** The record is the one the listing pins by hash (§8.3 step 4, `manifestMismatch`). */
export async function checkNodePinned(node, listedHash) {
    if (!equalBytes(await nodeHash(node), listedHash)) throw new VaultError('manifestMismatch', { node: hex(node.id) });
}

export function verifyNode(node, writers) { return verifySigned(node.record, NODE.label, writers); }

function malformed(reason) { return new VaultError('malformedRecord', { kind: 'node metadata', reason }); }

function text(bytes) {
    try {
        return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
        throw malformed('name or content type is not UTF-8');
    }
}

const CONTROL = /[\u0000-\u001f\u007f]/;

function decodeMetadata(bytes) {
    const reader = new BodyReader(bytes, 'node metadata');
    const nameBytes = reader.take(reader.uint(2, 'name length'), 'name');
    const size = reader.uint64('size');
    const modified = reader.uint64('mtime');
    const typeBytes = reader.take(reader.uint(2, 'content type length'), 'content type');
    let trashed = 0n;
    const previous = [];
    if (reader.offset < bytes.length) {
        if (reader.uint(1, 'history layout') !== 1) throw malformed('unknown history layout');
        trashed = reader.uint64('trashed');
        const count = reader.uint(1, 'previous version count');
        if (count > 15 || (trashed === 0n && count === 0)) throw malformed('history empty or too long');
        for (let i = 0; i < count; i++) {
            const version = reader.uint64('previous version');
            if (previous.length && !(version < previous[previous.length - 1].version)) {
                throw malformed('earlier versions are not newest first');
            }
            previous.push({ version, recordHash: reader.take(32, 'record hash') });
        }
    }
    reader.finish();
    const name = text(nameBytes);
    const contentType = text(typeBytes);
    if (nameBytes.length < 1 || nameBytes.length > 255 || name === '.' || name === '..' || name.includes('/')
        || CONTROL.test(name) || typeBytes.length > 255 || CONTROL.test(contentType)) {
        throw malformed('name or content type breaks the naming rules');
    }
    return { name, size, modified, contentType, trashed, previous };
}

/** The metadata, opened with the parent's key of the record's epoch (a Map epoch → key). */
export async function openNodeMetadata(node, parentKeys) {
    const parentKey = parentKeys.get(node.epoch);
    if (!parentKey) throw new VaultError('epochKeyUnavailable', { epoch: node.epoch });
    const key = await vaultKDF(parentKey, 'coffer/v1/vault/metadata');
    const plaintext = await openBox(key, node.record.signed.subarray(0, AAD_LENGTH), node.sealed);
    key.fill(0);
    if (plaintext === null) throw new VaultError('metadataAuthenticationFailed', { node: hex(node.id) });
    const metadata = decodeMetadata(plaintext);
    if (!metadata.previous.every((p) => p.version < node.version) || (node.kind !== FILE && metadata.previous.length)) {
        throw new VaultError('malformedRecord', { kind: NODE.kind, reason: 'history not older than the record' });
    }
    return metadata;
}
