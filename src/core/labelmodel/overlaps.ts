import { SiftError } from '../errors';
import type { VotePatterns } from './patterns';

/** O's side is m·k; beyond this its d² doubles (and the d²·k work per step) stop being browser-sized. */
export const MAX_OVERLAP_SIDE = 2048;

/**
 * O = (1/n) Σ_items x xᵀ where x is the item's one-hot votes (entry j*k + v); abstentions are zero.
 * One pass over the patterns: the only place the matrix-completion model touches the data.
 */
export function overlapMatrix(patterns: VotePatterns, method: string): Float64Array {
  const { n, m, k, size, weight, start, code } = patterns;
  const d = m * k;
  if (d > MAX_OVERLAP_SIDE) {
    throw new SiftError(
      'labelmodel/too-large',
      `${method} works on a (sources × classes)² overlap matrix; ${m} sources × ${k} classes = ${d} is over ${MAX_OVERLAP_SIDE}. Use Dawid–Skene (ds) or weighted majority vote (wmv), which scale with the number of votes.`,
      { m, k, d, limit: MAX_OVERLAP_SIDE },
    );
  }
  const overlap = new Float64Array(d * d);
  for (let p = 0; p < size; p++) {
    const w = weight[p] / n;
    const end = start[p + 1];
    for (let a = start[p]; a < end; a++) {
      const row = code[a] * d;
      for (let b = start[p]; b < end; b++) overlap[row + code[b]] += w;
    }
  }
  return overlap;
}
