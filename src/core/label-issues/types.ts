import { SiftError } from '../errors';

/**
 * Out-of-sample class probabilities, row-major `n × k`, and the given label of each row (0..k-1).
 * Confident learning assumes the probabilities were not fitted on the labels they judge
 * (cross-validated or held out); with in-sample probabilities it finds almost nothing.
 */
export interface LabeledProbs {
  n: number;
  k: number;
  probs: Float64Array | Float32Array;
  labels: Int32Array | Uint8Array | Uint16Array | Uint32Array;
}

/** Probabilities of one row that do not sum to 1 within this tolerance are refused. */
export const ROW_SUM_TOLERANCE = 1e-3;

/**
 * Checks shapes, label range and that each row is a probability distribution; the error names the
 * row (0-based index, and `rowName(i)` when the caller can say more, e.g. the id and line of a file).
 */
export function validateLabeledProbs(input: LabeledProbs, rowName: (i: number) => string = (i) => `row ${i}`): void {
  const { n, k, probs, labels } = input;
  if (!Number.isInteger(k) || k < 2) throw new SiftError('label-issues/classes', `Label issues need at least 2 classes; got ${k}.`);
  if (probs.length !== n * k) throw new SiftError('label-issues/shape', `Expected ${n} × ${k} = ${n * k} probabilities, got ${probs.length}.`);
  if (labels.length !== n) throw new SiftError('label-issues/shape', `Expected ${n} labels, got ${labels.length}.`);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < k; j++) {
      const p = probs[i * k + j];
      if (!Number.isFinite(p) || p < 0 || p > 1) {
        throw new SiftError('label-issues/probability', `${rowName(i)}: probability of class ${j} is ${p}, outside [0, 1].`, { row: i, class: j });
      }
      sum += p;
    }
    if (Math.abs(sum - 1) > ROW_SUM_TOLERANCE) {
      throw new SiftError('label-issues/row-sum', `${rowName(i)}: probabilities sum to ${+sum.toFixed(6)}, not 1 (±${ROW_SUM_TOLERANCE}).`, { row: i, sum });
    }
    const label = labels[i];
    if (!Number.isInteger(label) || label < 0 || label >= k) {
      throw new SiftError('label-issues/label', `${rowName(i)}: label ${label} is not a class index 0..${k - 1}.`, { row: i, label });
    }
  }
}

export function labelCounts({ n, k, labels }: LabeledProbs): number[] {
  const counts = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) counts[labels[i]]++;
  return counts;
}
