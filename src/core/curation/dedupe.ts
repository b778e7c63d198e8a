import { SiftError } from '../errors';
import { TextDedupe } from './dedupe-stream';

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
  /** Groups of items whose normalised texts are identical (two or more each, members ascending), by first member. */
  copies: number[][];
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

/** Texts in chunks, read afresh on each call: the dedupe reads them twice (or more, see TextDedupe). */
export type TextChunks = () => AsyncIterable<readonly string[]> | Iterable<readonly string[]>;

/**
 * Near-duplicates among `count` texts read chunk by chunk (see TextDedupe): memory holds per-item
 * hashes and band keys, and texts only of items in a candidate pair, never all texts.
 */
export async function dedupeTextChunks(count: number, chunks: TextChunks, options: DedupeOptions): Promise<DedupeResult> {
  const dedupe = new TextDedupe(count, options);
  for (;;) {
    for await (const chunk of chunks()) dedupe.sign(chunk);
    dedupe.endSign();
    for await (const chunk of chunks()) dedupe.verify(chunk);
    if (dedupe.endVerify()) return dedupe.result();
  }
}

/** Near-duplicates among texts already in memory: the same passes over slices of the array. */
export function dedupeTexts(texts: readonly string[], options: DedupeOptions, dedupe = new TextDedupe(texts.length, options)): DedupeResult {
  const step = 8192;
  for (;;) {
    for (let start = 0; start < texts.length; start += step) dedupe.sign(texts.slice(start, start + step));
    dedupe.endSign();
    for (let start = 0; start < texts.length; start += step) dedupe.verify(texts.slice(start, start + step));
    if (dedupe.endVerify()) return dedupe.result();
  }
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
