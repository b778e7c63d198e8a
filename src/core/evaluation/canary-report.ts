import { evaluationIndices } from '../canary';
import { argmaxRow, calibrationReport } from '../calibration/metrics';
import { Split } from '../types';
import { canaryIntervals, type CanaryIntervals, type LabelledRows } from './canary-intervals';
import { SiftError } from '../errors';
import { classificationReport, type ClassificationReport } from '../metrics/classification';

/**
 * The canary report: every source, label model and student scored on the canary items, and nothing
 * else. Read-only by construction: it takes outputs already made and returns numbers; no choice in
 * the app is made from them (the canary guard's evaluation list is the only way in).
 */
export interface ReportedOutput {
  id: string;
  name: string;
  kind: string;
  /** Hard label per item (n long), −1 = abstain. */
  labels: ArrayLike<number>;
  /** n×k probabilities when the output has them (ECE needs them). */
  probs?: Float32Array | null;
}

export interface CostMatrix {
  /** Cost of predicting class c for an item that is not c. */
  fp: number[];
  /** Cost of not predicting class c (another class or abstaining) for an item that is c. */
  fn: number[];
}

export interface CanaryRow {
  id: string;
  name: string;
  kind: string;
  /** Canary items with a gold label. */
  count: number;
  accuracy: number;
  /** Accuracy over the labelled canary items the output did label (an LF's precision when it votes). */
  votedAccuracy: number;
  macroF1: number;
  precision: number[];
  recall: number[];
  f1: number[];
  support: number[];
  /** k×k row-major, row = gold, column = predicted (abstentions are not in it). */
  confusion: number[];
  abstained: number;
  /** Share of canary items (labelled or not) the output labels. */
  coverage: number;
  ece: number | null;
  /** Mean cost per labelled canary item. */
  costError: number;
  /** 95 % intervals of the numbers above. */
  intervals: CanaryIntervals;
}

export interface CanaryReport {
  k: number;
  /** All canary items, and those with a gold label. */
  canaryItems: number;
  labelled: number;
  rows: CanaryRow[];
  /** Dev's majority class for every item: the floor (null when nothing outside the canary is labelled). */
  baseline: CanaryRow | null;
}

export function uniformCosts(k: number): CostMatrix {
  return { fp: new Array(k).fill(1), fn: new Array(k).fill(1) };
}

export function checkCosts(costs: CostMatrix, k: number): void {
  for (const side of ['fp', 'fn'] as const) {
    if (costs[side].length !== k) throw new SiftError('canary/costs', `Give one ${side.toUpperCase()} cost per class: ${k} classes, ${costs[side].length} costs.`);
    costs[side].forEach((cost, c) => {
      if (!(cost >= 0) || !Number.isFinite(cost)) throw new SiftError('canary/costs', `The ${side.toUpperCase()} cost of class ${c} must be a number ≥ 0; got ${cost}.`, { classIndex: c });
    });
  }
}

export function canaryReport(outputs: readonly ReportedOutput[], gold: Int16Array, splits: Uint8Array, k: number, costs: CostMatrix = uniformCosts(k)): CanaryReport {
  checkCosts(costs, k);
  const canary = evaluationIndices(splits);
  const goldRows = new Int16Array(canary.length);
  let labelled = 0;
  for (let t = 0; t < canary.length; t++) {
    goldRows[t] = gold[canary[t]];
    if (goldRows[t] >= 0) labelled++;
  }
  const rows = outputs.map((output): CanaryRow => {
    if (output.labels.length !== gold.length) throw new SiftError('canary/shape', `${output.name} has ${output.labels.length} labels for ${gold.length} items.`);
    const predicted = new Int16Array(canary.length);
    for (let t = 0; t < canary.length; t++) predicted[t] = output.labels[canary[t]];
    let probs: Float32Array | null = null;
    if (output.probs) {
      if (output.probs.length !== gold.length * k) throw new SiftError('canary/shape', `${output.name} has ${output.probs.length} probabilities for ${gold.length}×${k}.`);
      probs = new Float32Array(canary.length * k);
      for (let t = 0; t < canary.length; t++) probs.set(output.probs.subarray(canary[t] * k, canary[t] * k + k), t * k);
    }
    return scoreRow(output, goldRows, predicted, probs, k, costs, labelled);
  });
  return { k, canaryItems: canary.length, labelled, rows, baseline: majorityBaseline(gold, splits, goldRows, k, costs, labelled) };
}

