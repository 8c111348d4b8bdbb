// SPDX-License-Identifier: MIT
// The opener page (Spec/opener.md): BASE/l/<lookupID>#<fragment>. Parses the link from the address (the fragment
// never leaves this page), fetches the age file by lookup id from the storage named in index.html, checks the
// link record, asks for a password when the record has one, and decrypts chunk by chunk into a streaming save.
import { ready } from './crypto.js';
import { ShareLink } from './link-text.js';
import { checkPolicy, checkRecord, findEnvelope, unwrapFileKey } from './link-record.js';
import { readAge, SEALED_CHUNK } from './age-reader.js';
import { linkURL, openStorage } from './fetcher.js';
import { openSink, serviceWorkerRegistration } from './save.js';
import { sweepSaves } from './opfs-save.js';
import { describe } from './messages.js';
import { LinkError, StorageError } from './errors.js';
import { readerKey } from './request-signer.js';
import { vaultRecords } from './vault-records.js';
import { fetchFolderLink, needsPassword, openFolderLink } from './folder-link.js';
import { openLinkedFolder } from './folder-reader.js';
import { FILE } from './node-record.js';
import * as timings from './timings.js';

const $ = (id) => document.getElementById(id);
/** A record space's name (Spec/server-openapi.yaml `RecordID`); the placeholder or empty: no folder links. */
const VAULT = /^[a-z0-9][a-z0-9._-]{0,127}$/;
const now = () => BigInt(Math.floor(Date.now() / 1000));
/** How often the progress line changes during a save (bytes). */
const PROGRESS_STEP = 1 << 20;

function show(state, title, text = '') {
    document.body.dataset.state = state;
    $('title').textContent = title;
    $('text').textContent = text;
}

function showError(error) {
    const { code, title, text } = describe(error);
    document.body.dataset.error = code;
    show('error', title, text);
    $('password-form').hidden = true;
    $('save').hidden = true;
}

function formatSize(bytes) {
    if (bytes === null) return 'unknown size';
    const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
    }
    return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

/** Resolves with the password the person types; `message` says why it is asked (again). */
function askPassword(message) {
    show('password', 'This link needs a password', message);
    const form = $('password-form');
    form.hidden = false;
    $('password').value = '';
    $('password').focus();
    return new Promise((resolve) => {
        form.onsubmit = (event) => {
            event.preventDefault();
            form.hidden = true;
            show('working', 'Checking the password…', 'This takes a few seconds on purpose.');
            resolve($('password').value);
        };
    });
}

/** Steps 1–9 of Spec/links.md §6, asking for the password (again after a wrong one) when the record has one. */
async function unlock(stanzas, link) {
    const envelope = findEnvelope(stanzas, link);
    await checkRecord(envelope, link, { kind: 'file', password: envelope.kdf ? '' : null, now: now() });
    if (envelope.kdf === null) return unwrapFileKey(stanzas, link, { now: now() });
    checkPolicy(envelope.kdf);
    return withPassword((password) => unwrapFileKey(stanzas, link, { password, now: now() }));
}

/** Asks for the password until `attempt(password)` stops failing with `wrongPassword`. */
async function withPassword(attempt) {
    let message = 'Type the password the sender gave you.';
    for (;;) {
        const password = await askPassword(message);
        try {
            return await attempt(password);
        } catch (error) {
            if (!(error instanceof LinkError) || error.code !== 'wrongPassword') throw error;
            const { title, text } = describe(error);
            document.body.dataset.error = 'wrongPassword';
            message = `${title}. ${text}`;
        }
    }
}

/** Saves one file of the folder through the streaming save (§4), each chunk only after it authenticated. */
async function saveEntry(folder, entry, registration) {
    let sink = null;
    let written = 0;
    try {
        sink = await openSink(registration, entry.name, Number(entry.size));
        show('saving', 'Saving…', `Saving ${entry.name} through ${sink.kind}.`);
        document.body.dataset.sink = sink.kind;
        await folder.read(entry, async (chunk) => {
            written += chunk.length; // before the await: the view is reused after it
            await sink.write(chunk);
            $('progress').textContent = `${formatSize(written)} decrypted and verified`;
        });
        await sink.close();
        show('done', 'Saved', `${entry.name}: ${formatSize(written)} saved; every piece was checked before it was `
            + 'written. Save another file from the list below.');
        document.body.dataset.bytes = String(written);
        document.body.dataset.saved = entry.name;
    } catch (error) {
        await sink?.abort(error);
        showError(error);
    }
}

/** Opens a subfolder (or goes back up to `folder`), then shows it; never above the linked folder. */
async function openSubfolder(next, registration) {
    try {
        show('working', 'Opening the folder…', 'Checking every record of the folder against the link.');
        showFolder(await next(), registration);
    } catch (error) {
        $('folder').replaceChildren(); // nothing of a folder that failed its checks stays listed
        $('folder').hidden = true;
        $('folder-nav').hidden = true;
        showError(error);
    }
}

/**
 * The folder's checked entries (names, sizes), each file with its own Save button and each subfolder with an Open
 * button; below the linked folder, an Up button back to the folder above (never above the linked one).
 */
