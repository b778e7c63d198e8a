import type { Sample } from './report';

/** What a drift row draws: two overlaid histograms over shared bins, or category shares side by side. */
export type DriftChart =
  | { kind: 'histogram'; edges: number[]; reference: number[]; current: number[] }
  | { kind: 'categories'; names: string[]; reference: number[]; current: number[] };

export const CHART_BINS = 20;
export const CHART_CATEGORIES = 8;

/** Shares per bin (each side sums to 1); equal-width bins over both samples' range, the last bin closed. */
function histogram(ref: Float64Array, cur: Float64Array, bins: number): DriftChart {
  const lo = Math.min(ref[0], cur[0]);
  const hi = Math.max(ref[ref.length - 1], cur[cur.length - 1]);
  const width = hi > lo ? (hi - lo) / bins : 1;
  const count = (values: Float64Array) => {
    const out = new Array<number>(bins).fill(0);
    for (const v of values) out[Math.min(bins - 1, Math.floor((v - lo) / width))] += 1 / values.length;
    return out;
  };
  return { kind: 'histogram', edges: Array.from({ length: bins + 1 }, (_, b) => lo + b * width), reference: count(ref), current: count(cur) };
}

/** Shares of the most common categories (both sides together); the rest is one "other" bar. */
function categories(ref: readonly (string | number)[], cur: readonly (string | number)[], top: number): DriftChart {
  const counts = new Map<string, [number, number]>();
  const add = (values: readonly (string | number)[], side: 0 | 1) => {
    for (const v of values) {
      const key = String(v);
      let c = counts.get(key);
      if (!c) counts.set(key, (c = [0, 0]));
      c[side]++;
    }
  };
  add(ref, 0);
  add(cur, 1);
  const order = [...counts].sort((a, b) => b[1][0] / ref.length + b[1][1] / cur.length - (a[1][0] / ref.length + a[1][1] / cur.length) || (a[0] < b[0] ? -1 : 1));
  const shown = order.slice(0, top);
  const rest = order.slice(top);
  const names = shown.map(([k]) => k);
  const reference = shown.map(([, c]) => c[0] / ref.length);
  const current = shown.map(([, c]) => c[1] / cur.length);
  if (rest.length) {
    names.push(`other (${rest.length})`);
    reference.push(rest.reduce((s, [, c]) => s + c[0], 0) / ref.length);
    current.push(rest.reduce((s, [, c]) => s + c[1], 0) / cur.length);
  }
  return { kind: 'categories', names, reference, current };
}

/** The chart of one column; a numeric column with ≤ 5 distinct values is drawn as categories, as it is tested. */
export function driftChart(reference: Sample, current: Sample, asCategories: boolean): DriftChart {
  if (reference.kind === 'numeric' && current.kind === 'numeric' && !asCategories) return histogram(reference.sorted, current.sorted, CHART_BINS);
  const values = (s: Sample) => (s.kind === 'numeric' ? Array.from(s.sorted) : s.values);
  return categories(values(reference), values(current), CHART_CATEGORIES);
}
