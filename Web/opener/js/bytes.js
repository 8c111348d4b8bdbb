// SPDX-License-Identifier: MIT
// Byte helpers: hex, UTF-8, concatenation, and canonical unpadded base64 / base64url (Spec/conventions.md). No crypto.

const STANDARD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export const utf8 = (text) => new TextEncoder().encode(text);

export function concat(...parts) {
    const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
    let offset = 0;
    for (const part of parts) {
        out.set(part, offset);
        offset += part.length;
    }
    return out;
}

export function hex(bytes) {
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function fromHex(text) {
    if (text.length % 2 !== 0 || /[^0-9a-f]/.test(text)) throw new Error('not lowercase hex');
    const out = new Uint8Array(text.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
    return out;
}

export function equalBytes(a, b) {
    if (a.length !== b.length) return false;
    let difference = 0;
    for (let i = 0; i < a.length; i++) difference |= a[i] ^ b[i];
    return difference === 0;
}

/** Canonical unpadded base64 (`urlSafe` picks RFC 4648 §5): null for anything else, including padding. */
export function decodeBase64(text, urlSafe = false) {
    const alphabet = urlSafe ? URL_SAFE : STANDARD;
    if (text.length % 4 === 1) return null;
    const out = new Uint8Array(Math.floor((text.length * 3) / 4));
    let bits = 0;
    let value = 0;
    let index = 0;
    for (const character of text) {
        const digit = alphabet.indexOf(character);
        if (digit < 0) return null;
        value = (value << 6) | digit;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[index++] = (value >> bits) & 0xff;
        }
    }
    if ((value & ((1 << bits) - 1)) !== 0) return null; // non-canonical: unused low bits set
    return out;
}

export function encodeBase64(bytes, urlSafe = false) {
    const alphabet = urlSafe ? URL_SAFE : STANDARD;
    let out = '';
    let bits = 0;
    let value = 0;
    for (const byte of bytes) {
        value = ((value << 8) | byte) & 0xffff;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += alphabet[(value >> bits) & 63];
        }
    }
    if (bits > 0) out += alphabet[(value << (6 - bits)) & 63];
    return out;
}

export function readBE(bytes, offset, count) {
    let value = 0n;
    for (let i = 0; i < count; i++) value = (value << 8n) | BigInt(bytes[offset + i]);
    return value;
}
