// SPDX-License-Identifier: MIT
// Reading a linked folder (Spec/links.md §8.1 step 5, Spec/vault.md §8), as `VaultLinkReader` and `FolderReader`
// do, from records the storage serves and nothing else trusted but the link and the owner's verified bundle:
// - the writers above the linked folder F (vault.md §8.6): up through the keyrings' parent ids to the owner's
//   root (placement only), then down from the root to F's parent: each member list (owner-signed, its members
//   join the writers), each keyring's signer (the owner alone where there is a member list) and signature;
// - F (§8.1): its member list, its keyring (placement with the parent found above, signer, signature, then the
//   epoch keys down the chain from the link's), its listing (§8.2), each child (§8.3, name tags included);
// - a subfolder of F, or below (the same §8.1 with the folder it was opened from as parent: the keyring's move
//   under way `hex(folder).keys-hex(parent)`, the writers carried down, the keys unwrapped from the parent's);
//   never a folder above F;
// - a file's content (§8.4): header and body named by the commitment, the body's exact length before it is read,
//   `SHA-256(head ‖ body[0:16])`, then age decryption with the folder-key stanza (§3), chunk by chunk through
//   `onChunk`, the body read in ranged windows as a file link's (fetcher.js).
// The opener keeps no marks (links.md §8.1): a server can serve an older signed state of F, not a forged one.
import { concat, equalBytes, hex, utf8 } from './bytes.js';
import { blake2b, sha256 } from './crypto.js';
import { AgeError, StorageError, VaultError } from './errors.js';
import { checkKeyringPlacement, parseKeyring, unwrapFromLatest, unwrapWithParent, verifyKeyring }
    from './folder-keyring.js';
import { nameTag, readListing } from './folder-listing.js';
import { FOLDER_KEY_STANZA, parseFolderKeyStanza, unwrapFolderKeyStanza } from './folder-key-stanza.js';
import { readMemberList } from './member-list.js';
import { checkNodePinned, checkNodePlacement, FILE, openNodeMetadata, parseNodeRecord, verifyNode }
    from './node-record.js';
import { CHUNK, readAge } from './age-reader.js';
import { writersOf } from './vault-record.js';

const ZERO = new Uint8Array(16);

/** `rootID(account) = BLAKE2b-128("coffer/v1/vault/root-id" ‖ accountID)` (vault.md §2). */
export function rootID(account) {
    return blake2b(concat(utf8('coffer/v1/vault/root-id'), account), new Uint8Array(0), 16);
}

function join(writers, list) {
    for (const [id, key] of list.writers) {
        writers.keys.set(id, key);
        writers.readers.delete(id);
    }
    for (const id of list.readers) if (!writers.keys.has(id)) writers.readers.add(id);
}

function copy(writers) { return { keys: new Map(writers.keys), readers: new Set(writers.readers) }; }

async function required(records, id, node) {
    const bytes = await records.get(id);
    if (bytes === null) throw new VaultError('childMissing', { node });
    return bytes;
}

/** §8.6: `{ writers, parent }` for the linked folder `folder` of `owner`'s tree. */
async function ancestorWriters(records, owner, folder) {
    const root = await rootID(owner.accountID);
    const writers = writersOf([[hex(owner.accountID), owner.ed25519]]);
    if (equalBytes(folder, root)) return { writers, parent: ZERO };
    const chain = [];
    const seen = new Set([hex(folder)]);
    let id = folder;
    while (!equalBytes(id, root)) {
        const keyring = parseKeyring(await required(records, `${hex(id)}.keys`, hex(id)));
        checkKeyringPlacement(keyring, { treeOwner: owner.accountID, folder: id, parent: null });
        if (equalBytes(keyring.parent, ZERO) || seen.has(hex(keyring.parent))) {
            throw new VaultError('recordMisplaced', { kind: 'folder keyring', reason: 'does not lead up to the root' });
        }
        seen.add(hex(keyring.parent));
        chain.push(keyring);
        id = keyring.parent;
    }
    const linked = chain.shift();
    const rootKeyring = parseKeyring(await required(records, `${hex(root)}.keys`, hex(root)));
    checkKeyringPlacement(rootKeyring, { treeOwner: owner.accountID, folder: root, parent: ZERO });
    for (const keyring of [rootKeyring, ...chain.reverse()]) {
        const listBytes = await records.get(`${hex(keyring.folder)}.members`);
        let ownerOnly = false;
        if (listBytes !== null) {
            const list = await readMemberList(listBytes, { treeOwner: owner.accountID, folder: keyring.folder, owner });
            join(writers, list);
            ownerOnly = true;
        }
        await verifyKeyring(keyring, ownerOnly ? writersOf([[hex(owner.accountID), owner.ed25519]]) : writers);
    }
    return { writers, parent: linked.parent };
}