/**
 * The floor every method must beat: each item gets the most frequent class of the labelled dev items
 * (of the labelled non-canary items when dev has none), with that mix as its probabilities. Never the
 * canary's own mix: that would read canary labels to make an output.
 */
function majorityBaseline(gold: Int16Array, splits: Uint8Array, goldRows: Int16Array, k: number, costs: CostMatrix, labelled: number): CanaryRow | null {
  const mix = (keep: (split: number) => boolean) => {
    const counts = new Float64Array(k);
    for (let i = 0; i < gold.length; i++) if (keep(splits[i]) && gold[i] >= 0 && gold[i] < k) counts[gold[i]]++;
    return counts;
  };
  let counts = mix((s) => s === Split.dev);
  let from = 'dev';
  if (counts.every((c) => c === 0)) {
    counts = mix((s) => s !== Split.canary);
    from = 'labelled non-canary items';
  }
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  let top = 0;
  for (let c = 1; c < k; c++) if (counts[c] > counts[top]) top = c;
  const n = goldRows.length;
  const probs = new Float32Array(n * k);
  for (let t = 0; t < n; t++) for (let c = 0; c < k; c++) probs[t * k + c] = counts[c] / total;
  return scoreRow({ id: 'baseline:majority', name: `Majority class (${from})`, kind: 'baseline' }, goldRows, new Int16Array(n).fill(top), probs, k, costs, labelled);
}

/** One row from an output's answers on the canary items (`predicted`, `probs`: canary rows only). */
function scoreRow(output: { id: string; name: string; kind: string }, goldRows: Int16Array, predicted: Int16Array, probs: Float32Array | null, k: number, costs: CostMatrix, labelled: number): CanaryRow {
  const n = goldRows.length;
  let voted = 0;
  let abstained = 0;
  let cost = 0;
  let right = 0;
  const rows: LabelledRows = { gold: new Int16Array(labelled), predicted: new Int16Array(labelled), cost: new Float64Array(labelled), confidence: probs ? new Float64Array(labelled) : null, topHit: probs ? new Uint8Array(labelled) : null };
  let r = 0;
  for (let t = 0; t < n; t++) {
    const p = predicted[t];
    if (p >= 0) voted++;
    const g = goldRows[t];
    if (g < 0) continue;
    let itemCost = 0;
    if (p < 0) {
      abstained++;
      itemCost = costs.fn[g];
    } else if (p !== g) itemCost = costs.fn[g] + costs.fp[p];
    else right++;
    cost += itemCost;
    rows.gold[r] = g;
    rows.predicted[r] = p;
    rows.cost[r] = itemCost;
    if (probs) {
      const top = argmaxRow(probs, k, t);
      rows.confidence![r] = probs[t * k + top];
      rows.topHit![r] = top === g ? 1 : 0;
    }
    r++;
  }
  const report: ClassificationReport = classificationReport(goldRows, predicted, k);
  let ece: number | null = null;
  if (probs) ece = labelled > 0 ? calibrationReport({ n, k, probs }, goldRows, allRows(n)).ece : NaN;
  return {
    id: output.id,
    name: output.name,
    kind: output.kind,
    count: report.count,
    accuracy: report.accuracy,
    votedAccuracy: report.count - abstained > 0 ? right / (report.count - abstained) : NaN,
    macroF1: report.macroF1,
    precision: Array.from(report.precision),
    recall: Array.from(report.recall),
    f1: Array.from(report.f1),
    support: Array.from(report.support),
    confusion: Array.from(report.confusion),
    abstained,
    coverage: n > 0 ? voted / n : NaN,
    ece,
    costError: labelled > 0 ? cost / labelled : NaN,
    intervals: canaryIntervals(rows, { right, labelled, abstained, voted, canaryItems: n }, k),
  };
}

function allRows(n: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/** Hard labels from probabilities: the top class (first on ties); rows with no probabilities stay −1. */
export function argmaxLabels(probs: Float32Array, k: number, covered?: Uint8Array): Int16Array {
  const n = probs.length / k;
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    if (covered && !covered[i]) {
      out[i] = -1;
      continue;
    }
    let top = 0;
    for (let c = 1; c < k; c++) if (probs[i * k + c] > probs[i * k + top]) top = c;
    out[i] = top;
  }
  return out;
}
