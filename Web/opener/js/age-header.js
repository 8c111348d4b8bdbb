// SPDX-License-Identifier: MIT
// The age v1 header (Spec/content-format.md §3): parsed strictly from the front of a byte buffer, as the Swift
// reader does. Returns null while the buffer does not yet hold the whole header (the caller reads more).
import { decodeBase64 } from './bytes.js';
import { AgeError } from './errors.js';

export const HEADER_CAP = 1 << 20;
const LF = 0x0a;
const INTRO = 'age-encryption.org/v1';

const malformed = (reason) => new AgeError('malformedHeader', { reason });

function isArgument(text) {
    if (text.length === 0) return false;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c < 0x21 || c > 0x7e) return false;
    }
    return true;
}

/**
 * `{ stanzas: [{type, args, body}], macInput, mac, length }` for the header at the front of `bytes`, or null when
 * more bytes are needed (`atEnd` says there are none: then it is an error).
 */
export function parseHeader(bytes, atEnd) {
    let position = 0;
    const nextLine = () => {
        const end = bytes.indexOf(LF, position);
        if (end < 0) {
            if (bytes.length > HEADER_CAP) throw new AgeError('headerTooLarge', { maximum: HEADER_CAP });
            if (atEnd) throw malformed('the file ends inside the header');
            return null;
        }
        if (end > HEADER_CAP) throw new AgeError('headerTooLarge', { maximum: HEADER_CAP });
        const raw = bytes.subarray(position, end);
        position = end + 1;
        let text = '';
        for (const b of raw) {
            if (b === 0x0d) throw malformed('CR in the header');
            if (b > 0x7e || (b < 0x20)) throw malformed('a byte outside printable ASCII in the header');
            text += String.fromCharCode(b);
        }
        return text;
    };
    const first = nextLine();
    if (first === null) return null;
    if (first !== INTRO) {
        if (first.startsWith('age-encryption.org/')) throw new AgeError('unsupportedVersion', { line: first });
        throw malformed('not an age v1 file');
    }
    const stanzas = [];
    for (;;) {
        const lineStart = position;
        const line = nextLine();
        if (line === null) return null;
        if (line.startsWith('---')) {
            if (!line.startsWith('--- ')) throw malformed('MAC line');
            const mac = decodeBase64(line.slice(4));
            if (mac === null || mac.length !== 32) throw malformed('the MAC is not 32 bytes of canonical base64');
            return { stanzas, macInput: bytes.slice(0, lineStart + 3), mac, length: position };
        }
        if (!line.startsWith('-> ')) throw malformed('expected a stanza or the MAC line');
        const args = line.slice(3).split(' ');
        if (!args.every(isArgument)) throw malformed('an empty argument or a byte outside 0x21-0x7E');
        let bodyText = '';
        for (;;) {
            const bodyLine = nextLine();
            if (bodyLine === null) return null;
            if (bodyLine.length > 64) throw malformed('a body line over 64 columns');
            bodyText += bodyLine;
            if (bodyLine.length < 64) break;
        }
        const body = decodeBase64(bodyText);
        if (body === null) throw malformed('non-canonical base64 in a stanza body');
        stanzas.push({ type: args[0], args: args.slice(1), body });
    }
}
