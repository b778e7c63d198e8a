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
import { ColumnBlocks, type ColumnBlock } from '../stats/column-blocks';
import { fitLogistic, predictLogistic, type DesignRows, type SparseRows } from '../stats/logistic';
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

/** The `k` most frequent codes with a count above 0, most frequent first, ties to the lower code (a stable sort's order). */
function topCodes(counts: Float64Array, k: number): number[] {
  const top: number[] = [];
  for (let c = 0; c < counts.length; c++) {
    if (counts[c] === 0 || (top.length === k && counts[c] <= counts[top[k - 1]])) continue;
    let at = top.length;
    while (at > 0 && counts[top[at - 1]] < counts[c]) at--;
    top.splice(at, 0, c);
    if (top.length > k) top.pop();
  }
  return top;
}

/**
 * The feature rows, real rows first, then synthetic ones, as one block per shared column: one
 * standardised number (single precision), or a one-hot group over the column's most frequent
 * categories. Each block has at most one non-zero per row, so it is one array over the rows.
 */
export function designMatrix(columns: ColumnPair[], realRows: Uint32Array, synthRows: Uint32Array, maxCategories: number): ColumnBlocks {
  const n = realRows.length + synthRows.length;
  const blocks: ColumnBlock[] = [];
  let d = 0;
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
      const numbers = new Float32Array(n);
      if (std > 0) {
        for (let r = 0; r < n; r++) {
          const v = value(r);
          if (!Number.isNaN(v)) numbers[r] = (v - mean) / std;
        }
      }
      blocks.push({ offset: d, numbers, slots: null });
      d += 1;
    } else {
      const code = (row: number) => (row < realRows.length ? column.real[realRows[row]] : column.synthetic[synthRows[row - realRows.length]]);
      const counts = new Float64Array(column.categories.length);
      for (let r = 0; r < n; r++) if (code(r) >= 0) counts[code(r)]++;
      const top = topCodes(counts, maxCategories);
      const slot = new Int32Array(column.categories.length).fill(-1);
      top.forEach((c, i) => (slot[c] = i));
      const slots = top.length < 1 << 15 ? new Int16Array(n) : new Int32Array(n);
      for (let r = 0; r < n; r++) {
        const c = code(r);
        slots[r] = c >= 0 ? slot[c] : -1;
      }
      blocks.push({ offset: d, numbers: null, slots });
      d += top.length;
    }
  }
  return new ColumnBlocks(d, blocks);
}

/**
 * Feature f of column b (its number, or one of its categories) adds ±value to one of `buckets`
 * columns; bucket and sign come from a hash of the column's name and f, so they do not depend on the
 * column order. Rows come out dense (a bucket is rarely empty), in ascending bucket order.
 */
export function hashedDesign(x: ColumnBlocks, columns: ColumnPair[], n: number, buckets: number): SparseRows {
  const hashOf = new Uint32Array(x.d);
  x.blocks.forEach((block, b) => {
    const width = (x.blocks[b + 1]?.offset ?? x.d) - block.offset;
    for (let f = 0; f < width; f++) hashOf[block.offset + f] = fnv1a(`${columns[b].name}\u0000${f}`);
  });
  const readIndex = new Uint32Array(x.blocks.length);
  const readValue = new Float32Array(x.blocks.length);
  const row = new Float64Array(buckets);
  const start = new Uint32Array(n + 1);
  const index = new Uint32Array(n * buckets);
  const value = new Float32Array(n * buckets);
  let t = 0;
  for (let r = 0; r < n; r++) {
    row.fill(0);
    const got = x.read(r, readIndex, readValue);
    for (let k = 0; k < got; k++) {
      // The hash's low bit is the sign, the rest picks the bucket.
      const h = hashOf[readIndex[k]];
      row[(h >>> 1) % buckets] += h & 1 ? -readValue[k] : readValue[k];
    }
    for (let k = 0; k < buckets; k++) {
      if (row[k] === 0) continue;
      index[t] = k;
      value[t++] = row[k];
    }
    start[r + 1] = t;
  }
  return { d: buckets, start, index: index.slice(0, t), value: value.slice(0, t) };
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

/** Rows outside fold `f` and rows in it, each ascending. */
function splitFold(fold: Uint8Array, f: number): [Uint32Array, Uint32Array] {
  let inFold = 0;
  for (let i = 0; i < fold.length; i++) if (fold[i] === f) inFold++;
  const train = new Uint32Array(fold.length - inFold);
  const test = new Uint32Array(inFold);
  for (let i = 0, a = 0, b = 0; i < fold.length; i++) {
    if (fold[i] === f) test[b++] = i;
    else train[a++] = i;
  }
  return [train, test];
}

export function detection(columns: ColumnPair[], realRows: number, syntheticRows: number, options: DetectionOptions = DETECTION_DEFAULTS): DetectionResult {
  const random = mulberry32(options.seed);
  const r = pick(realRows, options.maxRowsPerTable, random);
  const s = pick(syntheticRows, options.maxRowsPerTable, random);
  const n = r.length + s.length;
  const blocks = designMatrix(columns, r, s, options.maxCategories);
  const width = blocks.d;
  const x: DesignRows = width > options.maxFeatures ? hashedDesign(blocks, columns, n, options.hashedFeatures) : blocks;
  const labels = new Uint8Array(n);
  labels.fill(1, r.length);
  const fold = stratifiedFolds(labels, options.folds, random);
  const foldAucs: number[] = [];
  for (let f = 0; f < options.folds; f++) {
    const [train, test] = splitFold(fold, f);
    // A hashed design has about as many features as rows: sklearn's default penalty (C = 1, l2 = 1/n) keeps Newton from
    // chasing a near-separating fit for its 50 iterations; a design fitted as it is keeps the small one.
    const model = fitLogistic(x, labels, train, width > x.d ? { l2: 1 / train.length } : {});
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
    ...(width > x.d ? { hashed_from: width } : {}),
    rows_used: { real: r.length, synthetic: s.length },
  };
}