/**
 * The keyring of `folder` reached from `parent` (vault.md §8.1 step 2): `hex(folder).keys`, unless it names another
 * parent and `hex(folder).keys-hex(parent)` exists — the keyring as it was under `parent`, kept while a move of
 * the folder out of it is under way (§10.4). Either is checked the same way; the name is only a hint.
 */
async function keyringFrom(records, folder, parent) {
    const current = await required(records, `${hex(folder)}.keys`, hex(folder));
    const keyring = parseKeyring(current);
    if (equalBytes(keyring.parent, parent)) return keyring;
    const moving = await records.get(`${hex(folder)}.keys-${hex(parent)}`);
    return moving === null ? keyring : parseKeyring(moving);
}

/**
 * One folder (vault.md §8.1): its member list (its members join the inherited writers), its keyring (placement
 * with `parent`, signer — the owner alone for a shared folder —, signature, then its keys by `reach(keyring)`),
 * its listing (§8.2) and each child (§8.3). The listing is fetched before the keyring, checked after it.
 */
async function loadFolder(records, owner, folder, parent, inherited, reach) {
    const writers = copy(inherited);
    const listBytes = await records.get(`${hex(folder)}.members`);
    let shared = false;
    if (listBytes !== null) {
        join(writers, await readMemberList(listBytes, { treeOwner: owner.accountID, folder, owner }));
        shared = true;
    }
    const listing = await records.get(`${hex(folder)}.list`);
    const keyring = await keyringFrom(records, folder, parent);
    checkKeyringPlacement(keyring, { treeOwner: owner.accountID, folder, parent });
    await verifyKeyring(keyring, shared ? writersOf([[hex(owner.accountID), owner.ed25519]]) : writers);
    const keys = await reach(keyring);
    if (listing === null) throw new VaultError('childMissing', { node: hex(folder) });
    const listed = await readListing(listing, {
        treeOwner: owner.accountID, folder, writers, read: (id) => records.get(id),
    });
    const entries = [];
    for (const entry of listed.entries) {
        const nodeID = `${hex(entry.id)}.node-${hex(entry.recordHash.subarray(0, 16))}`;
        const node = parseNodeRecord(await required(records, nodeID, hex(entry.id)));
        checkNodePlacement(node, { treeOwner: owner.accountID, id: entry.id, parent: folder, kind: entry.kind });
        await checkNodePinned(node, entry.recordHash);
        await verifyNode(node, writers);
        const metadata = await openNodeMetadata(node, keys);
        if (entry.nameTag !== null && !equalBytes(await nameTag(metadata.name, keys.get(node.epoch)), entry.nameTag)) {
            throw new VaultError('manifestMismatch', { node: hex(entry.id), reason: 'name tag' });
        }
        if (metadata.trashed !== 0n) continue;
        entries.push({ id: entry.id, node, name: metadata.name, size: metadata.size, kind: node.kind,
            contentType: metadata.contentType });
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { id: folder, keys, writers, entries };
}

/** vault.md §10.5: a file's age header is at most 4 KiB. */
const HEAD_LIMIT = 4096;

/** The body of `size` plaintext bytes: the 16-byte nonce and ⌈size / 64 KiB⌉ chunks (at least one), 16-byte tags. */
export function bodyLength(size) {
    const chunks = size === 0n ? 1n : (size + BigInt(CHUNK) - 1n) / BigInt(CHUNK);
    return 16n + size + 16n * chunks;
}

/**
 * §8.4 steps 1–4 over a ranged body: its length exactly what the metadata's size needs (larger: `recordTooLarge`;
 * smaller: `contentDamaged`, truncated, as age would find it) before a byte is read; `SHA-256(head ‖ body[0:16])`
 * = commitment (`contentMismatch`); then age over `head ‖ body` with the folder-key stanza.
 */
async function readBody(head, body, entry, id, view, onChunk) {
    const expected = bodyLength(BigInt(entry.size));
    if (body.size === null) throw new StorageError('unavailable', { reason: 'no length for the file body' });
    if (BigInt(body.size) > expected) {
        throw new VaultError('recordTooLarge', { record: id, size: body.size, limit: Number(expected) });
    }
    if (BigInt(body.size) < expected) throw new VaultError('contentDamaged', { age: 'truncated' });
    let queue = [];
    let have = 0;
    while (have < 16) {
        const piece = await body.read();
        if (piece === null) break;
        queue.push(piece.slice()); // the source's view is reused by its next read
        have += piece.length;
    }
    const start = concat(...queue).subarray(0, 16);
    if (start.length < 16 || !equalBytes(await sha256(concat(head, start)), entry.node.commitment)) {
        throw new VaultError('contentMismatch', { node: hex(entry.id) });
    }
    queue.unshift(head);
    const source = {
        async read() { return queue.length ? queue.shift() : body.read(); },
        async resume(offset) {
            queue = offset < head.length ? [head.subarray(offset)] : [];
            await body.resume(Math.max(0, offset - head.length));
        },
    };
    try {
        await readAge(source, {
            unwrap: async (stanzas) => {
                const mine = stanzas.filter((s) => s.type === FOLDER_KEY_STANZA);
                if (mine.length !== 1) throw new AgeError('noIdentityMatched');
                const stanza = parseFolderKeyStanza(mine[0].args, mine[0].body);
                return unwrapFolderKeyStanza(stanza, entry.id,
                    async (folder, epoch) => (equalBytes(folder, view.id) ? view.keys.get(epoch) ?? null : null));
            },
            onChunk,
        });
    } catch (error) {
        if (error instanceof AgeError) throw new VaultError('contentDamaged', { age: error.code });
        throw error;
    }
}

/**
 * What the page shows of one folder: `{ path, entries, up, open(entry), read(entry, onChunk) }`. `up` is the
 * folder above, null at the linked folder: the page never goes above it (the link grants nothing there).
 */
function folderView(records, owner, view, path, up) {
    return {
        path,
        entries: view.entries,
        up,
        /** A subfolder listed here (vault.md §8.1, keys unwrapped from this folder's, §8.6 chain carried down). */
        async open(entry) {
            if (entry.kind === FILE) throw new VaultError('wrongNodeType', { expected: 'a folder' });
            const sub = await loadFolder(records, owner, entry.id, view.id, view.writers,
                (keyring) => unwrapWithParent(keyring, view.keys));
            return folderView(records, owner, sub, `${path}${entry.name}/`, this);
        },
        /**
         * §8.4: the file's plaintext to `onChunk`, each chunk only after it authenticated, in order. The body is
         * read in ranged windows (any size, never whole in memory); its exact length is checked before a byte of
         * it is read.
         */
        async read(entry, onChunk) {
            if (entry.kind !== FILE) throw new VaultError('wrongNodeType', { expected: 'a file' });
            const node = hex(entry.id);
            const c = hex(entry.node.commitment.subarray(0, 16));
            const head = await required(records, `${node}.head-${c}`, node);
            if (head.length > HEAD_LIMIT) {
                throw new VaultError('recordTooLarge', { record: `${node}.head-${c}`, size: head.length });
            }
            const body = await records.open(`${node}.body-${c}`);
            if (body === null) throw new VaultError('childMissing', { node });
            try {
                await readBody(head, body, entry, `${node}.body-${c}`, view, onChunk);
            } finally {
                body.cancel();
            }
        },
    };
}

/**
 * Opens the linked folder (see folderView). `opened` is what folder-link.js gave (folder id, key, epoch, owner's
 * bundle).
 */
export async function openLinkedFolder(records, opened) {
    const owner = opened.owner;
    const above = await ancestorWriters(records, owner, opened.folderID);
    const view = await loadFolder(records, owner, opened.folderID, above.parent, above.writers,
        (keyring) => unwrapFromLatest(keyring, opened.folderKey, opened.epoch));
    return folderView(records, owner, view, '/', null);
}
