/**
 * Hashed word and character n-grams: Sift's built-in text featurizer (no vocabulary, no weights).
 *
 * A card names it as `preprocessing: {kind: 'hashed-ngrams', version: 1, …}` with the fields of
 * `HashedNgramsSpec`. Version 1 of the algorithm, exactly (any change to it needs a new version):
 *
 * 1. Normalise the text, in this order:
 *    a. if `decode_html`: every tag matching `/<\/?[A-Za-z][^<>]{0,500}>/` becomes one U+0020, then the
 *       entities `&amp; &lt; &gt; &quot; &apos; &nbsp;` and numeric `&#NNN;` / `&#xHH;` are decoded
 *       (code points above U+10FFFF or in the surrogate range are left as written);
 *    b. Unicode NFKC (`String.prototype.normalize('NFKC')`);
 *    c. if `lowercase`: `String.prototype.toLowerCase()` (locale-independent Unicode default case mapping);
 *    d. every code point of general category Cf is removed (U+FEFF, U+200B, bidi marks…) except U+200C and
 *       U+200D (needed by some scripts and emoji sequences); every code point of category Cc or with the
 *       White_Space property (JS `\s`) is whitespace; each run of whitespace becomes one U+0020 and the
 *       text is trimmed;
 *    e. the text is cut to its first `max_chars` code points and trimmed again.
 * 2. Words: maximal runs of code points of general category L, M, N or Pc (`/[\p{L}\p{M}\p{N}\p{Pc}]/u`).
 *    A word n-gram of order n (`word_ngrams = [min, max]`, min ≤ n ≤ max) is n consecutive words joined by
 *    one U+0020. Other characters separate words and appear only in character n-grams.
 * 3. Character n-grams of order n (`char_ngrams = [min, max]`): every window of n code points of
 *    `' ' + text + ' '` (the text of step 1; none when that text is empty).
 * 4. Each n-gram's UTF-8 bytes are hashed with MurmurHash3_x86_32 (unsigned): seed `(seed + n) mod 2^32`
 *    for a word n-gram of order n, `(seed + 1000 + n) mod 2^32` for a character n-gram of order n.
 *    Index = h mod `dim`; sign = −1 when h ≥ 2^31, else +1. Each occurrence adds sign·`word_weight` or
 *    sign·`char_weight` at its index (signed hashing: collisions cancel in expectation instead of adding up).
 * 5. If `sublinear_tf`: v ← sign(v)·ln(1 + |v|) per index. Then the vector is divided by its L2 norm
 *    (a text with no n-gram stays all zeros).
 */
import { SiftError } from '../errors';
import { murmur3Range, streamByte, streamEnd, streamStart } from './murmur3';
import { classOf, decodeHtml, DROP, SPACE, WORD } from './text-normalize';

export { decodeHtml };

export interface HashedNgramsSpec {
  kind: 'hashed-ngrams';
  version: 1;
  dim: number;
  seed: number;
  lowercase: boolean;
  decode_html: boolean;
  word_ngrams: [number, number] | null;
  char_ngrams: [number, number] | null;
  word_weight: number;
  char_weight: number;
  sublinear_tf: boolean;
  max_chars: number;
}

export const DEFAULT_HASHED_NGRAMS: Readonly<HashedNgramsSpec> = Object.freeze<HashedNgramsSpec>({
  kind: 'hashed-ngrams',
  version: 1,
  dim: 1 << 14,
  seed: 0,
  lowercase: true,
  decode_html: true,
  word_ngrams: [1, 2],
  char_ngrams: [3, 5],
  word_weight: 1,
  char_weight: 1,
  sublinear_tf: true,
  max_chars: 10_000,
});

const MAX_DIM = 1 << 24;
const MAX_ORDER = 16;

/** Fills defaults and checks every field; throws a SiftError naming the field that is wrong. */
export function resolveHashedNgramsSpec(partial: Partial<HashedNgramsSpec> = {}): HashedNgramsSpec {
  const spec: HashedNgramsSpec = { ...DEFAULT_HASHED_NGRAMS, ...partial };
  const bad = (field: string, expected: string) =>
    new SiftError('bad-featurizer-spec', `hashed-ngrams: ${field} must be ${expected}, got ${JSON.stringify((spec as unknown as Record<string, unknown>)[field])}`, { field });
  if (spec.kind !== 'hashed-ngrams') throw bad('kind', "'hashed-ngrams'");
  if (spec.version !== 1) throw bad('version', '1');
  if (!Number.isInteger(spec.dim) || spec.dim < 2 || spec.dim > MAX_DIM) throw bad('dim', `an integer in [2, ${MAX_DIM}]`);
  if (!Number.isInteger(spec.seed) || spec.seed < 0 || spec.seed > 0xffffffff) throw bad('seed', 'an integer in [0, 2^32)');
  for (const field of ['word_ngrams', 'char_ngrams'] as const) {
    const range = spec[field];
    if (range === null) continue;
    if (!Array.isArray(range) || range.length !== 2 || !range.every((n) => Number.isInteger(n)) || range[0] < 1 || range[1] < range[0] || range[1] > MAX_ORDER)
      throw bad(field, `null or [min, max] with 1 ≤ min ≤ max ≤ ${MAX_ORDER}`);
  }
  if (spec.word_ngrams === null && spec.char_ngrams === null) throw bad('word_ngrams', 'set when char_ngrams is null');
  for (const field of ['word_weight', 'char_weight'] as const)
    if (!Number.isFinite(spec[field]) || spec[field] <= 0) throw bad(field, 'a finite number > 0');
  if (!Number.isInteger(spec.max_chars) || spec.max_chars < 1) throw bad('max_chars', 'an integer ≥ 1');
  for (const field of ['lowercase', 'decode_html', 'sublinear_tf'] as const)
    if (typeof spec[field] !== 'boolean') throw bad(field, 'true or false');
  return spec;
}

