// Detection: can a logistic regression tell synthetic rows from real ones? Features are the shared
// columns, numbers standardised over both tables together (missing → the mean, i.e. 0) and categories
// one-hot (the most frequent ones; rarer ones share an all-zero code), as SDMetrics' LogisticDetection
// prepares them; the ROC AUC is averaged over 5 stratified folds. AUC 0.5 means indistinguishable;
// score = 1 − (2·max(AUC, 0.5) − 1), SDMetrics' convention (1 = indistinguishable).
// Wide tables: Newton's method holds a d×d system and a row costs the square of its non-zeros, so a
// 20,000-column design (3.2 GB of Hessian) cannot be fitted. A design wider than maxFeatures is hashed
// (the hashing trick) into hashedFeatures signed buckets: every column still counts, none is dropped,
// and the report says how many features went into how many buckets.
import { fnv1a } from '../hash';
import { mulberry32, shuffleInPlace } from '../random';
import { rocAuc } from '../stats/auc';
import { fitLogistic, predictLogistic, type SparseRows } from '../stats/logistic';
import type { ColumnPair } from './prepare';

export interface DetectionOptions {
  folds: number;
  seed: number;
  /** One-hot columns per categorical column (its most frequent categories over both tables). */
  maxCategories: number;
  /** Rows per table at most; larger tables are sampled (seeded) and `rows_used` says so. */
  maxRowsPerTable: number;
  /** Widest design fitted as it is (Newton's system is then at most 1,025², 8 MB). */
  maxFeatures: number;
  /** Signed buckets a wider design is hashed into (a Newton pass then costs ≤ 128²/2 per row). */
  hashedFeatures: number;
}

export const DETECTION_DEFAULTS: DetectionOptions = { folds: 5, seed: 1, maxCategories: 20, maxRowsPerTable: 100_000, maxFeatures: 1024, hashedFeatures: 128 };

export interface DetectionResult {
  metric: 'LogisticDetection';
  auc: number;
  fold_aucs: number[];
  score: number;
  features: number;
  /** Set when the design was hashed: how many standardised and one-hot features went into `features` buckets. */
  hashed_from?: number;
  rows_used: { real: number; synthetic: number };
}

function pick(n: number, max: number, random: () => number): Uint32Array {
  const all = Uint32Array.from({ length: n }, (_, i) => i);
  if (n <= max) return all;
  return shuffleInPlace(all, random).slice(0, max).sort();
}

interface Block {
  width: number;
  /** The row's non-zero within this block: its column (−1 for none) and value, via `out`. */
  entry: (row: number, out: { column: number; value: number }) => void;
}

/**
 * The feature rows, sparse: real rows first, then synthetic ones. Each shared column gives a block —
 * one standardised number, or a one-hot group — and each block has at most one non-zero per row, so a
 * row holds at most as many entries as there are columns.
 */
export function designMatrix(columns: ColumnPair[], realRows: Uint32Array, synthRows: Uint32Array, maxCategories: number, hashing?: { above: number; buckets: number }): SparseRows & { width: number } {
  const n = realRows.length + synthRows.length;
  const blocks: Block[] = [];
  for (const column of columns) {
    if (column.kind === 'numeric') {
      const value = (row: number) => (row < realRows.length ? column.real[realRows[row]] : column.synthetic[synthRows[row - realRows.length]]);
      let count = 0;
      let sum = 0;
      for (let r = 0; r < n; r++) {
        const v = value(r);
        if (!Number.isNaN(v)) (sum += v, count++);
      }
      const mean = count ? sum / count : 0;
      let ss = 0;
      for (let r = 0; r < n; r++) {
        const v = value(r);
        if (!Number.isNaN(v)) ss += (v - mean) ** 2;
      }
      const std = count ? Math.sqrt(ss / count) : 0;
      blocks.push({
        width: 1,
        entry: (row, out) => {
          const v = value(row);
          out.value = Number.isNaN(v) || std === 0 ? 0 : (v - mean) / std;
          out.column = out.value === 0 ? -1 : 0;
        },
      });
    } else {
      const code = (row: number) => (row < realRows.length ? column.real[realRows[row]] : column.synthetic[synthRows[row - realRows.length]]);
      const counts = new Float64Array(column.categories.length);
      for (let r = 0; r < n; r++) if (code(r) >= 0) counts[code(r)]++;
      const top = Array.from(counts.keys()).sort((a, b) => counts[b] - counts[a]).slice(0, maxCategories).filter((c) => counts[c] > 0);
      const slot = new Int32Array(column.categories.length).fill(-1);
      top.forEach((c, i) => (slot[c] = i));
      blocks.push({
        width: top.length,
        entry: (row, out) => {
          const c = code(row);
          out.column = c >= 0 ? slot[c] : -1;
          out.value = 1;
        },
      });
    }
  }
  const offsets = new Uint32Array(blocks.length);
  for (let b = 1; b < blocks.length; b++) offsets[b] = offsets[b - 1] + blocks[b - 1].width;
  const width = blocks.reduce((s, b) => s + b.width, 0);
  const out = { column: -1, value: 0 };
  if (hashing && width > hashing.above) return hashedRows(blocks, columns, n, hashing.buckets, width);
  const start = new Uint32Array(n + 1);
  for (let r = 0; r < n; r++) {
    let count = 0;
    for (const block of blocks) {
      block.entry(r, out);
      if (out.column >= 0) count++;
    }
    start[r + 1] = start[r] + count;
  }
  const index = new Uint32Array(start[n]);
  const value = new Float32Array(start[n]);
  for (let r = 0, t = 0; r < n; r++) {
    blocks.forEach((block, b) => {
      block.entry(r, out);
      if (out.column < 0) return;
      index[t] = offsets[b] + out.column;
      value[t++] = out.value;
    });
  }
  return { d: width, width, start, index, value };
}

