// SPDX-License-Identifier: MIT
// What a person reads for each error name (the library-side names are those of the Swift LinkError / AgeError
// cases, and the storage answers of Spec/opener.md §2). Words live here only.

const TAMPERED = {
    title: 'This file was altered or damaged',
    text: 'The storage served data that does not match what the link’s creator made. Nothing that failed its '
        + 'check was saved; a download that had started was stopped and is incomplete. Ask the sender to share '
        + 'the file again.',
};

const MESSAGES = {
    missingSecret: {
        title: 'This link is incomplete',
        text: 'The part after “#” is missing: the link was probably cut when it was copied. '
            + 'Copy the whole link again, including everything after “#”.',
    },
    checksumMismatch: {
        title: 'This link was cut or mistyped',
        text: 'Its checksum does not match, so a character is missing, added or changed. Nothing was downloaded. '
            + 'Copy the whole link again from the message you received.',
    },
    unsupportedLinkVersion: {
        title: 'This link needs a newer opener',
        text: 'It was made by a newer version of Coffer than this page understands.',
    },
    lookupIDMismatch: {
        title: 'This link was edited or mixed up',
        text: 'Its two halves belong to different links. Copy the whole link again.',
    },
    notFound: {
        title: 'This link was revoked or does not exist',
        text: 'The storage has no file for it. The sender may have revoked it; ask them for a new link.',
    },
    noLinkStanza: {
        title: 'This link was revoked or does not exist',
        text: 'The file the storage served has no entry for this link: it was revoked, or this is another file.',
    },
    gone: {
        title: 'This link is no longer available',
        text: 'The storage says it expired or reached its download limit. Ask the sender for a new link.',
    },
    linkExpired: {
        title: 'This link has expired',
        text: 'Its creator set it to stop working on {expiry}. Ask the sender for a new link.',
    },
    wrongPassword: { title: 'Wrong password', text: 'That password does not open this link. Try again.' },
    passwordRequired: { title: 'This link needs a password', text: 'Ask the sender for it if you do not have it.' },
    passwordNotExpected: { title: 'This link has no password', text: 'Open it without one.' },
    kdfParameterBelowFloor: {
        title: 'This link asks for unsafe password settings',
        text: 'Its password hashing is weaker than this page allows ({parameter} {value}, at least {minimum}), so '
            + 'the password was not used. Ask the sender to make a new link.',
    },
    kdfParameterAboveCap: {
        title: 'This link asks for too much work',
        text: 'Its password hashing needs more than this page allows ({parameter} {value}, at most {maximum}).',
    },
    kdfFailed: {
        title: 'The password could not be checked',
        text: 'This device ran out of memory while hashing the password ({reason}). Try another browser or device.',
    },
    fileKeyUnwrapFailed: {
        title: 'This link was made wrongly',
        text: 'It is authentic, but its key does not open the file. Ask the sender to make a new link.',
    },
    unavailable: {
        title: 'The storage could not be reached',
        text: 'The download failed ({reason}). Check your connection and reload the page to try again.',
    },
    saveStalled: {
        title: 'The browser stopped saving the file',
        text: 'It took none of the decrypted file for {seconds} seconds. What it saved is incomplete, even if it '
            + 'looks finished: delete it, then reload this page to try again.',
    },
    saveFailed: {
        title: 'The browser could not store the decrypted file',
        text: 'It refused to write it ({reason}). Nothing was saved. Free some disk space, then reload this page '
            + 'to try again.',
    },
    cancelled: {
        title: 'Saving was cancelled',
        text: 'Nothing was saved. Reload the page to try again.',
    },
    childMissing: {
        title: 'Part of this folder is missing',
        text: 'The storage did not serve a record the folder’s signed listing names: it may be withholding it. '
            + 'Nothing that failed its check was shown or saved. Ask the sender to check the folder.',
    },
    unsupportedBrowser: {
        title: 'This browser cannot open Coffer links',
        text: 'It lacks a feature this page needs ({reason}). Use a current Firefox or Chromium.',
    },
};

/** `{ title, text }` for an error thrown by the opener's modules. */
export function describe(error) {
    if (error.name === 'AbortError' && !error.code) return { code: 'cancelled', ...MESSAGES.cancelled };
    const entry = MESSAGES[error.code] ?? (error.layer ? TAMPERED : {
        title: 'Something went wrong', text: 'The page hit an unexpected error: {reason}.',
    });
    const detail = { reason: error.message, ...(error.detail ?? {}) };
    if (detail.expiry !== undefined) detail.expiry = new Date(Number(detail.expiry) * 1000).toUTCString();
    const text = entry.text.replace(/\{(\w+)\}/g, (_, key) => String(detail[key] ?? ''));
    return { code: error.code ?? 'unexpected', title: entry.title, text };
}
