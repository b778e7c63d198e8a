// Column shapes and column pair trends, SDMetrics' definitions (Quality Report):
//   numeric shape: KSComplement = 1 − two-sample KS statistic; categorical: TVComplement = 1 − ½Σ|p_r − p_s|.
//   numeric pair: CorrelationSimilarity = 1 − |r_real − r_synth| / 2 (Pearson, rows where both are present);
//   a pair with a categorical column: ContingencySimilarity = 1 − ½Σ|p_r(a,b) − p_s(a,b)|, numeric columns
//   cut into 10 equal-width bins over the real column's [min, max], synthetic values outside → edge bins.
// Missing cells are left out of every metric (a row with a missing value in either column, for pairs).
import { ksScaledStatistic } from '../stats/ks2';
import { sortedPair, type ColumnPair, type NumericPair, type SortedPair } from './prepare';

export const CONTINGENCY_BINS = 10;

export interface ColumnShape {
  metric: 'KSComplement' | 'TVComplement';
  score: number;
}

export interface PairTrend {
  columns: [string, string];
  metric: 'CorrelationSimilarity' | 'ContingencySimilarity';
  score: number;
  real_correlation?: number;
  synthetic_correlation?: number;
}

export interface UndefinedPair {
  columns: [string, string];
  metric: 'CorrelationSimilarity' | 'ContingencySimilarity';
  reason: string;
}

/** `sorted`: the numeric column's sorted present values, when the caller has them already. */
export function columnShape(column: ColumnPair, sorted?: SortedPair): ColumnShape {
  if (column.kind === 'numeric') {
    const { real, synthetic } = sorted ?? sortedPair(column);
    return { metric: 'KSComplement', score: 1 - ksScaledStatistic(real, synthetic) / (real.length * synthetic.length) };
  }
  const k = column.categories.length;
  const real = new Float64Array(k);
  const synthetic = new Float64Array(k);
  let nr = 0;
  let ns = 0;
  for (const c of column.real) if (c >= 0) (real[c]++, nr++);
  for (const c of column.synthetic) if (c >= 0) (synthetic[c]++, ns++);
  let tv = 0;
  for (let i = 0; i < k; i++) tv += Math.abs(real[i] / nr - synthetic[i] / ns);
  return { metric: 'TVComplement', score: 1 - tv / 2 };
}

/** Pearson r over the rows where both values are present; NaN when either side has no spread. */
export function pearson(x: Float64Array, y: Float64Array): number {
  let n = 0;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]) || Number.isNaN(y[i])) continue;
    n++;
    mx += x[i];
    my += y[i];
  }
  if (n < 2) return NaN;
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]) || Number.isNaN(y[i])) continue;
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return NaN;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** Codes per row for the contingency table (−1 = missing): category codes, or bins over the real range. */
export interface Coded {
  name: string;
  levels: number;
  real: Int32Array | Int8Array;
  synthetic: Int32Array | Int8Array;
}

export function binIndex(v: number, min: number, max: number, bins = CONTINGENCY_BINS): number {
  if (max === min) return v > max ? bins - 1 : 0;
  const b = Math.floor(((v - min) / (max - min)) * bins);
  return b < 0 ? 0 : b >= bins ? bins - 1 : b;
}

/** Categories keep their codes (no copy); a numeric column's bins take a byte per row. */
export function coded(column: ColumnPair): Coded {
  if (column.kind === 'categorical') return { name: column.name, levels: column.categories.length, real: column.real, synthetic: column.synthetic };
  const { min, max } = column.realExtent;
  const bin = (values: Float64Array) => {
    const out = new Int8Array(values.length);
    for (let i = 0; i < values.length; i++) out[i] = Number.isNaN(values[i]) ? -1 : binIndex(values[i], min, max);
    return out;
  };
  return { name: column.name, levels: CONTINGENCY_BINS, real: bin(column.real), synthetic: bin(column.synthetic) };
}

/** Level combinations counted in a dense table; pairs with more are counted by sorting their keys. */
const DENSE_CELLS = 1 << 16;

/**
 * Buffers one pass over all pairs reuses, so that no pair allocates: a dense count table per side, and
 * key buffers as long as the longest table for pairs of many-level columns (a 200k-category text column
 * against a numeric one has 2M combinations: two dense tables would take 32 MB per pair).
 */
export class ContingencyScratch {
  readonly realCounts = new Int32Array(DENSE_CELLS);
  readonly syntheticCounts = new Int32Array(DENSE_CELLS);
  private realKeys = new Float64Array(0);
  private syntheticKeys = new Float64Array(0);

  keys(side: 'real' | 'synthetic', length: number): Float64Array {
    if (side === 'real') return this.realKeys.length >= length ? this.realKeys : (this.realKeys = new Float64Array(length));
    return this.syntheticKeys.length >= length ? this.syntheticKeys : (this.syntheticKeys = new Float64Array(length));
  }
}

/** The joint keys (a · levelsB + b, exact below 2^53) of the rows where both codes are present, sorted. */
function sortedJointKeys(a: Coded['real'], b: Coded['real'], levelsB: number, buffer: Float64Array): Float64Array {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] >= 0 && b[i] >= 0) buffer[n++] = a[i] * levelsB + b[i];
  return buffer.subarray(0, n).sort();
}

