import { SiftError } from '../errors';

/**
 * Finds the first byte that is not valid UTF-8, so an error can point at it. `TextDecoder` with
 * `fatal` only says that something is wrong; a user fixing a file needs to know where.
 * Returns -1 when the bytes are valid (a sequence cut off at the very end counts as valid when
 * `final` is false: the next chunk completes it).
 */
export function findInvalidUtf8(bytes: Uint8Array, final: boolean): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) (need = 1), (min = 0x80);
    else if (b >= 0xe0 && b <= 0xef) (need = 2), (min = 0x800);
    else if (b >= 0xf0 && b <= 0xf4) (need = 3), (min = 0x10000);
    else return i;
    if (i + need >= n + (final ? 0 : 1)) {
      if (!final) return -1;
      return i;
    }
    let cp = b & (0x3f >> need);
    for (let j = 1; j <= need; j++) {
      if (i + j >= n) return final ? i : -1;
      const c = bytes[i + j];
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

function countNewlines(bytes: Uint8Array, end: number): number {
  let lines = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0 && i < end; i = bytes.indexOf(0x0a, i + 1)) lines++;
  return lines;
}

/**
 * Streaming UTF-8 decoder that tracks absolute byte offsets and line numbers so that an invalid byte is
 * reported as "byte 1,234,567 (line 8,910)". Strips a leading BOM (UTF-8's, and rejects UTF-16's with a
 * specific message since those files decode to garbage as UTF-8).
 */
export class Utf8ChunkDecoder {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private bytesSeen = 0;
  private linesSeen = 0;
  private first = true;

  constructor(private readonly fileName: string) {}

  get bytesRead(): number {
    return this.bytesSeen;
  }

  decode(bytes: Uint8Array, final = false): string {
    let view = bytes;
    if (this.first && bytes.length > 0) {
      this.first = false;
      if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
        throw new SiftError('encoding-utf16', `${this.fileName} is UTF-16 encoded (it starts with a UTF-16 byte-order mark). Save it as UTF-8 and import it again.`, { file: this.fileName, byte: 0 });
      }
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) view = bytes.subarray(3);
    }
    let text: string;
    try {
      text = this.decoder.decode(view, { stream: !final });
    } catch {
      const bad = findInvalidUtf8(view, final);
      const at = Math.max(0, bad);
      const absolute = this.bytesSeen + (bytes.length - view.length) + at;
      const line = this.linesSeen + countNewlines(view, at) + 1;
      throw new SiftError(
        'encoding-invalid-utf8',
        `${this.fileName} is not valid UTF-8: the byte at offset ${absolute.toLocaleString('en-US')} (line ${line.toLocaleString('en-US')}) is 0x${(view[at] ?? 0).toString(16).padStart(2, '0')}. Save the file as UTF-8 and import it again.`,
        { file: this.fileName, byte: absolute, line },
      );
    }
    this.bytesSeen += bytes.length;
    this.linesSeen += countNewlines(view, view.length);
    return text;
  }
}
