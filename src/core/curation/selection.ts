import { fitIndices } from '../canary';
import { SiftError } from '../errors';
import { NO_LABEL } from '../types';
import { itemMask } from './leakage';

/**
 * A curated training selection: which pool items a student trains on, with which label and weight.
 * Built in steps, each one counted: per-class confidence thresholds, one item per near-duplicate
 * cluster, then class balance by downsampling or by weights. Only pool (train split) items can enter,
 * through the canary guard: dev and canary items never do, whatever the caller passes.
 */
export interface SelectionInput {
  n: number;
  k: number;
  /** Row-major n × k probabilities of the labels proposed for the pool (label model, teacher, student). */
  probs: Float32Array | Float64Array;
  /**
   * The proposed label per item, as the model that made `probs` decides it (its dev-tuned threshold or
   * class weights); absent: the argmax of `probs`.
   */
  proposed?: Int16Array;
  /** Human labels (-1: none); a human label beats a proposal and passes every threshold. */
  labels: Int16Array;
  splits: Uint8Array;
  /**
   * Pool items never to select: near-duplicates of dev or canary items (core/curation/leakage), found by
   * the newest dedupe run. Absent: none was consulted (no dedupe run, or the user kept them).
   */
  heldOutCopies?: readonly number[];
}

export type BalanceTarget = 'dev' | 'uniform' | number[];

export interface SelectionSpec {
  /** Minimum confidence per class for a proposed (not human) label; absent: all pass. */
  thresholds?: number[];
  /** Near-duplicate clusters (item indices): one item of each is kept. */
  duplicates?: readonly (readonly number[])[];
  balance?: { target: BalanceTarget; by: 'downsample' | 'weights' };
  /** The user chose to keep pool items that near-duplicate dev or canary items (recorded in the lineage). */
  keepHeldOutCopies?: boolean;
}

export interface SelectionResult {
  /** Per item: 0 outside the selection, else its training weight. */
  weight: Float32Array;
  /** Per item: the label it trains with (-1 outside the selection). */
  label: Int16Array;
  /** Pool items per class before any step, and kept after all of them (and their summed weights). */
  before: number[];
  after: number[];
  afterWeight: number[];
  /** Items each step removed (`heldOutCopy`: only when held-out copies were given to leave out). */
  removed: { threshold: number; duplicate: number; balance: number; heldOutCopy?: number };
  /**
   * Per class: of the dev items whose proposed label is that class and passes its threshold, the share
   * whose human label agrees (null: no such dev item). An estimate of the kept proposals' precision.
   */
  devPrecision: (number | null)[];
  /** The target proportions balancing aimed at (null without balancing). */
  target: number[] | null;
}

function proposal(input: SelectionInput, i: number): number {
  return input.proposed ? input.proposed[i] : argmax(input.probs, input.k, i);
}

function argmax(probs: SelectionInput['probs'], k: number, i: number): number {
  let best = 0;
  for (let j = 1; j < k; j++) if (probs[i * k + j] > probs[i * k + best]) best = j;
  return best;
}

function checkSpec(input: SelectionInput, spec: SelectionSpec): void {
  const { n, k } = input;
  if (input.probs.length !== n * k) throw new SiftError('selection/shape', `Expected ${n} × ${k} probabilities, got ${input.probs.length}.`);
  if (input.labels.length !== n || input.splits.length !== n) throw new SiftError('selection/shape', `Labels and splits must cover the ${n} items.`);
  if (input.proposed && input.proposed.length !== n) throw new SiftError('selection/shape', `Expected ${n} proposed labels, got ${input.proposed.length}.`);
  if (spec.thresholds) {
    if (spec.thresholds.length !== k) throw new SiftError('selection/thresholds', `Give one threshold per class (${k}); got ${spec.thresholds.length}.`);
    spec.thresholds.forEach((t, c) => {
      if (!(t >= 0 && t <= 1)) throw new SiftError('selection/thresholds', `The threshold of class ${c} is ${t}; use a confidence from 0 to 1.`);
    });
  }
  const target = spec.balance?.target;
  if (Array.isArray(target)) {
    if (target.length !== k) throw new SiftError('selection/balance', `Give one target share per class (${k}); got ${target.length}.`);
    if (target.some((t) => !(t >= 0)) || target.reduce((a, b) => a + b, 0) <= 0) throw new SiftError('selection/balance', 'Target shares must be 0 or more, and not all 0.');
  }
}

/** Class shares of the human labels on dev (the split that stands for the data the model will meet). */
function devShares(input: SelectionInput): number[] {
  const counts = new Array<number>(input.k).fill(0);
  for (const i of fitIndices(input.splits, 'training', 'dev')) if (input.labels[i] !== NO_LABEL) counts[input.labels[i]]++;
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) throw new SiftError('selection/no-dev', 'Balancing "as dev" needs human labels on dev items.');
  return counts.map((c) => c / total);
}