/**
 * Featurizes texts with one spec. Holds scratch buffers, so one instance per worker/thread; calls never
 * allocate per n-gram, only the normalised string per text.
 */
export class TextHasher {
  readonly spec: HashedNgramsSpec;
  readonly dim: number;
  /** Code points of ' ' + normalised text + ' ', and each one's class. */
  private cps = new Int32Array(256);
  private cls = new Uint8Array(256);
  /** UTF-8 of `cps`; code point i is bytes[byteAt[i] .. byteAt[i + 1]). */
  private bytes = new Uint8Array(1024);
  private byteAt = new Int32Array(257);
  private wordStart = new Int32Array(64);
  private wordEnd = new Int32Array(64);
  /** Indices written for the current text (stamp says whether an index is already listed). */
  private touched: Int32Array<ArrayBuffer>;
  private stamp: Uint32Array;
  private generation = 0;
  /** All zeros between calls of featurizeSparse. */
  private sparseScratch: Float32Array | null = null;

  constructor(spec: Partial<HashedNgramsSpec> = {}) {
    this.spec = resolveHashedNgramsSpec(spec);
    this.dim = this.spec.dim;
    this.touched = new Int32Array(Math.min(this.dim, 4096));
    this.stamp = new Uint32Array(this.dim);
  }

  /** The normalised text of step 1 (for display and tests; the featurizer does the same work inline). */
  normalize(text: string): string {
    const n = this.load(text);
    let s = '';
    for (let i = 1; i < n - 1; i++) s += String.fromCodePoint(this.cps[i]);
    return s;
  }

  /**
   * Writes the feature vector of `text` into `out[offset .. offset + dim)` (overwriting it) and returns
   * how many entries are non-zero before normalisation.
   */
  featurizeInto(text: string, out: Float32Array, offset = 0): number {
    const { dim, spec } = this;
    if (offset < 0 || offset + dim > out.length)
      throw new SiftError('bad-offset', `featurizeInto: out has ${out.length} floats, cannot hold dim ${dim} at offset ${offset}`, { offset, dim });
    out.fill(0, offset, offset + dim);
    return this.accumulate(text, out, offset);
  }

  /**
   * The same vector as `featurizeInto`, sparse: every index an n-gram hashed to, as (indices[i], values[i])
   * in order of first occurrence (a value is 0 where signed collisions cancelled). Costs O(n-grams), not
   * O(dim), so large dims stay cheap to store and compare.
   */
  featurizeSparse(text: string): { indices: Int32Array; values: Float32Array } {
    this.sparseScratch ??= new Float32Array(this.dim);
    const scratch = this.sparseScratch;
    const count = this.accumulate(text, scratch, 0);
    const indices = this.touched.slice(0, count);
    const values = new Float32Array(count);
    for (let t = 0; t < count; t++) {
      values[t] = scratch[indices[t]];
      scratch[indices[t]] = 0;
    }
    return { indices, values };
  }

  /** Adds the normalised features of `text` into a zeroed `out` slice; returns the count of touched indices. */
  private accumulate(text: string, out: Float32Array, offset: number): number {
    const { dim, spec } = this;
    if (++this.generation === 0xffffffff) {
      this.stamp.fill(0);
      this.generation = 1;
    }
    const n = this.load(text);
    if (n === 0) return 0;
    let count = 0;
    const add = (h: number, weight: number) => {
      const index = h % dim;
      if (this.stamp[index] !== this.generation) {
        this.stamp[index] = this.generation;
        if (count === this.touched.length) this.touched = grow(this.touched, count * 2);
        this.touched[count++] = index;
      }
      out[offset + index] += h >= 0x80000000 ? -weight : weight;
    };
    const { cps } = this;
    const { bytes, byteAt } = this;
    if (spec.char_ngrams) {
      const [lo, hi] = spec.char_ngrams;
      for (let order = lo; order <= hi; order++) {
        const seed = (spec.seed + 1000 + order) >>> 0;
        for (let start = 0; start + order <= n; start++) add(murmur3Range(bytes, byteAt[start], byteAt[start + order], seed), spec.char_weight);
      }
    }
    if (spec.word_ngrams) {
      const words = this.findWords(n);
      const { wordStart, wordEnd } = this;
      const [lo, hi] = spec.word_ngrams;
      for (let order = lo; order <= hi; order++) {
        const seed = (spec.seed + order) >>> 0;
        for (let first = 0; first + order <= words; first++) {
          if (order === 1) {
            add(murmur3Range(bytes, byteAt[wordStart[first]], byteAt[wordEnd[first]], seed), spec.word_weight);
            continue;
          }
          streamStart(seed);
          for (let w = first; w < first + order; w++) {
            if (w > first) streamByte(0x20);
            for (let b = byteAt[wordStart[w]]; b < byteAt[wordEnd[w]]; b++) streamByte(bytes[b]);
          }
          add(streamEnd(), spec.word_weight);
        }
      }
    }
    let sumSquares = 0;
    for (let t = 0; t < count; t++) {
      const at = offset + this.touched[t];
      let v = out[at];
      if (spec.sublinear_tf) out[at] = v = v < 0 ? -Math.log1p(-v) : Math.log1p(v);
      sumSquares += v * v;
    }
    if (sumSquares > 0) {
      const scale = 1 / Math.sqrt(sumSquares);
      for (let t = 0; t < count; t++) out[offset + this.touched[t]] *= scale;
    }
    return count;
  }

