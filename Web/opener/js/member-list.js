// SPDX-License-Identifier: MIT
// Member lists `CFVM` (Spec/vault.md §7.1), read as §8.1 step 1 says: envelope (versions 1 and 2) → it names this
// tree and folder (`recordMisplaced`) → signed by the tree's owner (`unauthorizedWriter`, `signatureInvalid`) →
// the rest of the layout and each bundle (`malformedRecord`), in strictly increasing account-id order.
//   body    = treeOwner ‖ folderID ‖ BE64(version) ‖ BE32(epoch) ‖ BE32(n) ‖ memberⁿ          n ≤ 4096
//   member  = bundle (version 1: every member a writer) | role(1) ‖ bundle (version 2: 1 reader, 2 writer)
import { equalBytes, hex } from './bytes.js';
import { VaultError } from './errors.js';
import { parseBundle } from './identity-bundle.js';
import { BodyReader, parseSigned, verifySigned, writersOf } from './vault-record.js';

const LIST = { kind: 'member list', magic: 'CFVM', label: 'coffer/v1/vault/member-list', versions: [1, 2] };
const BUNDLE_LENGTHS = { 1: 149, 2: 1365 };

function malformed(reason) { return new VaultError('malformedRecord', { kind: LIST.kind, reason }); }

/** `{ version, writers: [[hexID, ed25519]], readers: [hexID] }` of a list `owner` (a verified bundle) signed. */
export async function readMemberList(bytes, { treeOwner, folder, owner }) {
    const record = parseSigned(bytes, LIST);
    const reader = new BodyReader(record.body, LIST.kind);
    const listOwner = reader.take(16, 'tree owner');
    const listFolder = reader.take(16, 'folder id');
    if (!equalBytes(listOwner, treeOwner) || !equalBytes(listFolder, folder)) {
        throw new VaultError('recordMisplaced', { kind: LIST.kind, reason: 'another tree or folder' });
    }
    await verifySigned(record, LIST.label, writersOf([[hex(owner.accountID), owner.ed25519]]));
    const version = reader.uint64('version');
    const epoch = reader.uint(4, 'epoch');
    const count = reader.uint(4, 'member count');
    if (version < 1n || epoch < 1 || count > 4096) throw malformed('version, epoch or count');
    const writers = [];
    const readers = [];
    let previous = null;
    for (let i = 0; i < count; i++) {
        const role = record.version === 2 ? reader.uint(1, 'role') : 2;
        if (role !== 1 && role !== 2) throw malformed(`role ${role}`);
        const at = reader.offset;
        reader.take(5, 'bundle');
        const length = BUNDLE_LENGTHS[record.body[at + 4]];
        if (!length) throw malformed('a bundle of an unknown version');
        reader.offset = at;
        let bundle;
        try {
            bundle = await parseBundle(reader.take(length, 'bundle'));
        } catch (error) {
            if (error instanceof VaultError && error.code === 'malformedRecord') throw error;
            throw malformed(`a member's bundle: ${error.code ?? error}`);
        }
        const id = hex(bundle.accountID);
        if (previous !== null && !(previous < id)) throw malformed('members not in increasing account-id order');
        previous = id;
        if (role === 2) writers.push([id, bundle.ed25519]);
        else readers.push(id);
    }
    reader.finish();
    return { version, writers, readers };
}
