import { fitIndices } from '../canary';
import { SiftError } from '../errors';
import { NO_LABEL } from '../types';
import { itemMask } from './leakage';

/**
 * A diverse subset as a selection: k-center greedy picks N items among pool candidates (a saved
 * selection's members, or the whole pool), and the picks are stored like any curated selection. Only
 * pool (train split) items are candidates, through the canary guard: dev and canary never enter.
 */
export interface DiverseInput {
  n: number;
  k: number;
  splits: Uint8Array;
  /** Human labels (-1: none). */
  labels: Int16Array;
  /** The newest label model's label per item (-1: none), used when an item has no human label. */
  proposed: Int16Array | null;
  /** A saved selection to pick within: its members are the candidates, and each pick keeps its label and weight. */
  base: { weight: Float32Array; label: Int16Array } | null;
  /** Pool items never to pick: near-duplicates of dev or canary items (core/curation/leakage). */
  heldOutCopies?: readonly number[];
}

export interface DiverseSelection {
  weight: Float32Array;
  label: Int16Array;
  /** Per class, then one more entry for items with no label: candidates, and picks. */
  before: number[];
  after: number[];
  afterWeight: number[];
}

/** Pool items a diverse subset may pick: every pool item, or the base selection's members, less near-duplicates of held-out items. */
export function diversityCandidates(input: DiverseInput): Uint32Array {
  check(input);
  const pool = fitIndices(input.splits, 'training', 'train');
  const base = input.base;
  const leaks = input.heldOutCopies?.length ? itemMask(input.n, input.heldOutCopies) : null;
  return base || leaks ? pool.filter((i) => (!base || base.weight[i] > 0) && !leaks?.[i]) : pool;
}

function check(input: DiverseInput): void {
  const { n } = input;
  const arrays = [input.splits, input.labels, input.proposed, input.base?.weight, input.base?.label];
  if (arrays.some((a) => a && a.length !== n)) throw new SiftError('diversity/shape', `Splits, labels, proposals and the base selection must cover the ${n} items.`);
}

/** The label a pick trains with: the base selection's, else the human label, else the label model's proposal. */
function labelOf(input: DiverseInput, i: number): number {
  if (input.base) return input.base.label[i];
  if (input.labels[i] !== NO_LABEL) return input.labels[i];
  return input.proposed ? input.proposed[i] : NO_LABEL;
}

/** Stores the picks as a selection (weight 1, or the base selection's weight) and counts them per class. */
export function diverseSelection(input: DiverseInput, candidates: ArrayLike<number>, picks: ArrayLike<number>): DiverseSelection {
  check(input);
  const { n, k } = input;
  const slot = (c: number) => (c >= 0 && c < k ? c : k);
  const before = new Array<number>(k + 1).fill(0);
  for (let j = 0; j < candidates.length; j++) before[slot(labelOf(input, candidates[j]))]++;
  const weight = new Float32Array(n);
  const label = new Int16Array(n).fill(NO_LABEL);
  const after = new Array<number>(k + 1).fill(0);
  const afterWeight = new Array<number>(k + 1).fill(0);
  const isCandidate = new Uint8Array(n);
  for (let j = 0; j < candidates.length; j++) isCandidate[candidates[j]] = 1;
  for (let j = 0; j < picks.length; j++) {
    const i = picks[j];
    if (!isCandidate[i]) throw new SiftError('diversity/pick', `Item ${i} was picked but is not a candidate.`);
    const c = labelOf(input, i);
    weight[i] = input.base ? input.base.weight[i] : 1;
    label[i] = c >= 0 && c < k ? c : NO_LABEL;
    after[slot(c)]++;
    afterWeight[slot(c)] += weight[i];
  }
  return { weight, label, before, after, afterWeight };
}
