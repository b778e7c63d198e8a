import type { TrainingTargets } from './targets';

/**
 * A student's loss: 'off' plain cross-entropy; 'on' class-weighted (balanceClasses), undone on the
 * outputs; 'dev' both trained and the one with the higher dev metric kept (src/ml/student/loss-balance.ts).
 */
export type LossBalance = 'off' | 'on' | 'dev';
export const lossBalances: readonly LossBalance[] = ['off', 'on', 'dev'];

/** Class weights are clipped so one item of a very rare class cannot dominate a batch. */
const MAX_CLASS_WEIGHT = 20;

/**
 * Class-weighted loss: each training row's weight is multiplied by K / (k · W_c), where W_c is the
 * total weight of rows whose hard target is c and K the total weight, so every class carries the
 * same total weight. Returns new targets (the input is not changed) and the class weights, which
 * `undoClassWeights` needs to turn the student's outputs back into probabilities under the data's
 * own class balance.
 */
export function balanceClasses(targets: TrainingTargets): { targets: TrainingTargets; classWeights: Float64Array } {
  const { k, hard, weight } = targets;
  const mass = new Float64Array(k);
  let total = 0;
  for (let r = 0; r < hard.length; r++) {
    mass[hard[r]] += weight[r];
    total += weight[r];
  }
  const classWeights = new Float64Array(k);
  for (let c = 0; c < k; c++) classWeights[c] = mass[c] > 0 ? Math.min(MAX_CLASS_WEIGHT, total / (k * mass[c])) : 1;
  const balanced = Float32Array.from(weight, (w, r) => w * classWeights[hard[r]]);
  return { targets: { ...targets, weight: balanced }, classWeights };
}

/**
 * A model trained with class weights w_c estimates p'_c ∝ p_c·w_c; dividing by w_c and renormalising
 * gives back p_c (logit adjustment), so calibration and thresholds see the data's own balance.
 */
export function undoClassWeights(probs: Float32Array, k: number, classWeights: ArrayLike<number>): Float32Array {
  const out = new Float32Array(probs.length);
  for (let row = 0; row < probs.length; row += k) {
    let sum = 0;
    for (let c = 0; c < k; c++) sum += (out[row + c] = probs[row + c] / classWeights[c]);
    for (let c = 0; c < k; c++) out[row + c] = sum > 0 ? out[row + c] / sum : 1 / k;
  }
  return out;
}

/** The k-wide probability rows of `rows` (e.g. the dev items) out of every item's, in that order. */
export function probRows(probs: Float32Array, k: number, rows: ArrayLike<number>): Float32Array {
  const out = new Float32Array(rows.length * k);
  for (let r = 0; r < rows.length; r++) out.set(probs.subarray(rows[r] * k, (rows[r] + 1) * k), r * k);
  return out;
}
