// Detection: can a logistic regression tell synthetic rows from real ones? Features are the shared
// columns, numbers standardised over both tables together (missing → the mean, i.e. 0) and categories
// one-hot (the most frequent ones; rarer ones share an all-zero code), as SDMetrics' LogisticDetection
// prepares them; the ROC AUC is averaged over 5 stratified folds. AUC 0.5 means indistinguishable;
// score = 1 − (2·max(AUC, 0.5) − 1), SDMetrics' convention (1 = indistinguishable).
import { mulberry32, shuffleInPlace } from '../random';
import { rocAuc } from '../stats/auc';
import { ColumnBlocks, type ColumnBlock } from '../stats/column-blocks';
import { fitLogistic, predictLogistic } from '../stats/logistic';
import type { ColumnPair } from './prepare';

export interface DetectionOptions {
  folds: number;
  seed: number;
  /** One-hot columns per categorical column (its most frequent categories over both tables). */
  maxCategories: number;
  /** Rows per table at most; larger tables are sampled (seeded) and `rows_used` says so. */
  maxRowsPerTable: number;
}

export const DETECTION_DEFAULTS: DetectionOptions = { folds: 5, seed: 1, maxCategories: 20, maxRowsPerTable: 100_000 };

export interface DetectionResult {
  metric: 'LogisticDetection';
  auc: number;
  fold_aucs: number[];
  score: number;
  features: number;
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
  const x = designMatrix(columns, r, s, options.maxCategories);
  const n = r.length + s.length;
  const labels = new Uint8Array(n);
  labels.fill(1, r.length);
  const fold = stratifiedFolds(labels, options.folds, random);
  const foldAucs: number[] = [];
  for (let f = 0; f < options.folds; f++) {
    const [train, test] = splitFold(fold, f);
    const model = fitLogistic(x, labels, train);
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
    rows_used: { real: r.length, synthetic: s.length },
  };
}
