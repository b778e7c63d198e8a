import { compressVotes, type FitOptions, type MethodName, type VoteMatrix, type VotePatterns } from '../labelmodel/index';
import { takeRows, takeStrings, takeValues } from './votes';

/** The labelled rows of a split, and the pool's review answers as the label models take them. */
type RowSource = { votes: Int8Array; m: number; k: number; gold: Int16Array; keys: ArrayLike<string> };

export interface LabelledRows {
  rows: Uint32Array;
  matrix: VoteMatrix;
  labels: Int16Array;
  keys: string[];
}

export function labelledRows(all: Uint32Array, input: RowSource): LabelledRows {
  const kept: number[] = [];
  for (let r = 0; r < all.length; r++) if (input.gold[all[r]] >= 0) kept.push(all[r]);
  const rows = Uint32Array.from(kept);
  return {
    rows,
    matrix: { n: rows.length, m: input.m, k: input.k, votes: takeRows(input.votes, input.m, rows) },
    labels: takeValues(input.gold, rows),
    keys: takeStrings(input.keys, rows),
  };
}

/** Dev's labelled rows followed by the pool's: one labelled set whose first rows are dev. */
export function withPoolLabels(dev: LabelledRows, pool: LabelledRows): LabelledRows {
  if (pool.rows.length === 0) return dev;
  const votes = new Int8Array(dev.matrix.votes.length + pool.matrix.votes.length);
  votes.set(dev.matrix.votes);
  votes.set(pool.matrix.votes, dev.matrix.votes.length);
  const labels = new Int16Array(dev.labels.length + pool.labels.length);
  labels.set(dev.labels);
  labels.set(pool.labels, dev.labels.length);
  const rows = new Uint32Array(dev.rows.length + pool.rows.length);
  rows.set(dev.rows);
  rows.set(pool.rows, dev.rows.length);
  return { rows, matrix: { ...dev.matrix, n: rows.length, votes }, labels, keys: [...dev.keys, ...pool.keys] };
}

/** The methods that take reviewed pool items as clamped labels (wmv counts them through `dev`). */
export const CLAMPED_METHODS: ReadonlySet<MethodName> = new Set(['ds', 'snorkel']);

/**
 * The unlabelled train rows' patterns and the labelled ones as clamped items, for the EM-style fits.
 * Null when no pool item has a label or every one has (nothing left to fit without labels).
 */
export function clampedFit(pool: LabelledRows, trainRows: Uint32Array, input: RowSource, options: FitOptions): { patterns: VotePatterns; options: FitOptions } | null {
  if (pool.rows.length === 0 || pool.rows.length === trainRows.length) return null;
  const free = trainRows.filter((i) => input.gold[i] < 0);
  const patterns = compressVotes({ n: free.length, m: input.m, k: input.k, votes: takeRows(input.votes, input.m, free) });
  return { patterns, options: { ...options, clamped: { matrix: pool.matrix, labels: pool.labels } } };
}