/**
 * Feature f of block b (a column's number, or one of its categories) adds ±value to one of `buckets`
 * columns; bucket and sign come from a hash of the column's name and f, so they do not depend on the
 * column order. Rows come out dense (a bucket is rarely empty), in ascending bucket order.
 */
function hashedRows(blocks: Block[], columns: ColumnPair[], n: number, buckets: number, width: number): SparseRows & { width: number } {
  const bucketOf = blocks.map((block, b) => Uint32Array.from({ length: block.width }, (_, f) => fnv1a(`${columns[b].name}\u0000${f}`)));
  const out = { column: -1, value: 0 };
  const row = new Float64Array(buckets);
  const start = new Uint32Array(n + 1);
  const index = new Uint32Array(n * buckets);
  const value = new Float32Array(n * buckets);
  let t = 0;
  for (let r = 0; r < n; r++) {
    row.fill(0);
    for (let b = 0; b < blocks.length; b++) {
      blocks[b].entry(r, out);
      if (out.column < 0) continue;
      // The hash's low bit is the sign, the rest picks the bucket.
      const h = bucketOf[b][out.column];
      row[(h >>> 1) % buckets] += h & 1 ? -out.value : out.value;
    }
    for (let k = 0; k < buckets; k++) {
      if (row[k] === 0) continue;
      index[t] = k;
      value[t++] = row[k];
    }
    start[r + 1] = t;
  }
  return { d: buckets, width, start, index: index.slice(0, t), value: value.slice(0, t) };
}

/** Stratified k-fold assignment: each class shuffled (seeded) and dealt round-robin into the folds. */
export function stratifiedFolds(labels: Uint8Array, folds: number, random: () => number): Uint8Array {
  const fold = new Uint8Array(labels.length);
  for (const cls of [0, 1]) {
    const members = Uint32Array.from(labels.keys()).filter((i) => labels[i] === cls);
    shuffleInPlace(members, random);
    members.forEach((row, i) => (fold[row] = i % folds));
  }
  return fold;
}

export function detection(columns: ColumnPair[], realRows: number, syntheticRows: number, options: DetectionOptions = DETECTION_DEFAULTS): DetectionResult {
  const random = mulberry32(options.seed);
  const r = pick(realRows, options.maxRowsPerTable, random);
  const s = pick(syntheticRows, options.maxRowsPerTable, random);
  const x = designMatrix(columns, r, s, options.maxCategories, { above: options.maxFeatures, buckets: options.hashedFeatures });
  const n = r.length + s.length;
  const labels = new Uint8Array(n);
  labels.fill(1, r.length);
  const fold = stratifiedFolds(labels, options.folds, random);
  const foldAucs: number[] = [];
  for (let f = 0; f < options.folds; f++) {
    const train = Uint32Array.from(fold.keys()).filter((i) => fold[i] !== f);
    const test = Uint32Array.from(fold.keys()).filter((i) => fold[i] === f);
    // A hashed design has about as many features as rows: sklearn's default penalty (C = 1, l2 = 1/n) keeps Newton from
    // chasing a near-separating fit for its 50 iterations; a design fitted as it is keeps the small one.
    const model = fitLogistic(x, labels, train, x.width > x.d ? { l2: 1 / train.length } : {});
    const scores = Float64Array.from(test, (row) => predictLogistic(model, x, row));
    foldAucs.push(rocAuc(scores, Uint8Array.from(test, (row) => labels[row])));
  }
  const auc = foldAucs.reduce((a, b) => a + b, 0) / foldAucs.length;
  return {
    metric: 'LogisticDetection',
    auc,
    fold_aucs: foldAucs,
    score: 1 - (2 * Math.max(auc, 0.5) - 1),
    features: x.d,
    ...(x.width > x.d ? { hashed_from: x.width } : {}),
    rows_used: { real: r.length, synthetic: s.length },
  };
}