function showFolder(folder, registration) {
    const files = folder.entries.filter((entry) => entry.kind === FILE).length;
    show('folder', 'Shared folder', `The link is authentic: ${folder.entries.length} items, ${files} files. Each `
        + 'file is decrypted and checked piece by piece as it downloads.');
    document.body.dataset.error = '';
    document.body.dataset.path = folder.path;
    $('folder-path').textContent = folder.path;
    $('folder-up').hidden = folder.up === null;
    $('folder-up').onclick = () => openSubfolder(async () => folder.up, registration);
    $('folder-nav').hidden = false;
    const list = $('folder');
    list.replaceChildren();
    for (const entry of folder.entries) {
        const item = document.createElement('li');
        const label = document.createElement('span');
        label.textContent = entry.kind === FILE ? `${entry.name} — ${formatSize(Number(entry.size))}`
            : `${entry.name}/ — a folder`;
        item.append(label);
        const button = document.createElement('button');
        button.type = 'button';
        if (entry.kind === FILE) {
            button.textContent = 'Save';
            button.dataset.name = entry.name;
            button.onclick = () => saveEntry(folder, entry, registration);
        } else {
            button.textContent = 'Open';
            button.dataset.folder = entry.name;
            button.onclick = () => openSubfolder(() => folder.open(entry), registration);
        }
        item.append(' ', button);
        list.append(item);
    }
    list.hidden = false;
}

/**
 * A folder link (Spec/opener.md §8): the vault record `link-<hex(lookupID)>` in the deployment's record space,
 * read with signed requests; links.md §8.1 steps 1–5 (record, commitment, version, the owner's bundle, the
 * folder as vault.md §8 reads it).
 */
async function openFolder(storage, vault, link, registration) {
    show('working', 'Opening the folder link…', 'Checking what the storage serves against the link.');
    const records = vaultRecords(storage, vault, await readerKey(link));
    const stored = await fetchFolderLink(records, link);
    const opened = (await needsPassword(stored, link, now()))
        ? await withPassword((password) => openFolderLink(records, stored, link, { password, now: now() }))
        : await openFolderLink(records, stored, link, { now: now() });
    show('working', 'Reading the folder…', 'Checking every record of the folder against the link.');
    showFolder(await openLinkedFolder(records, opened), registration);
}

async function main() {
    const storage = document.querySelector('meta[name="coffer-storage"]').content;
    const vault = document.querySelector('meta[name="coffer-vault"]')?.content ?? '';
    let link;
    try {
        if (!crypto.subtle || !('WebAssembly' in window)) {
            throw Object.assign(new Error('WebCrypto or WebAssembly'), { code: 'unsupportedBrowser' });
        }
        await ready();
        link = await ShareLink.parse(location.href);
    } catch (error) {
        showError(error);
        return;
    }
    show('working', 'Opening the link…', 'Checking what the storage serves against the link.');
    const registration = await serviceWorkerRegistration();
    await sweepSaves();
    let source;
    let sink = null;
    let written = 0;
    let saveStarted = 0;
    try {
        try {
            source = await openStorage(linkURL(storage, link.lookupIDText));
        } catch (error) {
            // Not a file link: a folder link, when this deployment names a record space (opener.md §8).
            if (!(error instanceof StorageError) || error.code !== 'notFound' || !VAULT.test(vault)) throw error;
            await openFolder(storage, vault, link, registration);
            return;
        }
        await readAge(source, {
            unwrap: (stanzas) => unlock(stanzas, link),
            beforePayload: async ({ headerLength }) => {
                const payload = source.size === null ? null : source.size - headerLength - 16;
                const size = payload === null ? null : payload - 16 * Math.max(1, Math.ceil(payload / SEALED_CHUNK));
                show('ready', 'Ready to save', `The link is authentic. The file is ${formatSize(size)}; it is `
                    + 'decrypted and checked piece by piece as it downloads.');
                document.body.dataset.error = '';
                const button = $('save');
                button.hidden = false;
                await new Promise((resolve, reject) => {
                    button.onclick = () => {
                        button.hidden = true;
                        openSink(registration, `coffer-${link.lookupIDText.slice(0, 8)}`, size)
                            .then((opened) => { sink = opened; resolve(); }, reject);
                    };
                });
                show('saving', 'Saving…', `Saving through ${sink.kind}.`);
                document.body.dataset.sink = sink.kind;
                timings.begin();
                saveStarted = timings.start();
            },
            onChunk: async (chunk) => {
                written += chunk.length; // before the await: the view is reused after it
                let started = timings.start();
                await sink.write(chunk);
                timings.add('write', started);
                // Once per MiB, not per 64 KiB chunk: each new text is a layout for the page's thread.
                if (written % PROGRESS_STEP < chunk.length || chunk.length < SEALED_CHUNK - 16) {
                    started = timings.start();
                    $('progress').textContent = `${formatSize(written)} decrypted and verified`;
                    timings.add('progress', started);
                }
            },
        });
        let started = timings.start();
        await sink.close();
        timings.add('close', started);
        timings.add('total', saveStarted);
        timings.publish();
        show('done', 'Saved', `${formatSize(written)} saved; every piece was checked before it was written.`);
        document.body.dataset.bytes = String(written);
        document.body.dataset.reader = source.reader ?? '';
    } catch (error) {
        source?.cancel();
        await sink?.abort(error);
        showError(error);
    }
}

main();