export function buildSelection(input: SelectionInput, spec: SelectionSpec = {}): SelectionResult {
  checkSpec(input, spec);
  const { n, k, probs, labels } = input;
  const label = new Int16Array(n).fill(NO_LABEL);
  const confidence = new Float64Array(n);
  const before = new Array<number>(k).fill(0);
  const removed: SelectionResult['removed'] = { threshold: 0, duplicate: 0, balance: 0 };
  const human = (i: number) => labels[i] !== NO_LABEL;
  const leaks = input.heldOutCopies ? itemMask(n, input.heldOutCopies) : null;

  for (const i of fitIndices(input.splits, 'training', 'train')) {
    const c = human(i) ? labels[i] : proposal(input, i);
    if (c < 0) continue;
    before[c]++;
    if (leaks?.[i]) {
      removed.heldOutCopy = (removed.heldOutCopy ?? 0) + 1;
      continue;
    }
    const p = human(i) ? 1 : probs[i * k + c];
    if (!human(i) && spec.thresholds && p < spec.thresholds[c]) {
      removed.threshold++;
      continue;
    }
    label[i] = c;
    confidence[i] = p;
  }

  if (leaks) removed.heldOutCopy ??= 0;

  for (const cluster of spec.duplicates ?? []) {
    const members = cluster.filter((i) => i >= 0 && i < n && label[i] !== NO_LABEL);
    if (members.length < 2) continue;
    // Keep a human-labelled item first, then the most confident, then the first.
    const keep = members.reduce((best, i) => {
      const better = Number(human(i)) - Number(human(best)) || confidence[i] - confidence[best] || best - i;
      return better > 0 ? i : best;
    });
    for (const i of members) {
      if (i === keep || label[i] === NO_LABEL) continue;
      label[i] = NO_LABEL;
      removed.duplicate++;
    }
  }

  const weight = new Float32Array(n);
  for (let i = 0; i < n; i++) if (label[i] !== NO_LABEL) weight[i] = 1;
  let target: number[] | null = null;
  if (spec.balance) {
    const wanted = spec.balance.target;
    const shares = wanted === 'dev' ? devShares(input) : wanted === 'uniform' ? new Array<number>(k).fill(1 / k) : wanted.map((t) => t / wanted.reduce((a, b) => a + b, 0));
    target = shares;
    const members: number[][] = Array.from({ length: k }, () => []);
    for (let i = 0; i < n; i++) if (label[i] !== NO_LABEL) members[label[i]].push(i);
    if (spec.balance.by === 'downsample') {
      // The largest subset in the target shares: the scarcest class (relative to its share) sets the size.
      let size = Infinity;
      for (let c = 0; c < k; c++) if (shares[c] > 0) size = Math.min(size, members[c].length / shares[c]);
      for (let c = 0; c < k; c++) {
        const quota = shares[c] > 0 ? Math.floor(size * shares[c] + 1e-9) : 0;
        const order = members[c].sort((a, b) => Number(human(b)) - Number(human(a)) || confidence[b] - confidence[a] || a - b);
        for (const i of order.slice(quota)) {
          label[i] = NO_LABEL;
          weight[i] = 0;
          removed.balance++;
        }
      }
    } else {
      // Each class's total weight is its share of the kept items; a class with no target share leaves.
      const total = members.reduce((a, m) => a + m.length, 0);
      for (let c = 0; c < k; c++) {
        for (const i of members[c]) {
          if (shares[c] > 0) weight[i] = (shares[c] * total) / members[c].length;
          else {
            label[i] = NO_LABEL;
            weight[i] = 0;
            removed.balance++;
          }
        }
      }
    }
  }

  const after = new Array<number>(k).fill(0);
  const afterWeight = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) {
    if (label[i] === NO_LABEL) continue;
    after[label[i]]++;
    afterWeight[label[i]] += weight[i];
  }
  return { weight, label, before, after, afterWeight, removed, devPrecision: devPrecision(input, spec.thresholds), target };
}

function devPrecision(input: SelectionInput, thresholds: number[] | undefined): (number | null)[] {
  const { k, probs, labels } = input;
  const hits = new Array<number>(k).fill(0);
  const kept = new Array<number>(k).fill(0);
  for (const i of fitIndices(input.splits, 'threshold-fitting', 'dev')) {
    if (labels[i] === NO_LABEL) continue;
    const c = proposal(input, i);
    if (c < 0) continue;
    if (thresholds && probs[i * k + c] < thresholds[c]) continue;
    kept[c]++;
    if (labels[i] === c) hits[c]++;
  }
  return kept.map((m, c) => (m > 0 ? hits[c] / m : null));
}
