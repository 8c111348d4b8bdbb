// SPDX-License-Identifier: MIT
// Typed errors with the same names as the Swift `LinkError` and `AgeError` cases (Spec/links.md §10,
// Spec/content-format.md), so the vector runner compares names and the page turns names into words (messages.js).

export class LinkError extends Error {
    constructor(name, detail = {}) {
        super(name);
        this.layer = 'link';
        this.name = 'LinkError';
        this.code = name;
        this.detail = detail;
    }
}

const AGE_OUTCOMES = {
    unsupportedVersion: 'header failure', malformedHeader: 'header failure', headerTooLarge: 'header failure',
    invalidStanza: 'header failure', lowOrderShare: 'header failure', workFactorTooLarge: 'header failure',
    scryptNotAlone: 'header failure', missingNonce: 'header failure', noIdentityMatched: 'no match',
    headerMACMismatch: 'HMAC failure', truncated: 'payload failure', trailingData: 'payload failure',
    emptyFinalChunk: 'payload failure', chunkAuthenticationFailed: 'payload failure', invalidArmor: 'armor failure',
};

export class AgeError extends Error {
    constructor(name, detail = {}) {
        super(name);
        if (!(name in AGE_OUTCOMES)) throw new Error(`unknown AgeError ${name}`);
        this.layer = 'age';
        this.name = 'AgeError';
        this.code = name;
        this.detail = detail;
    }

    /** The C2SP CCTV outcome class of this error. */
    get outcome() { return AGE_OUTCOMES[this.code]; }
}

/**
 * The Swift `VaultError` cases met reading a folder link (Spec/vault.md §14); `VaultError.account(KeysError)` is
 * named after its inner case, with `detail.wrapped = 'account'`.
 */
export class VaultError extends Error {
    constructor(name, detail = {}) {
        super(name);
        this.layer = 'vault';
        this.name = 'VaultError';
        this.code = name;
        this.detail = detail;
    }
}

/** The storage answered something other than the file (not found, gone, unreachable). */
export class StorageError extends Error {
    constructor(name, detail = {}) {
        super(name);
        this.layer = 'storage';
        this.name = 'StorageError';
        this.code = name;
        this.detail = detail;
    }
}

/** The browser stopped taking the decrypted file (Spec/opener.md §4): the save cannot finish. */
export class SaveError extends Error {
    constructor(name, detail = {}) {
        super(name);
        this.layer = 'save';
        this.name = 'SaveError';
        this.code = name;
        this.detail = detail;
    }
}
