// SPDX-License-Identifier: MIT
// Bech32 (BIP 173) decoding for age identities, without BIP 173's 90-character limit (age's keys are longer than
// that in recipient form). An encoding, not a primitive: no secret-dependent branches beyond the alphabet lookup.
const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

function polymod(values) {
    let checksum = 1;
    for (const value of values) {
        const top = checksum >>> 25;
        checksum = ((checksum & 0x1ffffff) << 5) ^ value;
        for (let i = 0; i < 5; i++) if ((top >>> i) & 1) checksum ^= GENERATOR[i];
    }
    return checksum;
}

/** The data bytes of `text` when it is valid Bech32 with human-readable part `prefix` (compared lowercase). */
export function decodeBech32(text, prefix) {
    if (text !== text.toLowerCase() && text !== text.toUpperCase()) return null;
    const lower = text.toLowerCase();
    const separator = lower.lastIndexOf('1');
    if (separator < 1 || lower.length - separator < 7) return null;
    const hrp = lower.slice(0, separator);
    if (hrp !== prefix) return null;
    const data = [];
    for (const character of lower.slice(separator + 1)) {
        const value = CHARSET.indexOf(character);
        if (value < 0) return null;
        data.push(value);
    }
    const expanded = [...hrp].map((c) => c.charCodeAt(0) >> 5).concat([0], [...hrp].map((c) => c.charCodeAt(0) & 31));
    if (polymod(expanded.concat(data)) !== 1) return null;
    const out = [];
    let accumulator = 0;
    let bits = 0;
    for (const value of data.slice(0, -6)) {
        accumulator = (accumulator << 5) | value;
        bits += 5;
        if (bits >= 8) {
            bits -= 8;
            out.push((accumulator >> bits) & 0xff);
        }
    }
    if (bits >= 5 || (accumulator & ((1 << bits) - 1)) !== 0) return null;
    return Uint8Array.from(out);
}
