import { throwIfAborted } from '../errors';
import { checkThreshold, chooseKeep, type DedupeOptions, type DedupeResult } from './dedupe';
import { bandKey, lshParams, oneHashSignaturePlain } from './minhash';
import { jaccard, normalizeForShingles, shingleSet } from './shingles';
import { UnionFind } from './union-find';

/**
 * The first implementation, holding every text and a Map of them: kept as the reference the streaming
 * dedupe (dedupe-stream.ts) must equal, pair for pair and cluster for cluster (dedupe-stream.test.ts).
 *
 * Near-duplicate texts: identical normalised texts are grouped directly; one representative of each
 * goes through MinHash LSH (one-permutation MinHash, banded); every candidate pair is verified with
 * the exact Jaccard of the shingle sets, so no reported pair is below the threshold; what LSH can miss
 * is a pair it never proposed (at the threshold, with probability ≤ 0.5 %).
 */
export function dedupeTextsInMemory(texts: readonly string[], options: DedupeOptions): Omit<DedupeResult, 'copies'> {
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
    oneHashSignaturePlain(normalized[reps[r]], bands * rows, seed, signature);
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
