/**
 * Character shingles for near-duplicate detection. The definition is the contract of `sift dedupe`:
 * lowercase, whitespace runs (JS `\s`, which includes U+FEFF) collapsed to one space, trimmed; the
 * shingles are the distinct runs of 5 consecutive code points; a text shorter than 5 code points is
 * one shingle (itself, the empty text included).
 */
import { fmix32 } from '../features/murmur3';

export const SHINGLE = 5;

export function normalizeForShingles(text: string): string {
  // Most texts of a large set read twice by dedupe are already normal: return them without copying.
  return isNormalAscii(text) ? text : text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Printable ASCII without capitals, single spaces between words and none at either end. */
function isNormalAscii(text: string): boolean {
  let previous = 0x20;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20) {
      if (previous === 0x20) return false;
    } else if (c < 0x21 || c > 0x7e || (c >= 0x41 && c <= 0x5a)) return false;
    previous = c;
  }
  return text.length === 0 || previous !== 0x20;
}

function codePoints(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    out.push(cp);
    if (cp > 0xffff) i++;
  }
  return out;
}

/**
 * The exact shingle set of a normalised text. A shingle whose code points are all below 1024 is
 * packed into one number (5 × 10 bits, exact in a double); others are kept as strings, so two
 * shingles are equal in the set exactly when their code points are.
 */
export function shingleSet(normalized: string): Set<number | string> {
  const cps = codePoints(normalized);
  const set = new Set<number | string>();
  if (cps.length < SHINGLE) {
    set.add(normalized);
    return set;
  }
  for (let i = 0; i + SHINGLE <= cps.length; i++) {
    let key = 0;
    let packable = true;
    for (let j = 0; j < SHINGLE; j++) {
      const cp = cps[i + j];
      if (cp >= 1024) {
        packable = false;
        break;
      }
      key = key * 1024 + cp;
    }
    set.add(packable ? key : String.fromCodePoint(...cps.slice(i, i + SHINGLE)));
  }
  return set;
}

export function jaccard(a: Set<number | string>, b: Set<number | string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let both = 0;
  for (const s of small) if (large.has(s)) both++;
  const union = a.size + b.size - both;
  return union === 0 ? 1 : both / union;
}

/**
 * Calls `visit(hash)` with a 32-bit hash of every shingle of a normalised text (repeats included;
 * MinHash does not care), without building strings: the fast path over millions of texts.
 */
export function forEachShingleHash(normalized: string, seed: number, visit: (hash: number) => void): void {
  const window = [0, 0, 0, 0, 0];
  let count = 0;
  for (let i = 0; i < normalized.length; i++) {
    const cp = normalized.codePointAt(i)!;
    if (cp > 0xffff) i++;
    window[count % SHINGLE] = cp;
    count++;
    if (count >= SHINGLE) visit(hashWindow(window, count % SHINGLE, SHINGLE, seed));
  }
  if (count < SHINGLE) visit(hashWindow(window, 0, count, seed ^ 0x5bd1e995));
}

function hashWindow(window: number[], start: number, length: number, seed: number): number {
  let h = (seed ^ length) >>> 0;
  for (let j = 0; j < length; j++) {
    h = Math.imul(h ^ window[(start + j) % SHINGLE], 0x01000193);
    h ^= h >>> 15;
  }
  return fmix32(h);
}
