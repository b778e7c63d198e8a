// Column and dataset drift with Evidently's default test choice (evidently.calculations.stattests,
// `get_stattest` defaults, drift_share 0.5), over the non-missing values of each column:
//   reference ≤ 1,000 values: numeric with > 5 distinct values (both samples together) → two-sample KS,
//     ≤ 2 distinct → two-proportion z-test, else chi-square goodness of fit; all drift when p < 0.05.
//   reference > 1,000 values: numeric with > 5 distinct → Wasserstein / std(reference), drift ≥ 0.1;
//     anything else → Jensen–Shannon distance (natural log) of the category shares, drift ≥ 0.1.
// A numeric column with ≤ 5 distinct values is compared as categories, as Evidently does.
import { ks2Sorted } from '../stats/ks2';
import { chiSquareGoodnessOfFit, jensenShannonDistance, normedWasserstein, proportionZTest } from '../stats/tests';
import { columnKind, presentTexts, sortedNumbers, type StringTable } from './columns';

export const DRIFT_DEFAULTS = {
  /** Reference sizes up to this use the p-value tests; larger ones use the distances. */
  smallReference: 1000,
  pValue: 0.05,
  distance: 0.1,
  /** Numeric columns with more distinct values than this are compared as distributions. */
  categoricalMaxDistinct: 5,
  datasetShare: 0.5,
} as const;

export type DriftTest = 'ks' | 'z' | 'chisquare' | 'wasserstein' | 'jensenshannon';

export interface ColumnDrift {
  type: 'numeric' | 'categorical';
  test: DriftTest;
  statistic: number | null;
  p_value?: number;
  drift: boolean;
  threshold: number;
  reference_count: number;
  current_count: number;
  note?: string;
}

export type ColumnProblem = 'only-in-reference' | 'only-in-current' | 'all-missing' | 'type-mismatch';

export interface DriftReport {
  columns: Record<string, ColumnDrift>;
  share_drifted: number;
  dataset_drift: boolean;
  /** Columns left out of the share, each with why. */
  skipped: { column: string; problem: ColumnProblem; message: string }[];
}

/** One column's present values, typed: numbers sorted ascending, or category texts. */
export type Sample = { kind: 'numeric'; sorted: Float64Array } | { kind: 'categorical'; values: readonly string[] };

export function sampleOf(cells: readonly string[]): Sample | null {
  const kind = columnKind(cells);
  if (kind === 'empty') return null;
  return kind === 'numeric' ? { kind, sorted: sortedNumbers(cells) } : { kind, values: presentTexts(cells) };
}

function distinctSorted(a: Float64Array, b: Float64Array, stopAbove: number): number {
  let i = 0;
  let j = 0;
  let count = 0;
  while (i < a.length || j < b.length) {
    const v = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
    count++;
    if (count > stopAbove) return count;
    while (i < a.length && a[i] === v) i++;
    while (j < b.length && b[j] === v) j++;
  }
  return count;
}

interface Categories {
  keys: string[];
  ref: Float64Array;
  cur: Float64Array;
}

/**
 * Counts over the union of categories, in first-seen order. Only the z-test needs an order (the
 * first category when sorted), and it sorts its two keys itself; a text column can have a million keys.
 */
function categoriesOf(reference: Sample, current: Sample): Categories {
  const index = new Map<string | number, number>();
  let ref = new Float64Array(64);
  let cur = new Float64Array(64);
  const add = (sample: Sample, side: 0 | 1) => {
    const values: ArrayLike<string | number> = sample.kind === 'numeric' ? sample.sorted : sample.values;
    for (let i = 0; i < values.length; i++) {
      let slot = index.get(values[i]);
      if (slot === undefined) {
        slot = index.size;
        index.set(values[i], slot);
        if (slot >= ref.length) {
          const grow = (a: Float64Array) => {
            const b = new Float64Array(a.length * 2);
            b.set(a);
            return b;
          };
          ref = grow(ref);
          cur = grow(cur);
        }
      }
      (side === 0 ? ref : cur)[slot]++;
    }
  };
  add(reference, 0);
  add(current, 1);
  const keys = [...index.keys()];
  if (keys.length <= 2) {
    const order = keys.map((_, i) => i).sort((a, b) => compareKeys(keys[a], keys[b]));
    return { keys: order.map((i) => String(keys[i])), ref: Float64Array.from(order, (i) => ref[i]), cur: Float64Array.from(order, (i) => cur[i]) };
  }
  return { keys: keys.map(String), ref: ref.slice(0, keys.length), cur: cur.slice(0, keys.length) };
}