/**
 * ContingencySimilarity of two coded columns. Both ways of counting add |p_r − p_s| over the occurring
 * combinations in ascending key order (an empty cell adds exactly 0), so they give the same sum. A side
 * where no row has both values has no shares: the similarity is undefined (NaN).
 */
export function contingencySimilarity(a: Coded, b: Coded, scratch = new ContingencyScratch()): number {
  const cells = a.levels * b.levels;
  let tv = 0;
  if (cells <= DENSE_CELLS) {
    const real = scratch.realCounts.fill(0, 0, cells);
    const synthetic = scratch.syntheticCounts.fill(0, 0, cells);
    let nr = 0;
    let ns = 0;
    for (let i = 0; i < a.real.length; i++) if (a.real[i] >= 0 && b.real[i] >= 0) (real[a.real[i] * b.levels + b.real[i]]++, nr++);
    for (let i = 0; i < a.synthetic.length; i++) if (a.synthetic[i] >= 0 && b.synthetic[i] >= 0) (synthetic[a.synthetic[i] * b.levels + b.synthetic[i]]++, ns++);
    for (let i = 0; i < cells; i++) tv += Math.abs(real[i] / nr - synthetic[i] / ns);
    return 1 - tv / 2;
  }
  const real = sortedJointKeys(a.real, b.real, b.levels, scratch.keys('real', a.real.length));
  const synthetic = sortedJointKeys(a.synthetic, b.synthetic, b.levels, scratch.keys('synthetic', a.synthetic.length));
  const nr = real.length;
  const ns = synthetic.length;
  if (nr === 0 || ns === 0) return NaN;
  for (let i = 0, j = 0; i < nr || j < ns; ) {
    const key = j >= ns || (i < nr && real[i] <= synthetic[j]) ? real[i] : synthetic[j];
    let cr = 0;
    let cs = 0;
    while (i < nr && real[i] === key) (cr++, i++);
    while (j < ns && synthetic[j] === key) (cs++, j++);
    tv += Math.abs(cr / nr - cs / ns);
  }
  return 1 - tv / 2;
}

/**
 * A scorer of one column pair: its trend, or why it has none. Binned codes of numeric columns are made
 * once per column, when a pair with a categorical column first needs them.
 */
export function pairTrend(): (a: ColumnPair, b: ColumnPair) => PairTrend | UndefinedPair {
  const codes = new Map<string, Coded>();
  const scratch = new ContingencyScratch();
  const codeOf = (c: ColumnPair) => {
    let v = codes.get(c.name);
    if (!v) codes.set(c.name, (v = coded(c)));
    return v;
  };
  return (a, b) => {
    const names: [string, string] = [a.name, b.name];
    if (a.kind === 'numeric' && b.kind === 'numeric') {
      const rr = pearson(a.real, b.real);
      const rs = pearson(a.synthetic, b.synthetic);
      if (Number.isNaN(rr) || Number.isNaN(rs)) return { columns: names, metric: 'CorrelationSimilarity', reason: undefinedReason(a, b, Number.isNaN(rr) ? 'real' : 'synthetic') };
      return { columns: names, metric: 'CorrelationSimilarity', score: 1 - Math.abs(rr - rs) / 2, real_correlation: rr, synthetic_correlation: rs };
    }
    const score = contingencySimilarity(codeOf(a), codeOf(b), scratch);
    if (Number.isNaN(score)) return { columns: names, metric: 'ContingencySimilarity', reason: noJointRows(a, b) };
    return { columns: names, metric: 'ContingencySimilarity', score };
  };
}

/** Every column pair, in order (i < j). Quadratic: the report goes through pairTrendsBounded. */
export function pairTrends(columns: ColumnPair[]): { pairs: PairTrend[]; undefinedPairs: UndefinedPair[] } {
  const pairs: PairTrend[] = [];
  const undefinedPairs: UndefinedPair[] = [];
  const score = pairTrend();
  for (let i = 0; i < columns.length; i++) {
    for (let j = i + 1; j < columns.length; j++) {
      const trend = score(columns[i], columns[j]);
      if ('reason' in trend) undefinedPairs.push(trend);
      else pairs.push(trend);
    }
  }
  return { pairs, undefinedPairs };
}

function undefinedReason(a: NumericPair, b: NumericPair, side: 'real' | 'synthetic'): string {
  const constant = [a, b].filter((c) => {
    const e = side === 'real' ? c.realExtent : c.syntheticExtent;
    return e.present > 0 && e.min === e.max;
  });
  if (constant.length) return `correlation undefined: ${constant.map((c) => `"${c.name}"`).join(' and ')} ${constant.length > 1 ? 'are' : 'is'} constant in the ${side} table`;
  return `correlation undefined: fewer than two ${side} rows have both values, or one has no spread there`;
}

/** Why a contingency table is empty: no row of one table has values in both columns. */
function noJointRows(a: ColumnPair, b: ColumnPair): string {
  const present = (c: ColumnPair, which: 'real' | 'synthetic', row: number) => (c.kind === 'numeric' ? !Number.isNaN(c[which][row]) : c[which][row] >= 0);
  const joint = (which: 'real' | 'synthetic') => {
    for (let row = 0; row < a[which].length; row++) if (present(a, which, row) && present(b, which, row)) return true;
    return false;
  };
  return `contingency undefined: no ${joint('real') ? 'synthetic' : 'real'} row has values in both columns`;
}
