import { SiftError } from '../errors';
import { leastConfidence } from './scores';

/**
 * Share of the pick distribution spread uniformly over the unreviewed pool in importance-weighted
 * uncertainty sampling: q_i = (1 − U)·u_i/Σu + U/N. Half uniform bounds every answer's weight
 * 1/(N·q_i) by 1/U = 2, so no single answer can swamp the student, while half the draw still follows
 * the model's uncertainty. Fixed in code and in bench/README.md before any run.
 */
export const IW_UNIFORM_SHARE = 0.5;

export interface ImportanceInput {
  n: number;
  k: number;
  probs: Float32Array;
  /** 1 = already reviewed (never drawn again). */
  isRevealed: Uint8Array;
}

/**
 * The pick probability of every unreviewed item (0 for reviewed ones): least confidence mixed with
 * uniform. Sums to 1 over the unreviewed pool.
 */
export function pickProbabilities(input: ImportanceInput, uniformShare = IW_UNIFORM_SHARE): Float64Array {
  const { n, isRevealed } = input;
  if (!(uniformShare > 0 && uniformShare <= 1)) throw new SiftError('review/iw-share', `The uniform share of importance-weighted picks must lie in (0, 1]; got ${uniformShare}.`);
  const u = leastConfidence(input);
  let open = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (isRevealed[i]) continue;
    open++;
    total += u[i];
  }
  const q = new Float64Array(n);
  if (open === 0) return q;
  // A pool the model is certain about everywhere has no uncertainty to follow: uniform.
  const informed = total > 0 ? 1 - uniformShare : 0;
  for (let i = 0; i < n; i++) if (!isRevealed[i]) q[i] = (total > 0 ? (informed * u[i]) / total : 0) + (1 - informed) / open;
  return q;
}

/**
 * Importance-weighted uncertainty sampling (IWAL-style, Beygelzimer et al. 2009): draw the batch with
 * probability q (without replacement, Efraimidis–Spirakis keys) and weigh each answer 1/(N·q_i), N the
 * unreviewed pool at the time of the draw. Uncertainty picks alone are a biased sample of the pool (on
 * a multi-class set they crowd where sources conflict); with these weights the reviewed answers are an
 * unbiased estimate of the pool's loss (E_q[w·ℓ] = mean ℓ), so the student does not fit that bias.
 */
export function importanceWeightedPicks(input: ImportanceInput, want: number, random: () => number, uniformShare = IW_UNIFORM_SHARE): { picks: number[]; weights: number[] } {
  const q = pickProbabilities(input, uniformShare);
  let open = 0;
  for (let i = 0; i < input.n; i++) if (!input.isRevealed[i]) open++;
  const keyed: { i: number; key: number }[] = [];
  for (let i = 0; i < input.n; i++) {
    if (input.isRevealed[i]) continue;
    // log(r)/q orders like r^(1/q): the largest keys are a weighted sample without replacement.
    keyed.push({ i, key: Math.log(Math.max(random(), Number.MIN_VALUE)) / q[i] });
  }
  keyed.sort((a, b) => b.key - a.key || a.i - b.i);
  const picks = keyed.slice(0, Math.max(0, want)).map((x) => x.i);
  return { picks, weights: picks.map((i) => 1 / (open * q[i])) };
}