/** Ascending: numbers numerically, texts by UTF-16 code unit (Python sorts by code point; they differ only beyond U+FFFF). */
function compareKeys(x: string | number, y: string | number): number {
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  const a = String(x);
  const b = String(y);
  return a < b ? -1 : a > b ? 1 : 0;
}

const countOf = (s: Sample) => (s.kind === 'numeric' ? s.sorted.length : s.values.length);

/** Drift of one column between two samples of the same type. */
export function columnDrift(reference: Sample, current: Sample, options = DRIFT_DEFAULTS): ColumnDrift {
  const refN = countOf(reference);
  const curN = countOf(current);
  const small = refN <= options.smallReference;
  const base = { type: reference.kind, reference_count: refN, current_count: curN };
  const asDistribution =
    reference.kind === 'numeric' && current.kind === 'numeric' && distinctSorted(reference.sorted, current.sorted, options.categoricalMaxDistinct) > options.categoricalMaxDistinct;
  if (asDistribution && reference.kind === 'numeric' && current.kind === 'numeric') {
    if (small) {
      const ks = ks2Sorted(reference.sorted, current.sorted);
      return { ...base, test: 'ks', statistic: ks.statistic, p_value: ks.pValue, drift: ks.pValue < options.pValue, threshold: options.pValue };
    }
    const score = normedWasserstein(reference.sorted, current.sorted);
    return { ...base, test: 'wasserstein', statistic: score, drift: score >= options.distance, threshold: options.distance };
  }
  const cats = categoriesOf(reference, current);
  if (!small) {
    const score = jensenShannonDistance(cats.ref, cats.cur);
    return { ...base, test: 'jensenshannon', statistic: score, drift: score >= options.distance, threshold: options.distance };
  }
  if (cats.keys.length <= 2) {
    // The share of the reference's first category (sorted); with two values the other share gives the same p.
    const firstRef = cats.ref.findIndex((c) => c > 0);
    const z = proportionZTest(cats.ref[firstRef], refN, cats.cur[firstRef], curN);
    const note = cats.keys.length === 1 ? 'constant: one value in both tables' : `share of "${cats.keys[firstRef]}"`;
    return { ...base, test: 'z', statistic: z.statistic, p_value: z.pValue, drift: z.pValue < options.pValue, threshold: options.pValue, note };
  }
  const chi = chiSquareGoodnessOfFit(cats.ref, cats.cur);
  const unseen = cats.keys.filter((_, i) => cats.ref[i] === 0);
  return {
    ...base,
    test: 'chisquare',
    statistic: Number.isFinite(chi.statistic) ? chi.statistic : null,
    p_value: chi.pValue,
    drift: chi.pValue < options.pValue,
    threshold: options.pValue,
    ...(unseen.length ? { note: `categories absent from the reference make the statistic infinite: ${unseen.slice(0, 5).map((k) => `"${k}"`).join(', ')}` } : {}),
  };
}

/** Drift of every column the two tables share; the `id` column is ignored. */
export function driftReport(reference: StringTable, current: StringTable, options = DRIFT_DEFAULTS): DriftReport {
  const columns: Record<string, ColumnDrift> = {};
  const skipped: DriftReport['skipped'] = [];
  const currentIndex = new Map(current.names.map((n, i) => [n, i]));
  const referenceNames = new Set(reference.names);
  for (let c = 0; c < reference.names.length; c++) {
    const name = reference.names[c];
    if (name === 'id') continue;
    const ci = currentIndex.get(name);
    if (ci === undefined) {
      skipped.push({ column: name, problem: 'only-in-reference', message: `Column "${name}" is in the reference table only.` });
      continue;
    }
    const ref = sampleOf(reference.columns[c]);
    const cur = sampleOf(current.columns[ci]);
    if (!ref || !cur) {
      const where = !ref && !cur ? 'both tables' : !ref ? 'the reference table' : 'the current table';
      skipped.push({ column: name, problem: 'all-missing', message: `Column "${name}" has no values in ${where}.` });
      continue;
    }
    if (ref.kind !== cur.kind) {
      skipped.push({
        column: name,
        problem: 'type-mismatch',
        message: `Column "${name}" is ${ref.kind} in the reference table but ${cur.kind} in the current table.`,
      });
      continue;
    }
    columns[name] = columnDrift(ref, cur, options);
  }
  for (const name of current.names) {
    if (name !== 'id' && !referenceNames.has(name)) skipped.push({ column: name, problem: 'only-in-current', message: `Column "${name}" is in the current table only.` });
  }
  const tested = Object.values(columns);
  const drifted = tested.filter((c) => c.drift).length;
  const share = tested.length ? drifted / tested.length : 0;
  return { columns, share_drifted: share, dataset_drift: tested.length > 0 && share >= options.datasetShare, skipped };
}
