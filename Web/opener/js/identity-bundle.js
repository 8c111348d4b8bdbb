// SPDX-License-Identifier: MIT
// The identity bundle (Spec/accounts.md §6.3), checked as `IdentityBundle(encoded:)` does, with the Swift
// `KeysError` names: magic → version (1 or 2) → exact length → the ML-KEM-768 key canonical (version 2) → the
// account id derived from the Ed25519 key → the signature over `"coffer/v1/identity-bundle" ‖ body`.
import { concat, equalBytes, utf8 } from './bytes.js';
import { blake2b, ed25519Verify } from './crypto.js';
import { VaultError } from './errors.js';

const MAGIC = utf8('CFIB');
const LENGTHS = { 1: 149, 2: 1365 };
/** The ML-KEM-768 encapsulation key: 3 × 256 coefficients of 12 bits, then ρ (FIPS 203 §7.2). */
const MLKEM_POLY_BYTES = 3 * 384;
const Q = 3329;

/** `BLAKE2b-128("coffer/v1/account-id" ‖ ed25519Public)` (accounts.md §6.1). */
export function accountID(ed25519Public) {
    return blake2b(concat(utf8('coffer/v1/account-id'), ed25519Public), new Uint8Array(0), 16);
}

/** Swift's `VaultError.account(KeysError.<code>)`: the name is the inner case's. */
function account(code, detail = {}) { return new VaultError(code, { ...detail, wrapped: 'account' }); }

function canonicalMLKEM(key) {
    for (let i = 0; i < MLKEM_POLY_BYTES; i += 3) {
        const first = key[i] | ((key[i + 1] & 0x0f) << 8);
        const second = (key[i + 1] >> 4) | (key[i + 2] << 4);
        if (first >= Q || second >= Q) return false;
    }
    return true;
}

/**
 * The verified bundle: `{ accountID, x25519, ed25519, version }`; a failure is a `VaultError` named after the
 * `KeysError` case.
 */
export async function parseBundle(bytes) {
    if (bytes.length < 5 || !equalBytes(bytes.subarray(0, 4), MAGIC)) throw account('malformedRecord');
    const version = bytes[4];
    if (!(version in LENGTHS)) throw account('unsupportedVersion', { version });
    if (bytes.length !== LENGTHS[version]) throw account('malformedRecord');
    if (version === 2 && !canonicalMLKEM(bytes.subarray(85, 85 + MLKEM_POLY_BYTES))) throw account('malformedRecord');
    const body = bytes.subarray(0, bytes.length - 64);
    const claimed = bytes.slice(5, 21);
    const ed25519 = bytes.slice(53, 85);
    if (!equalBytes(await accountID(ed25519), claimed)) throw account('accountIDMismatch');
    const signature = bytes.subarray(bytes.length - 64);
    if (!(await ed25519Verify(ed25519, signature, concat(utf8('coffer/v1/identity-bundle'), body)))) {
        throw account('invalidBundleSignature');
    }
    return { accountID: claimed, x25519: bytes.slice(21, 53), ed25519, version };
}
