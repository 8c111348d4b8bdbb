// SPDX-License-Identifier: MIT
// Folder keyrings `CFVK` (Spec/vault.md §5), read as `FolderKeyring` does:
//   body        = treeOwner ‖ folderID ‖ parentID ‖ BE32(n) ‖ entry₁ ‖ … ‖ entryₙ          1 ≤ n ≤ 65536
//   entryₑ      = BE32(parentEpochₑ) ‖ parentWrapₑ(72) ‖ chainWrapₑ(72, only when e ≥ 2)
//   parentWrapₑ = box(KDF(parentKey[parentEpochₑ], "coffer/v1/vault/folder-key-wrap"),
//                     treeOwner ‖ folderID ‖ parentID ‖ BE32(e) ‖ BE32(parentEpochₑ), folderKey[e])
//   chainWrapₑ  = box(KDF(folderKey[e], "coffer/v1/vault/epoch-chain"), treeOwner ‖ folderID ‖ BE32(e),
//                     folderKey[e−1])
// The reader's order (§8.1 step 2): layout → placement (`recordMisplaced`) → signer and signature → mark →
// unwrap (`epochKeyUnavailable` when the parent epoch is not held, `keyUnwrapFailed` when a box does not open).
import { concat, equalBytes, utf8 } from './bytes.js';
import { hkdfSha256, xchachaOpen } from './crypto.js';
import { VaultError } from './errors.js';
import { BodyReader, parseSigned, verifySigned } from './vault-record.js';

export const KEYRING = { kind: 'folder keyring', magic: 'CFVK', label: 'coffer/v1/vault/folder-keyring' };
const MAX_EPOCHS = 65536;
const WRAP = 72;

function be32(value) {
    const out = new Uint8Array(4);
    new DataView(out.buffer).setUint32(0, value);
    return out;
}

/** `KDF(k, label)` of vault.md §2. */
export function vaultKDF(key, label) { return hkdfSha256(key, new Uint8Array(0), utf8(label), 32); }

/** `open` of a `box(k, aad, m)` = nonce(24) ‖ XChaCha20-Poly1305: the plaintext, or null. */
export async function openBox(key, aad, box) {
    if (box.length < 40) return null;
    return xchachaOpen(key, box.subarray(0, 24), box.subarray(24), aad);
}

export function parseKeyring(bytes) {
    const record = parseSigned(bytes, KEYRING);
    const reader = new BodyReader(record.body, KEYRING.kind);
    const treeOwner = reader.take(16, 'tree owner');
    const folder = reader.take(16, 'folder id');
    const parent = reader.take(16, 'parent id');
    const count = reader.uint(4, 'epoch count');
    if (count < 1 || count > MAX_EPOCHS) {
        throw new VaultError('malformedRecord', { kind: KEYRING.kind, reason: `epoch count ${count}` });
    }
    const entries = [];
    for (let epoch = 1; epoch <= count; epoch++) {
        const parentEpoch = reader.uint(4, 'parent epoch');
        const parentWrap = reader.take(WRAP, 'parent wrap');
        const chainWrap = epoch >= 2 ? reader.take(WRAP, 'chain wrap') : null;
        entries.push({ parentEpoch, parentWrap, chainWrap });
    }
    reader.finish();
    return { record, treeOwner, folder, parent, entries, latestEpoch: count,
        latestParentEpoch: entries[count - 1].parentEpoch };
}

export function checkKeyringPlacement(keyring, { treeOwner, folder, parent }) {
    const misplaced = (reason) => new VaultError('recordMisplaced', { kind: KEYRING.kind, reason });
    if (!equalBytes(keyring.treeOwner, treeOwner)) throw misplaced('another account’s tree');
    if (!equalBytes(keyring.folder, folder)) throw misplaced('another folder’s keyring');
    if (parent !== null && !equalBytes(keyring.parent, parent)) throw misplaced('another parent');
}

export function verifyKeyring(keyring, writers) { return verifySigned(keyring.record, KEYRING.label, writers); }

/**
 * Every epoch key up to `epoch`, walking the chain down from `key` (a link or share gives `epoch`'s key):
 * a Map epoch → 32-byte key.
 */
export async function unwrapFromLatest(keyring, key, epoch) {
    if (!(epoch >= 1 && epoch <= keyring.latestEpoch)) throw new VaultError('epochKeyUnavailable', { epoch });
    const keys = new Map([[epoch, key]]);
    let current = key;
    for (let e = epoch; e > 1; e--) {
        const chainKey = await vaultKDF(current, 'coffer/v1/vault/epoch-chain');
        const aad = concat(keyring.treeOwner, keyring.folder, be32(e));
        const older = await openBox(chainKey, aad, keyring.entries[e - 1].chainWrap);
        chainKey.fill(0);
        if (older === null || older.length !== 32) throw new VaultError('keyUnwrapFailed', { kind: 'epoch chain' });
        keys.set(e - 1, older);
        current = older;
    }
    return keys;
}

/** Every epoch key, the newest unwrapped with the parent's keys (a Map epoch → key, or a function). */
export async function unwrapWithParent(keyring, parentKeys) {
    const parentKey = parentKeys.get(keyring.latestParentEpoch);
    if (!parentKey) throw new VaultError('epochKeyUnavailable', { epoch: keyring.latestParentEpoch });
    const wrapKey = await vaultKDF(parentKey, 'coffer/v1/vault/folder-key-wrap');
    const aad = concat(keyring.treeOwner, keyring.folder, keyring.parent, be32(keyring.latestEpoch),
        be32(keyring.latestParentEpoch));
    const key = await openBox(wrapKey, aad, keyring.entries[keyring.latestEpoch - 1].parentWrap);
    wrapKey.fill(0);
    if (key === null || key.length !== 32) throw new VaultError('keyUnwrapFailed', { kind: 'folder' });
    return unwrapFromLatest(keyring, key, keyring.latestEpoch);
}
