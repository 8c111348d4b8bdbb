// SPDX-License-Identifier: MIT
// The opener's Service Worker: answers GET …/download/ID with a stream the page feeds (save.js), as an
// attachment, so the browser writes the decrypted file to disk as it arrives. It touches no other request.
// The page sends it batches through a MessagePort, one transferred batch each time the stream has room.
const streams = new Map();

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('message', (event) => {
    const { type, id, name, size, queued, port } = event.data ?? {};
    if (type === 'download' && typeof id === 'string' && port instanceof MessagePort) {
        streams.set(id, { name, size, stream: fromPage(port, queued), port });
        port.postMessage('held');
    }
    // { type: 'keep-alive' } needs no answer: receiving it is what keeps this worker running during a save.
});

/**
 * The download's stream, fed by the page through `port` (save.js): it keeps `queued` batches asked for or waiting
 * here — one "more" for each batch it has room for, counting those asked for and not yet received — so the page
 * sends the next batches while earlier ones are still on their way (one "more" at a time cost a round trip between
 * the page and the worker per batch: in Firefox a third of a save's time). At most `queued` batches are ever here
 * or in flight. "end" closes the stream (confirmed with "ended": a worker the browser ended meanwhile cannot
 * confirm), "abort" errors it (the browser then marks the download failed). A cancelled download is told to the
 * page.
 */
function fromPage(port, queued) {
    const limit = Number.isSafeInteger(queued) && queued > 0 ? queued : 4;
    let asked = 0; // batches asked for and not yet received
    let open = true;
    const ask = (controller) => {
        for (; open && asked < (controller.desiredSize ?? 0); asked++) port.postMessage('more');
    };
    return new ReadableStream({
        start(controller) {
            port.onmessage = (event) => {
                const { type, bytes } = event.data ?? {};
                if (type === 'batch' && bytes instanceof Uint8Array && open) {
                    asked = Math.max(0, asked - 1);
                    controller.enqueue(bytes);
                    ask(controller);
                } else if (type === 'end' && open) {
                    open = false;
                    controller.close();
                    port.postMessage('ended');
                } else if (type === 'abort' && open) {
                    open = false;
                    controller.error(new Error('the page stopped the download'));
                }
            };
        },
        pull(controller) { ask(controller); },
        cancel() {
            open = false;
            port.postMessage('cancelled');
        },
    }, new CountQueuingStrategy({ highWaterMark: limit }));
}

self.addEventListener('fetch', (event) => {
    const url = new URL(event.request.url);
    const match = url.pathname.match(/\/download\/([0-9a-f-]{36})$/);
    if (url.origin !== self.location.origin || !match) return;
    const entry = streams.get(match[1]);
    if (!entry) {
        event.respondWith(new Response('no such download', { status: 404 }));
        return;
    }
    streams.delete(match[1]);
    const safeName = String(entry.name).replace(/[^A-Za-z0-9._-]/g, '_');
    const headers = {
        'Content-Type': 'application/octet-stream',
        'Content-Disposition': `attachment; filename="${safeName}"`,
        'X-Content-Type-Options': 'nosniff',
    };
    if (Number.isSafeInteger(entry.size)) headers['Content-Length'] = String(entry.size);
    event.respondWith(new Response(entry.stream, { headers }));
});