  featurize(text: string): Float32Array {
    const out = new Float32Array(this.dim);
    this.featurizeInto(text, out, 0);
    return out;
  }

  /** Row-major [texts.length, dim]. */
  featurizeBatch(texts: ArrayLike<string>, out = new Float32Array(texts.length * this.dim)): Float32Array {
    for (let i = 0; i < texts.length; i++) this.featurizeInto(texts[i], out, i * this.dim);
    return out;
  }

  /** Step 1 into `cps` as ' ' + text + ' '; returns its length in code points (0 for an empty text). */
  private load(raw: string): number {
    const { spec } = this;
    let text = spec.decode_html ? decodeHtml(raw) : raw;
    text = text.normalize('NFKC');
    if (spec.lowercase) text = text.toLowerCase();
    const limit = spec.max_chars + 2;
    if (this.cps.length < Math.min(text.length, limit) + 2) {
      const size = Math.min(text.length, limit) + 2;
      this.cps = new Int32Array(size);
      this.cls = new Uint8Array(size);
    }
    const { cps, cls } = this;
    let n = 0;
    let pendingSpace = false;
    for (let i = 0; i < text.length && n < limit - 1; ) {
      const cp = text.codePointAt(i)!;
      i += cp > 0xffff ? 2 : 1;
      const c = classOf(cp);
      if (c === DROP) continue;
      if (c === SPACE) {
        pendingSpace = true;
        continue;
      }
      if (n === 0 || pendingSpace) {
        if (n + 1 >= limit - 1) break;
        cps[n] = 0x20;
        cls[n++] = SPACE;
        pendingSpace = false;
      }
      cps[n] = cp;
      cls[n++] = c;
    }
    if (n === 0) return 0;
    cps[n] = 0x20;
    cls[n++] = SPACE;
    this.encodeUtf8(n);
    return n;
  }

  private encodeUtf8(n: number): void {
    const { cps } = this;
    if (this.byteAt.length < n + 1) this.byteAt = new Int32Array(n + 1);
    if (this.bytes.length < 4 * n) this.bytes = new Uint8Array(4 * n);
    const { bytes, byteAt } = this;
    let b = 0;
    for (let i = 0; i < n; i++) {
      byteAt[i] = b;
      let cp = cps[i];
      if (cp < 0x80) {
        bytes[b++] = cp;
      } else if (cp < 0x800) {
        bytes[b++] = 0xc0 | (cp >>> 6);
        bytes[b++] = 0x80 | (cp & 0x3f);
      } else if (cp < 0x10000) {
        if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd; // a lone surrogate, encoded as TextEncoder does
        bytes[b++] = 0xe0 | (cp >>> 12);
        bytes[b++] = 0x80 | ((cp >>> 6) & 0x3f);
        bytes[b++] = 0x80 | (cp & 0x3f);
      } else {
        bytes[b++] = 0xf0 | (cp >>> 18);
        bytes[b++] = 0x80 | ((cp >>> 12) & 0x3f);
        bytes[b++] = 0x80 | ((cp >>> 6) & 0x3f);
        bytes[b++] = 0x80 | (cp & 0x3f);
      }
    }
    byteAt[n] = b;
  }

  private findWords(n: number): number {
    const { cls } = this;
    let words = 0;
    for (let i = 0; i < n; ) {
      if (cls[i] !== WORD) {
        i++;
        continue;
      }
      const start = i;
      while (i < n && cls[i] === WORD) i++;
      if (words === this.wordStart.length) {
        this.wordStart = grow(this.wordStart, words * 2);
        this.wordEnd = grow(this.wordEnd, words * 2);
      }
      this.wordStart[words] = start;
      this.wordEnd[words++] = i;
    }
    return words;
  }
}

function grow(array: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(size);
  next.set(array);
  return next;
}
