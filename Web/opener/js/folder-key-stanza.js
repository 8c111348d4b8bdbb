// SPDX-License-Identifier: MIT
// The file-key stanza `coffer.dev/v1/folder-key base64(folderID) decimal(epoch)` (Spec/vault.md §3), read as
// `FolderKeyStanza.parse` then `unwrap` do, with the Swift `VaultError` names, in the Spec's order:
// 1. exactly 2 arguments; 2. argument 1 canonical unpadded base64 of 16 bytes; 3. argument 2 decimal 1…2³²−1
// without leading zeros; 4. a body of exactly 56 bytes (all `malformedStanza`); 5. the reader holds
// `folderKey[epoch]` of that folder (`epochKeyUnavailable`); 6. the box opens (`keyUnwrapFailed`):
//   wrapKey = HKDF-SHA-256(folderKey[epoch], "", "coffer/v1/vault/file-key-wrap")
//   aad     = "coffer.dev/v1/folder-key" ‖ 0x00 ‖ folderID ‖ BE32(epoch) ‖ nodeID
//   body    = nonce(24) ‖ XChaCha20-Poly1305(wrapKey, nonce, fileKey, aad)
import { concat, decodeBase64, utf8 } from './bytes.js';
import { hkdfSha256, xchachaOpen } from './crypto.js';
import { VaultError } from './errors.js';

export const FOLDER_KEY_STANZA = 'coffer.dev/v1/folder-key';
const EPOCH = /^[1-9][0-9]{0,9}$/;

function be32(value) {
    const out = new Uint8Array(4);
    new DataView(out.buffer).setUint32(0, value);
    return out;
}

/** Steps 1–4: `{ folderID, epoch, body }`. */
export function parseFolderKeyStanza(args, body) {
    if (args.length !== 2) throw new VaultError('malformedStanza', { reason: `${args.length} arguments` });
    const folderID = decodeBase64(args[0]);
    if (folderID === null || folderID.length !== 16) {
        throw new VaultError('malformedStanza', { reason: 'folder id' });
    }
    if (!EPOCH.test(args[1]) || Number(args[1]) > 0xffffffff) {
        throw new VaultError('malformedStanza', { reason: 'epoch' });
    }
    if (body.length !== 56) throw new VaultError('malformedStanza', { reason: `body of ${body.length} bytes` });
    return { folderID, epoch: Number(args[1]), body };
}

/**
 * Steps 5–6: the 16-byte file key of node `nodeID`. `keyFor(folderID, epoch)` gives the 32-byte folder key the
 * reader holds for that folder and epoch, or null.
 */
export async function unwrapFolderKeyStanza(stanza, nodeID, keyFor) {
    const folderKey = await keyFor(stanza.folderID, stanza.epoch);
    if (!folderKey) throw new VaultError('epochKeyUnavailable', { epoch: stanza.epoch });
    const wrapKey = await hkdfSha256(folderKey, new Uint8Array(0), utf8('coffer/v1/vault/file-key-wrap'), 32);
    const aad = concat(utf8(FOLDER_KEY_STANZA), Uint8Array.of(0), stanza.folderID, be32(stanza.epoch), nodeID);
    const fileKey = await xchachaOpen(wrapKey, stanza.body.subarray(0, 24), stanza.body.subarray(24), aad);
    wrapKey.fill(0);
    if (fileKey === null) throw new VaultError('keyUnwrapFailed', { what: 'file key' });
    return fileKey;
}
