import { SiftError, throwIfAborted } from '../errors';
import { bandKey, lshParams, oneHashSignature } from './minhash';
import { jaccard, normalizeForShingles, shingleSet } from './shingles';
import { UnionFind } from './union-find';

export interface DedupeOptions {
  /** Pairs with Jaccard ≥ threshold are near-duplicates; (0, 1]. */
  threshold: number;
  /** MinHash bins (bands × rows ≤ this). */
  numPerm?: number;
  seed?: number;
  /** Buckets larger than this compare each member with its next `maxBucket` neighbours only. */
  maxBucket?: number;
  /** Keep policy: 1 = labeled by a person (kept first), then the highest confidence, then the first item. */
  humanLabeled?: ArrayLike<number>;
  confidence?: ArrayLike<number>;
  signal?: AbortSignal;
}

export interface DedupeResult {
  /** Near-duplicate pairs `[a, b, jaccard]`, a < b, sorted by a then b. */
  pairs: [number, number, number][];
  /** Connected components of the pairs (two or more items each), members ascending. */
  clusters: number[][];
  /** The item each cluster keeps, same order as `clusters`. */
  keep: number[];
  /** How many candidate pairs LSH proposed and exact Jaccard checked. */
  candidates: number;
  bands: number;
  rows: number;
}

export function checkThreshold(threshold: number): void {
  if (!(threshold > 0 && threshold <= 1)) {
    throw new SiftError('dedupe/threshold', `The Jaccard threshold must be in (0, 1]; got ${threshold}.`, { threshold });
  }
}

/**
 * Near-duplicate texts: identical normalised texts are grouped directly; one representative of each
 * goes through MinHash LSH (one-permutation MinHash, banded); every candidate pair is verified with
 * the exact Jaccard of the shingle sets, so no reported pair is below the threshold; what LSH can miss
 * is a pair it never proposed (at the threshold, with probability ≤ 0.5 %).
 */
export function dedupeTexts(texts: readonly string[], options: DedupeOptions): DedupeResult {
  checkThreshold(options.threshold);
  const { threshold, signal } = options;
  const numPerm = options.numPerm ?? 128;
  const seed = options.seed ?? 0x2545f491;
  const maxBucket = options.maxBucket ?? 200;
  const n = texts.length;

  // Exact copies after normalisation share one representative.
  const normalized: string[] = new Array(n);
  const repOf = new Int32Array(n);
  const firstOf = new Map<string, number>();
  const reps: number[] = [];
  const members = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const text = normalizeForShingles(texts[i]);
    normalized[i] = text;
    const first = firstOf.get(text);
    if (first === undefined) {
      firstOf.set(text, i);
      repOf[i] = i;
      reps.push(i);
    } else {
      repOf[i] = first;
      let list = members.get(first);
      if (!list) members.set(first, (list = [first]));
      list.push(i);
    }
  }
  firstOf.clear();

  const { bands, rows } = lshParams(threshold, numPerm);
  const m = reps.length;
  const keys = Array.from({ length: bands }, () => new Uint32Array(m));
  const signature = new Uint32Array(bands * rows);
  for (let r = 0; r < m; r++) {
    if ((r & 0x3fff) === 0) throwIfAborted(signal);
    oneHashSignature(normalized[reps[r]], bands * rows, seed, signature);
    for (let b = 0; b < bands; b++) keys[b][r] = bandKey(signature, b * rows, rows);
  }

  const candidates = new Set<number>();
  const addPair = (x: number, y: number) => candidates.add(x < y ? x * m + y : y * m + x);
  for (let b = 0; b < bands; b++) {
    throwIfAborted(signal);
    const order = sortByKey(keys[b]);
    const key = keys[b];
    for (let start = 0; start < m; ) {
      let end = start + 1;
      while (end < m && key[order[end]] === key[order[start]]) end++;
      for (let x = start; x < end; x++) for (let y = x + 1; y < Math.min(end, x + 1 + maxBucket); y++) addPair(order[x], order[y]);
      start = end;
    }
  }

  // Verify candidates grouped by their first member, so its shingle set is built once.
  const sortedPairs = Float64Array.from(candidates).sort();
  candidates.clear();
  const repPairs: [number, number, number][] = [];
  let currentA = -1;
  let setA: Set<number | string> = new Set();
  const cache = new Map<number, Set<number | string>>();
  const setOf = (r: number) => {
    let s = cache.get(r);
    if (!s) {
      if (cache.size > 20000) cache.clear();
      cache.set(r, (s = shingleSet(normalized[reps[r]])));
    }
    return s;
  };
  for (let p = 0; p < sortedPairs.length; p++) {
    if ((p & 0xffff) === 0) throwIfAborted(signal);
    const a = Math.floor(sortedPairs[p] / m);
    const b = sortedPairs[p] - a * m;
    if (a !== currentA) {
      currentA = a;
      setA = setOf(a);
    }
    const j = jaccard(setA, setOf(b));
    if (j >= threshold) repPairs.push([reps[a], reps[b], j]);
  }

  // Expand representatives to every exact copy.
  const pairs: [number, number, number][] = [];
  const copiesOf = (r: number) => members.get(r) ?? [r];
  for (const list of members.values()) for (let x = 0; x < list.length; x++) for (let y = x + 1; y < list.length; y++) pairs.push([list[x], list[y], 1]);
  for (const [a, b, j] of repPairs) for (const x of copiesOf(a)) for (const y of copiesOf(b)) pairs.push(x < y ? [x, y, j] : [y, x, j]);
  pairs.sort((p, q) => p[0] - q[0] || p[1] - q[1]);

  const sets = new UnionFind(n);
  for (const [a, b] of pairs) sets.union(a, b);
  const clusters = sets.groups();
  return { pairs, clusters, keep: clusters.map((c) => chooseKeep(c, options)), candidates: sortedPairs.length, bands, rows };
}

/** The member a cluster keeps: labeled by a person first, then the most confident, then the earliest. */
export function chooseKeep(cluster: readonly number[], { humanLabeled, confidence }: Pick<DedupeOptions, 'humanLabeled' | 'confidence'>): number {
  let best = cluster[0];
  const rank = (i: number): [number, number] => [humanLabeled?.[i] ? 1 : 0, confidence ? confidence[i] : 0];
  for (const i of cluster.slice(1)) {
    const [h, c] = rank(i);
    const [bh, bc] = rank(best);
    if (h > bh || (h === bh && c > bc)) best = i;
  }
  return best;
}

/** Indices ordered by key; packed into doubles (key · 2^21 + index) for a native sort when they fit. */
function sortByKey(key: Uint32Array): Uint32Array {
  const m = key.length;
  if (m <= 1 << 21) {
    const packed = new Float64Array(m);
    for (let i = 0; i < m; i++) packed[i] = key[i] * 2097152 + i;
    packed.sort();
    const order = new Uint32Array(m);
    for (let i = 0; i < m; i++) order[i] = packed[i] % 2097152;
    return order;
  }
  return Uint32Array.from({ length: m }, (_, i) => i).sort((a, b) => key[a] - key[b] || a - b);
}
