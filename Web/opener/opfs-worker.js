// SPDX-License-Identifier: MIT
// The opener's save worker (Spec/opener.md §4): writes the authenticated plaintext batches the page transfers to
// it, in order, into one file of the origin-private file system through a FileSystemSyncAccessHandle (synchronous
// writes, which browsers allow only in a dedicated worker). It decrypts nothing and reads nothing but the page's
// messages: "open" (folder and file name), "batch" (its first `length` bytes; answered "written" once they are in the
// file, with the batch's buffer transferred back for the page to fill again, so no batch is left for the garbage
// collector), "close" (flushed, then "closed"), "abort" ("closed" without a flush); any failure is answered
// "failed" with its name.
let access = null;
let at = 0;

function closeAccess() {
    try {
        access?.close();
    } catch {
        // already closed: the page removes the file in any case
    }
    access = null;
}

self.onmessage = async (event) => {
    const { type, folder, id, bytes } = event.data ?? {};
    try {
        if (type === 'open') {
            const root = await navigator.storage.getDirectory();
            const directory = await root.getDirectoryHandle(folder, { create: true });
            const file = await directory.getFileHandle(id, { create: true });
            access = await file.createSyncAccessHandle();
            access.truncate(0);
            at = 0;
            self.postMessage({ type: 'opened' });
        } else if (type === 'batch') {
            const { length } = event.data;
            for (let done = 0; done < length;) {
                const count = access.write(bytes.subarray(done, length), { at: at + done });
                if (count <= 0) throw new DOMException('the file took no bytes', 'QuotaExceededError');
                done += count;
            }
            at += length;
            self.postMessage({ type: 'written', bytes }, [bytes.buffer]); // back to the page, to be filled again
        } else if (type === 'close') {
            access.flush();
            closeAccess();
            self.postMessage({ type: 'closed', size: at });
        } else if (type === 'abort') {
            closeAccess();
            self.postMessage({ type: 'closed' });
        }
    } catch (error) {
        closeAccess();
        self.postMessage({ type: 'failed', reason: String(error?.name || error) });
    }
};
