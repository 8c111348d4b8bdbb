// SPDX-License-Identifier: MIT
// The opener's Service Worker: answers GET …/download/ID with the stream the page handed it (save.js), as an
// attachment, so the browser writes the decrypted file to disk as it arrives. It touches no other request.
const streams = new Map();

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('message', (event) => {
    const { type, id, name, size, stream, port } = event.data ?? {};
    if (type === 'download' && typeof id === 'string' && stream instanceof ReadableStream) {
        streams.set(id, { name, size, stream, port });
        port?.postMessage('held');
    }
    // { type: 'keep-alive' } needs no answer: receiving it is what keeps this worker running during a save.
});

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
    // The page hears of each MiB the browser takes (it pulls through this transform), so it can tell a save that
    // stopped (save.js).
    let taken = 0;
    let reported = 0;
    const counted = entry.stream.pipeThrough(new TransformStream({
        transform(chunk, controller) {
            controller.enqueue(chunk);
            taken += chunk.length;
            if (taken - reported >= 1 << 20) {
                reported = taken;
                entry.port?.postMessage({ taken });
            }
        },
    }));
    event.respondWith(new Response(counted, { headers }));
});
