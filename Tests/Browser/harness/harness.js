// SPDX-License-Identifier: MIT
// Runs the vector cases the test server hands out (/test/vectors.json) through the opener's own modules and posts
// one result per case to /test/results. Loaded by Tests/Browser/run.py in Chromium and in Firefox.
import { concat, encodeBase64, fromHex, hex, equalBytes } from '/l/js/bytes.js';
import { argon2id, ready, sha256, SOURCES } from '/l/js/crypto.js';
import { ShareLink, checksum, derive } from '/l/js/link-text.js';
import { openFolderEnvelope, unwrapFileKey } from '/l/js/link-record.js';
import { bytesSource, readAge, unwrapWith } from '/l/js/age-reader.js';
import { dearmor } from '/l/js/age-armor.js';
import { scryptIdentity, x25519Identity } from '/l/js/age-identities.js';
import { parseFolderKeyStanza, unwrapFolderKeyStanza } from '/l/js/folder-key-stanza.js';
import { checkKeyringPlacement, parseKeyring, unwrapFromLatest, unwrapWithParent, verifyKeyring }
    from '/l/js/folder-keyring.js';
import { checkMark, parseSigned, verifySigned, writersOf } from '/l/js/vault-record.js';
import { readMemberList } from '/l/js/member-list.js';
import { nameTag, readListing } from '/l/js/folder-listing.js';
import { checkNodePinned, checkNodePlacement, openNodeMetadata, parseNodeRecord, verifyNode }
    from '/l/js/node-record.js';
import { accountID } from '/l/js/identity-bundle.js';
import { readerKey } from '/l/js/request-signer.js';

const code = (error) => error.code ?? `uncaught ${error}`;

async function expectError(testCase, body) {
    try {
        await body();
    } catch (error) {
        const got = code(error);
        return { passed: got === testCase.expect, detail: `got ${got}, expected ${testCase.expect}` };
    }
    return { passed: false, detail: `succeeded, expected ${testCase.expect}` };
}

async function openFile(testCase) {
    const link = await ShareLink.parse(testCase.link);
    const parts = [];
    await readAge(bytesSource(fromHex(testCase.file), 997), {
        unwrap: (stanzas) => unwrapFileKey(stanzas, link, { password: testCase.password ?? null, now: testCase.now }),
        onChunk: (chunk) => parts.push(chunk.slice()),
    });
    return concat(...parts);
}

