import { SiftError, throwIfAborted } from '../errors';
import { fmix32 } from '../features/murmur3';
import { candidatePairs, checkItemCount } from './candidate-pairs';
import { checkThreshold, chooseKeep, type DedupeOptions, type DedupeResult } from './dedupe';
import { bandKey, lshParams, oneHashSignature } from './minhash';
import { jaccard, normalizeForShingles, shingleSet } from './shingles';
import { UnionFind } from './union-find';

const EMPTY = -1;
/** Collision retries before giving up; each retry draws a fresh 64-bit text hash, so even a second is ~never needed. */
const ATTEMPTS = 8;
/** Shingle sets kept for reuse across an item's pairs; bounded so memory stays flat. */
const SET_CACHE = 4096;

/**
 * Near-duplicate texts in two passes over the texts, memory flat in their length. Pass 1 (`sign`)
 * normalises each text, groups identical ones by a 64-bit hash, and keeps the MinHash band keys of each
 * distinct one (n × bands 32-bit keys). Between the passes (`endSign`) buckets of equal band keys give
 * the candidate pairs. Pass 2 (`verify`) re-reads the texts and keeps a text only from the moment it is
 * read until its last candidate partner or exact copy has been read, checking each candidate pair by
 * exact Jaccard and each exact copy by comparing the texts. A hash collision between two different
 * texts is caught there; `endVerify` then returns false and both passes run again with another hash.
 * Same pairs, clusters and candidates as the in-memory reference (dedupe-reference.ts).
 */
export class TextDedupe {
  readonly bands: number;
  readonly rows: number;
  private readonly threshold: number;
  private readonly seed: number;
  private readonly maxBucket: number;
  private readonly signal: AbortSignal | undefined;
  private readonly keys: Uint32Array;
  private readonly repOf: Int32Array;
  private readonly textHash: Uint32Array;
  private readonly table: Int32Array;
  private readonly signature: Uint32Array;
  private phase: 'sign' | 'verify' | 'done' = 'sign';
  private attempt = 0;
  private next = 0;
  // Between the passes: candidate pairs ordered by their later member, and when each kept text can go.
  private byLater: Float64Array = new Float64Array(0);
  private keepUntil = new Int32Array(0);
  private candidates = 0;
  // Pass 2.
  private cursor = 0;
  private collision = false;
  private readonly kept = new Map<number, string>();
  private readonly sets = new Map<number, Set<number | string>>();
  private repPairs: number[] = [];

  constructor(
    readonly count: number,
    private readonly options: DedupeOptions,
  ) {
    checkThreshold(options.threshold);
    checkItemCount(count);
    this.threshold = options.threshold;
    this.seed = options.seed ?? 0x2545f491;
    this.maxBucket = options.maxBucket ?? 200;
    this.signal = options.signal;
    const { bands, rows } = lshParams(options.threshold, options.numPerm ?? 128);
    this.bands = bands;
    this.rows = rows;
    this.keys = new Uint32Array(count * bands);
    this.repOf = new Int32Array(count);
    this.textHash = new Uint32Array(count * 2);
    let size = 1;
    while (size < count * 2) size *= 2;
    this.table = new Int32Array(size);
    this.signature = new Uint32Array(bands * rows);
    this.restart();
  }

  /** Pass 1, the next chunk of texts in order. */
  sign(texts: readonly string[]): void {
    this.expect('sign', texts.length);
    const { bands, rows, keys, signature, textHash, table } = this;
    const mask = table.length - 1;
    for (const raw of texts) {
      const i = this.next++;
      if ((i & 0xfff) === 0) throwIfAborted(this.signal);
      const text = normalizeForShingles(raw);
      this.hashText(text, this.attempt, textHash, 2 * i);
      const h1 = textHash[2 * i];
      const h2 = textHash[2 * i + 1];
      let slot = h1 & mask;
      while (table[slot] !== EMPTY && !(textHash[2 * table[slot]] === h1 && textHash[2 * table[slot] + 1] === h2)) slot = (slot + 1) & mask;
      if (table[slot] !== EMPTY) {
        this.repOf[i] = table[slot];
        continue;
      }
      table[slot] = i;
      this.repOf[i] = i;
      oneHashSignature(text, bands * rows, this.seed, signature);
      for (let b = 0; b < bands; b++) keys[i * bands + b] = bandKey(signature, b * rows, rows);
    }
  }

  /** After pass 1: candidate pairs from the band keys, and how long pass 2 must keep each text. */
  endSign(): void {
    this.expect('sign', 0);
    if (this.next !== this.count) throw this.miscount(this.next);
    const n = this.count;
    let m = 0;
    for (let i = 0; i < n; i++) if (this.repOf[i] === i) m++;
    const reps = new Int32Array(m);
    for (let i = 0, r = 0; i < n; i++) if (this.repOf[i] === i) reps[r++] = i;
    const codes = candidatePairs(this.keys, this.bands, reps, n, this.maxBucket, this.signal);
    this.candidates = codes.length;
    const keepUntil = new Int32Array(n).fill(-1);
    for (let p = 0; p < codes.length; p++) {
      const a = Math.floor(codes[p] / n);
      const b = codes[p] - a * n;
      if (b > keepUntil[a]) keepUntil[a] = b;
      codes[p] = b * n + a;
    }
    codes.sort();
    for (let i = 0; i < n; i++) if (this.repOf[i] !== i && i > keepUntil[this.repOf[i]]) keepUntil[this.repOf[i]] = i;
    this.byLater = codes;
    this.keepUntil = keepUntil;
    this.phase = 'verify';
    this.next = 0;
    this.cursor = 0;
  }

