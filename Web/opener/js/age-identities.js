// SPDX-License-Identifier: MIT
// age's own identities (Spec/content-format.md §4): X25519 (AGE-SECRET-KEY-1…) and scrypt passphrases. The opener
// needs neither for links; the browser test runs the C2SP CCTV age suite through the same reader with them.
// Each returns the file key, null ("not mine"), or throws a header failure for a malformed stanza of its type.
import { concat, decodeBase64, utf8 } from './bytes.js';
import { decodeBech32 } from './bech32.js';
import { chachaOpen, hkdfSha256, scrypt, x25519, x25519PublicKey } from './crypto.js';
import { AgeError } from './errors.js';

const invalid = (type, reason) => new AgeError('invalidStanza', { type, reason });

export function x25519Identity(text) {
    const secret = decodeBech32(text, 'age-secret-key-');
    if (secret === null || secret.length !== 32) throw new Error('not an AGE-SECRET-KEY-1 identity');
    return async (stanzas) => {
        const recipient = await x25519PublicKey(secret);
        for (const stanza of stanzas.filter((s) => s.type === 'X25519')) {
            if (stanza.args.length !== 1) throw invalid('X25519', 'arguments');
            const share = decodeBase64(stanza.args[0]);
            if (share === null || share.length !== 32) throw invalid('X25519', 'share');
            if (stanza.body.length !== 32) throw invalid('X25519', 'body length');
            const shared = await x25519(secret, share);
            if (shared === null) throw new AgeError('lowOrderShare');
            const key = await hkdfSha256(shared, concat(share, recipient), utf8('age-encryption.org/v1/X25519'), 32);
            const fileKey = await chachaOpen(key, new Uint8Array(12), stanza.body);
            if (fileKey !== null) return fileKey;
        }
        return null;
    };
}

export function scryptIdentity(passphrase, maximumLogN = 22) {
    return async (stanzas) => {
        for (const stanza of stanzas.filter((s) => s.type === 'scrypt')) {
            if (stanza.args.length !== 2) throw invalid('scrypt', 'arguments');
            const salt = decodeBase64(stanza.args[0]);
            if (salt === null || salt.length !== 16) throw invalid('scrypt', 'salt');
            if (!/^[1-9][0-9]*$/.test(stanza.args[1])) throw invalid('scrypt', 'work factor');
            if (stanza.body.length !== 32) throw invalid('scrypt', 'body length');
            const logN = Number(stanza.args[1]);
            if (logN > maximumLogN) throw new AgeError('workFactorTooLarge', { logN, maximum: maximumLogN });
            const fullSalt = concat(utf8('age-encryption.org/v1/scrypt'), salt);
            const key = await scrypt(utf8(passphrase), fullSalt, 2 ** logN, 8, 1, 32);
            const fileKey = await chachaOpen(key, new Uint8Array(12), stanza.body);
            if (fileKey !== null) return fileKey;
        }
        return null;
    };
}
