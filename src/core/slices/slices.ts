// Canary metrics per slice. A slice is a set of labelled canary rows: the rows sharing a field value, the
// rows in one quantile bin of a numeric or date field, or the rows a labeling function votes on (an LF used
// as a slicing function). Each slice gets accuracy with a Wilson 95 % interval and macro-F1 with a
// percentile-bootstrap 95 % interval; the worst slice is the one with the lowest accuracy among slices of
// at least `minSize` rows, and a slice is "significantly worse" when its whole accuracy interval lies
// below the overall accuracy.
import { SiftError } from '../errors';
import { isMissing, parsesAsNumber } from '../drift/columns';
import { classificationReport } from '../metrics/classification';
import { parseDatetime } from '../table/infer';
import { bootstrapMacroF1, wilsonInterval, type Interval } from './intervals';

export const SLICE_DEFAULTS = {
  /** Slices with fewer labelled canary rows are listed as left out: their intervals say nothing. */
  minSize: 5,
  /** Field values beyond this many (by size) are left out, so a near-unique field does not flood the table. */
  maxValues: 50,
  bins: 4,
} as const;

export interface SliceGroup {
  name: string;
  /** Positions into the labelled canary rows. */
  rows: Uint32Array;
}

export interface SliceRow {
  name: string;
  size: number;
  correct: number;
  accuracy: number;
  accuracyCI: Interval;
  macroF1: number;
  macroF1CI: Interval;
  worst: boolean;
  significantlyWorse: boolean;
}

export interface SliceReport {
  overall: { size: number; accuracy: number; accuracyCI: Interval; macroF1: number };
  /** Ascending accuracy: the worst first. */
  rows: SliceRow[];
  /** Slices under minSize rows: how many, and their names (first few). */
  leftOut: { count: number; names: string[] };
}

function pick(values: Int16Array, rows: Uint32Array): Int16Array {
  const out = new Int16Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]];
  return out;
}

/** Scores each group on (gold, predicted) rows; predicted < 0 (abstained) counts as wrong. */
export function sliceReport(groups: readonly SliceGroup[], gold: Int16Array, predicted: Int16Array, k: number, options: { minSize?: number; rounds?: number } = {}): SliceReport {
  if (gold.length !== predicted.length) throw new SiftError('slices/length', `There are ${gold.length} gold labels and ${predicted.length} predictions; they must match.`);
  const minSize = options.minSize ?? SLICE_DEFAULTS.minSize;
  let correctAll = 0;
  for (let i = 0; i < gold.length; i++) if (gold[i] === predicted[i]) correctAll++;
  const overallAccuracy = gold.length ? correctAll / gold.length : NaN;
  const overall = { size: gold.length, accuracy: overallAccuracy, accuracyCI: wilsonInterval(correctAll, gold.length), macroF1: classificationReport(gold, predicted, k).macroF1 };
  const rows: SliceRow[] = [];
  const leftOut: string[] = [];
  for (const group of groups) {
    if (group.rows.length < minSize) {
      leftOut.push(group.name);
      continue;
    }
    const g = pick(gold, group.rows);
    const p = pick(predicted, group.rows);
    let correct = 0;
    for (let i = 0; i < g.length; i++) if (g[i] === p[i]) correct++;
    const accuracyCI = wilsonInterval(correct, g.length);
    rows.push({
      name: group.name,
      size: g.length,
      correct,
      accuracy: correct / g.length,
      accuracyCI,
      macroF1: classificationReport(g, p, k).macroF1,
      macroF1CI: bootstrapMacroF1(g, p, k, options.rounds),
      worst: false,
      significantlyWorse: accuracyCI.high < overallAccuracy,
    });
  }
  // Lowest accuracy first; among equals the larger slice is the surer finding.
  rows.sort((a, b) => a.accuracy - b.accuracy || b.size - a.size || (a.name < b.name ? -1 : 1));
  if (rows.length > 1) rows[0].worst = true;
  return { overall, rows, leftOut: { count: leftOut.length, names: leftOut.slice(0, 10) } };
}

export const MISSING_VALUE = '(missing)';

/** One group per distinct (trimmed) value, the largest `maxValues` kept; empty cells form "(missing)". */
export function valueGroups(cells: readonly string[], maxValues: number = SLICE_DEFAULTS.maxValues): { groups: SliceGroup[]; dropped: number } {
  const byValue = new Map<string, number[]>();
  cells.forEach((cell, row) => {
    const key = isMissing(cell) ? MISSING_VALUE : cell.trim();
    let list = byValue.get(key);
    if (!list) byValue.set(key, (list = []));
    list.push(row);
  });
  const all = [...byValue].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
  return { groups: all.slice(0, maxValues).map(([name, list]) => ({ name, rows: Uint32Array.from(list) })), dropped: Math.max(0, all.length - maxValues) };
}

/** A field's cells as numbers: numeric fields as they are, date fields as milliseconds; null when it is neither. */
export function numericCells(cells: readonly string[]): { values: Float64Array; kind: 'numeric' | 'datetime' } | null {
  let numeric = true;
  let datetime = true;
  let present = 0;
  for (const cell of cells) {
    if (isMissing(cell)) continue;
    present++;
    if (numeric && !parsesAsNumber(cell)) numeric = false;
    if (datetime && Number.isNaN(parseDatetime(cell))) datetime = false;
    if (!numeric && !datetime) return null;
  }
  if (present === 0) return null;
  const kind = numeric ? 'numeric' : 'datetime';
  const values = Float64Array.from(cells, (cell) => (isMissing(cell) ? NaN : kind === 'numeric' ? Number(cell) : parseDatetime(cell)));
  return { values, kind };
}

/**
 * Quantile bins: cut points at the 1/bins … (bins−1)/bins quantiles of the present values (lower order
 * statistic), equal cut points merged; bin i holds cut[i−1] < v ≤ cut[i]. Missing values form "(missing)".
 */
export function quantileGroups(values: Float64Array, bins: number = SLICE_DEFAULTS.bins, format: (v: number) => string = String): SliceGroup[] {
  const present = Float64Array.from(values.filter((v) => !Number.isNaN(v))).sort();
  if (present.length === 0) return [];
  const cuts: number[] = [];
  for (let b = 1; b < bins; b++) {
    const cut = present[Math.floor((b / bins) * (present.length - 1))];
    if (cuts[cuts.length - 1] !== cut && cut < present[present.length - 1]) cuts.push(cut);
  }
  const edges = [present[0], ...cuts, present[present.length - 1]];
  const members: number[][] = edges.slice(1).map(() => []);
  const missing: number[] = [];
  values.forEach((v, row) => {
    if (Number.isNaN(v)) return void missing.push(row);
    let b = 0;
    while (b < cuts.length && v > cuts[b]) b++;
    members[b].push(row);
  });
  const groups = members.map((rows, b) => ({ name: `${b === 0 ? '[' : '('}${format(edges[b])}, ${format(edges[b + 1])}]`, rows: Uint32Array.from(rows) }));
  if (missing.length) groups.push({ name: MISSING_VALUE, rows: Uint32Array.from(missing) });
  return groups;
}

/** The rows an LF votes on (does not abstain): the LF as a slicing function. */
export function voteGroup(name: string, votes: ArrayLike<number>): SliceGroup {
  const rows: number[] = [];
  for (let i = 0; i < votes.length; i++) if (votes[i] >= 0) rows.push(i);
  return { name, rows: Uint32Array.from(rows) };
}