  /** Pass 2, the same texts again in the same order. */
  verify(texts: readonly string[]): void {
    this.expect('verify', texts.length);
    const n = this.count;
    const { byLater, keepUntil, kept } = this;
    for (const raw of texts) {
      const i = this.next++;
      if ((i & 0xfff) === 0) throwIfAborted(this.signal);
      const rep = this.repOf[i];
      const paired = this.cursor < byLater.length && Math.floor(byLater[this.cursor] / n) === i;
      // Most texts are in no candidate pair and have no copy: pass 2 has nothing to do with them.
      if (rep === i && !paired && keepUntil[i] < 0) continue;
      const text = normalizeForShingles(raw);
      if (rep !== i) {
        if (kept.get(rep) !== text) this.collision = true;
        if (keepUntil[rep] === i) this.release(rep);
        continue;
      }
      let own: Set<number | string> | null = null;
      while (this.cursor < byLater.length && Math.floor(byLater[this.cursor] / n) === i) {
        const a = byLater[this.cursor++] - i * n;
        own ??= shingleSet(text);
        const j = jaccard(this.setOf(a), own);
        if (j >= this.threshold) this.repPairs.push(a, i, j);
        if (keepUntil[a] === i) this.release(a);
      }
      if (keepUntil[i] > i) {
        kept.set(i, text);
        if (own) this.cacheSet(i, own);
      }
    }
  }

  /** After pass 2: true when done; false when two different texts shared a hash, and both passes must run again. */
  endVerify(): boolean {
    this.expect('verify', 0);
    if (this.next !== this.count) throw this.miscount(this.next);
    if (!this.collision) {
      this.phase = 'done';
      return true;
    }
    if (++this.attempt >= ATTEMPTS) throw new SiftError('dedupe/hash', `Different texts kept sharing a 64-bit hash after ${ATTEMPTS} tries; this should not happen.`);
    this.restart();
    return false;
  }

  result(): DedupeResult {
    if (this.phase !== 'done') throw new Error('TextDedupe.result() before both passes finished');
    const n = this.count;
    const copiesOf = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const rep = this.repOf[i];
      if (rep === i) continue;
      let list = copiesOf.get(rep);
      if (!list) copiesOf.set(rep, (list = [rep]));
      list.push(i);
    }
    const pairs: [number, number, number][] = [];
    for (const list of copiesOf.values()) for (let x = 0; x < list.length; x++) for (let y = x + 1; y < list.length; y++) pairs.push([list[x], list[y], 1]);
    const rp = this.repPairs;
    for (let p = 0; p < rp.length; p += 3) {
      for (const x of copiesOf.get(rp[p]) ?? [rp[p]]) for (const y of copiesOf.get(rp[p + 1]) ?? [rp[p + 1]]) pairs.push(x < y ? [x, y, rp[p + 2]] : [y, x, rp[p + 2]]);
    }
    pairs.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
    const sets = new UnionFind(n);
    for (const [a, b] of pairs) sets.union(a, b);
    const clusters = sets.groups();
    const copies = [...copiesOf.values()].sort((a, b) => a[0] - b[0]);
    return { pairs, clusters, keep: clusters.map((c) => chooseKeep(c, this.options)), copies, candidates: this.candidates, bands: this.bands, rows: this.rows };
  }

  /**
   * Two 32-bit hashes of a normalised text's UTF-16 units (equal texts, equal hashes); `attempt`
   * varies them so a retry after a collision draws new ones. A subclass may weaken it to test retries.
   */
  protected hashText(text: string, attempt: number, out: Uint32Array, at: number): void {
    let h1 = Math.imul(attempt + 1, 0x9e3779b1) ^ text.length;
    let h2 = Math.imul(attempt + 1, 0x85ebca6b) ^ 0x5bd1e995;
    for (let k = 0; k < text.length; k++) {
      const c = text.charCodeAt(k);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h1 ^= h1 >>> 15;
      h2 = Math.imul((h2 << 5) | (h2 >>> 27), 0x2c1b3c6d) + c;
    }
    out[at] = fmix32(h1);
    out[at + 1] = fmix32(h2 ^ text.length);
  }

  private setOf(item: number): Set<number | string> {
    let set = this.sets.get(item);
    if (!set) this.cacheSet(item, (set = shingleSet(this.kept.get(item)!)));
    return set;
  }

  private cacheSet(item: number, set: Set<number | string>): void {
    if (this.sets.size >= SET_CACHE) this.sets.clear();
    this.sets.set(item, set);
  }

  private release(item: number): void {
    this.kept.delete(item);
    this.sets.delete(item);
  }

  private restart(): void {
    this.phase = 'sign';
    this.next = 0;
    this.table.fill(EMPTY);
    this.collision = false;
    this.kept.clear();
    this.sets.clear();
    this.repPairs = [];
  }

  private expect(phase: 'sign' | 'verify', adding: number): void {
    if (this.phase !== phase) throw new Error(`TextDedupe: ${phase} called during ${this.phase}`);
    if (this.next + adding > this.count) throw this.miscount(this.next + adding);
  }

  private miscount(seen: number): SiftError {
    const pass = this.phase === 'sign' ? 'first' : 'second';
    return new SiftError('dedupe/count', `The near-duplicate search expected ${this.count} texts but the ${pass} pass read ${seen}: the texts changed while it ran.`, { expected: this.count, seen });
  }
}
