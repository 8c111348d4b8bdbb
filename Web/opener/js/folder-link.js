// SPDX-License-Identifier: MIT
// Opening a vault folder link (Spec/links.md §8.1), as `VaultLinkReader.open` does, with its error names:
// 1. the record `link-<hex(lookupID)>` (absent: `notFound`, as a revoked file link, opener.md §8), parsed as
//    `folderID (16) ‖ envelope`;
// 2. the link record checks of links.md §6 with kind 0x02 (signature, kind, expiry, password, KDF policy, unwrap)
//    and the commitment against the stored folder id (`targetMismatch`);
// 3. a version 2 record (`unsupportedRecordVersion`);
// 4. the owner's bundle `<owner>.bundle`, checked (accounts.md §6.3), whose account id must be the signed owner.
import { equalBytes, hex } from './bytes.js';
import { LinkError, StorageError, VaultError } from './errors.js';
import { parseBundle } from './identity-bundle.js';
import { checkPolicy, checkRecord, openFolderEnvelope, parseEnvelope } from './link-record.js';

export const linkRecordID = (link) => `link-${hex(link.lookupID)}`;

/** Step 1: `{ folderID, bytes, envelope }` of the stored link, or `notFound`. */
export async function fetchFolderLink(records, link) {
    const stored = await records.get(linkRecordID(link));
    if (stored === null) throw new StorageError('notFound');
    if (stored.length < 16) throw new LinkError('malformedLinkStanza', { reason: 'no folder id' });
    const bytes = stored.subarray(16);
    return { folderID: stored.slice(0, 16), bytes, envelope: parseEnvelope(bytes) };
}

/** Whether step 2 will need a password (after the checks that come before it: signature, kind, expiry). */
export async function needsPassword(stored, link, now) {
    await checkRecord(stored.envelope, link, {
        kind: 'folder', password: stored.envelope.kdf ? '' : null, now,
    });
    if (stored.envelope.kdf === null) return false;
    checkPolicy(stored.envelope.kdf);
    return true;
}

/** Steps 2–4: `{ folderID, folderKey, epoch, owner }` with the owner's verified bundle. */
export async function openFolderLink(records, stored, link, { password = null, now }) {
    const opened = await openFolderEnvelope(stored.bytes, link, stored.folderID, { password, now });
    if (opened.version !== 2) {
        opened.folderKey.fill(0);
        throw new LinkError('unsupportedRecordVersion', { version: opened.version });
    }
    const bundleBytes = await records.get(`${hex(opened.owner)}.bundle`);
    if (bundleBytes === null) throw new VaultError('notFound', { record: `${hex(opened.owner)}.bundle` });
    const owner = await parseBundle(bundleBytes);
    if (!equalBytes(owner.accountID, opened.owner)) {
        throw new VaultError('accountIDMismatch', { wrapped: 'account' });
    }
    return { folderID: stored.folderID, folderKey: opened.folderKey, epoch: opened.epoch, owner };
}
