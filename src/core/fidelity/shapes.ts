// Column shapes and column pair trends, SDMetrics' definitions (Quality Report):
//   numeric shape: KSComplement = 1 − two-sample KS statistic; categorical: TVComplement = 1 − ½Σ|p_r − p_s|.
//   numeric pair: CorrelationSimilarity = 1 − |r_real − r_synth| / 2 (Pearson, rows where both are present);
//   a pair with a categorical column: ContingencySimilarity = 1 − ½Σ|p_r(a,b) − p_s(a,b)|, numeric columns
//   cut into 10 equal-width bins over the real column's [min, max], synthetic values outside → edge bins.
// Missing cells are left out of every metric (a row with a missing value in either column, for pairs).
import { ksScaledStatistic } from '../stats/ks2';
import type { ColumnPair, NumericPair } from './prepare';

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
  metric: 'CorrelationSimilarity';
  reason: string;
}

export function columnShape(column: ColumnPair): ColumnShape {
  if (column.kind === 'numeric') {
    const n1 = column.realSorted.length;
    const n2 = column.syntheticSorted.length;
    return { metric: 'KSComplement', score: 1 - ksScaledStatistic(column.realSorted, column.syntheticSorted) / (n1 * n2) };
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

/** Category codes for the contingency table: bins for numbers (over the real range), codes for categories. */
export interface Coded {
  name: string;
  levels: number;
  real: Int32Array;
  synthetic: Int32Array;
}

export function binIndex(v: number, min: number, max: number, bins = CONTINGENCY_BINS): number {
  if (max === min) return v > max ? bins - 1 : 0;
  const b = Math.floor(((v - min) / (max - min)) * bins);
  return b < 0 ? 0 : b >= bins ? bins - 1 : b;
}

export function coded(column: ColumnPair): Coded {
  if (column.kind === 'categorical') return { name: column.name, levels: column.categories.length, real: column.real, synthetic: column.synthetic };
  const min = column.realSorted[0];
  const max = column.realSorted[column.realSorted.length - 1];
  const bin = (values: Float64Array) => {
    const out = new Int32Array(values.length);
    for (let i = 0; i < values.length; i++) out[i] = Number.isNaN(values[i]) ? -1 : binIndex(values[i], min, max);
    return out;
  };
  return { name: column.name, levels: CONTINGENCY_BINS, real: bin(column.real), synthetic: bin(column.synthetic) };
}

function jointShares(a: Int32Array, b: Int32Array, levelsB: number): Map<number, number> {
  let total = 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    if (a[i] < 0 || b[i] < 0) continue;
    const key = a[i] * levelsB + b[i];
    counts.set(key, (counts.get(key) ?? 0) + 1);
    total++;
  }
  for (const [k, v] of counts) counts.set(k, v / total);
  return counts;
}

/** ContingencySimilarity of two coded columns. */
export function contingencySimilarity(a: Coded, b: Coded): number {
  const cells = a.levels * b.levels;
  if (cells <= 1 << 22) {
    const real = new Float64Array(cells);
    const synthetic = new Float64Array(cells);
    let nr = 0;
    let ns = 0;
    for (let i = 0; i < a.real.length; i++) if (a.real[i] >= 0 && b.real[i] >= 0) (real[a.real[i] * b.levels + b.real[i]]++, nr++);
    for (let i = 0; i < a.synthetic.length; i++) if (a.synthetic[i] >= 0 && b.synthetic[i] >= 0) (synthetic[a.synthetic[i] * b.levels + b.synthetic[i]]++, ns++);
    let tv = 0;
    for (let i = 0; i < cells; i++) tv += Math.abs(real[i] / nr - synthetic[i] / ns);
    return 1 - tv / 2;
  }
  // Too many level combinations for a dense table (two high-cardinality columns): count what occurs.
  const real = jointShares(a.real, b.real, b.levels);
  const synthetic = jointShares(a.synthetic, b.synthetic, b.levels);
  let tv = 0;
  for (const [k, p] of real) tv += Math.abs(p - (synthetic.get(k) ?? 0));
  for (const [k, p] of synthetic) if (!real.has(k)) tv += p;
  return 1 - tv / 2;
}

/**
 * A scorer of one column pair: its trend, or why it has none. Binned codes of numeric columns are made
 * once per column, when a pair with a categorical column first needs them.
 */
export function pairTrend(): (a: ColumnPair, b: ColumnPair) => PairTrend | UndefinedPair {
  const codes = new Map<string, Coded>();
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
    return { columns: names, metric: 'ContingencySimilarity', score: contingencySimilarity(codeOf(a), codeOf(b)) };
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
    const s = side === 'real' ? c.realSorted : c.syntheticSorted;
    return s.length > 0 && s[0] === s[s.length - 1];
  });
  if (constant.length) return `correlation undefined: ${constant.map((c) => `"${c.name}"`).join(' and ')} ${constant.length > 1 ? 'are' : 'is'} constant in the ${side} table`;
  return `correlation undefined: fewer than two ${side} rows have both values, or one has no spread there`;
}
