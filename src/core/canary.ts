import { SiftError } from './errors';
import { NO_LABEL, Split } from './types';

/**
 * The canary guard. Canary items are held out so that the numbers shown for them stay honest: nothing
 * that fits, tunes, selects or calibrates may read them. Every such path asks this module which item
 * indices it may use, so there is one place to audit and one place that throws.
 */

/** Everything that learns from labels or is tuned by looking at results. */
export type FitPurpose =
  | 'training'
  | 'distillation'
  | 'label-model'
  | 'model-selection'
  | 'threshold-fitting'
  | 'calibration'
  | 'lf-tuning';

const FIT_PURPOSES: ReadonlySet<string> = new Set<FitPurpose>([
  'training',
  'distillation',
  'label-model',
  'model-selection',
  'threshold-fitting',
  'calibration',
  'lf-tuning',
]);

/** Which non-canary items a path wants: the unlabeled pool, the dev set (gold labels), or both. */
export type FitSubset = 'train' | 'dev' | 'train+dev';

export type LabelColumn = Int8Array | Int16Array | Int32Array;

function checkSplits(splits: Uint8Array): void {
  if (!(splits instanceof Uint8Array)) throw new SiftError('bad-split', 'The split column must be a Uint8Array (train=0, dev=1, canary=2)', {});
  for (let i = 0; i < splits.length; i++) {
    if (splits[i] > Split.canary) {
      throw new SiftError('bad-split', `Item ${i} has split code ${splits[i]}; expected 0 (train), 1 (dev) or 2 (canary)`, { itemIndex: i, code: splits[i] });
    }
  }
}

function checkPurpose(purpose: string): void {
  if (!FIT_PURPOSES.has(purpose)) throw new SiftError('canary-violation', `Unknown fitting purpose "${purpose}": every fitting path must name itself to the canary guard`, { purpose });
}

function indicesWhere(splits: Uint8Array, keep: (code: number) => boolean): Uint32Array {
  let count = 0;
  for (let i = 0; i < splits.length; i++) if (keep(splits[i])) count++;
  const indices = new Uint32Array(count);
  for (let i = 0, at = 0; i < splits.length; i++) if (keep(splits[i])) indices[at++] = i;
  return indices;
}

/** The item indices a fitting/tuning path may read (labels included): never a canary item. */
export function fitIndices(splits: Uint8Array, purpose: FitPurpose, subset: FitSubset = 'train+dev'): Uint32Array {
  checkPurpose(purpose);
  checkSplits(splits);
  if (subset === 'train') return indicesWhere(splits, (code) => code === Split.train);
  if (subset === 'dev') return indicesWhere(splits, (code) => code === Split.dev);
  if (subset === 'train+dev') return indicesWhere(splits, (code) => code !== Split.canary);
  throw new SiftError('canary-violation', `Unknown subset "${String(subset)}" asked by ${purpose}; expected train, dev or train+dev`, { purpose, subset });
}

/** The canary items, for evaluation only: a score read from them must not feed back into any choice. */
export function evaluationIndices(splits: Uint8Array): Uint32Array {
  checkSplits(splits);
  return indicesWhere(splits, (code) => code === Split.canary);
}

/** Throws when `indices` (rows about to be fitted on) include a canary item. */
export function assertNoCanary(splits: Uint8Array, indices: ArrayLike<number>, purpose: FitPurpose): void {
  checkPurpose(purpose);
  for (let k = 0; k < indices.length; k++) {
    const index = indices[k];
    if (index < 0 || index >= splits.length || !Number.isInteger(index)) {
      throw new SiftError('canary-violation', `${purpose} asked for item ${index}, which is outside the dataset (${splits.length} items)`, { purpose, itemIndex: index });
    }
    if (splits[index] === Split.canary) {
      throw new SiftError('canary-violation', `${purpose} tried to use canary item ${index}: canary items are for evaluation only`, { purpose, itemIndex: index });
    }
  }
}

/**
 * A copy of `labels` that a fitting path may read in full: rows outside `subset` (canary always) are
 * NO_LABEL. For code that takes a whole gold column (label-model priors, calibration).
 */
export function fitLabels<T extends LabelColumn>(labels: T, splits: Uint8Array, purpose: FitPurpose, subset: FitSubset = 'dev'): T {
  if (labels.length !== splits.length) {
    throw new SiftError('bad-split', `${labels.length} labels for ${splits.length} split codes`, { purpose });
  }
  const allowed = fitIndices(splits, purpose, subset);
  const visible = new (labels.constructor as new (length: number) => T)(labels.length).fill(NO_LABEL) as T;
  for (let k = 0; k < allowed.length; k++) visible[allowed[k]] = labels[allowed[k]];
  return visible;
}

/**
 * Synthetic exemplars may train but never measure: a split column that puts one in dev or canary is
 * refused. `synthetic[i]` is item i's batch number (0 = real); a shorter column means the rest are real.
 */
export function assertRealEvaluation(splits: Uint8Array, synthetic: Uint8Array): void {
  checkSplits(splits);
  const n = Math.min(splits.length, synthetic.length);
  for (let i = 0; i < n; i++) {
    if (synthetic[i] !== 0 && splits[i] !== Split.train) {
      const where = splits[i] === Split.canary ? 'canary' : 'dev';
      throw new SiftError('canary-violation', `Item ${i} is synthetic (batch ${synthetic[i]}) and cannot be in the ${where} set: only real items measure anything`, { itemIndex: i, batch: synthetic[i] });
    }
  }
}
