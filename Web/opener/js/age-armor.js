// SPDX-License-Identifier: MIT
// age's ASCII armor (Spec/content-format.md §6): the whole armored text to the binary age file, or invalidArmor.
import { AgeError } from './errors.js';

const BEGIN = '-----BEGIN AGE ENCRYPTED FILE-----';
const END = '-----END AGE ENCRYPTED FILE-----';
const fail = (reason) => new AgeError('invalidArmor', { reason });
const SPACE = /^[ \t\n\v\f\r]*$/;

export function dearmor(bytes) {
    let text = '';
    for (const b of bytes) {
        if (b > 0x7e) throw fail('a byte outside ASCII');
        text += String.fromCharCode(b);
    }
    const begin = text.indexOf(BEGIN);
    if (begin < 0) throw fail('no BEGIN line');
    const before = text.slice(0, begin);
    if (before.length > 1024 || !SPACE.test(before)) throw fail('text before the BEGIN line');
    const endAt = text.lastIndexOf(END);
    if (endAt < 0) throw fail('no END line');
    const after = text.slice(endAt + END.length);
    if (after.length > 1024 || !SPACE.test(after)) throw fail('text after the END line');
    const inner = text.slice(begin + BEGIN.length, endAt);
    const eol = inner.startsWith('\r\n') ? '\r\n' : '\n';
    if (!inner.startsWith(eol)) throw fail('BEGIN line');
    const lines = inner.slice(eol.length).split(eol);
    if (lines.pop() !== '') throw fail('END line');
    if (lines.length === 0) throw fail('empty armor');
    let body = '';
    lines.forEach((line, index) => {
        if (!/^[A-Za-z0-9+/=]+$/.test(line)) throw fail('a character outside base64 or an empty line');
        if (line.length > 64) throw fail('a line over 64 columns');
        if (line.length < 64 && index !== lines.length - 1) throw fail('a short line before the last');
        body += line;
    });
    if (body.length % 4 !== 0) throw fail('missing padding');
    const padding = body.match(/=*$/)[0].length;
    if (padding > 2 || body.slice(0, body.length - padding).includes('=')) throw fail('padding');
    let binary;
    try {
        binary = atob(body);
    } catch {
        throw fail('base64');
    }
    const out = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    if (btoa(binary) !== body) throw fail('non-canonical base64');
    return out;
}