const runners = {
    async 'coffer-links-share-link'(t) {
        if (t.result !== 'valid') return expectError(t, () => ShareLink.parse(t.link));
        const link = await ShareLink.parse(t.link);
        const secret = fromHex(t.secret);
        const checks = {
            secret: equalBytes(link.secret, secret), baseUrl: link.baseURL === t.baseUrl,
            lookupId: hex(link.lookupID) === t.lookupId, checksum: hex(await checksum(secret)) === t.checksum,
            wrapKey: hex(await derive(secret, 'wrap-key', 32)) === t.wrapKey,
            signingPublicKey: hex(await link.verifyingKey()) === t.signingPublicKey,
            // opener.md §8: the key a folder link's record reads are signed with, against Swift's LinkSecret.
            folderReaderPublicKey: hex((await readerKey(link)).publicKey) === t.folderReaderPublicKey,
            reencoded: link.baseURL + link.lookupIDText + '#1'
                + encodeBase64(concat(secret, await checksum(secret)), true) === t.link,
        };
        const failed = Object.keys(checks).filter((k) => !checks[k]);
        return { passed: failed.length === 0, detail: failed.length ? `differs: ${failed}` : 'valid' };
    },
    async 'coffer-links-file-link'(t) {
        if (t.result !== 'valid') return expectError(t, () => openFile(t));
        const plaintext = await openFile(t);
        return { passed: hex(plaintext) === t.plaintext, detail: `${plaintext.length} bytes` };
    },
    async 'coffer-links-folder-link'(t) {
        const open = async () => openFolderEnvelope(fromHex(t.envelope), await ShareLink.parse(t.link),
            fromHex(t.folderId), { password: t.password ?? null, now: t.now });
        if (t.result !== 'valid') return expectError(t, open);
        const got = await open();
        const passed = hex(got.folderKey) === t.folderKey && (t.owner === undefined || hex(got.owner) === t.owner)
            && (t.epoch === undefined || got.epoch === t.epoch);
        return { passed, detail: `version ${got.version}` };
    },
    async 'coffer-vault-folder-key-stanza'(t) {
        // The reader holds the vector's folder key for whatever folder and epoch the stanza names (vault.md §3).
        const open = async () => unwrapFolderKeyStanza(parseFolderKeyStanza(t.arguments, fromHex(t.body)),
            fromHex(t.nodeId), async () => fromHex(t.folderKey));
        if (t.result !== 'valid') return expectError(t, open);
        const fileKey = await open();
        return { passed: hex(fileKey) === t.fileKey, detail: `epoch ${t.arguments[1]}` };
    },
    async 'coffer-vault-folder-keyring'(t) {
        // vault.md §8.1 step 2 in the runner's order: layout, placement, signer and signature (the vector's writer
        // is the only one), the device's mark, then the unwrap from the parent's keys or from a share's epoch key.
        const open = async () => {
            const keyring = parseKeyring(fromHex(t.record));
            checkKeyringPlacement(keyring, {
                treeOwner: fromHex(t.treeOwner), folder: fromHex(t.folderId), parent: fromHex(t.parentId),
            });
            const signing = fromHex(t.writerSigningKey);
            await verifyKeyring(keyring, writersOf([[hex(await accountID(signing)), signing]]));
            checkMark(keyring.latestEpoch, t.highWaterMark, 'folder keyring');
            if (t.startKey !== undefined) return unwrapFromLatest(keyring, fromHex(t.startKey), t.startEpoch);
            const parentKeys = Object.entries(t.parentKeys ?? {}).map(([epoch, key]) => [Number(epoch), fromHex(key)]);
            return unwrapWithParent(keyring, new Map(parentKeys));
        };
        if (t.result !== 'valid') return expectError(t, open);
        const keys = await open();
        const got = Object.fromEntries([...keys].map(([epoch, key]) => [String(epoch), hex(key)]));
        const expected = t.folderKeys;
        const passed = Object.keys(got).length === Object.keys(expected).length
            && Object.keys(expected).every((epoch) => got[epoch] === expected[epoch]);
        return { passed, detail: `epochs ${Object.keys(got)}` };
    },
    async 'coffer-vault-node-record'(t) {
        // vault.md §8.3 in the runner's order: layout, placement, the listing's pinned hash, signer and signature
        // (the vector's writer only), the metadata under the parent's key of the record's epoch.
        const writer = async () => {
            const signing = fromHex(t.writerSigningKey);
            return writersOf([[hex(await accountID(signing)), signing]]);
        };
        const open = async () => {
            const node = parseNodeRecord(fromHex(t.record));
            checkNodePlacement(node, {
                treeOwner: fromHex(t.treeOwner), id: fromHex(t.nodeId), parent: fromHex(t.parentId),
            });
            await checkNodePinned(node, fromHex(t.listedHash));
            await verifyNode(node, await writer());
            const parentKeys = Object.entries(t.parentKeys).map(([epoch, key]) => [Number(epoch), fromHex(key)]);
            return { node, metadata: await openNodeMetadata(node, new Map(parentKeys)) };
        };
        if (t.result !== 'valid') return expectError(t, open);
        const { node, metadata } = await open();
        const got = {
            name: metadata.name, size: Number(metadata.size), modified: Number(metadata.modified),
            contentType: metadata.contentType, kind: node.kind, version: Number(node.version),
            commitment: hex(node.commitment), trashed: Number(metadata.trashed),
            previous: metadata.previous.map((p) => `${p.version}:${hex(p.recordHash)}`).join(','),
        };
        const expected = { ...t, trashed: t.trashed ?? 0, previous: (t.previous ?? []).join(',') };
        const differs = Object.keys(got).filter((key) => got[key] !== expected[key]);
        return { passed: differs.length === 0, detail: differs.length ? `differs: ${differs}` : metadata.name };
    },
    async 'coffer-vault-listing'(t) {
        // vault.md §8.2: the head (layout, placement, the vector's writer, signature, the device's mark), then
        // each pinned chunk fetched by name from the records the vector serves; then each entry's name tag.
        const open = async () => {
            const signing = fromHex(t.writerSigningKey);
            return readListing(fromHex(t.record), {
                treeOwner: fromHex(t.treeOwner), folder: fromHex(t.folderId),
                writers: writersOf([[hex(await accountID(signing)), signing]]), seen: BigInt(t.highWaterMark),
                read: async (id) => {
                    const served = t.chunks.find((chunk) => chunk.id === id);
                    return served ? fromHex(served.record) : null;
                },
            });
        };
        if (t.result !== 'valid') return expectError(t, open);
        const listing = await open();
        const listed = listing.entries.map((e) =>
            `${hex(e.id)} ${e.kind} ${hex(e.recordHash)} ${e.nameTag ? hex(e.nameTag) : ''}`);
        const tags = await Promise.all((t.names ?? []).map((name) => nameTag(name, fromHex(t.folderKey))));
        const tagsMatch = tags.every((tag, i) => hex(tag) === hex(listing.entries[i].nameTag));
        const passed = Number(listing.version) === t.version && JSON.stringify(listed) === JSON.stringify(t.entries)
            && tagsMatch;
        return { passed, detail: `version ${listing.version}, ${listed.length} children, tags ${tagsMatch}` };
    },
    async 'coffer-vault-manifest'(t) {
        // vault.md §6.3 through the same reader as heads (§8.2): a `CFVL` record is a single-record listing.
        const open = async () => {
            const signing = fromHex(t.writerSigningKey);
            return readListing(fromHex(t.record), {
                treeOwner: fromHex(t.treeOwner), folder: fromHex(t.folderId),
                writers: writersOf([[hex(await accountID(signing)), signing]]), seen: BigInt(t.highWaterMark),
                read: async () => null,
            });
        };
        if (t.result !== 'valid') return expectError(t, open);
        const listing = await open();
        const listed = listing.entries.map((e) => `${hex(e.id)} ${e.kind} ${hex(e.recordHash)}`);
        const passed = Number(listing.version) === t.version && JSON.stringify(listed) === JSON.stringify(t.entries);
        return { passed, detail: `version ${listing.version}, ${listed.length} children` };
    },
    async 'coffer-vault-member-list'(t) {
        // vault.md §8.1 step 1: the list as its owner signed it, the device's mark, then (Role group) a listing
        // head or node record checked against the writers the list gives: the owner and the list's writers.
        const owner = async () => {
            const ed25519 = fromHex(t.ownerSigningKey);
            return { accountID: await accountID(ed25519), ed25519 };
        };
        const open = async () => {
            const signer = await owner();
            const list = await readMemberList(fromHex(t.record), {
                treeOwner: fromHex(t.treeOwner), folder: fromHex(t.folderId), owner: signer,
            });
            checkMark(list.version, BigInt(t.highWaterMark), 'member list');
            if (t.written !== undefined) {
                const writers = writersOf([[hex(signer.accountID), signer.ed25519], ...list.writers], list.readers);
                const [magic, label] = t.writtenKind === 'listing head'
                    ? ['CFVH', 'coffer/v1/vault/listing-head'] : ['CFVN', 'coffer/v1/vault/node-record'];
                await verifySigned(parseSigned(fromHex(t.written), { kind: t.writtenKind, magic }), label, writers);
            }
            return list;
        };
        if (t.result !== 'valid') return expectError(t, open);
        const list = await open();
        const roles = Object.fromEntries([...list.writers.map(([id]) => [id, 'writer']),
            ...list.readers.map((id) => [id, 'reader'])]);
        const expected = t.roles;
        const passed = Object.keys(roles).length === Object.keys(expected).length
            && Object.keys(expected).every((id) => roles[id] === expected[id]);
        return { passed, detail: JSON.stringify(roles) };
    },
    async 'coffer-argon2-backends'(t) {
        const tag = await argon2id(fromHex(t.password), fromHex(t.salt), t.iterations, t.memoryKiB, t.parallelism,
            t.outputLength);
        return { passed: hex(tag) === t.tag, detail: `p=${t.parallelism}` };
    },
    async 'cctv-age'(t) {
        const identities = t.identities.map(x25519Identity).concat(t.passphrases.map((p) => scryptIdentity(p)));
        const released = [];
        let outcome = 'success';
        let detail = '';
        try {
            let file = Uint8Array.from(atob(t.file), (c) => c.charCodeAt(0));
            if (t.armored) file = dearmor(file);
            await readAge(bytesSource(file, 4099), {
                unwrap: (stanzas) => unwrapWith(identities, stanzas), onChunk: (chunk) => released.push(chunk.slice()),
            });
        } catch (error) {
            outcome = error.outcome ?? `uncaught ${error}`;
            detail = ` (${code(error)})`;
        }
        const allowed = t.allowed ?? [t.expect];
        if (!allowed.includes(outcome)) {
            return { passed: false, detail: `got ${outcome}${detail}, expected ${allowed}` };
        }
        if (t.payload && hex(await sha256(concat(...released))) !== t.payload) {
            return { passed: false, detail: `released bytes differ from the payload hash (${outcome}${detail})` };
        }
        return { passed: true, detail: outcome + detail };
    },
};

async function main() {
    const out = document.getElementById('out');
    const results = [];
    try {
        await ready();
        const suites = await (await fetch('/test/vectors.json')).json();
        for (const suite of suites) {
            for (const testCase of suite.tests) {
                let result;
                try {
                    result = await runners[suite.algorithm](testCase);
                } catch (error) {
                    result = { passed: false, detail: `threw ${code(error)}: ${error.stack ?? error}` };
                }
                results.push({ suite: suite.name, id: testCase.tcId ?? testCase.name, ...result });
            }
        }
    } catch (error) {
        results.push({ suite: 'harness', id: 'setup', passed: false, detail: String(error.stack ?? error) });
    }
    const failed = results.filter((r) => !r.passed).length;
    out.textContent = `${results.length - failed} passed, ${failed} failed`;
    await fetch('/test/results', {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ userAgent: navigator.userAgent, sources: SOURCES, results }),
    });
}

main();
